// CPU kernel table of the linalg family: reference loops (float64 arithmetic, float32 storage) for the
// batched Cholesky solve and the AR least-squares helpers in kernels/linalg.ts. Twins:
// shaders/linalg/*.wgsl (one invocation per system), stats/ar-batch.ts (the plain-array reference).
import type { KernelTableOf } from '../../kernels/index.ts';
import type { LinalgKernelArgs } from '../../kernels/linalg.ts';
import { arr } from './storage.ts';
import { armaFilterSums } from '../../stats/arma-filter.ts';

/** Lower-triangular Cholesky of one k x k system then two triangular solves; returns 0 or failing pivot + 1. */
function choleskyOne(a: ArrayLike<number>, b: ArrayLike<number>, l: Float64Array, x: Float64Array, k: number, tol: number): number {
  // The pivot test is relative to the matrix scale: an exactly collinear system rounds to a tiny
  // positive pivot, not to zero. NaN anywhere fails the test too (!(v > ...)).
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, a[i * k + i]);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let v = a[i * k + j];
      for (let m = 0; m < j; m++) v -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(v > tol * scale)) return i + 1;
        l[i * k + i] = Math.sqrt(v);
      } else l[i * k + j] = v / l[j * k + j];
    }
  }
  // Forward (L z = b, z kept in x) then backward (L' x = z) substitution.
  for (let i = 0; i < k; i++) {
    let v = b[i];
    for (let m = 0; m < i; m++) v -= l[i * k + m] * x[m];
    x[i] = v / l[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let v = x[i];
    for (let m = i + 1; m < k; m++) v -= l[m * k + i] * x[m];
    x[i] = v / l[i * k + i];
  }
  return 0;
}

