// Deterministic trend regression: linear, polynomial and exponential trends fitted by least squares
// against a time index (t = 1..n by default, the lecture's convention), with forecasts. The
// exponential trend y = a * exp(b t) is fitted as a straight line through log y (the classical
// log-linear fit), so it needs a strictly positive series.
import { lstsq } from './linalg.ts';
import { requireInt, requireLength, toSeries, type MissingOption, type SeriesLike } from './series.ts';

export interface TrendOptions extends MissingOption {
  /** Time index of each observation (default 1, 2, ..., n). Forecasts continue with step 1. */
  times?: ArrayLike<number>;
}

export interface TrendModel {
  /** Polynomial coefficients, constant first: y = c0 + c1 t + c2 t^2 + ... (log y for exponential). */
  coefficients: number[];
  fitted: Float64Array;
  resid: Float64Array;
  /** Residual sum of squares (in the units of y). */
  sse: number;
  /** Coefficient of determination of the fitted values. */
  r2: number;
  /** Value of the trend at arbitrary times. */
  predict(times: ArrayLike<number>): Float64Array;
  /** The trend continued h steps past the last time index. */
  forecast(h: number): Float64Array;
}

export interface LinearTrendModel extends TrendModel {
  intercept: number;
  slope: number;
}

export interface ExponentialTrendModel extends TrendModel {
  /** y = scale * exp(rate * t) */
  scale: number;
  rate: number;
  /** Growth per time step, exp(rate) - 1. */
  growth: number;
}

function timesFor(n: number, options: TrendOptions): Float64Array {
  if (options.times === undefined) return Float64Array.from({ length: n }, (_, i) => i + 1);
  const t = toSeries(options.times, 'times');
  if (t.length !== n) throw new RangeError(`times has ${t.length} values but the series has ${n}`);
  return t;
}

function polyFit(t: Float64Array, y: Float64Array, degree: number, what: string): number[] {
  // Centre and scale t before building powers so high degrees stay well conditioned, then
  // expand the polynomial back to raw powers of t for reporting.
  const mid = (Math.max(...t) + Math.min(...t)) / 2;
  const half = Math.max(1e-12, (Math.max(...t) - Math.min(...t)) / 2);
  const x = Array.from(t, (v) => Array.from({ length: degree + 1 }, (_, k) => ((v - mid) / half) ** k));
  const { beta } = lstsq(x, y, what);
  // sum_k beta_k ((t - mid)/half)^k expanded by the binomial theorem.
  const coef = new Array<number>(degree + 1).fill(0);
  for (let k = 0; k <= degree; k++) {
    for (let j = 0; j <= k; j++) coef[j] += (beta[k] * binomial(k, j) * (-mid) ** (k - j)) / half ** k;
  }
  return coef;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

function evalPoly(coef: readonly number[], t: number): number {
  let s = 0;
  for (let k = coef.length - 1; k >= 0; k--) s = s * t + coef[k];
  return s;
}

function buildModel(y: Float64Array, t: Float64Array, coef: number[], link: (v: number) => number): TrendModel {
  const predict = (times: ArrayLike<number>): Float64Array => Float64Array.from(times, (v) => link(evalPoly(coef, v)));
  const fitted = predict(t);
  const resid = y.map((v, i) => v - fitted[i]);
  const sse = resid.reduce((a, r) => a + r * r, 0);
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  const sst = y.reduce((a, v) => a + (v - m) * (v - m), 0);
  const last = t[t.length - 1];
  return {
    coefficients: coef,
    fitted,
    resid,
    sse,
    r2: sst > 0 ? 1 - sse / sst : 1,
    predict,
    forecast(h: number): Float64Array {
      requireInt(h, 'forecast horizon', 0);
      return predict(Float64Array.from({ length: h }, (_, i) => last + i + 1));
    },
  };
}

/** y = intercept + slope * t by ordinary least squares. */
export function linearTrend(series: SeriesLike, options: TrendOptions = {}): LinearTrendModel {
  const y = toSeries(series, 'series', options.missing);
  requireLength(y, 2, 'linearTrend');
  const t = timesFor(y.length, options);
  const coef = polyFit(t, y, 1, 'linearTrend');
  return { ...buildModel(y, t, coef, (v) => v), intercept: coef[0], slope: coef[1] };
}

/** y = c0 + c1 t + ... + c_d t^d by least squares. */
export function polynomialTrend(series: SeriesLike, degree: number, options: TrendOptions = {}): TrendModel {
  requireInt(degree, 'polynomialTrend degree', 0, 20);
  const y = toSeries(series, 'series', options.missing);
  requireLength(y, degree + 1, `polynomialTrend of degree ${degree}`);
  const t = timesFor(y.length, options);
  return buildModel(y, t, polyFit(t, y, degree, `polynomialTrend of degree ${degree}`), (v) => v);
}

/** y = scale * exp(rate * t), fitted as log y = log(scale) + rate * t. */
export function exponentialTrend(series: SeriesLike, options: TrendOptions = {}): ExponentialTrendModel {
  const y = toSeries(series, 'series', options.missing);
  requireLength(y, 2, 'exponentialTrend');
  const bad = y.findIndex((v) => v <= 0);
  if (bad >= 0) throw new RangeError(`exponentialTrend needs a strictly positive series; value ${y[bad]} at index ${bad}`);
  const t = timesFor(y.length, options);
  const coef = polyFit(t, y.map(Math.log), 1, 'exponentialTrend');
  const model = buildModel(y, t, coef, Math.exp);
  return { ...model, scale: Math.exp(coef[0]), rate: coef[1], growth: Math.expm1(coef[1]) };
}
