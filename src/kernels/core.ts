// The core kernels: elementwise, reductions, data movement and matmul, with their arguments.
// Sizes and strides are element counts. Shapes are already validated by src/ops.
// Each entry has a CPU reference (backends/cpu) and a WebGPU kernel (shaders/ + backends/webgpu).
import type { Storage } from '../backend.ts';

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'relu' | 'gelu'
  | 'sign' | 'step' | 'geluGrad' | 'square' | 'reciprocal';
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'pow'
  | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type ReduceOp = 'sum' | 'max' | 'min';
export type MatmulVariant = 'naive' | 'tiled' | 'blocked' | 'vec4' | 'register';

/** Strided view of a storage: element (i0..ik) lives at offset + sum(i_j * strides[j]). */
export interface StridedView {
  storage: Storage;
  offset: number;
  strides: number[];
}

export interface CoreKernelArgs {
  /** out[i] = value, for i in [0, size). */
  fill: { out: Storage; value: number };
  /** out = op(x), elementwise over x.size elements. */
  unary: { op: UnaryOp; x: Storage; out: Storage };
  /** out[idx] = op(a[idx·aStrides], b[idx·bStrides]) over outShape; broadcast dims have stride 0. */
  binary: { op: BinaryOp; a: StridedView; b: StridedView; out: Storage; outShape: number[] };
  /**
   * A binary op with one operand a number carried in the kernel's arguments (a uniform on WebGPU), not a
   * one-element tensor: out[i] = op(x[i], s), or op(s, x[i]) when scalarFirst. s is rounded to float32 first,
   * as it would be stored in a tensor. x and out are contiguous, x.size elements.
   */
  binaryScalar: { op: BinaryOp; x: Storage; scalar: number; scalarFirst: boolean; out: Storage };
  /** x viewed as [outer, axis, inner]; out[o, i] = reduce over the axis. */
  reduce: { op: ReduceOp; x: Storage; out: Storage; outer: number; axis: number; inner: number };
  /** dst[idx·dstStrides + dstOffset] = src[idx·srcStrides + srcOffset] over shape. */
  copy: { src: StridedView; dst: StridedView; shape: number[] };
  /**
   * out[b] = A[b] @ B[b]; A[b] is [M, K] read through (rowStride, colStride), likewise B [K, N].
   * Batch stride 0 broadcasts one operand over the batch. out is contiguous [batch, M, N].
   */
  matmul: {
    a: Storage; b: Storage; out: Storage;
    batch: number; M: number; N: number; K: number;
    aStrides: [number, number, number]; bStrides: [number, number, number];
    variant: MatmulVariant | 'auto';
  };
  /** out[idx] = cond[idx] != 0 ? a[idx] : b[idx], all broadcast through strides to outShape. */
  where: { cond: StridedView; a: StridedView; b: StridedView; out: Storage; outShape: number[] };
  /** x: [outer, axis, inner], index: int32 [m] -> out [outer, m, inner]. Indices already validated. */
  gather: { x: Storage; index: Storage; out: Storage; outer: number; axis: number; inner: number; m: number };
  /** Adjoint of gather: out [outer, axis, inner] = sum over j with index[j] = a of g[outer, j, inner]. */
  indexAdd: { g: Storage; index: Storage; out: Storage; outer: number; axis: number; inner: number; m: number };
  /** labels int32 [n] -> float32 [n, classes] one-hot; rows whose label equals ignoreIndex are all zero. */
  oneHot: { labels: Storage; out: Storage; n: number; classes: number; ignoreIndex: number };
  /**
   * The k largest of x [n] (flattened), best first: values [k] float32, indices [k] int32. Order: value descending,
   * ties to the lower index; NaN ranks below every number, -0 equals +0. 1 <= k <= min(n, 64).
   */
  topk: { x: Storage; values: Storage; indices: Storage; n: number; k: number };
  /** Elementwise dtype conversion (float -> int truncates toward zero). */
  cast: { x: Storage; out: Storage };
  /**
   * One fused Adam/AdamW update, in place on param, m and v (torch.optim semantics).
   * biasCorrection1 = 1 - beta1^t, biasCorrection2 = 1 - beta2^t; decoupled = AdamW's weight decay.
   */
  adamStep: {
    param: Storage; grad: Storage; m: Storage; v: Storage;
    lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean;
    biasCorrection1: number; biasCorrection2: number;
  };
  /** One fused SGD update in place (torch.optim.SGD semantics); momentumBuf is null without momentum. */
  sgdStep: {
    param: Storage; grad: Storage; momentumBuf: Storage | null;
    lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; firstStep: boolean;
  };
}

