// Glue for top-k: one dispatch of one workgroup, k rounds inside it. Twins: shaders/reduce/topk.wgsl,
// backends/cpu/topk.ts, ops/topk.ts.
import type { KernelArgs } from '../../kernels/index.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import topkWgsl from '../../../shaders/reduce/topk.wgsl?raw';

const TOPK: KernelSpec = { name: 'reduce/topk', code: topkWgsl, bindings: ['read', 'write', 'write'], uniform: true };

export function topk(b: WebGpuBackend, { x, values, indices, n, k }: KernelArgs['topk']): void {
  // Short inputs do not need 256 invocations: 64 keeps each round's tree shallow.
  const wg = n <= 64 ? 64 : 256;
  b.dispatch(TOPK, { constants: { WG: wg }, storages: [x, values, indices], params: new Params().u32(n).u32(k).build(), groups: [1] });
}
