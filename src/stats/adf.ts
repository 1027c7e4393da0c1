// Augmented Dickey-Fuller unit-root test as statsmodels.tsa.stattools.adfuller (0.13) computes it:
// the regression of dx_t on x_{t-1}, lagged differences and deterministic terms, the lag chosen by
// AIC / BIC / t-stat on a common sample, MacKinnon (1994) p-values and MacKinnon (2010) critical
// values for N = 1 (coefficient tables copied from statsmodels' adfvalues.py, BSD licence).
import { ArgumentError, ShapeError } from '../errors.ts';
import { normalCdf } from './distributions.ts';
import { solve } from './linalg.ts';
import { toSeries, type MissingOption, type SeriesLike } from './series.ts';

export type ADFRegression = 'n' | 'c' | 'ct' | 'ctt';

export interface ADFOptions extends MissingOption {
  /** Deterministic terms: 'c' constant (default), 'ct' + trend, 'ctt' + quadratic trend, 'n' none. */
  regression?: ADFRegression;
  /** Largest lag (default 12 (n/100)^(1/4), as statsmodels). */
  maxLag?: number;
  /** Lag choice: 'aic' (default), 'bic', 't-stat', or null to use maxLag. */
  autolag?: 'aic' | 'bic' | 't-stat' | null;
}

export interface ADFResult {
  statistic: number;
  pValue: number;
  usedLag: number;
  /** Observations in the final regression. */
  nobs: number;
  criticalValues: { '1%': number; '5%': number; '10%': number };
  /** Best information criterion (or |t| of the last lag for 't-stat'); NaN when autolag is null. */
  icBest: number;
}

const TAU_MAX: Record<ADFRegression, number> = { n: Infinity, c: 2.74, ct: 0.7, ctt: 0.54 };
const TAU_MIN: Record<ADFRegression, number> = { n: -19.04, c: -18.83, ct: -16.18, ctt: -17.17 };
const TAU_STAR: Record<ADFRegression, number> = { n: -1.04, c: -1.61, ct: -2.89, ctt: -3.21 };
const SMALL_P: Record<ADFRegression, number[]> = { n: [0.6344, 1.2378, 3.2496e-2], c: [2.1659, 1.4412, 3.8269e-2], ct: [3.2512, 1.6047, 4.9588e-2], ctt: [4.0003, 1.658, 4.8288e-2] };
const LARGE_P: Record<ADFRegression, number[]> = {
  n: [0.4797, 9.3557e-1, -0.6999e-1, 3.3066e-2],
  c: [1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2],
  ct: [2.5261, 6.1654e-1, -3.7956e-1, -6.0285e-2],
  ctt: [3.0778, 4.9529e-1, -4.1477e-1, -5.9359e-2],
};
// MacKinnon (2010) response surfaces: crit = b0 + b1/n + b2/n^2 + b3/n^3 at 1 %, 5 %, 10 %.
const CRIT_2010: Record<ADFRegression, number[][]> = {
  n: [[-2.56574, -2.2358, -3.627, 0], [-1.941, -0.2686, -3.365, 31.223], [-1.61682, 0.2656, -2.714, 25.364]],
  c: [[-3.43035, -6.5393, -16.786, -79.433], [-2.86154, -2.8903, -4.234, -40.04], [-2.56677, -1.5384, -2.809, 0]],
  ct: [[-3.95877, -9.0531, -28.428, -134.155], [-3.41049, -4.3904, -9.036, -45.374], [-3.12705, -2.5856, -3.925, -22.38]],
  ctt: [[-4.37113, -11.5882, -35.819, -334.047], [-3.83239, -5.9057, -12.49, -118.284], [-3.55326, -3.6596, -5.293, -63.559]],
};

/** MacKinnon's approximate asymptotic p-value of a Dickey-Fuller t statistic (N = 1). */
export function mackinnonP(stat: number, regression: ADFRegression = 'c'): number {
  if (stat > TAU_MAX[regression]) return 1;
  if (stat < TAU_MIN[regression]) return 0;
  const c = stat <= TAU_STAR[regression] ? SMALL_P[regression] : LARGE_P[regression];
  let poly = 0;
  for (let i = c.length - 1; i >= 0; i--) poly = poly * stat + c[i];
  return normalCdf(poly);
}

/** MacKinnon (2010) finite-sample critical values for nobs observations (N = 1). */
export function mackinnonCrit(regression: ADFRegression, nobs: number): { '1%': number; '5%': number; '10%': number } {
  const [a, b, c] = CRIT_2010[regression].map((k) => k[0] + k[1] / nobs + k[2] / nobs ** 2 + k[3] / nobs ** 3);
  return { '1%': a, '5%': b, '10%': c };
}

interface Ols {
  ssr: number;
  n: number;
  k: number;
  beta: number[];
  tvalue: (j: number) => number;
}

