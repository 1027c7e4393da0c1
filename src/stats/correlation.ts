// Sample autocorrelation and partial autocorrelation with confidence bands, matching statsmodels'
// acf (Bartlett bands) and pacf (Yule-Walker 'adjusted' and 'mle' denominators, and OLS regressions
// with bands +-z/sqrt(n)). Yule-Walker solves the Toeplitz system per lag, as statsmodels does.
import { lstsq, solve } from './linalg.ts';
import { mean, normalQuantile, requireInt, toSeries, type MissingOption, type SeriesLike } from './series.ts';

export interface AcfOptions extends MissingOption {
  /** Largest lag (default min(10 log10 n, n - 1), as statsmodels). */
  nlags?: number;
  /** Divide lag-k sums by n - k instead of n (default false). */
  adjusted?: boolean;
  /** Return 1 - alpha confidence bands (e.g. 0.05). */
  alpha?: number;
}

export interface CorrelationResult {
  /** Values at lags 0..nlags (lag 0 is 1). */
  values: Float64Array;
  /** Lower / upper band at each lag, present when alpha was given. */
  lower?: Float64Array;
  upper?: Float64Array;
}

/** Autocovariances at lags 0..nlags of the demeaned series. */
export function autocovariance(x: Float64Array, nlags: number, adjusted = false): Float64Array {
  const n = x.length;
  const m = mean(x);
  const out = new Float64Array(nlags + 1);
  for (let k = 0; k <= nlags; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += (x[t] - m) * (x[t - k] - m);
    out[k] = s / (adjusted ? n - k : n);
  }
  return out;
}

/** Sample ACF; bands use Bartlett's formula var(r_k) = (1 + 2 sum_{j<k} r_j^2) / n. */
export function acf(series: SeriesLike, options: AcfOptions = {}): CorrelationResult {
  const x = toSeries(series, 'series', options.missing);
  const n = x.length;
  if (n < 2) throw new RangeError(`acf needs at least 2 observations, got ${n}`);
  const nlags = options.nlags ?? Math.min(Math.floor(10 * Math.log10(n)), n - 1);
  requireInt(nlags, 'acf nlags', 0, n - 1);
  const acov = autocovariance(x, nlags, options.adjusted ?? false);
  if (!(acov[0] > 0)) throw new RangeError('acf of a constant series is undefined (zero variance)');
  const values = acov.map((v) => v / acov[0]);
  if (options.alpha === undefined) return { values };
  const z = normalQuantile(1 - options.alpha / 2);
  const lower = new Float64Array(nlags + 1);
  const upper = new Float64Array(nlags + 1);
  let cum = 0;
  for (let k = 0; k <= nlags; k++) {
    const variance = k === 0 ? 0 : (1 + 2 * cum) / n;
    if (k >= 1) cum += values[k] * values[k];
    lower[k] = values[k] - z * Math.sqrt(variance);
    upper[k] = values[k] + z * Math.sqrt(variance);
  }
  return { values, lower, upper };
}

export type PacfMethod = 'yw' | 'ywm' | 'ols';

export interface PacfOptions extends MissingOption {
  /** Largest lag; must be below n / 2 (default min(10 log10 n, n/2 - 1)). */
  nlags?: number;
  /** 'yw': Yule-Walker with n - k denominators (statsmodels' default), 'ywm': with n, 'ols': regressions. */
  method?: PacfMethod;
  alpha?: number;
}

/**
 * Yule-Walker AR(order) coefficients from autocovariances r_0..r_order: solve Toeplitz(r) phi = r_1..
 * Returns phi and the innovation variance r_0 - r' phi.
 */
export function yuleWalkerFromAcov(r: ArrayLike<number>, order: number): { phi: number[]; sigma2: number } {
  if (order === 0) return { phi: [], sigma2: r[0] };
  const toeplitz = Array.from({ length: order }, (_, i) => Array.from({ length: order }, (_, j) => r[Math.abs(i - j)]));
  const rhs = Array.from({ length: order }, (_, i) => r[i + 1]);
  const phi = solve(toeplitz, rhs, `Yule-Walker of order ${order}`);
  return { phi, sigma2: r[0] - phi.reduce((a, v, i) => a + v * rhs[i], 0) };
}

/** Sample PACF at lags 0..nlags, with bands +-z/sqrt(n) when alpha is given. */
export function pacf(series: SeriesLike, options: PacfOptions = {}): CorrelationResult {
  const x = toSeries(series, 'series', options.missing);
  const n = x.length;
  const half = Math.floor(n / 2);
  const nlags = options.nlags ?? Math.max(0, Math.min(Math.floor(10 * Math.log10(n)), half - 1));
  if (!Number.isInteger(nlags) || nlags < 0 || nlags >= half) {
    throw new RangeError(`pacf can only use lags below half the sample size: nlags must be < ${half}, got ${nlags}`);
  }
  const method = options.method ?? 'yw';
  const values = new Float64Array(nlags + 1);
  values[0] = 1;
  switch (method) {
    case 'yw':
    case 'ywm': {
      const r = autocovariance(x, nlags, method === 'yw');
      if (!(r[0] > 0)) throw new RangeError('pacf of a constant series is undefined (zero variance)');
      for (let k = 1; k <= nlags; k++) values[k] = yuleWalkerFromAcov(r, k).phi[k - 1];
      break;
    }
    case 'ols': {
      // statsmodels' "efficient" OLS: regress x_t on a constant and lags 1..k over t = k..n-1.
      for (let k = 1; k <= nlags; k++) {
        const rows: number[][] = [];
        const y: number[] = [];
        for (let t = k; t < n; t++) {
          rows.push([1, ...Array.from({ length: k }, (_, j) => x[t - j - 1])]);
          y.push(x[t]);
        }
        values[k] = lstsq(rows, y, `pacf OLS at lag ${k}`).beta[k];
      }
      break;
    }
    default:
      return method satisfies never;
  }
  if (options.alpha === undefined) return { values };
  const width = normalQuantile(1 - options.alpha / 2) / Math.sqrt(n);
  const lower = values.map((v, k) => (k === 0 ? v : v - width));
  const upper = values.map((v, k) => (k === 0 ? v : v + width));
  return { values, lower, upper };
}
