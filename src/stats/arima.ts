// ARMA / ARIMA(p,d,q) / SARIMA(p,d,q)(P,D,Q,s) / ARIMAX by exact Gaussian maximum likelihood: the
// model is a regression with SARIMA errors (statsmodels' ARIMA: y_t = x_t' beta + u_t, a constant
// being one more regressor), written in state-space form and evaluated by the Kalman filter. The
// optimiser works on unconstrained values mapped to stationary / invertible polynomials (Jones /
// Monahan), so every candidate it tries is a valid model. With differencing the default is the
// exact diffuse likelihood (R's arima, statsmodels' simple_differencing); 'approximate' keeps
// statsmodels' SARIMAX default (a 1e6 prior variance on the integration states).
import { throwIfAborted } from './abort.ts';
import { constrainStationary, isStationary, multiplySeasonal, unconstrainStationary } from './arima-params.ts';
import { armaFilterSums } from './arma-filter.ts';
import { differenceSeries, dot, initialGuesses, range, readExog, split, spread, type ExogInput, type Layout } from './arima-util.ts';
import { makeForecast, type Forecast } from './forecast.ts';
import { minimizeBFGS } from './optimize.ts';
import { requireInt, requireLength, toSeries, type MissingOption, type SeriesLike } from './series.ts';
import { forecastStates, kalmanFilter, sarimaStateSpace, type StateSpace } from './state-space.ts';
import { ArgumentError } from '../errors.ts';

export interface ARIMAOrder {
  p: number;
  d: number;
  q: number;
}

export interface SeasonalOrder {
  P: number;
  D: number;
  Q: number;
  s: number;
}

export interface ARIMAOptions extends MissingOption {
  /** Seasonal part (P, D, Q, s); default none. */
  seasonal?: SeasonalOrder;
  /** 'c' adds a constant regressor (the process mean); default 'c' when d = D = 0, else 'n'. */
  trend?: 'c' | 'n';
  /** Exogenous regressors, time-major: exog[t][j] (or one array for a single regressor). */
  exog?: ExogInput;
  /** Starting values in the order of `paramNames` (else Hannan-Rissanen style estimates). */
  startParams?: readonly number[];
  /** Optimiser iteration cap (default 500). */
  maxIter?: number;
  /**
   * Initialisation of the integration states when d or D > 0: 'exact' (default) is the exact diffuse
   * likelihood, as R's arima and statsmodels' SARIMAX(simple_differencing=True); 'approximate' gives
   * them a prior variance of 1e6, as statsmodels' ARIMA / SARIMAX default.
   */
  diffuse?: DiffuseMethod;
  /** Aborting it makes the fit throw a DOMException named 'AbortError' (checked every optimiser step). */
  signal?: AbortSignal;
  /** Called after every optimiser step with the current log-likelihood (data units). */
  progress?: (info: ARIMAProgress) => void;
}

export type DiffuseMethod = 'exact' | 'approximate';

export interface ARIMAProgress {
  /** Which starting point is being optimised (0-based) and how many there are. */
  start: number;
  starts: number;
  iteration: number;
  llf: number;
}

export interface ARIMAModel {
  order: ARIMAOrder;
  seasonal: SeasonalOrder;
  trend: 'c' | 'n';
  /** statsmodels' names: const, x1.., ar.L1.., ma.L1.., ar.S.L{s}.., ma.S.L{s}.., sigma2. */
  paramNames: string[];
  params: number[];
  /** Non-seasonal and seasonal AR / MA coefficients, regression coefficients. */
  ar: number[];
  ma: number[];
  seasonalAR: number[];
  seasonalMA: number[];
  beta: number[];
  sigma2: number;
  llf: number;
  aic: number;
  bic: number;
  /** AIC with the small-sample correction: aic + 2k(k+1)/(nobsEffective - k - 1), k = params.length. */
  aicc: number;
  /** Observations behind llf (n minus the d + s*D diffuse ones). */
  nobsEffective: number;
  converged: boolean;
  diffuse: DiffuseMethod;
  /** One-step forecast errors y_t - E[y_t | past] for the nobsEffective non-diffuse observations. */
  residuals: Float64Array;
  /** The same errors divided by their standard deviations sqrt(F_t). */
  standardizedResiduals: Float64Array;
  /** Forecasts with standard errors; `exog` must give the regressors for the h future steps. */
  forecast(h: number, options?: { exog?: ExogInput; alpha?: number }): Forecast;
  /** Log-likelihood of the data at any parameter vector (in `paramNames` order). */
  loglike(params: readonly number[]): number;
}

