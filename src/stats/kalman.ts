// The public linear Gaussian state-space model with a univariate observation:
//   y_t = Z a_t + eps_t, eps_t ~ N(0, H);   a_{t+1} = T a_t + R eta_t, eta_t ~ N(0, Q)
//   a_1 ~ N(a0, P0 + kappa Pinf), kappa -> infinity (exact diffuse, Durbin & Koopman 2012 ch. 5).
// kalmanFilter runs the exact diffuse filter (NaN observations are missing), stateSmoother the
// exact diffuse fixed-interval smoother (state and disturbances), forecastStateSpace forecasts.
// Dense matrices: meant for small structural models (local level / trend, see structural.ts).
import { ArgumentError, ShapeError } from '../errors.ts';

export interface StateSpaceModel {
  /** Transition T: [m, m]. */
  T: readonly (readonly number[])[];
  /** Design Z: [m]. */
  Z: readonly number[];
  /** Selection R: [m, r]. */
  R: readonly (readonly number[])[];
  /** State disturbance covariance Q: [r, r]. */
  Q: readonly (readonly number[])[];
  /** Observation noise variance H. */
  H: number;
  /** Initial mean (default zeros), proper part of the initial covariance (default zeros), diffuse part (default none). */
  a0?: readonly number[];
  P0?: readonly (readonly number[])[];
  Pinf?: readonly (readonly number[])[];
}

export interface KalmanFilterResult {
  /**
   * Exact diffuse log-likelihood (Durbin & Koopman 2012 eq. 7.4, as statsmodels): a diffuse period
   * (F_inf > 0) contributes -(log 2 pi + log F_inf) / 2, the others the usual Gaussian term.
   */
  llf: number;
  /** Observations in llf, and observations consumed by the diffuse initialisation. */
  nobsEffective: number;
  nobsDiffuse: number;
  /** One-step predictions a_t = E[alpha_t | y_1..t-1] ([n + 1][m]; the last is the forecast origin), P_t likewise. */
  predicted: number[][];
  predictedCov: number[][][];
  /** Filtered a_{t|t}, P_{t|t} ([n][m], [n][m][m]). */
  filtered: number[][];
  filteredCov: number[][][];
  /** Innovations v_t, their variances F_t and diffuse variances F_inf,t (NaN where y_t is missing). */
  innovations: Float64Array;
  innovationVar: Float64Array;
  /** @internal quantities the smoother needs */
  diffuseCov: number[][][];
}

type M = number[][];
const zerosM = (r: number, c: number): M => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const mulM = (a: M, b: M): M => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const tr = (a: M): M => a[0].map((_, j) => a.map((row) => row[j]));
const mulV = (a: M, v: readonly number[]): number[] => a.map((row) => row.reduce((s, x, k) => s + x * v[k], 0));
const dotV = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i], 0);
const outer = (a: readonly number[], b: readonly number[], c = 1): M => a.map((x) => b.map((y) => c * x * y));
const addM = (a: M, b: M, c = 1): M => a.map((row, i) => row.map((v, j) => v + c * b[i][j]));
const maxAbsM = (a: M): number => Math.max(0, ...a.map((row) => Math.max(...row.map(Math.abs))));

export { mulM, tr, mulV, dotV, outer, addM, zerosM };
export type { M as Matrix };

/** Validate the model's shapes and return dense copies. */
export function checkModel(model: StateSpaceModel): { T: M; Z: number[]; RQR: M; H: number; a0: number[]; P0: M; Pinf: M; RQ: M; Rm: M } {
  const m = model.Z.length;
  if (m === 0) throw new ShapeError('state-space model: Z is empty (the state needs at least one element)');
  const square = (x: readonly (readonly number[])[] | undefined, name: string, n: number): M => {
    if (x === undefined) return zerosM(n, n);
    if (x.length !== n || x.some((row) => row.length !== n)) throw new ShapeError(`state-space model: ${name} must be [${n}, ${n}]`);
    return x.map((row) => row.slice());
  };
  const T = square(model.T, 'T', m);
  const r = model.Q.length;
  const Q = square(model.Q, 'Q', r);
  if (model.R.length !== m || model.R.some((row) => row.length !== r)) throw new ShapeError(`state-space model: R must be [${m}, ${r}] (m = Z.length, r = Q.length)`);
  const Rm = model.R.map((row) => row.slice());
  if (!(model.H >= 0)) throw new ArgumentError(`state-space model: H must be a non-negative variance, got ${model.H}`);
  const a0 = model.a0 ? model.a0.slice() : new Array<number>(m).fill(0);
  if (a0.length !== m) throw new ShapeError(`state-space model: a0 has ${a0.length} entries, expected ${m}`);
  const RQ = r > 0 ? mulM(Rm, Q) : zerosM(m, 0);
  const RQR = r > 0 ? mulM(RQ, tr(Rm)) : zerosM(m, m);
  return { T, Z: model.Z.slice(), RQR, H: model.H, a0, P0: square(model.P0, 'P0', m), Pinf: square(model.Pinf, 'Pinf', m), RQ, Rm };
}

