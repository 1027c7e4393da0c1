// Glue for reductions: one workgroup per output element. Twins: shaders/reduce/reduce.wgsl, backends/cpu/reduce.ts.
import type { KernelArgs } from '../../kernels/index.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import reduceWgsl from '../../../shaders/reduce/reduce.wgsl?raw';

const REDUCE: KernelSpec = { name: 'reduce/reduce', code: reduceWgsl, bindings: ['read', 'write'], uniform: true };
const CODE = { sum: 0, max: 1, min: 2 } as const;

export function reduce(b: WebGpuBackend, { op, x, out, outer, axis, inner }: KernelArgs['reduce']): void {
  const outputs = outer * inner;
  const gx = Math.min(outputs, 65535);
  const gy = Math.ceil(outputs / 65535);
  // Short axes do not need 256 invocations per output: 64 keeps the tree shallow.
  const wg = axis <= 64 ? 64 : 256;
  b.dispatch(REDUCE, {
    constants: { OP: CODE[op], WG: wg }, storages: [x, out],
    params: new Params().u32(outer).u32(axis).u32(inner).u32(gx).build(), groups: [gx, gy],
  });
}
