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
const NAN_BITS = 0x7fc00000;

/** Invocations per workgroup: enough for the 2S+1 states of typical targets, looping beyond that. */
function workgroupSize(S: number): number {
  const states = 2 * S + 1;
  return states <= 32 ? 32 : states <= 64 ? 64 : states <= 128 ? 128 : 256;
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
      constants: { WG: workgroupSize(a.S) },
      storages: [a.logProbs, a.targets, a.meta, a.losses, a.logAlpha, a.logBeta],
      params: params(a, a.zeroInfinity, POS_INF_BITS),
      groups: [a.N, 2],
    });
  },
  ctcLossBackward(b, a) {
    checkGrid(b, 'the gradient', a.T, a.N);
    // The class loop dominates when C is large (e.g. 5000 characters), the state loop when S is.
    const wg = Math.max(workgroupSize(a.S), a.C >= 256 ? 256 : a.C > 64 ? 128 : 32);
    b.dispatch(GRAD, {
      constants: { WG: wg },
      storages: [a.logProbs, a.targets, a.meta, a.logAlpha, a.logBeta, a.gradLosses, a.grad],
      params: params(a, a.zeroInfinity, NAN_BITS),
      groups: [a.T, a.N],
    });
  },
  ctcArgmax(b, { x, out, rows, C }) {
    b.dispatch(ARGMAX, { storages: [x, out], params: new Params().u32(rows).u32(C).build(), groups: grid1d(rows, 64) });
  },
};