export const linalgCpuKernels: KernelTableOf<LinalgKernelArgs> = {
  centerRows({ series, out, shift, batch, length }) {
    const S = arr(series), O = arr(out), M = arr(shift);
    for (let s = 0; s < batch; s++) {
      let acc = 0;
      for (let t = 0; t < length; t++) acc += S[s * length + t];
      M[s] = acc / length;
      // Subtract the float32-rounded mean, as the device does, so both centre on the same value.
      for (let t = 0; t < length; t++) O[s * length + t] = S[s * length + t] - M[s];
    }
  },

  choleskySolve({ a, b, x, factor, info, batch, k, tol }) {
    const A = arr(a), B = arr(b), X = arr(x), F = arr(factor), I = arr(info);
    const l = new Float64Array(k * k);
    const sol = new Float64Array(k);
    for (let s = 0; s < batch; s++) {
      l.fill(0);
      const code = choleskyOne(A.subarray(s * k * k, (s + 1) * k * k), B.subarray(s * k, (s + 1) * k), l, sol, k, tol);
      I[s] = code;
      for (let i = 0; i < k * k; i++) F[s * k * k + i] = l[i];
      for (let i = 0; i < k; i++) X[s * k + i] = code === 0 ? sol[i] : NaN;
    }
  },

  arNormalEquations({ gram, series, a, b, batch, length, p, constant }) {
    const G = arr(gram), S = arr(series), A = arr(a), Bv = arr(b);
    const w = p + 1; // window width: lags p..1, then the target
    const k = p + (constant ? 1 : 0);
    const c0 = constant ? 1 : 0;
    const n = length - p; // rows of the design
    for (let s = 0; s < batch; s++) {
      const g = (i: number, j: number): number => G[s * w * w + i * w + j];
      const ao = s * k * k, bo = s * k;
      // Lag i lives in window column p - i.
      for (let i = 1; i <= p; i++) {
        for (let j = 1; j <= p; j++) A[ao + (c0 + i - 1) * k + c0 + j - 1] = g(p - i, p - j);
        Bv[bo + c0 + i - 1] = g(p - i, p);
      }
      if (constant) {
        // Border of the intercept: n and the window column sums sum_r series[s, r + j].
        const colSum = (j: number): number => {
          let acc = 0;
          for (let r = 0; r < n; r++) acc += S[s * length + r + j];
          return acc;
        };
        A[ao] = n;
        for (let i = 1; i <= p; i++) {
          const v = colSum(p - i);
          A[ao + i] = v;
          A[ao + i * k] = v;
        }
        Bv[bo] = colSum(p);
      }
    }
  },

  arResiduals({ series, shift, solution, info, params, sigma2, status, batch, length, p, constant }) {
    const S = arr(series), M = arr(shift), X = arr(solution), I = arr(info), P = arr(params), V = arr(sigma2), St = arr(status);
    const k = p + (constant ? 1 : 0);
    const c0 = constant ? 1 : 0;
    for (let s = 0; s < batch; s++) {
      const x = S.subarray(s * length, (s + 1) * length);
      const beta = X.subarray(s * k, (s + 1) * k);
      let finite = true;
      for (let t = 0; t < length; t++) if (!Number.isFinite(x[t])) finite = false;
      let ssr = 0;
      let phiSum = 0;
      for (let i = 1; i <= p; i++) phiSum += beta[c0 + i - 1];
      for (let t = p; t < length; t++) {
        let fit = constant ? beta[0] : 0;
        for (let i = 1; i <= p; i++) fit += beta[c0 + i - 1] * x[t - i];
        ssr += (x[t] - fit) ** 2;
      }
      St[s] = finite ? I[s] : -1;
      V[s] = St[s] === 0 ? ssr / (length - p) : NaN;
      for (let i = 0; i < k; i++) P[s * k + i] = St[s] === 0 ? beta[i] : NaN;
      // Residuals are shift-invariant; only the intercept changes scale: c = c' + m (1 - sum phi).
      if (constant && St[s] === 0) P[s * k] = beta[0] + M[s] * (1 - phiSum);
    }
  },

  arFitFused({ series, work, params, sigma2, status, batch, length, p, constant, strideS, strideT, tol }) {
    // The reference computes the same quantities directly (window sums, not lag sums minus edges) in float64.
    const X = arr(series), W = arr(work), P = arr(params), V = arr(sigma2), St = arr(status);
    const k = p + (constant ? 1 : 0);
    const c0 = constant ? 1 : 0;
    const n = length - p;
    const z = new Float64Array(length);
    const a = new Float64Array(k * k);
    const b = new Float64Array(k);
    const l = new Float64Array(k * k);
    const beta = new Float64Array(k);
    for (let s = 0; s < batch; s++) {
      let finite = true;
      let total = 0;
      for (let t = 0; t < length; t++) {
        z[t] = X[s * strideS + t * strideT];
        if (!Number.isFinite(z[t])) finite = false;
        total += z[t];
      }
      if (!finite) {
        St[s] = -1;
        V[s] = NaN;
        for (let i = 0; i < k; i++) P[s * k + i] = NaN;
        continue;
      }
      const m = constant ? Math.fround(total / length) : 0;
      for (let t = 0; t < length; t++) z[t] -= m;
      a.fill(0);
      b.fill(0);
      for (let t = p; t < length; t++) {
        for (let i = 0; i < k; i++) {
          const xi = i < c0 ? 1 : z[t - (i - c0 + 1)];
          b[i] += xi * z[t];
          for (let j = 0; j <= i; j++) a[i * k + j] += xi * (j < c0 ? 1 : z[t - (j - c0 + 1)]);
        }
      }
      for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) a[i * k + j] = a[j * k + i];
      for (let i = 0; i < k * k; i++) W[i * batch + s] = a[i];
      l.fill(0);
      const code = choleskyOne(a, b, l, beta, k, tol);
      St[s] = code;
      if (code !== 0) {
        V[s] = NaN;
        for (let i = 0; i < k; i++) P[s * k + i] = NaN;
        continue;
      }
      let ssr = 0;
      for (let t = p; t < length; t++) {
        let fit = constant ? beta[0] : 0;
        for (let i = 1; i <= p; i++) fit += beta[c0 + i - 1] * z[t - i];
        ssr += (z[t] - fit) ** 2;
      }
      V[s] = ssr / n;
      let phiSum = 0;
      for (let i = 0; i < k; i++) {
        P[s * k + i] = beta[i];
        if (i >= c0) phiSum += beta[i];
      }
      if (constant) P[s * k] = beta[0] + m * (1 - phiSum);
    }
  },

  armaLoglik({ series, which, coefs, sums, count, length, batch, p, q, hasMean }) {
    // float64 twin of shaders/linalg/arma-loglik.wgsl: the fast exact filter of stats/arma-filter.ts.
    const X = arr(series), Wh = arr(which), Cf = arr(coefs), O = arr(sums);
    const off = hasMean ? 1 : 0;
    const w = new Float64Array(length);
    for (let c = 0; c < count; c++) {
      const s = Wh[c];
      const mu = hasMean ? Cf[c] : 0;
      for (let t = 0; t < length; t++) w[t] = X[t * batch + s] - mu;
      const phi = Array.from({ length: p }, (_, i) => Cf[(off + i) * count + c]);
      const theta = Array.from({ length: q }, (_, j) => Cf[(off + p + j) * count + c]);
      const f = armaFilterSums(phi, theta, w);
      O[c] = f ? f.sumLogF : NaN;
      O[count + c] = f ? f.sumSq : NaN;
    }
  },
};
