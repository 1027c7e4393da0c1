// Batched small linear algebra: choleskySolve (SPD systems [B, k, k]), arLeastSquares, AR(p) least squares for
// many series at once (default: one fused dispatch; 'staged': windowed Gram by the batched matmul read through
// strides, then the linalg kernels), and armaLoglik, exact ARMA likelihood sums for many (series, parameter)
// candidates in one dispatch. None is differentiable (nothing is recorded on the tape). Twins: kernels/linalg.ts,
// backends/cpu/linalg-kernels.ts, backends/webgpu/linalg.ts, shaders/linalg/*.wgsl, stats/ar-batch-gpu.ts.
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { fmtShape } from '../dtype.ts';
import { empty, requireFloat, sameDevice } from './util.ts';
import { zeros } from './creation.ts';
import { ArgumentError, ShapeError } from '../errors.ts';

/** Largest system: AR(32) with a constant. One invocation factors it serially, O(k^3). */
export const MAX_SPD_SIZE = 33;
/**
 * Default relative pivot threshold. Gram matrices arrive in float32 (about 7 digits, and rounding in
 * their accumulation), so an exactly collinear system shows pivots near 1e-7..1e-6 of the largest
 * diagonal, not 0; 1e-5 separates those from genuinely (if poorly) conditioned systems.
 */
export const DEFAULT_PIVOT_TOL = 1e-5;

export interface CholeskySolveResult {
  /** [B, k]; NaN rows where info != 0. */
  x: Tensor;
  /** int32 [B]: 0, or j + 1 when pivot j failed (not positive definite to the tolerance). */
  info: Tensor;
}

/** Solves a[s] x[s] = b[s] for symmetric positive definite a: [B, k, k] (lower triangle read), b: [B, k]. */
export function choleskySolve(a: Tensor, b: Tensor, options: { tol?: number } = {}): CholeskySolveResult {
  const device = sameDevice('choleskySolve', a, b);
  requireFloat('choleskySolve', a, b);
  if (a.ndim !== 3 || a.shape[1] !== a.shape[2]) throw new ShapeError(`choleskySolve: a must be [B, k, k], got ${fmtShape(a.shape)}`);
  const [batch, k] = a.shape;
  if (b.ndim !== 2 || b.shape[0] !== batch || b.shape[1] !== k) {
    throw new ShapeError(`choleskySolve: b must be [B, k] = [${batch}, ${k}] to match a ${fmtShape(a.shape)}, got ${fmtShape(b.shape)}`);
  }
  if (k < 1 || k > MAX_SPD_SIZE) throw new ShapeError(`choleskySolve: k must be in [1, ${MAX_SPD_SIZE}], got ${k} (a ${fmtShape(a.shape)})`);
  const tol = options.tol ?? DEFAULT_PIVOT_TOL;
  if (!(tol >= 0)) throw new ArgumentError(`choleskySolve: tol must be >= 0, got ${tol}`);
  const x = empty(device, [batch, k]);
  const info = empty(device, [batch], 'int32');
  const factor = empty(device, [batch, k, k]);
  if (batch > 0) device.backend.run('choleskySolve', { a: a.storage, b: b.storage, x: x.storage, factor: factor.storage, info: info.storage, batch, k, tol });
  factor.dispose();
  return { x, info };
}

export interface ARLeastSquaresOptions {
  /** Include an intercept (default true), as AutoReg(trend='c'). */
  constant?: boolean;
  /** Relative pivot threshold of the Cholesky solve (default DEFAULT_PIVOT_TOL). */
  tol?: number;
  /**
   * 'rows' (default): series is [B, length]. 'time-major': series is [length, B], the layout in which
   * neighbouring invocations of the fused kernel read neighbouring words (coalesced).
   */
  layout?: 'rows' | 'time-major';
  /**
   * 'fused' (default): the whole fit in one dispatch (shaders/linalg/ar-fit-fused.wgsl). 'staged': the naive
   * rung, five dispatches (centring, windowed-Gram matmul, assembly, Cholesky, residuals); rows layout only.
   */
  variant?: 'fused' | 'staged';
}

