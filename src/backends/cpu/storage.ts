// CPU storage: a typed array. float32 values are stored as float32 (as on the GPU) but every
// reference kernel computes in float64 (JavaScript numbers) and rounds once when storing.
import type { Storage } from '../../backend.ts';
import type { DType, TypedArray } from '../../dtype.ts';

export class CpuStorage implements Storage {
  refs = 1;
  constructor(readonly dtype: DType, readonly data: TypedArray) {}
  get size(): number {
    return this.data.length;
  }
}

export function arr(s: Storage): TypedArray {
  return (s as CpuStorage).data;
}

/** Visits every multi-index of `shape` in row-major order, passing the flat output index. */
export function forEachIndex(shape: readonly number[], fn: (flat: number, idx: number[]) => void): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(flat, idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

export function dot(idx: readonly number[], strides: readonly number[], offset: number): number {
  let o = offset;
  for (let i = 0; i < idx.length; i++) o += idx[i] * strides[i];
  return o;
}
