// The SARIMA state-space form and its Kalman filter (the lecture's state-space models). The layout
// mirrors statsmodels' SARIMAX exactly, because the approximate-diffuse prior on the integration
// states depends on the basis they are written in:
//   state = [d simple-difference states, s*D seasonal-difference states, ARMA states (Harvey form)]
//   y_t = Z alpha_t + (exog_t beta),   alpha_{t+1} = T alpha_t + R e_t,   e_t ~ N(0, sigma2)
// The ARMA block starts at its stationary covariance. The integration states are either exactly
// diffuse (Durbin & Koopman's exact initial Kalman filter, P_0 = P_star + kappa P_inf, kappa -> inf,
// as R's arima intends and statsmodels' simple_differencing computes) or get the approximate prior
// kappa * I with kappa = 1e6 (statsmodels' SARIMAX default); either way the first d + s*D
// log-likelihood terms are left out.

export interface SarimaSpec {
  d: number;
  D: number;
  s: number;
  /** Reduced-form AR coefficients (x_t = sum phi_i x_{t-i} + ...). */
  phi: readonly number[];
  /** Reduced-form MA coefficients (e_t + sum theta_j e_{t-j}). */
  theta: readonly number[];
  sigma2: number;
  /** Prior variance of the integration states (statsmodels' approximate diffuse: 1e6), or 'exact'. */
  diffuseVariance: number | 'exact';
}

/** A time-invariant single-disturbance state-space model; T is stored sparsely (it is mostly 0/1). */
export interface StateSpace {
  k: number;
  design: Float64Array; // Z: [k]
  transition: { row: number; col: number; value: number }[]; // nonzeros of T: [k, k]
  selection: Float64Array; // R: [k]
  sigma2: number;
  initialCov: Float64Array; // P_0 (or P_star under exact diffuse init): [k, k]
  /** P_inf of the exact diffuse initialisation ([k, k]), or null for a proper prior. */
  diffuseCov: Float64Array | null;
  /** Observations whose likelihood terms are dropped (the approximately diffuse ones). */
  burn: number;
}

/** Build the SARIMA state space. Throws if the AR part is not stationary (no stationary prior). */
export function sarimaStateSpace(spec: SarimaSpec): StateSpace {
  const { d, D, s, phi, theta } = spec;
  const kDiff = d + s * D;
  const kOrder = Math.max(phi.length, theta.length + 1);
  const k = kDiff + kOrder;
  const design = new Float64Array(k);
  const dense = Array.from({ length: k }, () => new Float64Array(k));
  for (let i = 0; i < d; i++) design[i] = 1;
  for (let m = 0; m < D; m++) design[d + (m + 1) * s - 1] = 1;
  design[kDiff] = 1;
  // Simple differencing: each level state carries the sum of the states to its right.
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) dense[i][j] = 1;
    for (let m = 0; m < D; m++) dense[i][d + (m + 1) * s - 1] = 1;
    dense[i][kDiff] = 1;
  }
  // Seasonal differencing: a rotation of the last s seasonal levels, fed by the ARMA output
  // (and, for D = 2, by the next seasonal block, exactly as statsmodels wires it).
  for (let m = 0; m < D; m++) {
    const start = d + m * s;
    const end = start + s;
    dense[start][end - 1] = 1;
    for (let i = 1; i < s; i++) dense[start + i][start + i - 1] = 1;
    if (m + 1 < D) dense[start][end + s - 1] = 1;
    dense[start][kDiff] = 1;
  }
  // ARMA block in Harvey's form: phi down the first column, ones on the superdiagonal.
  for (let i = 0; i < kOrder; i++) {
    if (i < phi.length) dense[kDiff + i][kDiff] = phi[i];
    if (i + 1 < kOrder) dense[kDiff + i][kDiff + i + 1] = 1;
  }
  const selection = new Float64Array(k);
  selection[kDiff] = 1;
  theta.forEach((v, j) => (selection[kDiff + 1 + j] = v));
  const transition: StateSpace['transition'] = [];
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (dense[i][j] !== 0) transition.push({ row: i, col: j, value: dense[i][j] });

  const initialCov = new Float64Array(k * k);
  const exact = spec.diffuseVariance === 'exact';
  const diffuseCov = exact && kDiff > 0 ? new Float64Array(k * k) : null;
  for (let i = 0; i < kDiff; i++) {
    if (diffuseCov) diffuseCov[i * k + i] = 1;
    else initialCov[i * k + i] = spec.diffuseVariance as number;
  }
  const armaCov = stationaryCovariance(phi, selection.subarray(kDiff), kOrder, spec.sigma2);
  for (let i = 0; i < kOrder; i++) for (let j = 0; j < kOrder; j++) initialCov[(kDiff + i) * k + kDiff + j] = armaCov[i * kOrder + j];
  // Exact diffuse: the d + s*D terms with F_inf > 0 are left out by the filter itself, not by a burn.
  return { k, design, transition, selection, sigma2: spec.sigma2, initialCov, diffuseCov, burn: exact ? 0 : kDiff };
}

