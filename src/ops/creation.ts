// Creating tensors: from nested arrays / typed arrays, constants, ranges and random draws.
import { Tensor } from '../tensor.ts';
import type { NestedArray } from '../tensor.ts';
import { type Device, Device as DeviceClass, getDefaultDevice } from '../device.ts';
import { type DType, type TypedArray, fmtShape, shapeSize, toTypedArray } from '../dtype.ts';
import { type Generator, defaultGenerator } from '../random.ts';
import { empty } from './util.ts';
import { fillRaw } from './creation-raw.ts';
import { ArgumentError, DTypeError, ShapeError, describeValue } from '../errors.ts';
import { checkFinite, validateDType, validateShape } from './validate.ts';

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
    if (typeof data !== 'number') {
      throw new ArgumentError(
        Array.isArray(data)
          ? `tensor: ragged nested array (expected a number at depth ${depth}, found an array)`
          : `tensor: data must hold numbers, found ${describeValue(data)} at depth ${depth}`,
      );
    }
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ShapeError(`tensor: ragged nested array: expected length ${shape[depth]} at depth ${depth}, inferred shape ${fmtShape(shape)}`);
  }
  for (const d of data) flatten(d, shape, depth + 1, out);
}

/**
 * tensor(data, shape?, options): data is a number, nested arrays, a typed array or a flat array
 * (then shape says how to read it). dtype defaults to int32 for Int32Array data, else float32.
 */
export function tensor(data: NestedArray | TypedArray | number[], shape?: number[] | TensorOptions, options: TensorOptions = {}): Tensor {
  if (shape !== undefined && shape !== null && !Array.isArray(shape)) {
    if (typeof shape !== 'object') throw new ArgumentError(`tensor: second argument must be a shape array or an options object, got ${describeValue(shape)}`);
    options = shape;
    shape = undefined;
  }
  checkOptions('tensor', options);
  const dtype: DType = options.dtype ?? (data instanceof Int32Array ? 'int32' : 'float32');
  if (options.requiresGrad && dtype === 'int32') {
    throw new DTypeError(`tensor: only float32 tensors can require gradients (this one is int32)`);
  }
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (ArrayBuffer.isView(data)) {
    if (data instanceof DataView || data instanceof BigInt64Array || data instanceof BigUint64Array) {
      throw new ArgumentError(`tensor: data must hold numbers, got ${describeValue(data)}`);
    }
    flat = data as TypedArray;
    inferred = [flat.length];
  } else if (typeof data === 'number') {
    flat = [data];
    inferred = [];
  } else {
    if (!Array.isArray(data)) {
      throw new ArgumentError(`tensor: data must be a number, a nested array of numbers or a typed array, got ${describeValue(data)}`);
    }
    inferred = inferShape(data);
    const out: number[] = [];
    flatten(data, inferred, 0, out);
    flat = out;
  }
  const finalShape = shape == null ? inferred : validateShape('tensor', shape);
  if (shapeSize(finalShape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values cannot fill shape ${fmtShape(finalShape)} (${shapeSize(finalShape)} elements)`);
  }
  const device = options.device ?? getDefaultDevice();
  if (dtype === 'int32') {
    for (let i = 0; i < flat.length; i++) {
      if (!Number.isInteger(flat[i])) throw new ArgumentError(`tensor: int32 data has a non-integer value ${flat[i]} at index ${i}`);
      if (flat[i] > 2147483647 || flat[i] < -2147483648) throw new ArgumentError(`tensor: int32 data has a value ${flat[i]} at index ${i} outside the int32 range`);
    }
  }
  const typed = toTypedArray(dtype, flat);
  const t = new Tensor(device, device.backend.upload(dtype, typed), finalShape, dtype, options.requiresGrad ?? false);
  if (typed instanceof Int32Array) t.hostData = typed;
  return t;
}

/** Checks the options every creator takes: a known dtype, a Device, a boolean requiresGrad. */
function checkOptions(op: string, options: TensorOptions): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${op}: options must be an object, got ${describeValue(options)}`);
  }
  if (options.dtype !== undefined) validateDType(op, options.dtype);
  if (options.device !== undefined && !(options.device instanceof DeviceClass)) {
    throw new ArgumentError(`${op}: options.device must be a Device from init(), got ${describeValue(options.device)}`);
  }
  if (options.requiresGrad !== undefined && typeof options.requiresGrad !== 'boolean') {
    throw new ArgumentError(`${op}: options.requiresGrad must be a boolean, got ${describeValue(options.requiresGrad)}`);
  }
  if (options.requiresGrad && options.dtype === 'int32') {
    throw new DTypeError(`${op}: only float32 tensors can require gradients (got dtype 'int32' with requiresGrad: true)`);
  }
}

export function full(shape: number[], value: number, options: TensorOptions = {}): Tensor {
  validateShape('full', shape);
  checkOptions('full', options);
  if (typeof value !== 'number') throw new ArgumentError(`full: value must be a number, got ${describeValue(value)}`);
  if (options.dtype === 'int32' && !Number.isInteger(value)) throw new ArgumentError(`full: value ${value} is not an integer, as an int32 fill must be`);
  const t = empty(options.device ?? getDefaultDevice(), shape, options.dtype ?? 'float32');
  fillRaw(t, value);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}
export const zeros = (shape: number[], options: TensorOptions = {}): Tensor => (validateShape('zeros', shape), full(shape, 0, options));
export const ones = (shape: number[], options: TensorOptions = {}): Tensor => (validateShape('ones', shape), full(shape, 1, options));

/** arange(end) or arange(start, end, step); float32 unless dtype says int32. */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  checkFinite('arange', 'start', start);
  checkFinite('arange', 'end', end);
  checkFinite('arange', 'step', step);
  if (step === 0) throw new ArgumentError('arange: step must be non-zero');
  checkOptions('arange', options);
  const n = Math.max(0, Math.ceil((end - start) / step));
  validateShape('arange', [n], `length (from start ${start}, end ${end}, step ${step})`);
  const values = Array.from({ length: n }, (_, i) => start + i * step);
  return tensor(values, [n], options);
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

export function randn(shape: number[], options: RandomOptions = {}): Tensor {
  validateShape('randn', shape);
  checkOptions('randn', options);
  if (options.dtype === 'int32') throw new DTypeError(`randn: draws are float32; dtype 'int32' is not supported`);
  const g = options.generator ?? defaultGenerator();
  const values = new Float32Array(shapeSize(shape));
  for (let i = 0; i < values.length; i++) values[i] = g.normal();
  return tensor(values, shape, options);
}

/** Uniform in [low, high), default [0, 1). */
export function rand(shape: number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  validateShape('rand', shape);
  checkOptions('rand', options);
  if (options.dtype === 'int32') throw new DTypeError(`rand: draws are float32; dtype 'int32' is not supported`);
  const low = checkFinite('rand', 'low', options.low ?? 0);
  const high = checkFinite('rand', 'high', options.high ?? 1);
  if (!(low < high)) throw new ArgumentError(`rand: low (${low}) must be less than high (${high})`);
  const g = options.generator ?? defaultGenerator();
  const values = new Float32Array(shapeSize(shape));
  for (let i = 0; i < values.length; i++) values[i] = g.uniform(low, high);
  return tensor(values, shape, options);
}
