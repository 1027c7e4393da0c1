// Argument checks shared by every public entry point: shapes (one validator for every creation path),
// dtypes, tensor and number operands. Each error names the function, the argument and what was wrong with
// it, so a mistake is found where it was made rather than as a NaN or a RangeError deep inside a backend.
import { Tensor } from '../tensor.ts';
import type { DType } from '../dtype.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, DTypeError, ShapeError, describeValue } from '../errors.ts';

/**
 * The most elements one tensor may hold: kernels index with i32/u32 and typed arrays are capped near 2^32,
 * so 2^31 - 1 keeps every index arithmetic exact on both backends.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

export const DTYPES: readonly DType[] = ['float32', 'int32'];

/** Checks a shape argument: an array of non-negative integer dims whose product fits MAX_TENSOR_ELEMENTS. */
export function validateShape(op: string, shape: unknown, what = 'shape'): number[] {
  if (!Array.isArray(shape)) {
    throw new ArgumentError(`${op}: ${what} must be an array of dims, got ${describeValue(shape)}`);
  }
  let size = 1;
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      const shown = typeof d === 'number' ? String(d) : describeValue(d);
      throw new ShapeError(`${op}: ${what} ${fmtShapeLoose(shape)} has dim ${i} = ${shown}; dims must be non-negative integers`);
    }
    size *= d;
  });
  if (size > MAX_TENSOR_ELEMENTS) {
    throw new ShapeError(
      `${op}: ${what} ${fmtShape(shape as number[])} has ${size.toExponential(3)} elements; a tensor holds at most ${MAX_TENSOR_ELEMENTS} (2^31 - 1)`,
    );
  }
  return shape as number[];
}

function fmtShapeLoose(shape: unknown[]): string {
  return `[${shape.map((d) => (typeof d === 'number' ? String(d) : describeValue(d))).join(', ')}]`;
}

export function validateDType(op: string, dtype: unknown): DType {
  if (!DTYPES.includes(dtype as DType)) {
    const shown = typeof dtype === 'string' ? `'${dtype}'` : describeValue(dtype);
    throw new DTypeError(`${op}: unknown dtype ${shown}; seqgpu tensors are 'float32' or 'int32'`);
  }
  return dtype as DType;
}

/** Throws unless x is a live Tensor; the message says what was passed instead (a Promise: a missing await). */
export function checkTensor(op: string, what: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) {
    throw new ArgumentError(`${op}: ${what} must be a Tensor, got ${describeValue(x)}`);
  }
  return x;
}

/** Throws unless x is a Tensor or a finite-or-infinite number (NaN allowed: it is a value, not a mistake). */
export function checkOperand(op: string, what: string, x: unknown): Tensor | number {
  if (typeof x === 'number' || x instanceof Tensor) return x;
  throw new ArgumentError(`${op}: ${what} must be a Tensor or a number, got ${describeValue(x)}`);
}

/** Throws unless x is a finite number. */
export function checkFinite(op: string, what: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new ArgumentError(`${op}: ${what} must be a finite number, got ${describeValue(x)}`);
  }
  return x;
}

/** Throws unless x is an integer (optionally >= min). */
export function checkInteger(op: string, what: string, x: unknown, min = -Infinity): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) {
    const need = min === -Infinity ? 'an integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    throw new ArgumentError(`${op}: ${what} must be ${need}, got ${describeValue(x)}`);
  }
  return x;
}