/**
 * Stationary covariance of the ARMA block: P = T P T' + sigma2 R R', by the doubling algorithm on
 * the dense block (sum of T^j Q T'^j, 1, 2, 4, ... terms at a time).
 */
function stationaryCovariance(phi: readonly number[], r: Float64Array, n: number, sigma2: number): Float64Array {
  let a: Float64Array = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (i < phi.length) a[i * n] = phi[i];
    if (i + 1 < n) a[i * n + i + 1] = 1;
  }
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p[i * n + j] = sigma2 * r[i] * r[j];
  const tmp = new Float64Array(n * n);
  for (let iter = 0; iter < 200; iter++) {
    // next = a p a'
    const ap = mul(a, p, n);
    mulTransposeInto(ap, a, n, tmp);
    let change = 0;
    let size = 0;
    for (let i = 0; i < n * n; i++) {
      p[i] += tmp[i];
      change = Math.max(change, Math.abs(tmp[i]));
      size = Math.max(size, Math.abs(p[i]));
    }
    if (change <= 1e-16 * size) return p;
    a = mul(a, a, n);
  }
  throw new RangeError('ARMA stationary covariance did not converge: the AR polynomial is (nearly) non-stationary');
}

function mul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k];
      if (v === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += v * b[k * n + j];
    }
  }
  return c;
}

function mulTransposeInto(a: Float64Array, b: Float64Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * b[j * n + k];
      out[i * n + j] = s;
    }
  }
}

export interface FilterResult {
  /** Sum of the log-likelihood terms after the burn-in / diffuse periods. */
  llf: number;
  /** Number of terms in llf. */
  nobsEffective: number;
  /** Over the same terms: sum of log F_t and of v_t^2 / F_t (for the sigma2-concentrated likelihood). */
  sumLogF: number;
  sumSq: number;
  /** Predicted state mean and covariance for the step after the last observation. */
  nextMean: Float64Array;
  nextCov: Float64Array;
  /** One-step forecast errors v_t and their variances F_t (NaN where y_t is missing), if asked for. */
  innovations?: Float64Array;
  innovationVar?: Float64Array;
}

/** One prediction step: a <- T a, P <- T P T' + sigma2 R R' (T applied through its nonzeros). */
function predict(ss: StateSpace, a: Float64Array, p: Float64Array, work: Float64Array, addNoise = true): void {
  const { k, transition, selection, sigma2 } = ss;
  const aNew = new Float64Array(k);
  for (const { row, col, value } of transition) aNew[row] += value * a[col];
  a.set(aNew);
  transformCov(ss, p, work, addNoise ? sigma2 : 0, selection);
}

/** P <- T P T' + q R R' through the nonzeros of T (work: [k, k] scratch). */
function transformCov(ss: StateSpace, p: Float64Array, work: Float64Array, q: number, selection: Float64Array): void {
  const { k, transition } = ss;
  work.fill(0);
  for (const { row, col, value } of transition) for (let j = 0; j < k; j++) work[row * k + j] += value * p[col * k + j];
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) p[i * k + j] = q * selection[i] * selection[j];
  for (const { row, col, value } of transition) for (let i = 0; i < k; i++) p[i * k + row] += value * work[i * k + col];
}

const DIFFUSE_TOL = 1e-9;
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Kalman filter over observations y (already net of the regression part). NaN observations are
 * missing: the state is only predicted, and they add nothing to the likelihood.
 *
 * Exact diffuse start (ss.diffuseCov): Durbin & Koopman (2012, sec. 5.2) in univariate form. While
 * F_inf = Z P_inf Z' > 0 the observation pins down a diffuse direction: the update uses the
 * kappa -> infinity limit of the gain, and the term (whose only finite part is log F_inf, a
 * constant of the parameterisation) is left out of llf, which then equals the likelihood of the
 * differenced series exactly (R's arima and statsmodels' simple_differencing agree on this).
 *
 * Once the covariance stops changing (a time-invariant filter converges to its steady state) the
 * covariance updates are skipped; that is exact to rounding and makes long-series fits cheap.
 */
