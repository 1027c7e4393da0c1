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
}
