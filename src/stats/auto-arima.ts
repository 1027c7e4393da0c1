// Automatic ARIMA order selection by the stepwise search of Hyndman & Khandakar (2008), as R's
// forecast::auto.arima does it: d (and D) fixed first, four starting models, then moves to the
// first neighbour (one order +-1, or two together, or the constant toggled) that lowers AICc, until
// none does. Models with an AR or MA root within 1.01 of the unit circle are rejected, as in R.
// Each candidate is fitted from two starts (Hannan-Rissanen and all-zero ARMA: one alone falls into
// local optima, e.g. ARIMA(2,1,1)(0,1,0)12 on AirPassengers) on the differenced series with the
// exact (diffuse) likelihood; AICc is only comparable between models with the same d and D.
import { throwIfAborted } from './abort.ts';
import { fitARIMAWith, type ARIMAModel, type ARIMAOptions } from './arima.ts';
import { isStationary, multiplySeasonal } from './arima-params.ts';
import { requireInt, toSeries, type SeriesLike } from './series.ts';
import { ndiffs } from './unit-root.ts';
import { ArgumentError } from '../errors.ts';

export interface AutoARIMAOptions extends Omit<ARIMAOptions, 'seasonal' | 'startParams' | 'progress' | 'trend'> {
  /** Largest p and q (default 5 each), and largest p + q + P + Q in a grid search (default 5), as auto.arima. */
  maxP?: number;
  maxQ?: number;
  maxOrder?: number;
  /** Differencing order; when absent d = ndiffs(series after seasonal differencing) (KPSS, alpha 0.05, <= 2). */
  d?: number;
  /** Seasonal search: period s, seasonal differencing D (default 0), and the largest P and Q (default 2). */
  seasonal?: { s: number; D?: number; maxP?: number; maxQ?: number };
  /** 'aicc' (default, as auto.arima), 'aic' or 'bic'. */
  ic?: 'aicc' | 'aic' | 'bic';
  /** 'stepwise' (default) or 'grid' (every order within the maxima). */
  search?: 'stepwise' | 'grid';
  /** Called after every candidate fit. */
  progress?: (info: { tried: number; candidate: AutoARIMACandidate; best: AutoARIMACandidate | null }) => void;
}

export interface AutoARIMACandidate {
  p: number;
  q: number;
  P: number;
  Q: number;
  /** Whether the model has a constant (only when d = D = 0). */
  constant: boolean;
  aic: number;
  aicc: number;
  bic: number;
  /** Why the candidate could not be used (its criteria are then NaN / Infinity). */
  error?: string;
}

export interface AutoARIMAResult {
  model: ARIMAModel;
  /** The differencing order used: the caller's `d`, or the one ndiffs chose. */
  d: number;
  /** Every model tried, in order. */
  candidates: AutoARIMACandidate[];
}

// Loose optimiser settings while searching (AICc to ~1e-3 is enough to rank models); the chosen
// order is refitted at fitARIMA's full tolerance before it is returned.
const SEARCH_TUNING = { gradTol: 1e-4, fTol: 1e-9, maxIter: 40 };

type Orders = [p: number, q: number, P: number, Q: number, constant: boolean];

