// Moving averages and exponential smoothing: simple / weighted / exponential moving averages, Holt's
// linear (optionally damped) trend and additive / multiplicative Holt-Winters. The recursions and the
// parameter names follow statsmodels' ExponentialSmoothing (trend smoothing beta acts on the level
// change directly, not as alpha*beta); unspecified parameters are fitted by least squares on the
// one-step-ahead errors, with 0 < alpha, beta, gamma < 1 enforced by a logistic map.
import { minimizeBFGS, minimizeNelderMead } from './optimize.ts';
import { requireInt, requireLength, toSeries, type MissingOption, type SeriesLike } from './series.ts';

export interface MovingAverageOptions extends MissingOption {
  /** Centre the window on t (odd windows only) instead of trailing it; as in the lecture's trend MA. */
  center?: boolean;
}

/** Simple moving average, same length as the input; NaN where the window is incomplete. */
export function sma(series: SeriesLike, window: number, options: MovingAverageOptions = {}): Float64Array {
  return wma(series, new Array<number>(window).fill(1), options);
}

/**
 * Weighted moving average. `weights` (or a window length, meaning linear weights 1..window) apply
 * oldest first, so the last weight multiplies the newest observation; they are normalised to sum 1.
 */
export function wma(series: SeriesLike, weights: number | readonly number[], options: MovingAverageOptions = {}): Float64Array {
  const x = toSeries(series, 'series', options.missing);
  const w = typeof weights === 'number' ? linearWeights(weights) : Array.from(weights);
  requireInt(w.length, 'moving average window', 1);
  const total = w.reduce((a, b) => a + b, 0);
  if (!(Math.abs(total) > 0)) throw new RangeError('moving average weights must not sum to zero');
  const window = w.length;
  if (options.center && window % 2 === 0) throw new RangeError(`a centred moving average needs an odd window, got ${window}`);
  const offset = options.center ? (window - 1) / 2 : 0;
  const out = new Float64Array(x.length).fill(NaN);
  for (let end = window - 1; end < x.length; end++) {
    let s = 0;
    for (let j = 0; j < window; j++) s += w[j] * x[end - window + 1 + j];
    out[end - offset] = s / total;
  }
  return out;
}

function linearWeights(window: number): number[] {
  requireInt(window, 'moving average window', 1);
  return Array.from({ length: window }, (_, i) => i + 1);
}

export interface EmaOptions extends MissingOption {
  /** Smoothing factor in (0, 1]; give this or `span`. */
  alpha?: number;
  /** pandas-style span: alpha = 2 / (span + 1). */
  span?: number;
}

/** Exponential moving average s_t = alpha x_t + (1 - alpha) s_{t-1}, s_0 = x_0 (pandas adjust=False). */
export function ema(series: SeriesLike, options: EmaOptions): Float64Array {
  const x = toSeries(series, 'series', options.missing);
  const alpha = options.alpha ?? (options.span !== undefined ? 2 / (options.span + 1) : NaN);
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`ema needs alpha in (0, 1] or span >= 1, got alpha ${alpha}`);
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) out[t] = t === 0 ? x[0] : alpha * x[t] + (1 - alpha) * out[t - 1];
  return out;
}

export type SeasonalKind = 'additive' | 'multiplicative';

export interface HoltOptions extends MissingOption {
  alpha?: number;
  beta?: number;
  /** Damping factor phi in (0, 1]; fixed when given, 1 (undamped) unless `damped` asks to fit it. */
  phi?: number;
  damped?: boolean;
  /** Initial level l_0 and trend b_0 (the state before the first observation); fitted when absent. */
  initialLevel?: number;
  initialTrend?: number;
}

export interface HoltWintersOptions extends HoltOptions {
  period: number;
  seasonal?: SeasonalKind;
  gamma?: number;
  /** Whether to include a trend (default true). */
  trend?: boolean;
  /** Initial seasonal states for the first `period` observations; fitted when absent. */
  initialSeasonal?: readonly number[];
}

export interface SmoothingResult {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  initialLevel: number;
  initialTrend: number;
  initialSeasonal: number[];
  /** One-step-ahead predictions of each observation (length n). */
  fitted: Float64Array;
  /** Level after each observation (length n). */
  level: Float64Array;
  trend: Float64Array;
  /** Sum of squared one-step-ahead errors. */
  sse: number;
  forecast(h: number): Float64Array;
}

/** Holt's linear trend method (optionally damped). */
export function holt(series: SeriesLike, options: HoltOptions = {}): SmoothingResult {
  return smooth(series, { ...options, period: 1, trend: true }, false);
}

