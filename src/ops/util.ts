// Shared checks and helpers for ops: device/dtype agreement, axis normalisation, broadcasting,
// and allocating an output tensor. Every error names the op and the shapes involved.
import { Tensor } from '../tensor.ts';
import type { Device } from '../device.ts';
import { type DType, contiguousStrides, fmtShape, shapeSize } from '../dtype.ts';
import type { StridedView } from '../kernels/index.ts';
import { DTypeError, DeviceError, DisposedError, IndexError, ShapeError } from '../errors.ts';
import { checkTensor, validateShape } from './validate.ts';

export function sameDevice(op: string, ...ts: Tensor[]): Device {
  ts.forEach((t, i) => checkTensor(op, ts.length === 1 ? 'the input' : `operand ${i}`, t));
  const d = ts[0].device;
  for (const t of ts) {
    if (t.device !== d) {
      throw new DeviceError(`${op}: tensors are on different devices (${d} and ${t.device}); move one with await t.to(device)`);
    }
    if (t.disposed) throw new DisposedError(`${op}: Tensor#${t.id} ${fmtShape(t.shape)} was used after dispose()`);
  }
  d.backend.checkAlive();
  return d;
}

export function requireFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    if (t.dtype !== 'float32') {
      throw new DTypeError(`${op}: expected float32 tensors, got ${t.dtype} ${fmtShape(t.shape)} (use .cast('float32'))`);
    }
  }
}

export function requireInt(op: string, what: string, t: Tensor): void {
  if (t.dtype !== 'int32') throw new DTypeError(`${op}: ${what} must be int32, got ${t.dtype} ${fmtShape(t.shape)}`);
}

export function normAxis(op: string, axis: number, ndim: number): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= ndim) {
    throw new IndexError(`${op}: axis ${axis} is out of range for a tensor with ${ndim} dimension${ndim === 1 ? '' : 's'}`);
  }
  return a;
}

export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (dim ${i}: ${da} vs ${db})`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** A view of t broadcast to outShape: stride 0 on broadcast dimensions. */
export function broadcastView(t: Tensor, outShape: readonly number[]): StridedView {
  const strides = contiguousStrides(t.shape);
  const lead = outShape.length - t.shape.length;
  const out = outShape.map((d, i) => {
    const j = i - lead;
    if (j < 0) return 0;
    return t.shape[j] === 1 && d !== 1 ? 0 : strides[j];
  });
  return { storage: t.storage, offset: 0, strides: out };
}

export function contiguousView(t: Tensor): StridedView {
  return { storage: t.storage, offset: 0, strides: contiguousStrides(t.shape) };
}

/** Allocates an (uninitialised) output tensor on device. */
export function empty(device: Device, shape: readonly number[], dtype: DType = 'float32'): Tensor {
  validateShape('empty', shape);
  return new Tensor(device, device.backend.alloc(dtype, shapeSize(shape)), shape, dtype);
}

/**
 * A one-element constant tensor on device (uploaded, no dispatch): one pooled buffer per call. Elementwise ops do
 * not use it for a number operand (`mul(x, 2)`, mean's divisor): that travels in the kernel's arguments
 * (binaryScalar in ops/elementwise.ts), so a loop creates no buffer per scalar.
 */
export function scalarTensor(device: Device, value: number, dtype: DType = 'float32'): Tensor {
  const data = dtype === 'float32' ? Float32Array.of(value) : Int32Array.of(value);
  return new Tensor(device, device.backend.upload(dtype, data), [], dtype);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
