// WebGPU glue of the linalg family: binds the kernel names in kernels/linalg.ts to WGSL in shaders/linalg/.
// Every kernel runs one invocation per system/series in workgroups of 64, so a batch of any size is one
// dispatch each. Twins: backends/cpu/linalg-kernels.ts, ops/linalg.ts.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { LinalgKernelArgs } from '../../kernels/linalg.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import choleskyWgsl from '../../../shaders/linalg/cholesky-solve.wgsl?raw';
import normalWgsl from '../../../shaders/linalg/ar-normal-equations.wgsl?raw';
import residualsWgsl from '../../../shaders/linalg/ar-residuals.wgsl?raw';
import centerWgsl from '../../../shaders/linalg/center-rows.wgsl?raw';
import fusedWgsl from '../../../shaders/linalg/ar-fit-fused.wgsl?raw';
import armaWgsl from '../../../shaders/linalg/arma-loglik.wgsl?raw';

const CENTER: KernelSpec = { name: 'linalg/center-rows', code: centerWgsl, bindings: ['read', 'write', 'write'], uniform: true };
const CHOLESKY: KernelSpec = { name: 'linalg/cholesky-solve', code: choleskyWgsl, bindings: ['read', 'read', 'write', 'write', 'write'], uniform: true };
const NORMAL: KernelSpec = { name: 'linalg/ar-normal-equations', code: normalWgsl, bindings: ['read', 'read', 'write', 'write'], uniform: true };
const RESIDUALS: KernelSpec = {
  name: 'linalg/ar-residuals', code: residualsWgsl, bindings: ['read', 'read', 'read', 'read', 'write', 'write', 'write'], uniform: true,
};

const FUSED: KernelSpec = { name: 'linalg/ar-fit-fused', code: fusedWgsl, bindings: ['read', 'write', 'write', 'write', 'write'], uniform: true };
const ARMA: KernelSpec = { name: 'linalg/arma-loglik', code: armaWgsl, bindings: ['read', 'read', 'read', 'write'], uniform: true };

const WG = 64;
const NAN_BITS = 0x7fc00000;

export const linalgWebgpuKernels: KernelTableOf<LinalgKernelArgs, WebGpuBackend> = {
  centerRows(be, { series, out, shift, batch, length }) {
    be.dispatch(CENTER, { constants: { WG }, storages: [series, out, shift], params: new Params().u32(batch).u32(length).build(), groups: grid1d(batch, WG) });
  },
  choleskySolve(be, { a, b, x, factor, info, batch, k, tol }) {
    be.dispatch(CHOLESKY, {
      constants: { WG }, storages: [a, b, x, factor, info],
      params: new Params().u32(batch).u32(k).f32(tol).u32(NAN_BITS).build(), groups: grid1d(batch, WG),
    });
  },
  arNormalEquations(be, { gram, series, a, b, batch, length, p, constant }) {
    be.dispatch(NORMAL, {
      constants: { WG }, storages: [gram, series, a, b],
      params: new Params().u32(batch).u32(length).u32(p).u32(constant ? 1 : 0).build(), groups: grid1d(batch, WG),
    });
  },
  arResiduals(be, { series, shift, solution, info, params, sigma2, status, batch, length, p, constant }) {
    be.dispatch(RESIDUALS, {
      constants: { WG }, storages: [series, shift, solution, info, params, sigma2, status],
      params: new Params().u32(batch).u32(length).u32(p).u32(constant ? 1 : 0).u32(NAN_BITS).build(), groups: grid1d(batch, WG),
    });
  },
  arFitFused(be, { series, work, params, sigma2, status, batch, length, p, constant, strideS, strideT, tol }) {
    be.dispatch(FUSED, {
      constants: { WG }, storages: [series, work, params, sigma2, status],
      params: new Params().u32(batch).u32(length).u32(p).u32(constant ? 1 : 0).u32(strideS).u32(strideT).f32(tol).u32(NAN_BITS).build(),
      groups: grid1d(batch, WG),
    });
  },
  armaLoglik(be, { series, which, coefs, sums, count, length, batch, p, q, hasMean }) {
    be.dispatch(ARMA, {
      constants: { WG }, storages: [series, which, coefs, sums],
      params: new Params().u32(count).u32(length).u32(batch).u32(p).u32(q).u32(hasMean ? 1 : 0).u32(NAN_BITS).build(),
      groups: grid1d(count, WG),
    });
  },
};