export function kalmanFilter(ss: StateSpace, y: ArrayLike<number>, record = false): FilterResult {
  const { k, design: z } = ss;
  const a = new Float64Array(k);
  const p = Float64Array.from(ss.initialCov);
  let pInf = ss.diffuseCov ? Float64Array.from(ss.diffuseCov) : null;
  const work = new Float64Array(k * k);
  const pz = new Float64Array(k);
  const mInf = new Float64Array(k);
  const predictedPrev = new Float64Array(k * k).fill(NaN);
  let steady = false;
  let steadyF = 0;
  let llf = 0;
  let sumLogF = 0;
  let sumSq = 0;
  let used = 0;
  const innovations = record ? new Float64Array(y.length).fill(NaN) : undefined;
  const innovationVar = record ? new Float64Array(y.length).fill(NaN) : undefined;
  for (let t = 0; t < y.length; t++) {
    const missing = Number.isNaN(y[t]);
    if (!missing) {
      let v = y[t];
      for (let i = 0; i < k; i++) v -= z[i] * a[i];
      let f: number;
      if (steady) {
        f = steadyF;
      } else {
        f = 0;
        for (let i = 0; i < k; i++) {
          let s = 0;
          for (let j = 0; j < k; j++) s += p[i * k + j] * z[j];
          pz[i] = s;
          f += z[i] * s;
        }
      }
      let fInf = 0;
      if (pInf) {
        for (let i = 0; i < k; i++) {
          let s = 0;
          for (let j = 0; j < k; j++) s += pInf[i * k + j] * z[j];
          mInf[i] = s;
          fInf += z[i] * s;
        }
      }
      if (pInf && fInf > DIFFUSE_TOL) {
        // Diffuse update (kappa -> infinity): a += M_inf v / F_inf,
        // P_star += M_inf M_inf' F_star / F_inf^2 - (M_star M_inf' + M_inf M_star') / F_inf,
        // P_inf -= M_inf M_inf' / F_inf.
        for (let i = 0; i < k; i++) a[i] += (mInf[i] * v) / fInf;
        const c = f / (fInf * fInf);
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            p[i * k + j] += c * mInf[i] * mInf[j] - (pz[i] * mInf[j] + mInf[i] * pz[j]) / fInf;
            pInf[i * k + j] -= (mInf[i] * mInf[j]) / fInf;
          }
        }
        if (record) {
          innovations![t] = v;
          innovationVar![t] = Infinity;
        }
      } else {
        if (!(f > 0)) throw new RangeError(`Kalman filter: non-positive innovation variance at t = ${t}`);
        for (let i = 0; i < k; i++) a[i] += (pz[i] * v) / f;
        if (!steady) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) p[i * k + j] -= (pz[i] * pz[j]) / f;
        if (t >= ss.burn) {
          const lf = Math.log(f);
          llf += -0.5 * (LOG_2PI + lf + (v * v) / f);
          sumLogF += lf;
          sumSq += (v * v) / f;
          used++;
        }
        if (record) {
          innovations![t] = v;
          innovationVar![t] = f;
        }
      }
      if (pInf && maxAbs(pInf) <= DIFFUSE_TOL) pInf = null;
    } else if (steady) {
      // a gap moves the covariance off its steady state: refilter it from here
      steady = false;
    }
    if (steady) {
      const aNew = new Float64Array(k);
      for (const { row, col, value } of ss.transition) aNew[row] += value * a[col];
      a.set(aNew);
      continue;
    }
    predict(ss, a, p, work);
    if (pInf) transformCov(ss, pInf, work, 0, ss.selection);
    else if (!missing) {
      // Steady once the predicted covariance repeats to rounding (checked on the predicted P).
      let diff = 0;
      let size = 0;
      for (let i = 0; i < k * k; i++) {
        size = Math.max(size, Math.abs(p[i]));
        diff = Math.max(diff, Math.abs(p[i] - predictedPrev[i]));
      }
      predictedPrev.set(p);
      if (diff <= 1e-14 * size) {
        steady = true;
        steadyF = 0;
        for (let i = 0; i < k; i++) {
          let s = 0;
          for (let j = 0; j < k; j++) s += p[i * k + j] * z[j];
          pz[i] = s;
          steadyF += z[i] * s;
        }
      }
    }
  }
  return { llf, nobsEffective: used, sumLogF, sumSq, nextMean: a, nextCov: p, innovations, innovationVar };
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** Means and variances of Z alpha for the h steps after the filter's last observation. */
export function forecastStates(ss: StateSpace, filtered: FilterResult, h: number): { mean: Float64Array; variance: Float64Array } {
  const { k, design: z } = ss;
  const a = Float64Array.from(filtered.nextMean);
  const p = Float64Array.from(filtered.nextCov);
  const work = new Float64Array(k * k);
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let step = 0; step < h; step++) {
    let m = 0;
    let v = 0;
    for (let i = 0; i < k; i++) {
      m += z[i] * a[i];
      for (let j = 0; j < k; j++) v += z[i] * p[i * k + j] * z[j];
    }
    mean[step] = m;
    variance[step] = v;
    predict(ss, a, p, work);
  }
  return { mean, variance };
}
