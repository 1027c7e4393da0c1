// The exact diffuse fixed-interval smoother for the state-space model of kalman.ts (Durbin & Koopman
// 2012 sec. 4.4 and 5.3: backward recursions for r, N, and in the diffuse periods r^(1), N^(1),
// N^(2)), giving smoothed states, their variances, and smoothed disturbances. Twin of kalman.ts.
import { addM, checkModel, dotV, kalmanFilter, mulM, mulV, outer, tr, zerosM, type KalmanFilterResult, type Matrix, type StateSpaceModel } from './kalman.ts';

export interface SmootherResult {
  filter: KalmanFilterResult;
  /** E[alpha_t | y_1..n]: [n][m], and Var[alpha_t | y_1..n]: [n][m][m]. */
  smoothed: number[][];
  smoothedCov: number[][][];
  /** E[eps_t | y] (y_t - Z alpha_hat_t; NaN where y_t is missing) and E[eta_t | y] = Q R' r_t: [n][r]. */
  observationDisturbance: Float64Array;
  stateDisturbance: number[][];
}

/** Smooth y through the model (runs the filter first). */
export function stateSmoother(model: StateSpaceModel, y: ArrayLike<number>): SmootherResult {
  const filter = kalmanFilter(model, y);
  const { T, Z, RQ } = checkModel(model);
  const diffInf = (filter as KalmanFilterResult & { diffInf: Float64Array }).diffInf;
  const m = Z.length;
  const n = y.length;
  const Tt = tr(T);
  let r0 = new Array<number>(m).fill(0);
  let r1 = new Array<number>(m).fill(0);
  let N0: Matrix = zerosM(m, m);
  let N1: Matrix = zerosM(m, m);
  let N2: Matrix = zerosM(m, m);
  const smoothed: number[][] = new Array(n);
  const smoothedCov: number[][][] = new Array(n);
  const stateDisturbance: number[][] = new Array(n);
  const observationDisturbance = new Float64Array(n).fill(NaN);
  const sandwich = (A: Matrix, N: Matrix, B: Matrix): Matrix => mulM(mulM(tr(A), N), B);
  for (let t = n - 1; t >= 0; t--) {
    stateDisturbance[t] = RQ.length && RQ[0].length ? mulV(tr(RQ), r0) : [];
    const a = filter.predicted[t];
    const P = filter.predictedCov[t];
    const Pi = filter.diffuseCov[t];
    const v = filter.innovations[t];
    const F = filter.innovationVar[t];
    if (Number.isNaN(y[t])) {
      r0 = mulV(Tt, r0);
      r1 = mulV(Tt, r1);
      N0 = sandwich(T, N0, T);
      N1 = sandwich(T, N1, T);
      N2 = sandwich(T, N2, T);
    } else if (diffInf[t] > 0) {
      const Fi = diffInf[t];
      const Ms = mulV(P, Z);
      const Mi = mulV(Pi, Z);
      const K0 = mulV(T, Mi).map((x) => x / Fi);
      const K1 = mulV(T, Ms).map((x, i) => x / Fi - (K0[i] * F) / Fi);
      const L0 = addM(T, outer(K0, Z), -1);
      const L1 = outer(K1, Z, -1);
      const zz = outer(Z, Z);
      const r1n = mulV(tr(L0), r1).map((x, i) => x + (Z[i] * v) / Fi + dotV(L1.map((row) => row[i]), r0));
      const r0n = mulV(tr(L0), r0);
      const N2n = addM(addM(addM(addM(addM(zerosM(m, m), zz, -F / (Fi * Fi)), sandwich(L0, N2, L0)), sandwich(L0, N1, L1)), sandwich(L1, N1, L0)), sandwich(L1, N0, L1));
      const N1n = addM(addM(addM(addM(zerosM(m, m), zz, 1 / Fi), sandwich(L0, N1, L0)), sandwich(L1, N0, L0)), sandwich(L0, N0, L1));
      const N0n = sandwich(L0, N0, L0);
      [r0, r1, N0, N1, N2] = [r0n, r1n, N0n, N1n, N2n];
    } else {
      const Ms = mulV(P, Z);
      const K = mulV(T, Ms).map((x) => x / F);
      const L = addM(T, outer(K, Z), -1);
      r0 = mulV(tr(L), r0).map((x, i) => x + (Z[i] * v) / F);
      r1 = mulV(tr(L), r1);
      N0 = addM(sandwich(L, N0, L), outer(Z, Z, 1 / F));
      N1 = sandwich(L, N1, L);
      N2 = sandwich(L, N2, L);
    }
    // alpha_hat = a + P r0 + Pinf r1;  V = P - P N0 P - (Pinf N1 P)' - Pinf N1 P - Pinf N2 Pinf
    smoothed[t] = a.map((x, i) => x + dotV(P[i], r0) + dotV(Pi[i], r1));
    const PiN1P = mulM(mulM(Pi, N1), P);
    let V = addM(P, mulM(mulM(P, N0), P), -1);
    V = addM(addM(V, tr(PiN1P), -1), PiN1P, -1);
    smoothedCov[t] = addM(V, mulM(mulM(Pi, N2), Pi), -1);
    if (!Number.isNaN(y[t])) observationDisturbance[t] = y[t] - dotV(Z, smoothed[t]);
  }
  return { filter, smoothed, smoothedCov, observationDisturbance, stateDisturbance };
}
