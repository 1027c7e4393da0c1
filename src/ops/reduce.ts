// Reductions (sum, mean, max, min) over one or more axes, with keepDim, and their backward rules.
// Twins: backends/cpu/reduce.ts, shaders/reduce/reduce.wgsl, backends/webgpu/reduce.ts.
import { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import type { ReduceOp } from '../kernels/index.ts';
import { fmtShape, shapeSize } from '../dtype.ts';
import { empty, normAxis, requireFloat, sameDevice } from './util.ts';
import { checkTensor } from './validate.ts';
import { expandTo, reshape } from './shape.ts';
import { binaryRaw, div, mul } from './elementwise.ts';

function normAxes(op: string, axis: number | number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return [...Array(ndim).keys()];
  const list = Array.isArray(axis) ? axis : [axis];
  const axes = [...new Set(list.map((a) => normAxis(op, a, ndim)))].sort((a, b) => a - b);
  return axes;
}

function keptShape(shape: readonly number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Reduces contiguous axes [first..last] in one kernel call; otherwise one axis at a time. */
function reduceRaw(op: ReduceOp, x: Tensor, axes: number[]): Tensor {
  const device = sameDevice(op, x);
  const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
  if (!contiguous) {
    let cur = x;
    for (let i = axes.length - 1; i >= 0; i--) cur = reduceRaw(op, cur, [axes[i]]);
    return cur;
  }
  if (axes.length === 0) return x;
  const outer = shapeSize(x.shape.slice(0, axes[0]));
  const axisLen = shapeSize(axes.map((a) => x.shape[a]));
  const inner = shapeSize(x.shape.slice(axes[axes.length - 1] + 1));
  if (axisLen === 0 && op !== 'sum') throw new Error(`${op}: cannot reduce over an empty axis of ${fmtShape(x.shape)}`);
  const out = empty(device, keptShape(x.shape, axes));
  device.backend.run('reduce', { op, x: x.storage, out: out.storage, outer, axis: axisLen, inner });
  return out;
}

function finish(t: Tensor, x: Tensor, axes: number[], keepDim: boolean): Tensor {
  return keepDim ? t : reshape(t, x.shape.filter((_, i) => !axes.includes(i)));
}

export function sum(x: Tensor, axis?: number | number[], keepDim = false): Tensor {
  checkTensor('sum', 'the input', x);
  requireFloat('sum', x);
  const axes = normAxes('sum', axis, x.ndim);
  if (axes.length === 0) return x; // a 0-d tensor (or no axes): the sum is the tensor itself
  const kept = reduceRaw('sum', x, axes);
  record('sum', [x], [kept], ([g]) => [expandTo(g!, x.shape)]);
  return finish(kept, x, axes, keepDim);
}

export function mean(x: Tensor, axis?: number | number[], keepDim = false): Tensor {
  checkTensor('mean', 'the input', x);
  const axes = normAxes('mean', axis, x.ndim);
  const n = shapeSize(axes.map((a) => x.shape[a]));
  if (n === 0) throw new Error(`mean: cannot average over an empty axis of ${fmtShape(x.shape)}`);
  return div(sum(x, axes, keepDim), n);
}

function extremum(op: 'max' | 'min', x: Tensor, axis: number | number[] | undefined, keepDim: boolean): Tensor {
  checkTensor(op, 'the input', x);
  requireFloat(op, x);
  const axes = normAxes(op, axis, x.ndim);
  if (axes.length === 0) return x;
  const kept = reduceRaw(op, x, axes);
  record(op, [x], [kept], ([g]) => {
    // The gradient goes to the elements equal to the extremum, shared evenly between ties.
    const mask = binaryRaw('eq', x, kept);
    const count = reduceRaw('sum', mask, axes);
    return [mul(mask, expandTo(div(g!, count), x.shape))];
  });
  return finish(kept, x, axes, keepDim);
}

export const max = (x: Tensor, axis?: number | number[], keepDim = false): Tensor => extremum('max', x, axis, keepDim);
export const min = (x: Tensor, axis?: number | number[], keepDim = false): Tensor => extremum('min', x, axis, keepDim);

/** Sums a broadcast gradient back down to `shape` (leading dims dropped, size-1 dims kept as 1). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return g;
  const kept = sum(g, axes, true);
  return reshape(kept, [...shape]);
}
