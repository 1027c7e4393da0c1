// Batched AR(p) least squares for many series at once: the CPU reference of the WebGPU path. It is
// written as the GPU will compute it: (1) per-series Gram matrices X'X [numSeries, k, k] and X'y
// [numSeries, k] (a batched matmul), (2) a batched Cholesky solve, (3) residual variances. Results
// equal fitAR(..., { method: 'ols' }) series by series (AutoReg's conditional least squares).
import { requireInt } from './series.ts';

export interface ARBatchOptions {
  /** Include an intercept (default true), like AutoReg(trend='c'). */
  constant?: boolean;
  // A `device` option selecting the WebGPU path belongs here; it will return a Promise (read-back is
  // asynchronous), so it is meant to be an overload or a sibling `fitARBatchAsync`, leaving this
  // synchronous CPU signature unchanged.
}

/** Series as rows (number[][] / Float64Array[]), or one flat row-major array with its shape. */
export type BatchSeries = readonly ArrayLike<number>[] | { data: ArrayLike<number>; shape: readonly [number, number] };

export interface ARBatchResult {
  numSeries: number;
  /** Columns per row of params: p + 1 with a constant (constant first), else p. */
  k: number;
  /** [numSeries, k] row-major: [const?, phi_1 .. phi_p] per series. */
  params: Float64Array;
  /** [numSeries]: SSR / (length - p), as AutoReg. NaN where a series' system was singular. */
  sigma2: Float64Array;
  /** Indices of series whose normal equations were not positive definite (params NaN). */
  failed: number[];
}

/** Normalise the two input layouts to (data, numSeries, length), checking values. */
function readBatch(series: BatchSeries): { data: Float64Array; numSeries: number; length: number } {
  if ('shape' in series && !Array.isArray(series)) {
    const [numSeries, length] = series.shape;
    if (series.data.length !== numSeries * length) {
      throw new RangeError(`fitARBatch: data has ${series.data.length} values, shape [${numSeries}, ${length}] needs ${numSeries * length}`);
    }
    const data = Float64Array.from(series.data);
    checkFinite(data, length);
    return { data, numSeries, length };
  }
  const rows = series as readonly ArrayLike<number>[];
  const numSeries = rows.length;
  const length = numSeries === 0 ? 0 : rows[0].length;
  const data = new Float64Array(numSeries * length);
  rows.forEach((row, s) => {
    if (row.length !== length) throw new RangeError(`fitARBatch: series ${s} has length ${row.length}, series 0 has ${length}`);
    for (let t = 0; t < length; t++) data[s * length + t] = row[t];
  });
  checkFinite(data, length);
  return { data, numSeries, length };
}

function checkFinite(data: Float64Array, length: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`fitARBatch: non-finite value ${data[i]} in series ${Math.floor(i / length)} at index ${i % length}`);
    }
  }
}

/**
 * Step 1: normal equations. For series s, rows t = p..length-1 of X are [1?, x_{t-1}, .., x_{t-p}].
 * gram: [numSeries, k, k], rhs: [numSeries, k].
 */
export function arBatchNormalEquations(data: Float64Array, numSeries: number, length: number, p: number, constant: boolean): { gram: Float64Array; rhs: Float64Array; k: number } {
  const k = p + (constant ? 1 : 0);
  const gram = new Float64Array(numSeries * k * k);
  const rhs = new Float64Array(numSeries * k);
  const row = new Float64Array(k);
  for (let s = 0; s < numSeries; s++) {
    const x = data.subarray(s * length, (s + 1) * length);
    const g = gram.subarray(s * k * k, (s + 1) * k * k);
    const r = rhs.subarray(s * k, (s + 1) * k);
    for (let t = p; t < length; t++) {
      let c = 0;
      if (constant) row[c++] = 1;
      for (let i = 1; i <= p; i++) row[c++] = x[t - i];
      for (let i = 0; i < k; i++) {
        r[i] += row[i] * x[t];
        for (let j = 0; j <= i; j++) g[i * k + j] += row[i] * row[j];
      }
    }
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) g[i * k + j] = g[j * k + i];
  }
  return { gram, rhs, k };
}

/**
 * Step 2: solve gram_s beta_s = rhs_s for every s by Cholesky (gram is symmetric positive definite
 * unless the lags are collinear). Failed systems give NaN and are reported by index.
 */
export function solveBatchedSPD(gram: Float64Array, rhs: Float64Array, numSeries: number, k: number): { solution: Float64Array; failed: number[] } {
  const solution = new Float64Array(numSeries * k);
  const l = new Float64Array(k * k);
  const z = new Float64Array(k);
  const failed: number[] = [];
  for (let s = 0; s < numSeries; s++) {
    const a = gram.subarray(s * k * k, (s + 1) * k * k);
    const b = rhs.subarray(s * k, (s + 1) * k);
    const out = solution.subarray(s * k, (s + 1) * k);
    let ok = true;
    // The diagonal check is relative to the matrix scale: an exactly collinear system rounds to a
    // tiny positive pivot rather than zero.
    let scale = 0;
    for (let i = 0; i < k; i++) scale = Math.max(scale, a[i * k + i]);
    for (let i = 0; i < k && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let v = a[i * k + j];
        for (let m = 0; m < j; m++) v -= l[i * k + m] * l[j * k + m];
        if (i === j) {
          if (!(v > 1e-13 * scale)) ok = false;
          else l[i * k + i] = Math.sqrt(v);
        } else l[i * k + j] = v / l[j * k + j];
      }
    }
    if (!ok) {
      out.fill(NaN);
      failed.push(s);
      continue;
    }
    for (let i = 0; i < k; i++) {
      let v = b[i];
      for (let m = 0; m < i; m++) v -= l[i * k + m] * z[m];
      z[i] = v / l[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let v = z[i];
      for (let m = i + 1; m < k; m++) v -= l[m * k + i] * out[m];
      out[i] = v / l[i * k + i];
    }
  }
  return { solution, failed };
}

/** Fit AR(p) by least squares to every series of a batch (all of the same length). */
export function fitARBatch(series: BatchSeries, p: number, options: ARBatchOptions = {}): ARBatchResult {
  requireInt(p, 'fitARBatch order p', 0);
  const constant = options.constant ?? true;
  const { data, numSeries, length } = readBatch(series);
  const k = p + (constant ? 1 : 0);
  if (numSeries > 0 && length - p < Math.max(k, 1) + 1) {
    throw new RangeError(`fitARBatch: AR(${p})${constant ? ' with a constant' : ''} needs series of length at least ${p + Math.max(k, 1) + 1}, got ${length}`);
  }
  const { gram, rhs } = arBatchNormalEquations(data, numSeries, length, p, constant);
  const { solution, failed } = k === 0 ? { solution: new Float64Array(0), failed: [] } : solveBatchedSPD(gram, rhs, numSeries, k);
  // Step 3: residual variance from actual residuals (not y'y - beta'X'y, which cancels badly).
  const sigma2 = new Float64Array(numSeries);
  const nobs = length - p;
  for (let s = 0; s < numSeries; s++) {
    const x = data.subarray(s * length, (s + 1) * length);
    const beta = solution.subarray(s * k, (s + 1) * k);
    let ssr = 0;
    for (let t = p; t < length; t++) {
      let fit = constant ? beta[0] : 0;
      for (let i = 1; i <= p; i++) fit += beta[i - 1 + (constant ? 1 : 0)] * x[t - i];
      ssr += (x[t] - fit) ** 2;
    }
    sigma2[s] = ssr / nobs;
  }
  return { numSeries, k, params: solution, sigma2, failed };
}