/** Search ARIMA(p, d, q)(P, D, Q)_s orders and return the model with the lowest information criterion. */
export function autoARIMA(series: SeriesLike, options: AutoARIMAOptions = {}): AutoARIMAResult {
  const seas = options.seasonal;
  const maxP = options.maxP ?? 5;
  const maxQ = options.maxQ ?? 5;
  const maxSP = seas ? (seas.maxP ?? 2) : 0;
  const maxSQ = seas ? (seas.maxQ ?? 2) : 0;
  const maxOrder = options.maxOrder ?? 5;
  requireInt(maxP, 'autoARIMA maxP', 0, 10);
  requireInt(maxQ, 'autoARIMA maxQ', 0, 10);
  requireInt(maxOrder, 'autoARIMA maxOrder', 0, 40);
  const ic = options.ic ?? 'aicc';
  if (ic !== 'aicc' && ic !== 'aic' && ic !== 'bic') throw new ArgumentError(`autoARIMA ic must be 'aicc', 'aic' or 'bic', got ${String(ic)}`);
  const search = options.search ?? 'stepwise';
  if (search !== 'stepwise' && search !== 'grid') throw new ArgumentError(`autoARIMA search must be 'stepwise' or 'grid', got ${String(search)}`);
  throwIfAborted(options.signal, 'autoARIMA');
  const d = options.d ?? chooseD(series, options);
  const D = seas?.D ?? 0;
  const allowConstant = d + D === 0;

  const candidates: AutoARIMACandidate[] = [];
  const tried = new Map<string, number>();
  let best: { model: ARIMAModel; cand: AutoARIMACandidate } | null = null;
  const { progress, signal, ...fitOptions } = options;
  const tryModel = ([p, q, P, Q, constant]: Orders): number => {
    if (p > maxP || q > maxQ || P > maxSP || Q > maxSQ || p < 0 || q < 0 || P < 0 || Q < 0) return Infinity;
    // maxOrder bounds the grid only (auto.arima: "if model selection is not stepwise").
    if ((search === 'grid' && p + q + P + Q > maxOrder) || (constant && !allowConstant)) return Infinity;
    const key = `${p},${q},${P},${Q},${constant}`;
    const seen = tried.get(key);
    if (seen !== undefined) return seen;
    throwIfAborted(signal, 'autoARIMA');
    const cand: AutoARIMACandidate = { p, q, P, Q, constant, aic: NaN, aicc: NaN, bic: NaN };
    let value = Infinity;
    try {
      const m = fitARIMAWith(series, { p, d, q }, {
        ...fitOptions,
        trend: constant ? 'c' : 'n',
        seasonal: seas ? { P, D, Q, s: seas.s } : undefined,
        signal,
      }, SEARCH_TUNING);
      Object.assign(cand, { aic: m.aic, aicc: m.aicc, bic: m.bic });
      if (nearUnitRoot(m)) cand.error = 'a root of the AR or MA polynomial lies within 1.01 of the unit circle';
      else {
        value = m[ic];
        if (Number.isFinite(value) && (best === null || value < best.cand[ic])) best = { model: m, cand };
      }
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      cand.error = e instanceof Error ? e.message : String(e);
    }
    tried.set(key, value);
    candidates.push(cand);
    progress?.({ tried: candidates.length, candidate: cand, best: best?.cand ?? null });
    return value;
  };

  if (search === 'grid') {
    for (let P = 0; P <= maxSP; P++) for (let Q = 0; Q <= maxSQ; Q++) for (let p = 0; p <= maxP; p++) for (let q = 0; q <= maxQ; q++) {
      tryModel([p, q, P, Q, allowConstant]);
    }
  } else {
    const sp = seas ? 1 : 0;
    const starts: Orders[] = [
      [Math.min(2, maxP), Math.min(2, maxQ), sp, sp, allowConstant],
      [0, 0, 0, 0, allowConstant],
      [Math.min(1, maxP), 0, sp, 0, allowConstant],
      [0, Math.min(1, maxQ), 0, sp, allowConstant],
    ];
    if (allowConstant) starts.push([0, 0, 0, 0, false]);
    let current: Orders = starts[0];
    let currentValue = Infinity;
    for (const o of starts) {
      const v = tryModel(o);
      if (v < currentValue) [current, currentValue] = [o, v];
    }
    // Move to the first neighbour that improves, and start the neighbour list again from there.
    for (let moves = 0; moves < 200; moves++) {
      const [p, q, P, Q, c] = current;
      const neighbours: Orders[] = [
        [p, q, P - 1, Q, c], [p, q, P, Q - 1, c], [p, q, P + 1, Q, c], [p, q, P, Q + 1, c],
        [p, q, P - 1, Q - 1, c], [p, q, P - 1, Q + 1, c], [p, q, P + 1, Q - 1, c], [p, q, P + 1, Q + 1, c],
        [p - 1, q, P, Q, c], [p, q - 1, P, Q, c], [p + 1, q, P, Q, c], [p, q + 1, P, Q, c],
        [p - 1, q - 1, P, Q, c], [p - 1, q + 1, P, Q, c], [p + 1, q - 1, P, Q, c], [p + 1, q + 1, P, Q, c],
        [p, q, P, Q, !c],
      ];
      let moved = false;
      for (const o of neighbours) {
        const v = tryModel(o);
        if (v < currentValue) {
          [current, currentValue, moved] = [o, v, true];
          break;
        }
      }
      if (!moved) break;
    }
  }
  const found = best as { model: ARIMAModel; cand: AutoARIMACandidate } | null;
  if (found === null) {
    const first = candidates.find((c) => c.error)?.error ?? 'no candidates';
    throw new RangeError(`autoARIMA: none of the ${candidates.length} candidate models could be fitted (first error: ${first})`);
  }
  const [bp, bq, bP, bQ, bc] = [found.cand.p, found.cand.q, found.cand.P, found.cand.Q, found.cand.constant];
  const model = fitARIMAWith(series, { p: bp, d, q: bq }, { ...fitOptions, trend: bc ? 'c' : 'n', seasonal: seas ? { P: bP, D, Q: bQ, s: seas.s } : undefined, signal }, {});
  return { model, d, candidates };
}

/** R's check: reject a model with an AR or MA root of modulus < 1.01 (a root of phi(1.01 z)). */
function nearUnitRoot(m: ARIMAModel): boolean {
  const s = m.seasonal.s;
  const phi = multiplySeasonal(m.ar, m.seasonalAR, s, -1);
  const theta = multiplySeasonal(m.ma, m.seasonalMA, s, 1);
  const scaled = (c: number[]): number[] => c.map((v, i) => v * 1.01 ** (i + 1));
  return !isStationary(scaled(phi)) || !isStationary(scaled(theta).map((v) => -v));
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
