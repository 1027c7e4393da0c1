// fitARBatchGpu: the device path of fitARBatch. One call fits AR(p) by least squares to thousands of series
// on the series' device (WebGPU, or the CPU backend running the same reference kernels) through the
// arLeastSquares op (ops/linalg.ts): ONE dispatch (the fused kernel), one submission and one read-back. Host
// input is uploaded time-major [length, numSeries], the coalesced layout; a [numSeries, length] tensor is read
// in place (strided). Same result type as fitARBatch (stats/ar-batch.ts, the float64 reference); float32
// normal equations agree to about 1e-4 on the params.
import { Tensor } from '../tensor.ts';
import { type Device, getDefaultDevice } from '../device.ts';
import { fmtShape } from '../dtype.ts';
import { tensor } from '../ops/creation.ts';
import { arLeastSquares } from '../ops/linalg.ts';
import { ShapeError } from '../errors.ts';
import type { ARBatchOptions, ARBatchResult, BatchSeries } from './ar-batch.ts';

export interface ARBatchGpuOptions extends ARBatchOptions {
  /** Device for host input (default: the default device). Tensor input runs on its own device. */
  device?: Device;
  /** Relative Cholesky pivot threshold (default 1e-5: float32 Gram matrices, see ops/linalg.ts). */
  tol?: number;
  /** 'report' (default, as fitARBatch): NaN params and the index in `failed`; 'throw': a RangeError naming them. */
  onSingular?: 'report' | 'throw';
  /** 'fused' (default, one dispatch) or 'staged' (the five-dispatch naive rung, kept for comparison). */
  variant?: 'fused' | 'staged';
  /** Tensor input only: 'rows' (default, [numSeries, length]) or 'time-major' ([length, numSeries], coalesced). */
  layout?: 'rows' | 'time-major';
}

/**
 * Host input to a float32 tensor with fitARBatch's checks (shapes, NaN, Infinity): time-major [length, numSeries]
 * (transposed on the host, free since the values are copied anyway), or [numSeries, length] rows when asked.
 */
function upload(series: BatchSeries, device: Device, timeMajor: boolean): Tensor {
  let data: Float32Array;
  let numSeries: number;
  let length: number;
  if ('shape' in series && !Array.isArray(series)) {
    [numSeries, length] = series.shape;
    if (series.data.length !== numSeries * length) {
      throw new RangeError(`fitARBatchGpu: data has ${series.data.length} values, shape [${numSeries}, ${length}] needs ${numSeries * length}`);
    }
    data = Float32Array.from(series.data);
  } else {
    const rows = series as readonly ArrayLike<number>[];
    numSeries = rows.length;
    length = numSeries === 0 ? 0 : rows[0].length;
    data = new Float32Array(numSeries * length);
    rows.forEach((row, s) => {
      if (row.length !== length) throw new RangeError(`fitARBatchGpu: series ${s} has length ${row.length}, series 0 has ${length}`);
      data.set(row, s * length);
    });
  }
  for (let i = 0; i < data.length; i++) {
    // Checked after the float32 conversion: 1e39 is finite in float64 but Infinity on the device.
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`fitARBatchGpu: non-finite value ${data[i]} in series ${Math.floor(i / length)} at index ${i % length}`);
    }
  }
  if (!timeMajor) return tensor(data, [numSeries, length], { device });
  const tm = new Float32Array(data.length);
  for (let s = 0; s < numSeries; s++) for (let t = 0; t < length; t++) tm[t * numSeries + s] = data[s * length + t];
  return tensor(tm, [length, numSeries], { device });
}

function listIndices(indices: number[]): string {
  return indices.slice(0, 10).join(', ') + (indices.length > 10 ? `, ... (${indices.length} in all)` : '');
}

/**
 * Fits AR(p) (p in 1..32) by conditional least squares to every row of `series` ([numSeries, length]
 * tensor, or host rows / flat data as fitARBatch takes) on a device. Resolves to fitARBatch's result type.
 */
export async function fitARBatchGpu(series: Tensor | BatchSeries, p: number, options: ARBatchGpuOptions = {}): Promise<ARBatchResult> {
  if (!Number.isInteger(p) || p < 1 || p > 32) throw new RangeError(`fitARBatchGpu: order p must be an integer in [1, 32], got ${p}`);
  const constant = options.constant ?? true;
  const owned = !(series instanceof Tensor);
  const variant = options.variant ?? 'fused';
  const timeMajor = owned ? variant === 'fused' : options.layout === 'time-major';
  const x = series instanceof Tensor ? series : upload(series, options.device ?? getDefaultDevice(), timeMajor);
  if (x.ndim !== 2) throw new ShapeError(`fitARBatchGpu: series must be [numSeries, length], got ${fmtShape(x.shape)}`);
  const numSeries = timeMajor ? x.shape[1] : x.shape[0];
  try {
    const { params, sigma2, status } = arLeastSquares(x, p, { constant, tol: options.tol, variant, layout: timeMajor ? 'time-major' : 'rows' });
    const [pv, sv, st] = await Promise.all([params.data(), sigma2.data(), status.data()]);
    params.dispose();
    sigma2.dispose();
    status.dispose();
    const nonFinite: number[] = [];
    const failed: number[] = [];
    st.forEach((code, s) => {
      if (code === -1) nonFinite.push(s);
      else if (code !== 0) failed.push(s);
    });
    if (nonFinite.length) {
      throw new RangeError(`fitARBatchGpu: series ${listIndices(nonFinite)} contain${nonFinite.length === 1 ? 's' : ''} NaN or Infinity`);
    }
    if (failed.length && options.onSingular === 'throw') {
      throw new RangeError(`fitARBatchGpu: the normal equations of series ${listIndices(failed)} are singular (collinear lags, e.g. a constant or periodic series)`);
    }
    return { numSeries, k: p + (constant ? 1 : 0), params: Float64Array.from(pv), sigma2: Float64Array.from(sv), failed };
  } finally {
    if (owned) x.dispose();
  }
}
