// The forecast record every fitted model returns: point forecasts with standard errors and a
// symmetric normal interval. One helper builds it from means and variances so all models agree.
import { normalQuantile } from './series.ts';

export interface Forecast {
  /** Point forecasts for steps 1..h. */
  mean: Float64Array;
  /** Standard error of each forecast (sqrt of the mean squared forecast error). */
  se: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Intervals cover 1 - alpha (default alpha 0.05: 95 % intervals). */
  alpha: number;
}

export function makeForecast(mean: Float64Array, variance: ArrayLike<number>, alpha = 0.05): Forecast {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`forecast alpha must be in (0, 1), got ${alpha}`);
  const z = normalQuantile(1 - alpha / 2);
  const se = Float64Array.from(variance, (v) => Math.sqrt(Math.max(0, v)));
  return {
    mean,
    se,
    lower: mean.map((m, i) => m - z * se[i]),
    upper: mean.map((m, i) => m + z * se[i]),
    alpha,
  };
}

/**
 * Psi weights of an ARMA model (coefficients of the MA(infinity) form): psi_0 = 1,
 * psi_j = theta_j + sum_i phi_i psi_{j-i}. The h-step forecast error variance of a model driven by
 * these weights is sigma2 * sum_{j<h} psi_j^2. `ar` uses the sign convention x_t = sum phi_i x_{t-i}.
 */
export function psiWeights(ar: readonly number[], ma: readonly number[], count: number): Float64Array {
  const psi = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    let v = j === 0 ? 1 : j - 1 < ma.length ? ma[j - 1] : 0;
    for (let i = 1; i <= Math.min(j, ar.length); i++) v += ar[i - 1] * psi[j - i];
    psi[j] = v;
  }
  return psi;
}
