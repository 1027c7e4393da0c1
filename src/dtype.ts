// Element types a tensor can hold, and the typed arrays that carry them on the host.
// float32 is the compute type; int32 carries indices, labels and lengths.
export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;

export function typedArrayFor(dtype: DType, size: number): TypedArray {
  return dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
}

export function toTypedArray(dtype: DType, data: ArrayLike<number>): TypedArray {
  return dtype === 'float32' ? Float32Array.from(data) : Int32Array.from(data);
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous tensor of this shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
