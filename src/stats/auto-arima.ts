// Automatic ARIMA order search: fit every (p, q) (and seasonal (P, Q)) on a small grid with the
// differencing orders held fixed, and keep the lowest AIC. AIC is only comparable between models
// with the same d and D (the likelihoods describe different data otherwise), so d and D are inputs.
import { fitARIMA, type ARIMAModel, type ARIMAOptions } from './arima.ts';
import { requireInt, type SeriesLike } from './series.ts';

export interface AutoARIMAOptions extends Omit<ARIMAOptions, 'seasonal' | 'startParams'> {
  maxP?: number;
  maxQ?: number;
  /** Differencing order (default 0). */
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
  candidates: AutoARIMACandidate[];
}

export function autoARIMA(series: SeriesLike, options: AutoARIMAOptions = {}): AutoARIMAResult {
  const maxP = options.maxP ?? 3;
  const maxQ = options.maxQ ?? 3;
  const d = options.d ?? 0;
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
  return { model: best, candidates };
}