/** OLS by the normal equations on unit-norm columns (well enough conditioned for these designs). */
function ols(x: number[][], y: number[]): Ols {
  const n = y.length;
  const k = x[0].length;
  const norms = Array.from({ length: k }, (_, j) => Math.sqrt(x.reduce((a, r) => a + r[j] * r[j], 0)) || 1);
  const xtx = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => x.reduce((a, r) => a + (r[i] / norms[i]) * (r[j] / norms[j]), 0)));
  const xty = Array.from({ length: k }, (_, i) => x.reduce((a, r, t) => a + (r[i] / norms[i]) * y[t], 0));
  const b = solve(xtx, xty, 'ADF regression');
  const beta = b.map((v, j) => v / norms[j]);
  let ssr = 0;
  x.forEach((r, t) => {
    let e = y[t];
    for (let j = 0; j < k; j++) e -= r[j] * beta[j];
    ssr += e * e;
  });
  const tvalue = (j: number): number => {
    const e = new Array<number>(k).fill(0);
    e[j] = 1;
    const col = solve(xtx, e, 'ADF regression');
    return beta[j] / Math.sqrt(((ssr / (n - k)) * col[j]) / (norms[j] * norms[j]));
  };
  return { ssr, n, k, beta, tvalue };
}

/** Rows [trend terms..., x_{t-1}, dx_{t-1}, ..., dx_{t-lags}] and targets dx_t for the last nobs differences. */
function design(x: Float64Array, dx: number[], lags: number, nobs: number, regression: ADFRegression): { rows: number[][]; target: number[] } {
  const rows: number[][] = [];
  const target: number[] = [];
  const start = dx.length - nobs;
  for (let i = 0; i < nobs; i++) {
    const t = start + i; // index into dx
    const row: number[] = [];
    if (regression !== 'n') row.push(1);
    if (regression === 'ct' || regression === 'ctt') row.push(i + 1);
    if (regression === 'ctt') row.push((i + 1) ** 2);
    row.push(x[t]);
    for (let l = 1; l <= lags; l++) row.push(dx[t - l]);
    rows.push(row);
    target.push(dx[t]);
  }
  return { rows, target };
}

/** The augmented Dickey-Fuller test (H0: a unit root). */
export function adfuller(series: SeriesLike, options: ADFOptions = {}): ADFResult {
  const regression = options.regression ?? 'c';
  if (!(regression in TAU_MAX)) throw new ArgumentError(`adfuller regression must be 'n', 'c', 'ct' or 'ctt', got ${String(regression)}`);
  const autolag = options.autolag === undefined ? 'aic' : options.autolag;
  if (autolag !== null && autolag !== 'aic' && autolag !== 'bic' && autolag !== 't-stat') throw new ArgumentError(`adfuller autolag must be 'aic', 'bic', 't-stat' or null, got ${String(autolag)}`);
  const x = toSeries(series, 'series', options.missing);
  const n = x.length;
  const ntrend = regression === 'n' ? 0 : regression.length;
  let maxLag = options.maxLag ?? Math.min(Math.floor(n / 2) - ntrend - 1, Math.ceil(12 * Math.pow(n / 100, 0.25)));
  if (maxLag < 0) throw new ShapeError(`adfuller: ${n} observations are too few for regression '${regression}'`);
  if (!Number.isInteger(maxLag) || maxLag > Math.floor(n / 2) - ntrend - 1) {
    throw new ArgumentError(`adfuller maxLag must be an integer in [0, ${Math.floor(n / 2) - ntrend - 1}] for ${n} observations, got ${maxLag}`);
  }
  const dx = Array.from({ length: n - 1 }, (_, t) => x[t + 1] - x[t]);
  let usedLag = maxLag;
  let icBest = NaN;
  if (autolag !== null) {
    // Every lag on the same sample (the one the largest lag leaves), as statsmodels' _autolag.
    const nobs = dx.length - maxLag;
    const fits = Array.from({ length: maxLag + 1 }, (_, lag) => {
      const { rows, target } = design(x, dx, lag, nobs, regression);
      return ols(rows, target);
    });
    const ic = (f: Ols): number => {
      const llf = -0.5 * f.n * (Math.log((2 * Math.PI * f.ssr) / f.n) + 1);
      return autolag === 'aic' ? -2 * llf + 2 * f.k : -2 * llf + Math.log(f.n) * f.k;
    };
    if (autolag === 't-stat') {
      usedLag = 0;
      for (let lag = maxLag; lag >= 0; lag--) {
        const f = fits[lag];
        icBest = Math.abs(f.tvalue(f.k - 1));
        usedLag = lag;
        if (icBest >= 1.6448536269514722) break;
      }
    } else {
      icBest = Infinity;
      fits.forEach((f, lag) => {
        const v = ic(f);
        if (v < icBest) [icBest, usedLag] = [v, lag];
      });
    }
  }
  const nobs = dx.length - usedLag;
  const { rows, target } = design(x, dx, usedLag, nobs, regression);
  const stat = ols(rows, target).tvalue(ntrend);
  return { statistic: stat, pValue: mackinnonP(stat, regression), usedLag, nobs, criticalValues: mackinnonCrit(regression, nobs), icBest };
}
