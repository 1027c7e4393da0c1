// Glue for the fused optimizer kernels. Twins: shaders/optim/*.wgsl, backends/cpu/optim.ts.
import type { KernelArgs } from '../../kernels/index.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import adamWgsl from '../../../shaders/optim/adam.wgsl?raw';
import sgdWgsl from '../../../shaders/optim/sgd.wgsl?raw';
import sgdMomentumWgsl from '../../../shaders/optim/sgd-momentum.wgsl?raw';

const ADAM: KernelSpec = { name: 'optim/adam', code: adamWgsl, bindings: ['write', 'read', 'write', 'write'], uniform: true };
const SGD: KernelSpec = { name: 'optim/sgd', code: sgdWgsl, entryPoint: 'sgd_plain', bindings: ['write', 'read'], uniform: true };
const SGD_MOMENTUM: KernelSpec = { name: 'optim/sgd-momentum', code: sgdMomentumWgsl, bindings: ['write', 'read', 'write'], uniform: true };

export function adamStep(b: WebGpuBackend, a: KernelArgs['adamStep']): void {
  const n = a.param.size;
  const params = new Params().u32(n).u32(a.decoupled ? 1 : 0).u32(0).u32(0)
    .f32(a.lr).f32(a.beta1).f32(a.beta2).f32(a.eps)
    .f32(a.weightDecay).f32(a.biasCorrection1).f32(a.biasCorrection2).f32(0).build();
  b.dispatch(ADAM, { storages: [a.param, a.grad, a.m, a.v], params, groups: grid1d(n) });
}

export function sgdStep(b: WebGpuBackend, a: KernelArgs['sgdStep']): void {
  const n = a.param.size;
  const params = new Params().u32(n).u32(a.nesterov ? 1 : 0).u32(a.firstStep ? 1 : 0).u32(0)
    .f32(a.lr).f32(a.momentum).f32(a.dampening).f32(a.weightDecay).build();
  if (a.momentumBuf) b.dispatch(SGD_MOMENTUM, { storages: [a.param, a.grad, a.momentumBuf], params, groups: grid1d(n) });
  else b.dispatch(SGD, { storages: [a.param, a.grad], params, groups: grid1d(n) });
}
