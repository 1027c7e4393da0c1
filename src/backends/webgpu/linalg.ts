// WebGPU glue of the linalg family: binds the kernel names in kernels/linalg.ts to WGSL in shaders/linalg/.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { LinalgKernelArgs } from '../../kernels/linalg.ts';
import type { WebGpuBackend } from './index.ts';

export const linalgWebgpuKernels: KernelTableOf<LinalgKernelArgs, WebGpuBackend> = {};
