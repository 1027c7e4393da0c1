// Glue for the matmul ladder: picks a rung by shape unless one is forced, packs strides.
// Twins: shaders/matmul/{naive,tiled,blocked}.wgsl, backends/cpu/matmul.ts.
import type { KernelArgs, MatmulVariant } from '../../kernels/index.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import naiveWgsl from '../../../shaders/matmul/naive.wgsl?raw';
import tiledWgsl from '../../../shaders/matmul/tiled.wgsl?raw';
import blockedWgsl from '../../../shaders/matmul/blocked.wgsl?raw';

const SPECS: Record<MatmulVariant, KernelSpec> = {
  naive: { name: 'matmul/naive', code: naiveWgsl, bindings: ['read', 'read', 'write'], uniform: true },
  tiled: { name: 'matmul/tiled', code: tiledWgsl, bindings: ['read', 'read', 'write'], uniform: true },
  blocked: { name: 'matmul/blocked', code: blockedWgsl, bindings: ['read', 'read', 'write'], uniform: true },
};
/** Output tile edge per workgroup of each rung. */
const TILE: Record<MatmulVariant, number> = { naive: 16, tiled: 16, blocked: 64 };

/**
 * Default rung by shape, from bench/results/matmul.json: the register-blocked rung wins wherever the
 * output has at least a few rows of 64x64 tiles; for skinny products (few rows, as an RNN's [B, H] x
 * [H, 4H] with small B) the naive rung wins because the tiled rungs' workgroup barriers cost more
 * than the reuse they buy. The tiled rung stays selectable and benchmarked, but is never the default:
 * it lost at every measured shape.
 */
export function pickMatmulVariant(M: number, N: number, K: number): MatmulVariant {
  if (M <= 16 || (K <= 8 && M * N <= 4096)) return 'naive';
  return 'blocked';
}

export function matmul(b: WebGpuBackend, args: KernelArgs['matmul']): void {
  const { M, N, K, batch, aStrides, bStrides } = args;
  const variant = args.variant === 'auto' ? pickMatmulVariant(M, N, K) : args.variant;
  const t = TILE[variant];
  const params = new Params().u32(M).u32(N).u32(K).u32(0)
    .u32(aStrides[0]).u32(aStrides[1]).u32(aStrides[2]).u32(0)
    .u32(bStrides[0]).u32(bStrides[1]).u32(bStrides[2]).u32(0).build();
  b.dispatch(SPECS[variant], { storages: [args.a, args.b, args.out], params, groups: [Math.ceil(N / t), Math.ceil(M / t), batch] });
}
