// WebGPU glue of the ctc family: binds the kernel names in kernels/ctc.ts to WGSL in shaders/ctc/.
// Loss: one dispatch of N x 2 workgroups (alpha, beta); gradient: one dispatch of T x N workgroups; so loss +
// gradient is a constant number of dispatches whatever T is. Twins: backends/cpu/ctc-kernels.ts, ops/ctc.ts.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { CtcDims, CtcKernelArgs } from '../../kernels/ctc.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import ctcWgsl from '../../../shaders/ctc/ctc.wgsl?raw';
import ctcGradWgsl from '../../../shaders/ctc/ctc-grad.wgsl?raw';
import argmaxWgsl from '../../../shaders/ctc/argmax.wgsl?raw';

const LOSS: KernelSpec = { name: 'ctc/ctc', code: ctcWgsl, bindings: ['read', 'read', 'read', 'write', 'write', 'write'], uniform: true };
const GRAD: KernelSpec = {
  name: 'ctc/ctc-grad', code: ctcGradWgsl, bindings: ['read', 'read', 'read', 'read', 'read', 'read', 'write'], uniform: true,
};
const ARGMAX: KernelSpec = { name: 'ctc/argmax', code: argmaxWgsl, bindings: ['read', 'write'], uniform: true };

const POS_INF_BITS = 0x7f800000;

/**
 * Invocations per alpha/beta workgroup: about three of the 2S+1 states each (32 for targets up to 48 labels). The
 * time loop has a barrier per frame; with fewer invocations each barrier is cheaper, and a 32-wide workgroup is one
 * warp on most GPUs. On SwiftShader, which runs a workgroup's invocations as CPU fibers, the warp-ctc shape
 * (T 150, N 64, S 40: 81 states) took 702-1310 ms at 128 invocations (one per state) and 259-355 ms at 32.
 */
function lossWorkgroupSize(S: number): number {
  const perThree = Math.ceil((2 * S + 1) / 3);
  return perThree <= 32 ? 32 : perThree <= 64 ? 64 : perThree <= 128 ? 128 : 256;
}

/**
 * Invocations per gradient workgroup (one workgroup per frame and item; invocations stride over classes, then over
 * target labels): 64 once there are more than 32 classes or labels, else 32. Measured on SwiftShader: T 150, N 64,
 * S 40, C 28: 1660-2440 ms at 128, 825-909 ms at 64, 854 ms at 32; T 150, N 8, S 20, C 5000: 909-1020 ms at 256,
 * 465-541 ms at 64. T x N workgroups keep a real GPU busy without wider ones.
 */
function gradWorkgroupSize(S: number, C: number): number {
  return C > 32 || S > 32 ? 64 : 32;
}

function params(d: CtcDims, zeroInfinity: boolean, bits: number): Uint32Array {
  return new Params().u32(d.T).u32(d.N).u32(d.C).u32(d.S).u32(d.blank).u32(zeroInfinity ? 1 : 0).u32(bits).u32(0).build();
}

function checkGrid(b: WebGpuBackend, what: string, x: number, y: number): void {
  const max = b.limits.maxComputeWorkgroupsPerDimension;
  if (x > max || y > max) throw new Error(`ctcLoss: ${what} needs ${x} x ${y} workgroups, above this device's ${max} per dimension; split the batch`);
}

export const ctcWebgpuKernels: KernelTableOf<CtcKernelArgs, WebGpuBackend> = {
  ctcLoss(b, a) {
    checkGrid(b, 'the forward pass', a.N, 2);
    b.dispatch(LOSS, {
      constants: { WG: lossWorkgroupSize(a.S) },
      storages: [a.logProbs, a.targets, a.meta, a.losses, a.logAlpha, a.logBeta],
      params: params(a, a.zeroInfinity, POS_INF_BITS),
      groups: [a.N, 2],
    });
  },
  ctcLossBackward(b, a) {
    checkGrid(b, 'the gradient', a.T, a.N);
    b.dispatch(GRAD, {
      constants: { WG: gradWorkgroupSize(a.S, a.C) },
      storages: [a.logProbs, a.targets, a.meta, a.logAlpha, a.logBeta, a.gradLosses, a.grad],
      params: params(a, a.zeroInfinity, 0), // the gradient kernel has no use for the bits slot
      groups: [a.T, a.N],
    });
  },
  ctcArgmax(b, { x, out, rows, C }) {
    b.dispatch(ARGMAX, { storages: [x, out], params: new Params().u32(rows).u32(C).build(), groups: grid1d(rows, 64) });
  },
};
