// Glue for elementwise kernels: op codes for the OP override constant, strided views and scalar
// operands packed into the uniform block. Twins: shaders/elementwise/*.wgsl, backends/cpu/elementwise.ts.
import type { BinaryOp, KernelArgs, StridedView, UnaryOp } from '../../kernels/index.ts';
import { contiguousStrides } from '../../dtype.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import unaryWgsl from '../../../shaders/elementwise/unary.wgsl?raw';
import binaryWgsl from '../../../shaders/elementwise/binary.wgsl?raw';
import binaryScalarWgsl from '../../../shaders/elementwise/binary-scalar.wgsl?raw';
import whereWgsl from '../../../shaders/elementwise/where.wgsl?raw';
import fillWgsl from '../../../shaders/elementwise/fill.wgsl?raw';
import castWgsl from '../../../shaders/elementwise/cast.wgsl?raw';

/** Must match the switch in unary.wgsl. */
const UNARY_CODE: Record<UnaryOp, number> = {
  neg: 0, exp: 1, log: 2, sqrt: 3, abs: 4, tanh: 5, sigmoid: 6, relu: 7, gelu: 8, sign: 9, step: 10, geluGrad: 11, square: 12, reciprocal: 13,
};
/** Must match the switch in shaders/common/binary-ops.wgsl. */
const BINARY_CODE: Record<BinaryOp, number> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, pow: 6, eq: 7, ne: 8, gt: 9, ge: 10, lt: 11, le: 12,
};

const UNARY: KernelSpec = { name: 'elementwise/unary', code: unaryWgsl, bindings: ['read', 'write'], uniform: true };
const BINARY: KernelSpec = { name: 'elementwise/binary', code: binaryWgsl, bindings: ['read', 'read', 'write'], uniform: true };
const BINARY_SCALAR: KernelSpec = { name: 'elementwise/binary-scalar', code: binaryScalarWgsl, bindings: ['read', 'write'], uniform: true };
const WHERE: KernelSpec = { name: 'elementwise/where', code: whereWgsl, bindings: ['read', 'read', 'read', 'write'], uniform: true };
const FILL: KernelSpec = { name: 'elementwise/fill', code: fillWgsl, bindings: ['write'], uniform: true };
const CAST_TO_FLOAT: KernelSpec = { name: 'elementwise/cast', code: castWgsl, entryPoint: 'to_float', bindings: ['read', 'write'], uniform: true };
const CAST_TO_INT: KernelSpec = { ...CAST_TO_FLOAT, entryPoint: 'to_int' };

const MAX_RANK = 8;

function checkRank(op: string, shape: readonly number[]): void {
  if (shape.length > MAX_RANK) throw new Error(`${op}: WebGPU kernels support tensors up to rank ${MAX_RANK}, got rank ${shape.length}`);
}

export function unary(b: WebGpuBackend, { op, x, out }: KernelArgs['unary']): void {
  b.dispatch(UNARY, {
    constants: { OP: UNARY_CODE[op] }, storages: [x, out], params: new Params().u32(out.size).build(), groups: grid1d(out.size),
  });
}

/**
 * How an operand view maps onto the output's flat index (binary.wgsl's MODE constants): 1 when it is
 * laid out exactly like the output, 2 when it is a contiguous block repeated along leading broadcast
 * dims (a bias row, a scalar: index i % period), 0 for anything else (the general strided walk).
 */
export function viewMode(v: StridedView, outShape: readonly number[]): { mode: 0 | 1 | 2; period: number } {
  if (v.offset !== 0) return { mode: 0, period: 0 };
  const dense = contiguousStrides(outShape);
  if (v.strides.every((s, i) => s === dense[i] || outShape[i] === 1)) return { mode: 1, period: 0 };
  // Leading dims broadcast (stride 0), then a dense suffix.
  let k = 0;
  while (k < outShape.length && (v.strides[k] === 0 || outShape[k] === 1)) k++;
  const suffix = outShape.slice(k);
  const suffixDense = contiguousStrides(suffix);
  if (suffix.every((d, j) => v.strides[k + j] === suffixDense[j] || d === 1)) {
    return { mode: 2, period: suffix.reduce((x, y) => x * y, 1) };
  }
  return { mode: 0, period: 0 };
}

export function binary(b: WebGpuBackend, { op, a, b: bv, out, outShape }: KernelArgs['binary']): void {
  checkRank(op, outShape);
  const ma = viewMode(a, outShape);
  const mb = viewMode(bv, outShape);
  const params = new Params().u32(out.size).u32(outShape.length).u32(a.offset).u32(bv.offset)
    .u32(ma.period).u32(mb.period).u32(0).u32(0)
    .vec4s(outShape, 2).vec4s(a.strides, 2).vec4s(bv.strides, 2).build();
  b.dispatch(BINARY, {
    constants: { OP: BINARY_CODE[op], MODE_A: ma.mode, MODE_B: mb.mode },
    storages: [a.storage, bv.storage, out], params, groups: grid1d(out.size),
  });
}

/** The number rides in the uniform block (Params.f32 rounds it to float32, as the CPU twin does). */
export function binaryScalar(b: WebGpuBackend, { op, x, scalar, scalarFirst, out }: KernelArgs['binaryScalar']): void {
  b.dispatch(BINARY_SCALAR, {
    constants: { OP: BINARY_CODE[op], SCALAR_FIRST: scalarFirst ? 1 : 0 },
    storages: [x, out], params: new Params().u32(out.size).f32(scalar).build(), groups: grid1d(out.size),
  });
}

export function where(b: WebGpuBackend, { cond, a, b: bv, out, outShape }: KernelArgs['where']): void {
  checkRank('where', outShape);
  const params = new Params().u32(out.size).u32(outShape.length).u32(cond.offset).u32(a.offset).u32(bv.offset)
    .vec4s(outShape, 2).vec4s(cond.strides, 2).vec4s(a.strides, 2).vec4s(bv.strides, 2).build();
  b.dispatch(WHERE, { storages: [cond.storage, a.storage, bv.storage, out], params, groups: grid1d(out.size) });
}

export function fill(b: WebGpuBackend, { out, value }: KernelArgs['fill']): void {
  const p = new Params().u32(out.size);
  if (out.dtype === 'float32') p.f32(value);
  else p.i32(value);
  b.dispatch(FILL, { storages: [out], params: p.build(), groups: grid1d(out.size) });
}

export function cast(b: WebGpuBackend, { x, out }: KernelArgs['cast']): void {
  b.dispatch(out.dtype === 'float32' ? CAST_TO_FLOAT : CAST_TO_INT, {
    storages: [x, out], params: new Params().u32(out.size).build(), groups: grid1d(out.size),
  });
}