export interface ARLeastSquaresResult {
  /** [B, k]: [const?, phi_1 .. phi_p] per series; NaN where status != 0. */
  params: Tensor;
  /** [B]: SSR / (length - p), as AutoReg. */
  sigma2: Tensor;
  /** int32 [B]: 0 ok, -1 the series holds NaN/Infinity, j + 1 the normal equations failed at pivot j (collinear lags). */
  status: Tensor;
}

/**
 * AR(p) conditional least squares for every row of series: [B, length], all on the series' device.
 * With a constant the rows are centred first (the Gram of raw levels such as the Nile's ~900 would lose
 * most float32 digits to the intercept's border); the fit is shift-invariant except for the intercept,
 * which the residual pass moves back.
 */
export function arLeastSquares(series: Tensor, p: number, options: ARLeastSquaresOptions = {}): ARLeastSquaresResult {
  const device = sameDevice('arLeastSquares', series);
  requireFloat('arLeastSquares', series);
  if (series.ndim !== 2) throw new ShapeError(`arLeastSquares: series must be [numSeries, length], got ${fmtShape(series.shape)}`);
  const constant = options.constant ?? true;
  if (!Number.isInteger(p) || p < 1 || p > 32) throw new RangeError(`arLeastSquares: order p must be an integer in [1, 32], got ${p}`);
  const layout = options.layout ?? 'rows';
  const variant = options.variant ?? 'fused';
  if (layout !== 'rows' && layout !== 'time-major') throw new ArgumentError(`arLeastSquares: layout must be 'rows' or 'time-major', got ${String(layout)}`);
  if (variant !== 'fused' && variant !== 'staged') throw new ArgumentError(`arLeastSquares: variant must be 'fused' or 'staged', got ${String(variant)}`);
  if (variant === 'staged' && layout !== 'rows') throw new ArgumentError("arLeastSquares: the 'staged' variant takes the 'rows' layout only");
  const [batch, length] = layout === 'rows' ? series.shape : [series.shape[1], series.shape[0]];
  const k = p + (constant ? 1 : 0);
  // As the CPU reference: more observations (length - p) than regressors k.
  if (length - p < k + 1) {
    throw new RangeError(`arLeastSquares: AR(${p})${constant ? ' with a constant' : ''} needs series of length at least ${p + k + 1}, got ${length} (series ${fmtShape(series.shape)})`);
  }
  const tol = options.tol ?? DEFAULT_PIVOT_TOL;
  if (!(tol >= 0)) throw new ArgumentError(`arLeastSquares: tol must be >= 0, got ${tol}`);
  if (variant === 'fused') {
    return noGrad(() => {
      const params = empty(device, [batch, k]);
      const sigma2 = empty(device, [batch]);
      const status = empty(device, [batch], 'int32');
      const work = empty(device, [k * k, batch]);
      const [strideS, strideT] = layout === 'rows' ? [length, 1] : [1, batch];
      if (batch > 0) {
        device.backend.run('arFitFused', {
          series: series.storage, work: work.storage, params: params.storage, sigma2: sigma2.storage, status: status.storage,
          batch, length, p, constant, strideS, strideT, tol,
        });
      }
      work.dispose();
      return { params, sigma2, status };
    });
  }
  return noGrad(() => {
    // One fused kernel rather than mean + sub (3 general dispatches, slow for [B, 200] rows on SwiftShader).
    const x = constant ? empty(device, [batch, length]) : series;
    const shift = constant ? empty(device, [batch]) : zeros([batch], { device });
    if (constant && batch > 0) device.backend.run('centerRows', { series: series.storage, out: x.storage, shift: shift.storage, batch, length });
    const w = p + 1;
    const n = length - p;
    // Z [n, p+1] with Z[r, j] = x[r + j] is a sliding window: strides (1, 1) over the row, so
    // Z'Z = matmul(Z^T, Z) reads the series in place. [B, p+1, p+1].
    const gram = empty(device, [batch, w, w]);
    const a = empty(device, [batch, k, k]);
    const b = empty(device, [batch, k]);
    const params = empty(device, [batch, k]);
    const sigma2 = empty(device, [batch]);
    const status = empty(device, [batch], 'int32');
    if (batch > 0) {
      device.backend.run('matmul', {
        a: x.storage, b: x.storage, out: gram.storage, batch, M: w, N: w, K: n,
        aStrides: [length, 1, 1], bStrides: [length, 1, 1],
        // A (p+1) x (p+1) output per series: the naive rung (one invocation per entry) wastes no lanes,
        // where a 16 x 16 tile would idle 2/3 of them for AR(8) (measured 2.7x faster on SwiftShader).
        variant: w <= 16 ? 'naive' : 'auto',
      });
      device.backend.run('arNormalEquations', { gram: gram.storage, series: x.storage, a: a.storage, b: b.storage, batch, length, p, constant });
    }
    const solved = choleskySolve(a, b, { tol: options.tol });
    if (batch > 0) {
      device.backend.run('arResiduals', {
        series: x.storage, shift: shift.storage, solution: solved.x.storage, info: solved.info.storage,
        params: params.storage, sigma2: sigma2.storage, status: status.storage, batch, length, p, constant,
      });
    }
    for (const t of [gram, a, b, solved.x, solved.info, shift]) t.dispose();
    if (x !== series) x.dispose();
    return { params, sigma2, status };
  });
}

