// Index ops: gather (index select along an axis; its adjoint index-add is deterministic, one
// invocation per output element), where, one-hot, and dtype casts.
// Twins: backends/cpu/indexing.ts, shaders/indexing/*.wgsl, backends/webgpu/indexing.ts.
import type { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import type { DType } from '../dtype.ts';
import { fmtShape, shapeSize } from '../dtype.ts';
import { broadcastShapes, broadcastView, empty, normAxis, requireFloat, requireInt, sameDevice } from './util.ts';
import { fillRaw } from './creation-raw.ts';
import { sumTo } from './reduce.ts';
import { reshape } from './shape.ts';
import { checkInteger, validateDType } from './validate.ts';
import { IndexError } from '../errors.ts';

/**
 * Selects entries of x along `axis` by an int32 index tensor of any shape: the result's shape is
 * x.shape with that axis replaced by index.shape (torch.index_select generalised; embeddings use it).
 * Out-of-range indices are rejected when the indices are known on the host (tensors made from host
 * data); indices computed on the GPU are clamped by the kernel rather than read out of bounds.
 */
export function gather(x: Tensor, index: Tensor, axis = 0): Tensor {
  const device = sameDevice('gather', x, index);
  requireInt('gather', 'index', index);
  const a = normAxis('gather', axis, x.ndim);
  const n = x.shape[a];
  const validateWith = index.hostData;
  if (validateWith) {
    for (let i = 0; i < validateWith.length; i++) {
      const v = validateWith[i];
      if (v < 0 || v >= n) throw new IndexError(`gather: index ${v} at position ${i} is out of range for axis ${a} of size ${n} (shape ${fmtShape(x.shape)})`);
    }
  }
  const outer = shapeSize(x.shape.slice(0, a));
  const inner = shapeSize(x.shape.slice(a + 1));
  const m = index.size;
  const shape = [...x.shape.slice(0, a), ...index.shape, ...x.shape.slice(a + 1)];
  const out = empty(device, shape, x.dtype);
  if (out.size > 0) device.backend.run('gather', { x: x.storage, index: index.storage, out: out.storage, outer, axis: n, inner, m });
  record('gather', [x, index], [out], ([g]) => {
    const gx = empty(device, x.shape);
    if (gx.size > 0) {
      if (m === 0) fillRaw(gx, 0);
      else device.backend.run('indexAdd', { g: g!.storage, index: index.storage, out: gx.storage, outer, axis: n, inner, m });
    }
    return [gx, null];
  });
  return out;
}

/** where(cond, a, b): a where cond != 0, else b; all three broadcast together. */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const device = sameDevice('where', cond, a, b);
  requireFloat('where', a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const c = cond.dtype === 'float32' ? cond : cast(cond, 'float32');
  const out = empty(device, shape);
  device.backend.run('where', {
    cond: broadcastView(c, shape), a: broadcastView(a, shape), b: broadcastView(b, shape), out: out.storage, outShape: shape,
  });
  record('where', [a, b], [out], ([g]) => {
    const zero = empty(device, []);
    fillRaw(zero, 0);
    const ga = a.requiresGrad ? reshape(sumTo(where(c, g!, zero), a.shape), [...a.shape]) : null;
    const gb = b.requiresGrad ? reshape(sumTo(where(c, zero, g!), b.shape), [...b.shape]) : null;
    return [ga, gb];
  });
  return out;
}

/** int32 labels [...] -> float32 [..., classes]; labels equal to ignoreIndex give zero rows. */
export function oneHot(labels: Tensor, classes: number, ignoreIndex = -100): Tensor {
  const device = sameDevice('oneHot', labels);
  requireInt('oneHot', 'labels', labels);
  checkInteger('oneHot', 'classes', classes, 1);
  const host = labels.hostData;
  if (host) {
    for (let i = 0; i < host.length; i++) {
      const v = host[i];
      if (v !== ignoreIndex && (v < 0 || v >= classes)) {
        throw new IndexError(`oneHot: label ${v} at position ${i} is out of range for ${classes} classes`);
      }
    }
  }
  const out = empty(device, [...labels.shape, classes]);
  if (out.size > 0) device.backend.run('oneHot', { labels: labels.storage, out: out.storage, n: labels.size, classes, ignoreIndex });
  return out;
}

export function cast(x: Tensor, dtype: DType): Tensor {
  const device = sameDevice('cast', x);
  validateDType('cast', dtype);
  if (x.dtype === dtype) return x;
  const out = empty(device, x.shape, dtype);
  if (out.size > 0) device.backend.run('cast', { x: x.storage, out: out.storage });
  if (dtype === 'float32') requireFloat('cast', out);
  return out;
}