const DIFFUSE_TOL = 1e-9;
const LOG_2PI = Math.log(2 * Math.PI);

/** The exact diffuse Kalman filter (univariate form, Durbin & Koopman 2012 sec. 5.2). */
export function kalmanFilter(model: StateSpaceModel, y: ArrayLike<number>): KalmanFilterResult {
  const { T, Z, RQR, H, a0, P0, Pinf } = checkModel(model);
  const n = y.length;
  let a = a0.slice();
  let P = P0.map((r) => r.slice());
  let Pi: M | null = maxAbsM(Pinf) > 0 ? Pinf.map((r) => r.slice()) : null;
  const out: KalmanFilterResult = {
    llf: 0, nobsEffective: 0, nobsDiffuse: 0, predicted: [], predictedCov: [], filtered: [], filteredCov: [],
    innovations: new Float64Array(n).fill(NaN), innovationVar: new Float64Array(n).fill(NaN), diffuseCov: [],
  };
  const diffInf = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    out.predicted.push(a.slice());
    out.predictedCov.push(P.map((r) => r.slice()));
    out.diffuseCov.push(Pi ? Pi.map((r) => r.slice()) : zerosM(Z.length, Z.length));
    if (!Number.isNaN(y[t])) {
      const v = y[t] - dotV(Z, a);
      const Ms = mulV(P, Z);
      const F = dotV(Z, Ms) + H;
      const Mi = Pi ? mulV(Pi, Z) : null;
      const Fi = Mi ? dotV(Z, Mi) : 0;
      out.innovations[t] = v;
      out.innovationVar[t] = F;
      if (Pi && Mi && Fi > DIFFUSE_TOL) {
        diffInf[t] = Fi;
        a = a.map((x, i) => x + (Mi[i] * v) / Fi);
        P = addM(addM(P, outer(Mi, Mi, F / (Fi * Fi))), addM(outer(Ms, Mi), outer(Mi, Ms)), -1 / Fi);
        Pi = addM(Pi, outer(Mi, Mi), -1 / Fi);
        out.nobsDiffuse++;
        out.llf += -0.5 * (LOG_2PI + Math.log(Fi));
      } else {
        if (!(F > 0)) throw new ArgumentError(`kalmanFilter: innovation variance is not positive at t = ${t} (H = 0 and a degenerate state?)`);
        a = a.map((x, i) => x + (Ms[i] * v) / F);
        P = addM(P, outer(Ms, Ms), -1 / F);
        out.llf += -0.5 * (LOG_2PI + Math.log(F) + (v * v) / F);
        out.nobsEffective++;
      }
      if (Pi && maxAbsM(Pi) <= DIFFUSE_TOL) Pi = null;
    }
    out.filtered.push(a.slice());
    out.filteredCov.push(P.map((r) => r.slice()));
    a = mulV(T, a);
    P = addM(mulM(mulM(T, P), tr(T)), RQR);
    if (Pi) Pi = mulM(mulM(T, Pi), tr(T));
  }
  out.predicted.push(a);
  out.predictedCov.push(P);
  out.diffuseCov.push(Pi ?? zerosM(Z.length, Z.length));
  (out as KalmanFilterResult & { diffInf?: Float64Array }).diffInf = diffInf;
  return out;
}

/** h-step forecasts of y after the filter's last observation: mean Z a, variance Z P Z' + H. */
export function forecastStateSpace(model: StateSpaceModel, filtered: KalmanFilterResult, h: number): { mean: Float64Array; variance: Float64Array } {
  const { T, Z, RQR, H } = checkModel(model);
  if (!Number.isInteger(h) || h < 0) throw new ArgumentError(`forecast horizon must be a non-negative integer, got ${h}`);
  let a = filtered.predicted[filtered.predicted.length - 1].slice();
  let P = filtered.predictedCov[filtered.predictedCov.length - 1].map((r) => r.slice());
  if (maxAbsM(filtered.diffuseCov[filtered.diffuseCov.length - 1]) > 0) throw new ArgumentError('forecast: the state is still diffuse after the last observation (too few observations)');
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let s = 0; s < h; s++) {
    mean[s] = dotV(Z, a);
    variance[s] = dotV(Z, mulV(P, Z)) + H;
    a = mulV(T, a);
    P = addM(mulM(mulM(T, P), tr(T)), RQR);
  }
  return { mean, variance };
}
