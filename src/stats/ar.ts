// Autoregressive models AR(p): conditional least squares with or without a constant (statsmodels
// AutoReg(trend='c'|'n'): the first p observations are held back, sigma2 = SSR / (n - p)), or
// Yule-Walker from the biased autocovariances (always stationary). Order selection by AIC/BIC/HQIC on
// a common sample as statsmodels' ar_select_order, then a refit on the full sample.
import { autocovariance, yuleWalkerFromAcov } from './correlation.ts';
import { makeForecast, psiWeights, type Forecast } from './forecast.ts';
import { lstsq } from './linalg.ts';
import { mean, requireInt, requireLength, toSeries, type MissingOption, type SeriesLike } from './series.ts';

export type ARTrend = 'c' | 'n';
export type ARMethod = 'ols' | 'yule-walker';
export type InformationCriterion = 'aic' | 'bic' | 'hqic';

export interface AROptions extends MissingOption {
  /** 'c' (default): include a constant; 'n': none. */
  trend?: ARTrend;
  /** 'ols' (default) or 'yule-walker'. */
  method?: ARMethod;
}

export interface ARModel {
  p: number;
  trend: ARTrend;
  method: ARMethod;
  /** [const?, phi_1 .. phi_p]: statsmodels' AutoReg params order. */
  params: number[];
  /** The AR coefficients phi_1 .. phi_p (x_t = c + sum phi_i x_{t-i} + e_t). */
  ar: number[];
  /** The intercept c (0 for trend 'n'). */
  constant: number;
  sigma2: number;
  /** Conditional Gaussian log-likelihood of the n - p residuals. */
  llf: number;
  aic: number;
  bic: number;
  hqic: number;
  /** Observations used in the fit, n - p. */
  nobs: number;
  /** Residuals for t = p .. n-1. */
  resid: Float64Array;
  /** h-step forecasts from the end of the series, with standard errors from the psi weights. */
  forecast(h: number, alpha?: number): Forecast;
}

/** Design matrix rows [1?, x_{t-1}, ..., x_{t-p}] and targets x_t for t = holdBack..n-1. */
function lagDesign(x: Float64Array, p: number, trend: ARTrend, holdBack: number): { rows: number[][]; y: number[] } {
  const rows: number[][] = [];
  const y: number[] = [];
  for (let t = holdBack; t < x.length; t++) {
    const row = trend === 'c' ? [1] : [];
    for (let i = 1; i <= p; i++) row.push(x[t - i]);
    rows.push(row);
    y.push(x[t]);
  }
  return { rows, y };
}

/** Information criteria in statsmodels' AutoReg form (df counts the regressors plus sigma2). */
function criteria(llf: number, nobs: number, regressors: number): { aic: number; bic: number; hqic: number } {
  const df = regressors + 1;
  return { aic: -2 * llf + 2 * df, bic: -2 * llf + Math.log(nobs) * df, hqic: -2 * llf + 2 * Math.log(Math.log(nobs)) * df };
}

function gaussianLlf(ssr: number, nobs: number, sigma2: number): number {
  return -0.5 * nobs * Math.log(2 * Math.PI * sigma2) - ssr / (2 * sigma2);
}

/** Fit AR(p) to a univariate series. */
export function fitAR(series: SeriesLike, p: number, options: AROptions = {}): ARModel {
  requireInt(p, 'AR order p', 0);
  const x = toSeries(series, 'series', options.missing);
  const trend = options.trend ?? 'c';
  const method = options.method ?? 'ols';
  const k = p + (trend === 'c' ? 1 : 0);
  requireLength(x, p + Math.max(k, 1) + 1, `AR(${p}) with trend '${trend}'`);
  let params: number[];
  let sigma2: number | null = null;
  if (method === 'ols') {
    const { rows, y } = lagDesign(x, p, trend, p);
    params = k === 0 ? [] : lstsq(rows, y, `AR(${p}) least squares`).beta;
  } else {
    // Yule-Walker on the demeaned series (trend 'c') or the raw one ('n'); the constant follows
    // from the mean: c = mu (1 - sum phi).
    const mu = trend === 'c' ? mean(x) : 0;
    const r = trend === 'c' ? autocovariance(x, p) : rawMoments(x, p);
    if (!(r[0] > 0)) throw new RangeError('Yule-Walker needs a series with non-zero variance');
    const yw = yuleWalkerFromAcov(r, p);
    sigma2 = yw.sigma2;
    params = trend === 'c' ? [mu * (1 - yw.phi.reduce((a, b) => a + b, 0)), ...yw.phi] : yw.phi;
  }
  const constant = trend === 'c' ? params[0] : 0;
  const ar = trend === 'c' ? params.slice(1) : params.slice();
  const nobs = x.length - p;
  const resid = new Float64Array(nobs);
  let ssr = 0;
  for (let t = p; t < x.length; t++) {
    let fit = constant;
    for (let i = 1; i <= p; i++) fit += ar[i - 1] * x[t - i];
    resid[t - p] = x[t] - fit;
    ssr += resid[t - p] ** 2;
  }
  // OLS: the MLE of sigma2 given the conditional likelihood; Yule-Walker keeps its own estimate.
  const s2 = sigma2 ?? ssr / nobs;
  const llf = gaussianLlf(ssr, nobs, s2);
  return {
    p,
    trend,
    method,
    params,
    ar,
    constant,
    sigma2: s2,
    llf,
    ...criteria(llf, nobs, k),
    nobs,
    resid,
    forecast: (h: number, alpha = 0.05) => arForecast(x, constant, ar, s2, h, alpha),
  };
}

