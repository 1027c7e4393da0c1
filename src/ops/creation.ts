// Creating tensors: from nested arrays / typed arrays, constants, ranges and random draws.
import { Tensor } from '../tensor.ts';
import type { NestedArray } from '../tensor.ts';
import { type Device, getDefaultDevice } from '../device.ts';
import { type DType, type TypedArray, fmtShape, shapeSize, toTypedArray } from '../dtype.ts';
import { type Generator, defaultGenerator } from '../random.ts';
import { empty } from './util.ts';
import { fillRaw } from './creation-raw.ts';

export interface TensorOptions {
  device?: Device;
  dtype?: DType;
  requiresGrad?: boolean;
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0] as NestedArray;
    if (cur === undefined) break;
  }
  return shape;
}

function flatten(data: NestedArray, shape: number[], depth: number, out: number[]): void {
  if (depth === shape.length) {
    if (typeof data !== 'number') throw new Error(`tensor: ragged nested array (expected a number at depth ${depth})`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new Error(`tensor: ragged nested array: expected length ${shape[depth]} at depth ${depth}, inferred shape ${fmtShape(shape)}`);
  }
  for (const d of data) flatten(d, shape, depth + 1, out);
}

/**
 * tensor(data, shape?, options): data is a number, nested arrays, a typed array or a flat array
 * (then shape says how to read it). dtype defaults to int32 for Int32Array data, else float32.
 */
export function tensor(data: NestedArray | TypedArray | number[], shape?: number[] | TensorOptions, options: TensorOptions = {}): Tensor {
  if (shape !== undefined && !Array.isArray(shape)) {
    options = shape;
    shape = undefined;
  }
  const dtype: DType = options.dtype ?? (data instanceof Int32Array ? 'int32' : 'float32');
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (ArrayBuffer.isView(data)) {
    flat = data as TypedArray;
    inferred = [flat.length];
  } else if (typeof data === 'number') {
    flat = [data];
    inferred = [];
  } else {
    inferred = inferShape(data);
    const out: number[] = [];
    flatten(data, inferred, 0, out);
    flat = out;
  }
  const finalShape = shape ?? inferred;
  if (shapeSize(finalShape) !== flat.length) {
    throw new Error(`tensor: ${flat.length} values cannot fill shape ${fmtShape(finalShape)} (${shapeSize(finalShape)} elements)`);
  }
  const device = options.device ?? getDefaultDevice();
  const typed = toTypedArray(dtype, flat);
  if (dtype === 'int32') {
    for (let i = 0; i < flat.length; i++) {
      if (!Number.isInteger(flat[i])) throw new Error(`tensor: int32 data has a non-integer value ${flat[i]} at index ${i}`);
    }
  }
  const t = new Tensor(device, device.backend.upload(dtype, typed), finalShape, dtype, options.requiresGrad ?? false);
  if (typed instanceof Int32Array) t.hostData = typed;
  return t;
}

export function full(shape: number[], value: number, options: TensorOptions = {}): Tensor {
  const t = empty(options.device ?? getDefaultDevice(), shape, options.dtype ?? 'float32');
  fillRaw(t, value);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}
export const zeros = (shape: number[], options: TensorOptions = {}): Tensor => full(shape, 0, options);
export const ones = (shape: number[], options: TensorOptions = {}): Tensor => full(shape, 1, options);

/** arange(end) or arange(start, end, step); float32 unless dtype says int32. */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new Error('arange: step must be non-zero');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const values = Array.from({ length: n }, (_, i) => start + i * step);
  return tensor(values, [n], options);
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

export function randn(shape: number[], options: RandomOptions = {}): Tensor {
  const g = options.generator ?? defaultGenerator();
  const values = new Float32Array(shapeSize(shape));
  for (let i = 0; i < values.length; i++) values[i] = g.normal();
  return tensor(values, shape, options);
}

/** Uniform in [low, high), default [0, 1). */
export function rand(shape: number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const g = options.generator ?? defaultGenerator();
  const values = new Float32Array(shapeSize(shape));
  for (let i = 0; i < values.length; i++) values[i] = g.uniform(options.low ?? 0, options.high ?? 1);
  return tensor(values, shape, options);
}
