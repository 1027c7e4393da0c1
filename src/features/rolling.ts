// Rolling (trailing-window) statistics with pandas semantics: the value at t summarises
// x[t-window+1 .. t], NaN inputs are skipped, and the output is NaN where fewer than `minPeriods`
// finite values fall in the window. Output has the same length as the input, aligned at t.
import { requireInt } from '../stats/series.ts';

export type RollingStatistic = 'mean' | 'std' | 'min' | 'max' | 'sum' | 'median';

export interface RollingOptions {
  window: number;
  /** Minimum number of finite values needed for a result (default: window, as in pandas). */
  minPeriods?: number;
  /** Delta degrees of freedom for 'std' (default 1: the sample standard deviation, as in pandas). */
  ddof?: number;
}

/** One rolling statistic over a trailing window. Naive O(n * window) loops: simple and exact. */
export function rolling(series: ArrayLike<number>, statistic: RollingStatistic, options: RollingOptions): Float64Array {
  const { window } = options;
  requireInt(window, 'rolling window', 1);
  const minPeriods = options.minPeriods ?? window;
  requireInt(minPeriods, 'rolling minPeriods', 0, window);
  const ddof = options.ddof ?? 1;
  const out = new Float64Array(series.length);
  const buf: number[] = [];
  for (let t = 0; t < series.length; t++) {
    buf.length = 0;
    for (let i = Math.max(0, t - window + 1); i <= t; i++) if (Number.isFinite(series[i])) buf.push(series[i]);
    out[t] = buf.length < Math.max(minPeriods, 1) ? NaN : summarize(buf, statistic, ddof);
  }
  return out;
}

function summarize(v: number[], statistic: RollingStatistic, ddof: number): number {
  switch (statistic) {
    case 'sum':
      return v.reduce((a, b) => a + b, 0);
    case 'mean':
      return v.reduce((a, b) => a + b, 0) / v.length;
    case 'std': {
      if (v.length - ddof <= 0) return NaN;
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const ss = v.reduce((a, b) => a + (b - m) * (b - m), 0);
      return Math.sqrt(ss / (v.length - ddof));
    }
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
    case 'median': {
      const s = v.slice().sort((a, b) => a - b);
      const mid = s.length >> 1;
      return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }
    default:
      return statistic satisfies never;
  }
}

export const rollingMean = (x: ArrayLike<number>, o: RollingOptions): Float64Array => rolling(x, 'mean', o);
export const rollingStd = (x: ArrayLike<number>, o: RollingOptions): Float64Array => rolling(x, 'std', o);
export const rollingMin = (x: ArrayLike<number>, o: RollingOptions): Float64Array => rolling(x, 'min', o);
export const rollingMax = (x: ArrayLike<number>, o: RollingOptions): Float64Array => rolling(x, 'max', o);
export const rollingSum = (x: ArrayLike<number>, o: RollingOptions): Float64Array => rolling(x, 'sum', o);
export const rollingMedian = (x: ArrayLike<number>, o: RollingOptions): Float64Array => rolling(x, 'median', o);
