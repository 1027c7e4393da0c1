// ARMA / ARIMA(p,d,q) / SARIMA(p,d,q)(P,D,Q,s) / ARIMAX by exact Gaussian maximum likelihood: the
// model is a regression with SARIMA errors (statsmodels' ARIMA: y_t = x_t' beta + u_t, a constant
// being one more regressor), written in state-space form and evaluated by the Kalman filter. The
// optimiser works on unconstrained values mapped to stationary / invertible polynomials (Jones /
// Monahan), so every candidate it tries is a valid model.
import { constrainStationary, isStationary, multiplySeasonal, unconstrainStationary } from './arima-params.ts';
import { makeForecast, type Forecast } from './forecast.ts';
import { lstsq } from './linalg.ts';
import { minimizeBFGS } from './optimize.ts';
import { requireInt, requireLength, toSeries, type MissingOption, type SeriesLike } from './series.ts';
import { forecastStates, kalmanFilter, sarimaStateSpace, type StateSpace } from './state-space.ts';

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
  exog?: readonly (readonly number[])[] | ArrayLike<number>;
  /** Starting values in the order of `paramNames` (else Hannan-Rissanen style estimates). */
  startParams?: readonly number[];
  /** Optimiser iteration cap (default 500). */
  maxIter?: number;
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
  /** Observations behind llf (n minus the d + s*D diffuse ones). */
  nobsEffective: number;
  converged: boolean;
  /** Forecasts with standard errors; `exog` must give the regressors for the h future steps. */
  forecast(h: number, options?: { exog?: readonly (readonly number[])[] | ArrayLike<number>; alpha?: number }): Forecast;
  /** Log-likelihood of the data at any parameter vector (in `paramNames` order). */
  loglike(params: readonly number[]): number;
}

const DIFFUSE_VARIANCE = 1e6; // statsmodels' approximate-diffuse prior variance

interface Layout {
  nBeta: number;
  p: number;
  q: number;
  P: number;
  Q: number;
}

/** Convert exog into [n][k] rows, checking length and values. */
function readExog(exog: ARIMAOptions['exog'], n: number, what: string): number[][] {
  if (exog === undefined) return Array.from({ length: n }, () => []);
  const rows = Array.from({ length: exog.length }, (_, t) => {
    const v = (exog as ArrayLike<unknown>)[t];
    return Array.isArray(v) ? (v as number[]).slice() : [v as number];
  });
  if (rows.length !== n) throw new RangeError(`${what} has ${rows.length} rows, expected ${n}`);
  const k = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((r, t) => {
    if (r.length !== k) throw new RangeError(`${what} row ${t} has ${r.length} columns, expected ${k}`);
    r.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new RangeError(`${what} has a non-finite value (${v}) at row ${t}, column ${j}`);
    });
  });
  return rows;
}

/** Apply (1 - B)^d (1 - B^s)^D to a series. */
function differenceSeries(x: ArrayLike<number>, d: number, D: number, s: number): number[] {
  let v = Array.from(x);
  for (let i = 0; i < d; i++) v = v.slice(1).map((val, t) => val - v[t]);
  for (let i = 0; i < D; i++) v = v.slice(s).map((val, t) => val - v[t]);
  return v;
}

/** Fit an ARIMA-family model by exact maximum likelihood. */
export function fitARIMA(series: SeriesLike, order: ARIMAOrder, options: ARIMAOptions = {}): ARIMAModel {
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

  const model = (params: readonly number[], yData: Float64Array, kappa: number): { ss: StateSpace; resid: Float64Array } | null => {
    const c = split(params, layout);
    if (!(c.sigma2 > 0)) return null;
    const phi = multiplySeasonal(c.ar, c.sar, s, -1);
    const theta = multiplySeasonal(c.ma, c.sma, s, 1);
    const ss = sarimaStateSpace({ d, D, s, phi, theta, sigma2: c.sigma2, diffuseVariance: kappa });
    const resid = yData.map((v, t) => v - dot(x[t], c.beta));
    return { ss, resid };
  };
  const llfScaled = (params: readonly number[]): number => {
    const m = model(params, ys, DIFFUSE_VARIANCE / (scale * scale));
    return m === null ? -Infinity : kalmanFilter(m.ss, m.resid).llf;
  };
  // Unconstrained vector: [beta, u_ar, u_ma, u_sar, u_sma, log sigma2] (scaled units).
  const toParams = (u: readonly number[]): number[] => {
    let i = 0;
    const take = (n: number): number[] => u.slice(i, (i += n));
    const beta = take(layout.nBeta);
    const ar = constrainStationary(take(p));
    const ma = constrainStationary(take(q)).map((v) => -v);
    const sar = constrainStationary(take(P));
    const sma = constrainStationary(take(Q)).map((v) => -v);
    return [...beta, ...ar, ...ma, ...sar, ...sma, Math.exp(u[i])];
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
    return [...c.beta, ...check(c.ar, 'AR', false), ...check(c.ma, 'MA', true), ...check(c.sar, 'seasonal AR', false), ...check(c.sma, 'seasonal MA', true), Math.log(c.sigma2)];
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
  }
  const objective = (u: readonly number[]): number => {
    // A trial point so extreme that the filter breaks down (parameters pushed to the edge of the
    // stationary region make the initial covariance degenerate) is an infeasible point, not an error.
    let v: number;
    try {
      v = llfScaled(toParams(u));
    } catch (e) {
      if (e instanceof RangeError) return Infinity;
      throw e;
    }
    return Number.isFinite(v) ? -v / dy.length : Infinity;
  };
  let best = { x: starts[0], fun: Infinity, converged: false };
  for (const u0 of starts) {
    const r = minimizeBFGS(objective, u0, { maxIter: options.maxIter ?? 500, gradTol: 1e-8 });
    if (r.fun < best.fun) best = r;
  }
  if (!Number.isFinite(best.fun)) throw new RangeError('ARIMA: the likelihood could not be evaluated at any starting point');

  const params = scaleParams(toParams(best.x), scale);
  const loglike = (prm: readonly number[]): number => {
    if (prm.length !== nParams) throw new RangeError(`loglike needs ${nParams} parameters (${names.join(', ')}), got ${prm.length}`);
    const m = model(prm, y, DIFFUSE_VARIANCE);
    if (m === null) throw new RangeError('loglike: sigma2 must be positive');
    const c = split(prm, layout);
    if (!isStationary(multiplySeasonal(c.ar, c.sar, s, -1))) throw new RangeError('loglike: the AR part is not stationary');
    return kalmanFilter(m.ss, m.resid).llf;
  };
  const fitted = model(params, y, DIFFUSE_VARIANCE)!;
  const filtered = kalmanFilter(fitted.ss, fitted.resid);
  const llf = filtered.llf;
  const c = split(params, layout);
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
    bic: -2 * llf + Math.log(filtered.nobsEffective) * nParams,
    nobsEffective: filtered.nobsEffective,
    converged: best.converged,
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

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function spread(x: readonly number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, v) => a + (v - m) * (v - m), 0) / x.length);
}