/** Holt-Winters with additive (default) or multiplicative seasonality of the given period. */
export function holtWinters(series: SeriesLike, options: HoltWintersOptions): SmoothingResult {
  requireInt(options.period, 'holtWinters period', 2);
  return smooth(series, options, true);
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  l0: number;
  b0: number;
  s0: number[];
}

interface Spec {
  m: number;
  hasTrend: boolean;
  seasonal: SeasonalKind | null;
}

/** Run the recursions; returns fitted values and states. */
function run(y: Float64Array, p: Params, spec: Spec): { fitted: Float64Array; level: Float64Array; trend: Float64Array; season: number[]; sse: number } {
  const n = y.length;
  const fitted = new Float64Array(n);
  const level = new Float64Array(n);
  const trend = new Float64Array(n);
  const season = p.s0.slice(); // season[t] is the seasonal state used for y_t; appended as we go
  const phi = spec.hasTrend ? p.phi : 0;
  let l = p.l0;
  let b = spec.hasTrend ? p.b0 : 0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const base = l + phi * b; // level + damped trend predicted for t
    const s = spec.seasonal ? season[t] : 0;
    const yhat = spec.seasonal === 'multiplicative' ? base * s : base + s;
    fitted[t] = yhat;
    sse += (y[t] - yhat) * (y[t] - yhat);
    const deseason = spec.seasonal === 'multiplicative' ? y[t] / s : y[t] - s;
    const lNew = p.alpha * deseason + (1 - p.alpha) * base;
    if (spec.hasTrend) b = p.beta * (lNew - l) + (1 - p.beta) * phi * b;
    if (spec.seasonal) {
      const sNew = spec.seasonal === 'multiplicative' ? y[t] / base : y[t] - base;
      season.push(p.gamma * sNew + (1 - p.gamma) * s);
    }
    l = lNew;
    level[t] = l;
    trend[t] = b;
  }
  return { fitted, level, trend, season, sse };
}