/**
 * Exact ARMA(p, q) likelihood sums for many (series, parameter vector) candidates in one dispatch.
 * series: time-major [length, B]; which: int32 [C] (a series index per candidate); coefs: [K, C] with
 * K = (hasMean ? 1 : 0) + p + q, rows mean?, phi_1..p, theta_1..q (x_t = sum phi_i x_{t-i} + e_t + sum theta_j e_{t-j}).
 * Returns sums [2, C]: sum log F_t and sum v_t^2 / F_t of the Kalman filter at sigma2 = 1 with the stationary
 * initialisation (NaN where it does not exist); the concentrated log-likelihood is
 * -0.5 (n (log 2 pi + log(sumSq / n) + 1) + sumLogF). The parameters must be stationary; max(p, q + 1) <= 8.
 */
export function armaLoglik(series: Tensor, which: Tensor, coefs: Tensor, order: { p: number; q: number; hasMean: boolean }): Tensor {
  const device = sameDevice('armaLoglik', series, which, coefs);
  requireFloat('armaLoglik', series, coefs);
  const { p, q, hasMean } = order;
  if (!Number.isInteger(p) || !Number.isInteger(q) || p < 0 || q < 0 || Math.max(p, q + 1) > 8) {
    throw new ArgumentError(`armaLoglik: order needs integers p, q >= 0 with max(p, q + 1) <= 8, got p = ${p}, q = ${q}`);
  }
  if (series.ndim !== 2) throw new ShapeError(`armaLoglik: series must be time-major [length, B], got ${fmtShape(series.shape)}`);
  if (which.dtype !== 'int32' || which.ndim !== 1) throw new ShapeError(`armaLoglik: which must be int32 [C], got ${which.dtype} ${fmtShape(which.shape)}`);
  const count = which.shape[0];
  const K = (hasMean ? 1 : 0) + p + q;
  if (coefs.ndim !== 2 || coefs.shape[0] !== K || coefs.shape[1] !== count) {
    throw new ShapeError(`armaLoglik: coefs must be [K, C] = [${K}, ${count}] (mean? + p + q rows), got ${fmtShape(coefs.shape)}`);
  }
  const [length, batch] = series.shape;
  return noGrad(() => {
    const sums = empty(device, [2, count]);
    if (count > 0) {
      device.backend.run('armaLoglik', {
        series: series.storage, which: which.storage, coefs: K > 0 ? coefs.storage : series.storage, sums: sums.storage,
        count, length, batch, p, q, hasMean,
      });
    }
    return sums;
  });
}
