// Kernel arguments of the linalg family: batched small dense SPD solves and the AR least-squares helpers
// around them (row centring, the normal equations from a windowed Gram, the residual pass).
// Twins: backends/cpu/linalg-kernels.ts (reference), backends/webgpu/linalg.ts + shaders/linalg/*.wgsl,
// ops/linalg.ts (validation). Work split on WebGPU: one invocation per system / per series.
import type { Storage } from '../backend.ts';

export interface LinalgKernelArgs {
  /** Per-row centring: shift [batch] = mean of series[s, :], out [batch, length] = series - shift. */
  centerRows: { series: Storage; out: Storage; shift: Storage; batch: number; length: number };
  /**
   * Solves a[s] x[s] = b[s] for every s by Cholesky. a: [batch, k, k] (only the lower triangle is read),
   * b: [batch, k] -> x: [batch, k], factor: [batch, k, k] (L, lower; scratch the kernel also leaves behind),
   * info int32 [batch]: 0, or j + 1 when pivot j was not above tol * max(diag(a[s])) (x is NaN then).
   */
  choleskySolve: { a: Storage; b: Storage; x: Storage; factor: Storage; info: Storage; batch: number; k: number; tol: number };
  /**
   * AR(p) normal equations from gram [batch, p+1, p+1] = Z'Z, where Z's row r is the window
   * series[s, r .. r+p] (column j = lag p - j; column p is the target). series: [batch, length]
   * (the same values the gram was built from). Writes a [batch, k, k], b [batch, k] in the order
   * [const?, lag 1 .. lag p], k = p + (constant ? 1 : 0); the constant's border needs the window sums.
   */
  arNormalEquations: { gram: Storage; series: Storage; a: Storage; b: Storage; batch: number; length: number; p: number; constant: boolean };
  /**
   * Residual pass. solution [batch, k] solves the normal equations of the (centred, when constant) series;
   * shift [batch] is what was subtracted (0 without a constant). Writes params [batch, k] with the
   * intercept moved back to the raw scale (c = c' + shift * (1 - sum phi)), sigma2 [batch] = SSR / (length - p),
   * status int32 [batch] = -1 when the series holds a non-finite value, else info[s] from the solve.
   */
  arResiduals: {
    series: Storage; shift: Storage; solution: Storage; info: Storage;
    params: Storage; sigma2: Storage; status: Storage;
    batch: number; length: number; p: number; constant: boolean;
  };
  /**
   * The whole AR(p) least-squares fit in one kernel (the fused rung; the four kernels above are the staged one).
   * Element (s, t) of series sits at s * strideS + t * strideT: time-major [length, batch] (strideS = 1,
   * strideT = batch) is the coalesced layout, [batch, length] rows also work. work: [k*k, batch] scratch.
   * Writes params [batch, k] (raw-scale intercept first when constant), sigma2 [batch] = SSR / (length - p),
   * status int32 [batch]: 0, -1 non-finite series, j + 1 when Cholesky pivot j fails (relative tol).
   */
  arFitFused: {
    series: Storage; work: Storage; params: Storage; sigma2: Storage; status: Storage;
    batch: number; length: number; p: number; constant: boolean; strideS: number; strideT: number; tol: number;
  };
  /**
   * Exact ARMA(p, q) likelihood sums at sigma2 = 1 for `count` candidates. series: time-major [length, batch];
   * which int32 [count]: the series of each candidate; coefs [K, count] component-major, K = hasMean + p + q
   * (mean?, phi_1..p, theta_1..q); sums [2, count] = (sum log F_t, sum v_t^2 / F_t), NaN when the stationary
   * covariance does not converge or F_t <= 0. max(p, q + 1) <= 8.
   */
  armaLoglik: {
    series: Storage; which: Storage; coefs: Storage; sums: Storage;
    count: number; length: number; batch: number; p: number; q: number; hasMean: boolean;
  };
}