function smooth(series: SeriesLike, o: HoltWintersOptions, seasonalModel: boolean): SmoothingResult {
  const y = toSeries(series, 'series', o.missing);
  const spec: Spec = { m: seasonalModel ? o.period : 1, hasTrend: o.trend ?? true, seasonal: seasonalModel ? (o.seasonal ?? 'additive') : null };
  requireLength(y, seasonalModel ? 2 * spec.m : 3, seasonalModel ? `holtWinters with period ${spec.m}` : 'holt');
  if (spec.seasonal === 'multiplicative' && y.some((v) => v <= 0)) {
    throw new RangeError('multiplicative seasonality needs a strictly positive series');
  }
  for (const [name, v] of [['alpha', o.alpha], ['beta', o.beta], ['gamma', o.gamma]] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${v}`);
  }
  if (o.phi !== undefined && !(o.phi > 0 && o.phi <= 1)) throw new RangeError(`phi must be in (0, 1], got ${o.phi}`);
  if (o.initialSeasonal !== undefined && o.initialSeasonal.length !== spec.m) {
    throw new RangeError(`initialSeasonal needs ${spec.m} values (one per season), got ${o.initialSeasonal.length}`);
  }
  const start = simpleInitialization(y, spec);
  // Each free quantity is listed with how it maps from the optimiser's unconstrained value.
  const fixed: Params = {
    alpha: o.alpha ?? NaN,
    beta: o.beta ?? NaN,
    gamma: o.gamma ?? NaN,
    phi: o.phi ?? (o.damped ? NaN : 1),
    l0: o.initialLevel ?? NaN,
    b0: o.initialTrend ?? NaN,
    s0: o.initialSeasonal ? Array.from(o.initialSeasonal) : new Array<number>(spec.m).fill(NaN),
  };
  if (!spec.hasTrend) [fixed.beta, fixed.b0, fixed.phi] = [0, 0, 1];
  if (!spec.seasonal) [fixed.gamma, fixed.s0] = [0, []];
  const unit = { to: logistic, from: logit };
  const damp = { to: (u: number) => 0.8 + 0.2 * logistic(u), from: (v: number) => logit((v - 0.8) / 0.2) };
  const free: { get: (p: Params) => number; set: (p: Params, v: number) => void; map: { to: (u: number) => number; from: (v: number) => number }; start: number }[] = [];
  const ident = { to: (u: number) => u, from: (v: number) => v };
  const scale = Math.max(1e-12, y.reduce((a, v) => a + Math.abs(v), 0) / y.length);
  const scaled = { to: (u: number) => u * scale, from: (v: number) => v / scale };
  const add = (isFree: boolean, get: (p: Params) => number, set: (p: Params, v: number) => void, map: typeof ident, s: number): void => {
    if (isFree) free.push({ get, set, map, start: s });
  };
  add(Number.isNaN(fixed.alpha), (p) => p.alpha, (p, v) => (p.alpha = v), unit, 0.5);
  add(Number.isNaN(fixed.beta), (p) => p.beta, (p, v) => (p.beta = v), unit, 0.1);
  add(Number.isNaN(fixed.gamma), (p) => p.gamma, (p, v) => (p.gamma = v), unit, 0.1);
  add(Number.isNaN(fixed.phi), (p) => p.phi, (p, v) => (p.phi = v), damp, 0.98);
  add(Number.isNaN(fixed.l0), (p) => p.l0, (p, v) => (p.l0 = v), scaled, start.l0);
  add(Number.isNaN(fixed.b0), (p) => p.b0, (p, v) => (p.b0 = v), scaled, start.b0);
  for (let i = 0; i < fixed.s0.length; i++) {
    const k = i;
    const map = spec.seasonal === 'multiplicative' ? ident : scaled;
    add(Number.isNaN(fixed.s0[k]), (p) => p.s0[k], (p, v) => (p.s0[k] = v), map, start.s0[k]);
  }
  const build = (u: readonly number[]): Params => {
    const p: Params = { ...fixed, s0: fixed.s0.slice() };
    free.forEach((f, i) => f.set(p, f.map.to(u[i])));
    return p;
  };
  let params = build([]);
  if (free.length > 0) {
    const u0 = free.map((f) => f.map.from(f.start));
    const objective = (u: readonly number[]): number => run(y, build(u), spec).sse / (y.length * scale * scale);
    // Nelder-Mead first (robust to the flat ridges smoothing objectives have), then BFGS to polish.
    const nm = minimizeNelderMead(objective, u0, { initialStep: 0.5, maxIter: 4000 * free.length });
    const bfgs = minimizeBFGS(objective, nm.x, { maxIter: 1000 });
    params = build(bfgs.fun <= nm.fun ? bfgs.x : nm.x);
  }
  const r = run(y, params, spec);
  const finalL = r.level[y.length - 1];
  const finalB = r.trend[y.length - 1];
  const phi = spec.hasTrend ? params.phi : 0;
  const season = r.season;
  return {
    alpha: params.alpha,
    beta: params.beta,
    gamma: params.gamma,
    phi: params.phi,
    initialLevel: params.l0,
    initialTrend: params.b0,
    initialSeasonal: params.s0,
    fitted: r.fitted,
    level: r.level,
    trend: r.trend,
    sse: r.sse,
    forecast(h: number): Float64Array {
      requireInt(h, 'forecast horizon', 0);
      const out = new Float64Array(h);
      let damped = 0;
      for (let k = 1; k <= h; k++) {
        damped += Math.pow(phi, k); // phi + phi^2 + ... + phi^k (= k when undamped)
        const base = finalL + (spec.hasTrend ? damped * finalB : 0);
        // the seasonal state for time n-1+k was last updated one season earlier
        const s = spec.seasonal ? season[y.length + ((k - 1) % spec.m)] : 0;
        out[k - 1] = spec.seasonal === 'multiplicative' ? base * s : base + s;
      }
      return out;
    },
  };
}

/** Starting values: level/trend from the first seasons, seasonal states as deviations from them. */
function simpleInitialization(y: Float64Array, spec: Spec): { l0: number; b0: number; s0: number[] } {
  const m = spec.m;
  if (!spec.seasonal) return { l0: y[0], b0: spec.hasTrend ? y[1] - y[0] : 0, s0: [] };
  const first = y.subarray(0, m).reduce((a, b) => a + b, 0) / m;
  const second = y.subarray(m, 2 * m).reduce((a, b) => a + b, 0) / m;
  const s0 = Array.from(y.subarray(0, m), (v) => (spec.seasonal === 'multiplicative' ? v / first : v - first));
  return { l0: first, b0: spec.hasTrend ? (second - first) / m : 0, s0 };
}

function logistic(u: number): number {
  return 1 / (1 + Math.exp(-u));
}
function logit(v: number): number {
  const c = Math.min(1 - 1e-9, Math.max(1e-9, v));
  return Math.log(c / (1 - c));
}
