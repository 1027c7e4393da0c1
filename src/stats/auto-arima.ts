// Automatic ARIMA order search: fit every (p, q) (and seasonal (P, Q)) on a small grid with the
// differencing orders held fixed, and keep the lowest AIC. AIC is only comparable between models
// with the same d and D (the likelihoods describe different data otherwise), so d and D are fixed
// before the search: D is an input, d an input or chosen by repeated KPSS tests (ndiffs).
import { fitARIMA, type ARIMAModel, type ARIMAOptions } from './arima.ts';
import { requireInt, toSeries, type SeriesLike } from './series.ts';
import { ndiffs } from './unit-root.ts';

export interface AutoARIMAOptions extends Omit<ARIMAOptions, 'seasonal' | 'startParams'> {
  maxP?: number;
  maxQ?: number;
  /**
   * Differencing order. When absent it is chosen as auto.arima does: d = ndiffs(series) (KPSS level
   * test, alpha 0.05, at most 2), applied after any seasonal differencing of order D.
   */
  d?: number;
  /** Seasonal search: period s, seasonal differencing D, and the largest P and Q to try. */
  seasonal?: { s: number; D?: number; maxP?: number; maxQ?: number };
  /** 'aic' (default) or 'bic'. */
  ic?: 'aic' | 'bic';
}

export interface AutoARIMACandidate {
  p: number;
  q: number;
  P: number;
  Q: number;
  aic: number;
  bic: number;
  /** Why the candidate could not be fitted (its criteria are then NaN). */
  error?: string;
}

export interface AutoARIMAResult {
  model: ARIMAModel;
  /** The differencing order used: the caller's `d`, or the one ndiffs chose. */
  d: number;
  candidates: AutoARIMACandidate[];
}

/**
 * Search ARIMA(p, d, q)(P, D, Q)_s orders on the grid p <= maxP, q <= maxQ (P, Q <= the seasonal
 * maxima) and return the model with the lowest AIC (or BIC), with every candidate's criteria.
 *
 * Differencing: `seasonal.D` defaults to 0. When `d` is not given it is chosen before the search by
 * `ndiffs` (see unit-root.ts): KPSS level-stationarity tests with nlags 'auto' at alpha 0.05,
 * differencing while the test rejects, up to d = 2 (pmdarima's / forecast's default). The test runs
 * on the series after seasonal differencing of order D and after the `missing` policy is applied;
 * with `exog` it still tests the series itself, not the regression residuals. The chosen d is
 * returned as `d`. A series too short to test (< 3 points after seasonal differencing) or holding
 * non-finite values under missing 'raise' throws RangeError.
 */
export function autoARIMA(series: SeriesLike, options: AutoARIMAOptions = {}): AutoARIMAResult {
  const maxP = options.maxP ?? 3;
  const maxQ = options.maxQ ?? 3;
  const d = options.d ?? chooseD(series, options);
  requireInt(maxP, 'autoARIMA maxP', 0, 10);
  requireInt(maxQ, 'autoARIMA maxQ', 0, 10);
  const ic = options.ic ?? 'aic';
  const seas = options.seasonal;
  const maxSP = seas ? (seas.maxP ?? 1) : 0;
  const maxSQ = seas ? (seas.maxQ ?? 1) : 0;
  const candidates: AutoARIMACandidate[] = [];
  let best: ARIMAModel | null = null;
  for (let P = 0; P <= maxSP; P++) {
    for (let Q = 0; Q <= maxSQ; Q++) {
      for (let p = 0; p <= maxP; p++) {
        for (let q = 0; q <= maxQ; q++) {
          try {
            const m = fitARIMA(series, { p, d, q }, {
              ...options,
              seasonal: seas ? { P, D: seas.D ?? 0, Q, s: seas.s } : undefined,
            });
            candidates.push({ p, q, P, Q, aic: m.aic, bic: m.bic });
            if (Number.isFinite(m[ic]) && (best === null || m[ic] < best[ic])) best = m;
          } catch (e) {
            candidates.push({ p, q, P, Q, aic: NaN, bic: NaN, error: e instanceof Error ? e.message : String(e) });
          }
        }
      }
    }
  }
  if (best === null) {
    const first = candidates[0]?.error ?? 'no candidates';
    throw new RangeError(`autoARIMA: none of the ${candidates.length} candidate models could be fitted (first error: ${first})`);
  }
  return { model: best, d, candidates };
}

/** d = ndiffs of the (seasonally differenced, if D > 0) series. */
function chooseD(series: SeriesLike, options: AutoARIMAOptions): number {
  let x = toSeries(series, 'series', options.missing);
  const seas = options.seasonal;
  const D = seas?.D ?? 0;
  if (seas && D > 0) {
    requireInt(seas.s, 'autoARIMA seasonal.s', 1);
    requireInt(D, 'autoARIMA seasonal.D', 0, 2);
    for (let k = 0; k < D; k++) {
      const dx = new Float64Array(Math.max(0, x.length - seas.s));
      for (let i = 0; i < dx.length; i++) dx[i] = x[i + seas.s] - x[i];
      x = dx;
    }
  }
  if (x.length < 3) {
    throw new RangeError(`autoARIMA: choosing d by KPSS needs at least 3 observations after seasonal differencing, got ${x.length}; pass d explicitly`);
  }
  return ndiffs(x);
}
