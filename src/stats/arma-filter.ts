// The fast path of the exact ARMA likelihood: a Kalman filter specialised to the Harvey form of a
// stationary ARMA model (Z = e1, T = [phi | shifted identity], R = [1, theta]), on flat arrays with
// no allocation in the time loop, O(r^2) per step, and a steady-state shortcut. fitARIMA's
// optimiser (on the differenced series) and autoARIMA's search spend nearly all their time here;
// state-space.ts holds the general SARIMA filter with the diffuse integration states.

export interface ArmaFilterSums {
  /** Sum of log F_t and of v_t^2 / F_t over the observations, at sigma2 = 1. */
  sumLogF: number;
  sumSq: number;
  n: number;
}

/** Stationary covariance P = T P T' + R R' by doubling (sum of T^j R R' T'^j, 2^i terms at a time). */
function stationaryCov(phi: Float64Array, rv: Float64Array, r: number, p: Float64Array): boolean {
  let a = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    a[i * r] = phi[i];
    if (i + 1 < r) a[i * r + i + 1] = 1;
  }
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) p[i * r + j] = rv[i] * rv[j];
  const ap = new Float64Array(r * r);
  let a2 = new Float64Array(r * r);
  for (let iter = 0; iter < 100; iter++) {
    // ap = a p;  p += ap a'
    ap.fill(0);
    for (let i = 0; i < r; i++) for (let k = 0; k < r; k++) {
      const v = a[i * r + k];
      if (v !== 0) for (let j = 0; j < r; j++) ap[i * r + j] += v * p[k * r + j];
    }
    let change = 0;
    let size = 0;
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += ap[i * r + k] * a[j * r + k];
      p[i * r + j] += s;
      change = Math.max(change, Math.abs(s));
      size = Math.max(size, Math.abs(p[i * r + j]));
    }
    if (change <= 1e-16 * size) return true;
    a2.fill(0);
    for (let i = 0; i < r; i++) for (let k = 0; k < r; k++) {
      const v = a[i * r + k];
      if (v !== 0) for (let j = 0; j < r; j++) a2[i * r + j] += v * a[k * r + j];
    }
    [a, a2] = [a2, a];
  }
  return false;
}

/**
 * Innovation sums of the exact likelihood of a zero-mean stationary ARMA series w at sigma2 = 1
 * (phi: x_t = sum phi_i x_{t-i} + ..., theta: e_t + sum theta_j e_{t-j}), or null when the
 * stationary covariance does not converge (AR part on the edge of stationarity).
 */
export function armaFilterSums(phi: readonly number[], theta: readonly number[], w: ArrayLike<number>): ArmaFilterSums | null {
  const r = Math.max(phi.length, theta.length + 1);
  const ph = new Float64Array(r);
  phi.forEach((v, i) => (ph[i] = v));
  const rv = new Float64Array(r);
  rv[0] = 1;
  theta.forEach((v, j) => (rv[j + 1] = v));
  const p = new Float64Array(r * r);
  if (!stationaryCov(ph, rv, r, p)) return null;
  const a = new Float64Array(r);
  const pn = new Float64Array(r * r);
  const tp = new Float64Array(r * r);
  const prevPred = new Float64Array(r * r).fill(NaN);
  const col = new Float64Array(r);
  let sumLogF = 0;
  let sumSq = 0;
  let steady = false;
  let fSteady = 0;
  const n = w.length;
  for (let t = 0; t < n; t++) {
    const v = w[t] - a[0];
    if (steady) {
      // K = P[:,0] / F is constant; the covariance no longer changes.
      for (let i = 0; i < r; i++) a[i] += (col[i] * v) / fSteady;
      sumLogF += Math.log(fSteady);
      sumSq += (v * v) / fSteady;
      const x0 = a[0];
      for (let i = 0; i < r; i++) a[i] = ph[i] * x0 + (i + 1 < r ? a[i + 1] : 0);
      continue;
    }
    const f = p[0];
    if (!(f > 0)) return null;
    sumLogF += Math.log(f);
    sumSq += (v * v) / f;
    for (let i = 0; i < r; i++) col[i] = p[i * r];
    // update: a += P[:,0] v / F, P -= P[:,0] P[0,:] / F
    for (let i = 0; i < r; i++) a[i] += (col[i] * v) / f;
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) p[i * r + j] -= (col[i] * col[j]) / f;
    // predict: a <- T a; P <- T P T' + R R' with (T P)[i][j] = phi_i P[0][j] + P[i+1][j]
    const x0 = a[0];
    for (let i = 0; i < r; i++) a[i] = ph[i] * x0 + (i + 1 < r ? a[i + 1] : 0);
    let diff = 0;
    let size = 0;
    // tp = T P, then (T P T')[i][j] = tp[i][0] phi_j + tp[i][j+1]
    for (let i = 0; i < r; i++) {
      const below = i + 1 < r ? (i + 1) * r : -1;
      for (let c = 0; c < r; c++) tp[i * r + c] = ph[i] * p[c] + (below >= 0 ? p[below + c] : 0);
    }
    for (let i = 0; i < r; i++) {
      const t0 = tp[i * r];
      for (let j = 0; j < r; j++) pn[i * r + j] = t0 * ph[j] + (j + 1 < r ? tp[i * r + j + 1] : 0) + rv[i] * rv[j];
    }
    for (let i = 0; i < r * r; i++) {
      diff = Math.max(diff, Math.abs(pn[i] - prevPred[i]));
      size = Math.max(size, Math.abs(pn[i]));
    }
    prevPred.set(pn);
    p.set(pn);
    if (diff <= 1e-14 * size) {
      steady = true;
      fSteady = p[0];
      for (let i = 0; i < r; i++) col[i] = p[i * r];
    }
  }
  return { sumLogF, sumSq, n };
}