function split(params: readonly number[], l: Layout): { beta: number[]; ar: number[]; ma: number[]; sar: number[]; sma: number[]; sigma2: number } {
  let i = 0;
  const take = (n: number): number[] => params.slice(i, (i += n));
  return { beta: take(l.nBeta), ar: take(l.p), ma: take(l.q), sar: take(l.P), sma: take(l.Q), sigma2: params[i] };
}

/**
 * Starting values (scaled units): beta by least squares on the differenced data, then for the ARMA
 * part a Hannan-Rissanen regression (long AR for innovations, then OLS on lagged values and lagged
 * innovations); seasonal coefficients start at zero. A second start with every ARMA coefficient at
 * zero guards against a poor first guess.
 */
function initialGuesses(y: Float64Array, x: number[][], d: number, D: number, s: number, l: Layout): number[][] {
  const dy = differenceSeries(y, d, D, s);
  let beta = new Array<number>(l.nBeta).fill(0);
  if (l.nBeta > 0) {
    const cols = range(l.nBeta).map((j) => differenceSeries(x.map((r) => r[j]), d, D, s));
    try {
      beta = lstsq(dy.map((_, t) => cols.map((col) => col[t])), dy).beta;
    } catch {
      // collinear differenced regressors (e.g. a constant after differencing): start at zero
    }
  }
  const xd = range(l.nBeta).map((j) => differenceSeries(x.map((r) => r[j]), d, D, s));
  const w = dy.map((v, t) => v - xd.reduce((a, col, j) => a + col[t] * beta[j], 0));
  const variance = w.reduce((a, v) => a + v * v, 0) / w.length || 1;
  const zeros = [...beta, ...new Array<number>(l.p + l.q + l.P + l.Q).fill(0), variance];
  const guesses: number[][] = [];
  const hr = hannanRissanen(w, l.p, l.q);
  if (hr !== null) guesses.push([...beta, ...hr.ar, ...hr.ma, ...new Array<number>(l.P + l.Q).fill(0), hr.sigma2]);
  guesses.push(zeros);
  return guesses;
}

function hannanRissanen(w: number[], p: number, q: number): { ar: number[]; ma: number[]; sigma2: number } | null {
  if (p + q === 0) return null;
  const n = w.length;
  const m = q > 0 ? Math.min(Math.max(p + q + 5, Math.round(Math.log(n) ** 2)), Math.floor(n / 3)) : 0;
  try {
    // innovations from a long AR(m) fit (none needed for a pure AR)
    const e = new Array<number>(n).fill(0);
    if (m > 0) {
      const rows = range(n - m).map((i) => range(m).map((j) => w[i + m - j - 1]));
      const { beta } = lstsq(rows, w.slice(m));
      for (let t = m; t < n; t++) e[t] = w[t] - beta.reduce((a, b, j) => a + b * w[t - j - 1], 0);
    }
    const start = m + Math.max(p, q);
    const rows = range(n - start).map((i) => [...range(p).map((j) => w[start + i - j - 1]), ...range(q).map((j) => e[start + i - j - 1])]);
    const fit = lstsq(rows, w.slice(start));
    return { ar: fit.beta.slice(0, p), ma: fit.beta.slice(p), sigma2: fit.ssr / rows.length };
  } catch {
    return null;
  }
}
