// WebGPU glue of the conv1d family: binds the kernel names in kernels/conv1d.ts to WGSL in shaders/conv1d/.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { Conv1dKernelArgs } from '../../kernels/conv1d.ts';
import type { WebGpuBackend } from './index.ts';

export const conv1dWebgpuKernels: KernelTableOf<Conv1dKernelArgs, WebGpuBackend> = {};