/** Second moments about zero (the 'n' trend Yule-Walker: no mean is removed). */
function rawMoments(x: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p + 1);
  for (let k = 0; k <= p; k++) {
    let s = 0;
    for (let t = k; t < x.length; t++) s += x[t] * x[t - k];
    out[k] = s / x.length;
  }
  return out;
}

/** Recursive AR forecasts; variance sigma2 * sum_{j<h} psi_j^2. */
export function arForecast(x: ArrayLike<number>, constant: number, ar: readonly number[], sigma2: number, h: number, alpha = 0.05): Forecast {
  requireInt(h, 'forecast horizon', 0);
  const p = ar.length;
  if (x.length < p) throw new RangeError(`forecasting AR(${p}) needs the last ${p} observations, got ${x.length}`);
  const path = Array.from(x).slice(x.length - p);
  const mean = new Float64Array(h);
  for (let s = 0; s < h; s++) {
    let v = constant;
    for (let i = 1; i <= p; i++) v += ar[i - 1] * path[path.length - i];
    path.push(v);
    mean[s] = v;
  }
  const psi = psiWeights(ar, [], h);
  const variance = new Float64Array(h);
  let cum = 0;
  for (let s = 0; s < h; s++) {
    cum += psi[s] * psi[s];
    variance[s] = sigma2 * cum;
  }
  return makeForecast(mean, variance, alpha);
}

export interface SelectAROptions extends MissingOption {
  ic?: InformationCriterion;
  trend?: ARTrend;
}

export interface AROrderSelection {
  /** The chosen order. */
  p: number;
  ic: InformationCriterion;
  /** Criteria of every candidate order on the common sample (t = maxLag .. n-1). */
  table: { p: number; aic: number; bic: number; hqic: number }[];
  /** The chosen order refitted on the full sample (holding back only p observations). */
  model: ARModel;
}

/**
 * Choose p in 0..maxLag minimising an information criterion. As in statsmodels' ar_select_order,
 * every candidate is fitted on the same observations (the first maxLag held back) so the criteria
 * are comparable.
 */
export function selectAROrder(series: SeriesLike, maxLag: number, options: SelectAROptions = {}): AROrderSelection {
  requireInt(maxLag, 'selectAROrder maxLag', 0);
  const x = toSeries(series, 'series', options.missing);
  const trend = options.trend ?? 'c';
  const ic = options.ic ?? 'bic';
  const nobs = x.length - maxLag;
  const table: AROrderSelection['table'] = [];
  for (let p = 0; p <= maxLag; p++) {
    const k = p + (trend === 'c' ? 1 : 0);
    // A candidate needs more observations than regressors (and a non-degenerate residual).
    if (nobs <= k) continue;
    const { rows, y } = lagDesign(x, p, trend, maxLag);
    let ssr: number;
    try {
      ssr = k === 0 ? y.reduce((a, v) => a + v * v, 0) : lstsq(rows, y).ssr;
    } catch {
      continue; // collinear lags: this candidate is infeasible
    }
    if (!(ssr > 0)) continue;
    const llf = gaussianLlf(ssr, nobs, ssr / nobs);
    table.push({ p, ...criteria(llf, nobs, k) });
  }
  if (table.length === 0) {
    throw new RangeError(
      `selectAROrder: no feasible AR order in 0..${maxLag}: ${x.length} observations leave ${Math.max(0, nobs)} after holding back ${maxLag}, ` +
        `too few for any candidate (or the residuals are exactly zero); lower maxLag or supply a longer series`,
    );
  }
  let best = table[0];
  for (const row of table) if (row[ic] < best[ic]) best = row;
  return { p: best.p, ic, table, model: fitAR(x, best.p, { trend }) };
}
