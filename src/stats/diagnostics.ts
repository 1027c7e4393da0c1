// Residual diagnostics: the Ljung-Box and Box-Pierce portmanteau tests (as statsmodels'
// acorr_ljungbox, with model_df subtracted from the chi-square degrees of freedom), the Jarque-Bera
// normality test, and arimaDiagnostics, which runs them on a fitted ARIMA model's residuals.
import type { ARIMAModel } from './arima.ts';
import { chi2Sf } from './distributions.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { toSeries, type SeriesLike } from './series.ts';

export interface PortmanteauOptions {
  /** Test at lags 1..lags (default min(n / 5, 10), as statsmodels). */
  lags?: number;
  /** Degrees of freedom used by the model (p + q for ARMA residuals); subtracted from each lag's df. */
  modelDf?: number;
}

export interface PortmanteauResult {
  lags: number[];
  statistic: Float64Array;
  /** NaN where lag - modelDf <= 0. */
  pValue: Float64Array;
}

function portmanteau(series: SeriesLike, options: PortmanteauOptions, ljung: boolean): PortmanteauResult {
  const x = toSeries(series, 'residuals');
  const n = x.length;
  if (n < 2) throw new ShapeError(`portmanteau test needs at least 2 observations, got ${n}`);
  const lags = options.lags ?? Math.min(Math.floor(n / 5), 10);
  const modelDf = options.modelDf ?? 0;
  if (!Number.isInteger(lags) || lags < 1 || lags >= n) throw new ArgumentError(`lags must be an integer in [1, ${n - 1}], got ${lags}`);
  if (!Number.isInteger(modelDf) || modelDf < 0) throw new ArgumentError(`modelDf must be a non-negative integer, got ${modelDf}`);
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i] / n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (x[i] - m) ** 2;
  const statistic = new Float64Array(lags);
  const pValue = new Float64Array(lags);
  let q = 0;
  for (let k = 1; k <= lags; k++) {
    let ck = 0;
    for (let t = k; t < n; t++) ck += (x[t] - m) * (x[t - k] - m);
    const r = ck / c0;
    q += ljung ? (n * (n + 2) * r * r) / (n - k) : n * r * r;
    statistic[k - 1] = q;
    pValue[k - 1] = k - modelDf > 0 ? chi2Sf(q, k - modelDf) : NaN;
  }
  return { lags: Array.from({ length: lags }, (_, i) => i + 1), statistic, pValue };
}

/** Ljung-Box Q(k) = n (n + 2) sum_{j<=k} r_j^2 / (n - j) for k = 1..lags. */
export function ljungBox(series: SeriesLike, options: PortmanteauOptions = {}): PortmanteauResult {
  return portmanteau(series, options, true);
}

/** Box-Pierce Q(k) = n sum_{j<=k} r_j^2 for k = 1..lags. */
export function boxPierce(series: SeriesLike, options: PortmanteauOptions = {}): PortmanteauResult {
  return portmanteau(series, options, false);
}

/** Jarque-Bera statistic n/6 (S^2 + (K - 3)^2 / 4), chi-square(2) p-value, skewness and kurtosis. */
export function jarqueBera(series: SeriesLike): { statistic: number; pValue: number; skewness: number; kurtosis: number } {
  const x = toSeries(series, 'residuals');
  const n = x.length;
  const m = x.reduce((a, v) => a + v, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of x) {
    const d = v - m;
    m2 += (d * d) / n;
    m3 += (d * d * d) / n;
    m4 += (d * d * d * d) / n;
  }
  const skewness = m3 / m2 ** 1.5;
  const kurtosis = m4 / (m2 * m2);
  const statistic = (n / 6) * (skewness ** 2 + (kurtosis - 3) ** 2 / 4);
  return { statistic, pValue: chi2Sf(statistic, 2), skewness, kurtosis };
}

export interface ARIMADiagnostics {
  ljungBox: PortmanteauResult;
  boxPierce: PortmanteauResult;
  jarqueBera: ReturnType<typeof jarqueBera>;
  residualMean: number;
  residualVariance: number;
}

/** Portmanteau tests (modelDf = p + q + P + Q) and normality on a fitted ARIMA model's residuals. */
export function arimaDiagnostics(model: ARIMAModel, options: { lags?: number } = {}): ARIMADiagnostics {
  const r = model.residuals;
  const modelDf = model.ar.length + model.ma.length + model.seasonalAR.length + model.seasonalMA.length;
  const mean = r.reduce((a, v) => a + v, 0) / r.length;
  return {
    ljungBox: ljungBox(r, { lags: options.lags, modelDf }),
    boxPierce: boxPierce(r, { lags: options.lags, modelDf }),
    jarqueBera: jarqueBera(model.standardizedResiduals),
    residualMean: mean,
    residualVariance: r.reduce((a, v) => a + (v - mean) ** 2, 0) / r.length,
  };
}