const DIFFUSE_VARIANCE = 1e6; // statsmodels' approximate-diffuse prior variance

/** Tuning used by autoARIMA's search: one starting point and a looser gradient tolerance. */
export interface ARIMATuning {
  singleStart?: boolean;
  gradTol?: number;
  fTol?: number;
  maxIter?: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Fit an ARIMA-family model by exact maximum likelihood. */
export function fitARIMA(series: SeriesLike, order: ARIMAOrder, options: ARIMAOptions = {}): ARIMAModel {
  return fitARIMAWith(series, order, options, {});
}

export function fitARIMAWith(series: SeriesLike, order: ARIMAOrder, options: ARIMAOptions, tuning: ARIMATuning): ARIMAModel {
  const { p, d, q } = order;
  requireInt(p, 'ARIMA p', 0, 50);
  requireInt(d, 'ARIMA d', 0, 3);
  requireInt(q, 'ARIMA q', 0, 50);
  const seasonal = options.seasonal ?? { P: 0, D: 0, Q: 0, s: 0 };
  const { P, D, Q } = seasonal;
  const s = P + D + Q > 0 ? seasonal.s : 0;
  requireInt(P, 'seasonal P', 0, 10);
  requireInt(D, 'seasonal D', 0, 2);
  requireInt(Q, 'seasonal Q', 0, 10);
  if (P + D + Q > 0) requireInt(s, 'seasonal period s', 2);
  const diffuse = options.diffuse ?? 'exact';
  if (diffuse !== 'exact' && diffuse !== 'approximate') throw new ArgumentError(`ARIMA diffuse must be 'exact' or 'approximate', got ${String(diffuse)}`);
  const exact = diffuse === 'exact';
  throwIfAborted(options.signal, 'fitARIMA');
  const y = toSeries(series, 'series', options.missing);
  const trend = options.trend ?? (d === 0 && D === 0 ? 'c' : 'n');
  if (trend === 'c' && (d > 0 || D > 0)) {
    throw new RangeError("ARIMA: a constant is not identified after differencing (d or D > 0); use trend 'n'");
  }
  const userExog = readExog(options.exog, y.length, 'exog');
  const x = userExog.map((r) => (trend === 'c' ? [1, ...r] : r));
  const layout: Layout = { nBeta: x.length > 0 ? x[0].length : trend === 'c' ? 1 : 0, p, q, P, Q };
  const nParams = layout.nBeta + p + q + P + Q + 1;
  const kDiff = d + s * D;
  requireLength(y, kDiff + nParams + 1, `ARIMA(${p},${d},${q})${s ? `(${P},${D},${Q},${s})` : ''}`);

  const names = [
    ...(trend === 'c' ? ['const'] : []),
    ...(userExog[0] ?? []).map((_, j) => `x${j + 1}`),
    ...range(p).map((i) => `ar.L${i + 1}`),
    ...range(q).map((i) => `ma.L${i + 1}`),
    ...range(P).map((i) => `ar.S.L${(i + 1) * s}`),
    ...range(Q).map((i) => `ma.S.L${(i + 1) * s}`),
    'sigma2',
  ];

  // Work in units of `scale` (the spread of the differenced series) so that the optimiser sees
  // O(1) parameters. The likelihood is exactly equivariant if the diffuse prior is rescaled too:
  // llf(y) = llf(y / c; kappa / c^2) - nobsEffective * log c.
  const dy = differenceSeries(y, d, D, s);
  if (spread(dy) === 0 && layout.nBeta === (trend === 'c' ? 1 : 0)) {
    throw new RangeError(`ARIMA: the series is constant after differencing (d = ${d}, D = ${D}); its likelihood has no maximum`);
  }
  const scale = spread(dy) || 1;
  const ys = y.map((v) => v / scale);
  const prior = (kappa: number): number | 'exact' => (exact ? 'exact' : kappa);

  const model = (params: readonly number[], yData: Float64Array, kappa: number, sigma2?: number): { ss: StateSpace; resid: Float64Array } | null => {
    const c = split(params, layout);
    const s2 = sigma2 ?? c.sigma2;
    if (!(s2 > 0)) return null;
    const phi = multiplySeasonal(c.ar, c.sar, s, -1);
    const theta = multiplySeasonal(c.ma, c.sma, s, 1);
    const ss = sarimaStateSpace({ d, D, s, phi, theta, sigma2: s2, diffuseVariance: prior(kappa) });
    const resid = yData.map((v, t) => v - dot(x[t], c.beta));
    return { ss, resid };
  };
  // Approximate diffuse: the full-length filter with sigma2 among the optimised parameters.
  const llfScaled = (params: readonly number[]): number => {
    const m = model(params, ys, DIFFUSE_VARIANCE / (scale * scale));
    return m === null ? -Infinity : kalmanFilter(m.ss, m.resid).llf;
  };
  // Exact diffuse: the exact likelihood equals that of the differenced regression with stationary
  // ARMA errors, so the optimiser runs on the short differenced series, with sigma2 concentrated
  // out (sigma2_hat = sum v^2/F / n when the filter runs at sigma2 = 1).
  const dys = dy.map((v) => v / scale);
  const xd = range(layout.nBeta).map((j) => differenceSeries(x.map((r) => r[j]), d, D, s));
  const concentrated = (params: readonly number[]): { llf: number; sigma2: number } => {
    const c = split(params, layout);
    const phi = multiplySeasonal(c.ar, c.sar, s, -1);
    const theta = multiplySeasonal(c.ma, c.sma, s, 1);
    const resid = dys.map((v, t) => {
      let r = v;
      for (let j = 0; j < layout.nBeta; j++) r -= xd[j][t] * c.beta[j];
      return r;
    });
    const f = armaFilterSums(phi, theta, resid);
    if (f === null) return { llf: -Infinity, sigma2: NaN };
    const n = f.n;
    const sigma2 = f.sumSq / n;
    return { llf: -0.5 * (n * (LOG_2PI + Math.log(sigma2) + 1) + f.sumLogF), sigma2 };
  };
  // Unconstrained vector: [beta, u_ar, u_ma, u_sar, u_sma, log sigma2] (scaled units); the exact
  // path drops the last entry (sigma2 is concentrated out).
  const toParams = (u: readonly number[]): number[] => {
    let i = 0;
    const take = (n: number): number[] => u.slice(i, (i += n));
    const beta = take(layout.nBeta);
    const ar = constrainStationary(take(p));
    const ma = constrainStationary(take(q)).map((v) => -v);
    const sar = constrainStationary(take(P));
    const sma = constrainStationary(take(Q)).map((v) => -v);
    return [...beta, ...ar, ...ma, ...sar, ...sma, exact ? 1 : Math.exp(u[i])];
  };
  const fromParams = (params: readonly number[], what: string): number[] => {
    const c = split(params, layout);
    const check = (coef: number[], kind: string, invert: boolean): number[] => {
      const u = unconstrainStationary(invert ? coef.map((v) => -v) : coef);
      if (u === null || !u.every(Number.isFinite)) {
        throw new RangeError(`${what}: the ${kind} coefficients [${coef.join(', ')}] are not ${invert ? 'invertible' : 'stationary'} (a root of the lag polynomial is on or inside the unit circle)`);
      }
      return u;
    };
    if (!(c.sigma2 > 0)) throw new RangeError(`${what}: sigma2 must be positive, got ${c.sigma2}`);
    const u = [...c.beta, ...check(c.ar, 'AR', false), ...check(c.ma, 'MA', true), ...check(c.sar, 'seasonal AR', false), ...check(c.sma, 'seasonal MA', true)];
    return exact ? u : [...u, Math.log(c.sigma2)];
  };
  const scaleParams = (params: readonly number[], factor: number): number[] => {
    const out = params.slice();
    for (let j = 0; j < layout.nBeta; j++) out[j] *= factor;
    out[out.length - 1] *= factor * factor;
    return out;
  };

  // Starting points: user values, or a regression + Hannan-Rissanen estimate, and all-zero ARMA.
  const starts: number[][] = [];
  if (options.startParams) {
    if (options.startParams.length !== nParams) {
      throw new RangeError(`startParams has ${options.startParams.length} values, the model has ${nParams}: ${names.join(', ')}`);
    }
    starts.push(fromParams(scaleParams(options.startParams, 1 / scale), 'startParams'));
  } else {
    for (const st of initialGuesses(ys, x, d, D, s, layout)) {
      try {
        starts.push(fromParams(st, 'start'));
      } catch {
        // a non-stationary Hannan-Rissanen guess is simply skipped; the zero start remains
      }
    }
    if (tuning.singleStart) starts.splice(1);
  }
  const objective = (u: readonly number[]): number => {
    // A trial point so extreme that the filter breaks down (parameters pushed to the edge of the
    // stationary region make the initial covariance degenerate) is an infeasible point, not an error.
    let v: number;
    try {
      v = exact ? concentrated(toParams(u)).llf : llfScaled(toParams(u));
    } catch (e) {
      if (e instanceof RangeError) return Infinity;
      throw e;
    }
    return Number.isFinite(v) ? -v / dy.length : Infinity;
  };
  let best = { x: starts[0], fun: Infinity, converged: false };
  starts.forEach((u0, start) => {
    const onIteration = (iteration: number, fun: number): void => {
      throwIfAborted(options.signal, 'fitARIMA');
      options.progress?.({ start, starts: starts.length, iteration, llf: -fun * dy.length - dy.length * Math.log(scale) });
    };
    const r = minimizeBFGS(objective, u0, { maxIter: tuning.maxIter ?? options.maxIter ?? 500, gradTol: tuning.gradTol ?? 1e-8, fTol: tuning.fTol, onIteration });
    if (r.fun < best.fun) best = r;
  });
  if (!Number.isFinite(best.fun)) throw new RangeError('ARIMA: the likelihood could not be evaluated at any starting point');

  let scaledParams = toParams(best.x);
  if (exact) scaledParams[scaledParams.length - 1] = concentrated(scaledParams).sigma2;
  const params = scaleParams(scaledParams, scale);
  const loglike = (prm: readonly number[]): number => {
    if (prm.length !== nParams) throw new RangeError(`loglike needs ${nParams} parameters (${names.join(', ')}), got ${prm.length}`);
    const m = model(prm, y, DIFFUSE_VARIANCE);
    if (m === null) throw new RangeError('loglike: sigma2 must be positive');
    const c = split(prm, layout);
    if (!isStationary(multiplySeasonal(c.ar, c.sar, s, -1))) throw new RangeError('loglike: the AR part is not stationary');
    return kalmanFilter(m.ss, m.resid).llf;
  };
  // The reported fit runs the full-length filter in data units (the exact diffuse one when exact),
  // which also yields the level-space state for forecasting and the one-step residuals.
  const fitted = model(params, y, DIFFUSE_VARIANCE)!;
  const filtered = kalmanFilter(fitted.ss, fitted.resid, true);
  const llf = filtered.llf;
  const residuals: number[] = [];
  const standardized: number[] = [];
  filtered.innovations!.forEach((v, t) => {
    const f = filtered.innovationVar![t];
    if (t >= fitted.ss.burn && Number.isFinite(f)) {
      residuals.push(v);
      standardized.push(v / Math.sqrt(f));
    }
  });
  const c = split(params, layout);
  const nEff = filtered.nobsEffective;
  return {
    order,
    seasonal: { P, D, Q, s },
    trend,
    paramNames: names,
    params,
    ar: c.ar,
    ma: c.ma,
    seasonalAR: c.sar,
    seasonalMA: c.sma,
    beta: c.beta,
    sigma2: c.sigma2,
    llf,
    aic: -2 * llf + 2 * nParams,
    bic: -2 * llf + Math.log(nEff) * nParams,
    aicc: -2 * llf + 2 * nParams + (nEff - nParams - 1 > 0 ? (2 * nParams * (nParams + 1)) / (nEff - nParams - 1) : Infinity),
    nobsEffective: nEff,
    converged: best.converged,
    diffuse,
    residuals: Float64Array.from(residuals),
    standardizedResiduals: Float64Array.from(standardized),
    loglike,
    forecast(h, fo = {}) {
      requireInt(h, 'forecast horizon', 0);
      const hasExog = userExog.length > 0 && userExog[0].length > 0;
      if (hasExog && fo.exog === undefined) throw new RangeError(`forecast needs exog values for the ${h} future steps (the model has ${userExog[0].length} regressors)`);
      if (!hasExog && fo.exog !== undefined) throw new RangeError('forecast exog given, but the model has no exogenous regressors');
      const userFuture = hasExog ? readExog(fo.exog, h, 'forecast exog') : Array.from({ length: h }, () => []);
      const future = userFuture.map((r) => (trend === 'c' ? [1, ...r] : r));
      const f = forecastStates(fitted.ss, filtered, h);
      const mean = f.mean.map((v, t) => v + dot(future[t], c.beta));
      return makeForecast(mean, f.variance, fo.alpha ?? 0.05);
    },
  };
}
