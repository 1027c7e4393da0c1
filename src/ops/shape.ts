// Shape ops: reshape (free: shares storage), transpose/permute, slice, concat, stack, expand,
// squeeze/unsqueeze. Data movement goes through the one strided-copy kernel.
import { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import { contiguousStrides, fmtShape, shapeSize } from '../dtype.ts';
import { broadcastView, empty, normAxis, sameDevice, sameShape } from './util.ts';
import { sumTo } from './reduce.ts';
import { ArgumentError, DTypeError, ShapeError, describeValue } from '../errors.ts';
import { checkInteger, validateShape } from './validate.ts';
import { fillRaw } from './creation-raw.ts';

export function reshape(x: Tensor, shape: number[]): Tensor {
  sameDevice('reshape', x);
  if (!Array.isArray(shape)) throw new ArgumentError(`reshape: shape must be an array of dims, got ${describeValue(shape)}`);
  shape.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < -1) {
      throw new ShapeError(`reshape: shape ${fmtShape(shape)} has dim ${i} = ${String(d)}; dims must be non-negative integers (or one -1 to infer)`);
    }
  });
  if (shape.filter((d) => d === -1).length > 1) throw new ShapeError(`reshape: shape ${fmtShape(shape)} has more than one -1`);
  const s = x.storage;
  const infer = shape.indexOf(-1);
  let target = [...shape];
  if (infer >= 0) {
    const known = shapeSize(shape.filter((_, i) => i !== infer));
    if (known === 0 || x.size % known !== 0) throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
    target[infer] = x.size / known;
  }
  if (shapeSize(target) !== x.size || target.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) to ${fmtShape(shape)}`);
  }
  if (sameShape(target, x.shape)) return x;
  s.refs++;
  const out = new Tensor(x.device, s, target, x.dtype);
  record('reshape', [x], [out], ([g]) => [reshape(g!, [...x.shape])]);
  return out;
}

export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normAxis('unsqueeze', axis, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normAxis('squeeze', axis, x.ndim);
  if (x.shape[a] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

export function permute(x: Tensor, dims: number[]): Tensor {
  const device = sameDevice('permute', x);
  if (dims.length !== x.ndim) {
    throw new ShapeError(`permute: got ${dims.length} dims ${fmtShape(dims)} for a tensor of shape ${fmtShape(x.shape)}`);
  }
  const axes = dims.map((d) => normAxis('permute', d, x.ndim));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`permute: dims ${fmtShape(dims)} repeat an axis`);
  if (axes.every((a, i) => a === i)) return x;
  const inStrides = contiguousStrides(x.shape);
  const shape = axes.map((a) => x.shape[a]);
  const out = empty(device, shape, x.dtype);
  device.backend.run('copy', {
    src: { storage: x.storage, offset: 0, strides: axes.map((a) => inStrides[a]) },
    dst: { storage: out.storage, offset: 0, strides: contiguousStrides(shape) },
    shape,
  });
  const inverse = new Array<number>(axes.length);
  axes.forEach((a, i) => (inverse[a] = i));
  record('permute', [x], [out], ([g]) => [permute(g!, inverse)]);
  return out;
}

export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  if (x.ndim < 2) throw new ShapeError(`transpose: needs at least 2 dimensions, got ${fmtShape(x.shape)}`);
  const a = normAxis('transpose', dim0, x.ndim);
  const b = normAxis('transpose', dim1, x.ndim);
  const dims = [...x.shape.keys()];
  [dims[a], dims[b]] = [dims[b], dims[a]];
  return permute(x, dims);
}

/** x[starts[i] : starts[i] + sizes[i]] along every axis (sizes -1 = to the end). */
export function slice(x: Tensor, starts: number[], sizes: number[]): Tensor {
  const device = sameDevice('slice', x);
  if (!Array.isArray(starts)) throw new ArgumentError(`slice: starts must be an array, got ${describeValue(starts)}`);
  if (!Array.isArray(sizes)) throw new ArgumentError(`slice: sizes must be an array, got ${describeValue(sizes)}`);
  starts.forEach((v, i) => checkInteger('slice', `starts[${i}]`, v, 0));
  sizes.forEach((v, i) => checkInteger('slice', `sizes[${i}]`, v, -1));
  if (starts.length !== x.ndim || sizes.length !== x.ndim) {
    throw new ShapeError(`slice: starts ${fmtShape(starts)} and sizes ${fmtShape(sizes)} must each have ${x.ndim} entries for ${fmtShape(x.shape)}`);
  }
  const shape = sizes.map((s, i) => (s === -1 ? x.shape[i] - starts[i] : s));
  shape.forEach((s, i) => {
    if (starts[i] < 0 || s < 0 || starts[i] + s > x.shape[i]) {
      throw new ShapeError(`slice: range [${starts[i]}, ${starts[i] + s}) is out of bounds for axis ${i} of ${fmtShape(x.shape)}`);
    }
  });
  const inStrides = contiguousStrides(x.shape);
  const out = empty(device, shape, x.dtype);
  const offset = starts.reduce((acc, s, i) => acc + s * inStrides[i], 0);
  if (out.size > 0) {
    device.backend.run('copy', {
      src: { storage: x.storage, offset, strides: inStrides },
      dst: { storage: out.storage, offset: 0, strides: contiguousStrides(shape) },
      shape,
    });
  }
  record('slice', [x], [out], ([g]) => [padInto(g!, x.shape, offset)]);
  return out;
}

/** A zero tensor of `shape` with g copied into the block at `offset` (the adjoint of slice). */
function padInto(g: Tensor, shape: readonly number[], offset: number): Tensor {
  const out = empty(g.device, shape, g.dtype);
  fillRaw(out, 0);
  if (g.size > 0) {
    g.device.backend.run('copy', {
      src: { storage: g.storage, offset: 0, strides: contiguousStrides(g.shape) },
      dst: { storage: out.storage, offset, strides: contiguousStrides(shape) },
      shape: [...g.shape],
    });
  }
  return out;
}

export function concat(xs: Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs)) throw new ArgumentError(`concat: expects an array of tensors, got ${describeValue(xs)}`);
  if (xs.length === 0) throw new ArgumentError('concat: needs at least one tensor');
  const device = sameDevice('concat', ...xs);
  const ref = xs[0];
  const a = normAxis('concat', axis, ref.ndim);
  for (const t of xs) {
    if (t.dtype !== ref.dtype) throw new DTypeError(`concat: dtype mismatch (${ref.dtype} and ${t.dtype})`);
    if (t.ndim !== ref.ndim || t.shape.some((d, i) => i !== a && d !== ref.shape[i])) {
      throw new ShapeError(`concat: shapes ${fmtShape(ref.shape)} and ${fmtShape(t.shape)} differ outside axis ${a}`);
    }
  }
  const shape = [...ref.shape];
  shape[a] = xs.reduce((acc, t) => acc + t.shape[a], 0);
  const out = empty(device, shape, ref.dtype);
  const outStrides = contiguousStrides(shape);
  let at = 0;
  const offsets: number[] = [];
  for (const t of xs) {
    offsets.push(at);
    if (t.size > 0) {
      device.backend.run('copy', {
        src: { storage: t.storage, offset: 0, strides: contiguousStrides(t.shape) },
        dst: { storage: out.storage, offset: at * outStrides[a], strides: outStrides },
        shape: [...t.shape],
      });
    }
    at += t.shape[a];
  }
  record('concat', xs, [out], ([g]) =>
    xs.map((t, i) => {
      if (!t.requiresGrad) return null;
      const starts = shape.map((_, k) => (k === a ? offsets[i] : 0));
      return slice(g!, starts, [...t.shape]);
    }),
  );
  return out;
}

export function stack(xs: Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs)) throw new ArgumentError(`stack: expects an array of tensors, got ${describeValue(xs)}`);
  if (xs.length === 0) throw new ArgumentError('stack: needs at least one tensor');
  sameDevice('stack', ...xs);
  const a = normAxis('stack', axis, xs[0].ndim + 1);
  for (const t of xs) {
    if (!sameShape(t.shape, xs[0].shape)) throw new ShapeError(`stack: shapes ${fmtShape(xs[0].shape)} and ${fmtShape(t.shape)} differ`);
  }
  return concat(xs.map((t) => unsqueeze(t, a)), a);
}

/** Materialises x broadcast to `shape`. */
export function expandTo(x: Tensor, shape: readonly number[]): Tensor {
  sameDevice('expand', x);
  validateShape('expand', shape);
  if (shape.length < x.ndim) throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to fewer dimensions ${fmtShape(shape)}`);
  if (sameShape(x.shape, shape)) return x;
  const device = sameDevice('expand', x);
  const view = broadcastView(x, shape); // validates nothing: check compatibility here
  x.shape.forEach((d, i) => {
    const o = shape[shape.length - x.ndim + i];
    if (d !== 1 && d !== o) throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  });
  const out = empty(device, shape, x.dtype);
  if (out.size > 0) device.backend.run('copy', { src: view, dst: { storage: out.storage, offset: 0, strides: contiguousStrides(shape) }, shape: [...shape] });
  record('expand', [x], [out], ([g]) => [reshape(sumTo(g!, x.shape), [...x.shape])]);
  return out;
}
