// WebGPU glue of the conv1d family: binds the kernel names in kernels/conv1d.ts to WGSL in shaders/conv1d/.
// Forward ladder: 'direct' (direct.wgsl, 1 dispatch) or 'im2col' (unfold + the matmul ladder + scatter/bias,
// 3 dispatches); 'auto' picks im2col when the per-group GEMM is big enough to pay for the unfold.
// Gradients and pooling: one gather-form dispatch each. Twins: backends/cpu/conv1d-kernels.ts, ops/conv1d.ts.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { Conv1dGeometry, Conv1dKernelArgs, Conv1dVariant, Pool1dGeometry } from '../../kernels/conv1d.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import { matmul } from './matmul.ts';
import directWgsl from '../../../shaders/conv1d/direct.wgsl?raw';
import im2colWgsl from '../../../shaders/conv1d/im2col.wgsl?raw';
import backwardWgsl from '../../../shaders/conv1d/backward.wgsl?raw';
import maxPoolWgsl from '../../../shaders/conv1d/max-pool.wgsl?raw';
import avgPoolWgsl from '../../../shaders/conv1d/avg-pool.wgsl?raw';

const DIRECT: KernelSpec = { name: 'conv1d/direct', code: directWgsl, bindings: ['read', 'read', 'read', 'write'], uniform: true };
const IM2COL: KernelSpec = { name: 'conv1d/im2col', code: im2colWgsl, entryPoint: 'im2col', bindings: ['read', 'read', 'write'], uniform: true };
const SCATTER: KernelSpec = { ...IM2COL, entryPoint: 'scatter_out' };
const BWD: KernelSpec = { name: 'conv1d/backward', code: backwardWgsl, entryPoint: 'input_grad', bindings: ['read', 'read', 'write'], uniform: true };
const MAX_POOL: KernelSpec = { name: 'conv1d/max-pool', code: maxPoolWgsl, entryPoint: 'max_pool', bindings: ['read', 'write', 'write'], uniform: true };
const AVG_POOL: KernelSpec = { name: 'conv1d/avg-pool', code: avgPoolWgsl, entryPoint: 'avg_pool', bindings: ['read', 'write'], uniform: true };
const WG = 64;

function convParams(g: Conv1dGeometry, total: number): Uint32Array {
  return new Params().u32(g.N).u32(g.Cin).u32(g.L).u32(g.Cout).u32(g.K).u32(g.Lout).u32(g.stride).u32(g.padLeft)
    .u32(g.dilation).u32(g.groups).u32(total).u32(0).build();
}

function poolParams(g: Pool1dGeometry, total: number): Uint32Array {
  return new Params().u32(g.N * g.C).u32(g.L).u32(g.Lout).u32(g.kernel).u32(g.stride).u32(g.padding).u32(total).u32(0).build();
}

/**
 * im2col pays an extra pass over K x the input and two extra dispatches; it wins once each group's GEMM
 * (coutG x cinG*K times cinG*K x N*Lout) is large enough for the tiled matmul's reuse to matter.
 */
export function pickConv1dVariant(g: Conv1dGeometry): Conv1dVariant {
  const coutG = g.Cout / g.groups;
  const inner = (g.Cin / g.groups) * g.K;
  const colsBytes = g.groups * inner * g.N * g.Lout * 4;
  return coutG >= 16 && inner >= 16 && g.N * g.Lout >= 64 && colsBytes <= 64 * 1024 * 1024 ? 'im2col' : 'direct';
}

export const conv1dWebgpuKernels: KernelTableOf<Conv1dKernelArgs, WebGpuBackend> = {
  conv1d(b, a) {
    const variant = a.variant === 'auto' ? pickConv1dVariant(a) : a.variant;
    const total = a.N * a.Cout * a.Lout;
    const constants = { WG, HAS_BIAS: a.b ? 1 : 0 };
    if (variant === 'direct') {
      // without a bias, w stands in for the unused bias binding (two read-only bindings may alias)
      b.dispatch(DIRECT, { constants, storages: [a.x, a.w, a.b ?? a.w, a.y], params: convParams(a, total), groups: grid1d(total, WG) });
      return;
    }
    const cinG = a.Cin / a.groups;
    const coutG = a.Cout / a.groups;
    const colsSize = a.groups * cinG * a.K * a.N * a.Lout;
    const cols = b.alloc('float32', colsSize); // [groups, cinG*K, N*Lout]
    const prod = b.alloc('float32', a.Cout * a.N * a.Lout); // [groups, coutG, N*Lout] = [Cout, N*Lout]
    b.dispatch(IM2COL, { constants: { WG }, storages: [a.x, a.x, cols], params: convParams(a, colsSize), groups: grid1d(colsSize, WG) });
    const inner = cinG * a.K;
    const cols2 = a.N * a.Lout;
    matmul(b, {
      a: a.w, b: cols, out: prod, batch: a.groups, M: coutG, N: cols2, K: inner,
      aStrides: [coutG * inner, inner, 1], bStrides: [inner * cols2, cols2, 1], variant: 'auto',
    });
    b.dispatch(SCATTER, { constants, storages: [prod, a.b ?? prod, a.y], params: convParams(a, total), groups: grid1d(total, WG) });
    // Safe to free now: the pool hands buffers out again only to work recorded after these dispatches.
    b.free(cols);
    b.free(prod);
  },
  conv1dBackwardInput(b, a) {
    const total = a.N * a.Cin * a.L;
    b.dispatch(BWD, { constants: { WG }, storages: [a.dy, a.w, a.dx], params: convParams(a, total), groups: grid1d(total, WG) });
  },
  conv1dBackwardWeight(b, a) {
    const total = a.Cout * (a.Cin / a.groups) * a.K;
    b.dispatch({ ...BWD, entryPoint: 'weight_grad' }, { constants: { WG }, storages: [a.dy, a.x, a.dw], params: convParams(a, total), groups: grid1d(total, WG) });
  },
  conv1dBackwardBias(b, a) {
    b.dispatch({ ...BWD, entryPoint: 'bias_grad' }, { constants: { WG }, storages: [a.dy, a.dy, a.db], params: convParams(a, a.Cout), groups: grid1d(a.Cout, WG) });
  },
  maxPool1d(b, a) {
    const total = a.N * a.C * a.Lout;
    b.dispatch(MAX_POOL, { constants: { WG }, storages: [a.x, a.y, a.indices], params: poolParams(a, total), groups: grid1d(total, WG) });
  },
  maxPool1dBackward(b, a) {
    const total = a.N * a.C * a.L;
    b.dispatch({ ...MAX_POOL, entryPoint: 'max_pool_grad' }, { constants: { WG }, storages: [a.dy, a.dx, a.indices], params: poolParams(a, total), groups: grid1d(total, WG) });
  },
  avgPool1d(b, a) {
    const total = a.N * a.C * a.Lout;
    b.dispatch(AVG_POOL, { constants: { WG }, storages: [a.x, a.y], params: poolParams(a, total), groups: grid1d(total, WG) });
  },
  avgPool1dBackward(b, a) {
    const total = a.N * a.C * a.L;
    b.dispatch({ ...AVG_POOL, entryPoint: 'avg_pool_grad' }, { constants: { WG }, storages: [a.dy, a.dx], params: poolParams(a, total), groups: grid1d(total, WG) });
  },
};
