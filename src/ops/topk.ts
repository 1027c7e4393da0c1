// topk: the k largest entries of a float32 tensor taken flat (any shape, e.g. [rows, n]), best first, as one
// kernel call (one GPU dispatch). Order: value descending, ties to the lower flat index; NaN ranks below every
// number. The gradient of the values flows back to the picked entries (index-add).
// Twins: backends/cpu/topk.ts, shaders/reduce/topk.wgsl, backends/webgpu/topk.ts.
import type { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import { fmtShape } from '../dtype.ts';
import { empty, requireFloat, sameDevice } from './util.ts';
import { ArgumentError } from '../errors.ts';

/** The largest k topk accepts. */
export const TOPK_MAX_K = 64;

export interface TopkResult {
  /** float32 [k], best first. */
  values: Tensor;
  /** int32 [k]: flat (row-major) indices into x. */
  indices: Tensor;
}

export function topk(x: Tensor, k: number): TopkResult {
  const device = sameDevice('topk', x);
  requireFloat('topk', x);
  const n = x.size;
  if (!Number.isInteger(k) || k < 1 || k > Math.min(n, TOPK_MAX_K)) {
    throw new ArgumentError(`topk: k must be an integer in 1..min(size, ${TOPK_MAX_K}) = ${Math.min(n, TOPK_MAX_K)} for ${fmtShape(x.shape)}, got k = ${k}`);
  }
  const values = empty(device, [k]);
  const indices = empty(device, [k], 'int32');
  device.backend.run('topk', { x: x.storage, values: values.storage, indices: indices.storage, n, k });
  record('topk', [x], [values], ([g]) => {
    const gx = empty(device, x.shape);
    device.backend.run('indexAdd', { g: g!.storage, index: indices.storage, out: gx.storage, outer: 1, axis: n, inner: 1, m: k });
    return [gx];
  });
  return { values, indices };
}
