// WebGPU glue of the rnn family: binds the kernel names in kernels/rnn.ts to WGSL in shaders/rnn/.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { RnnKernelArgs } from '../../kernels/rnn.ts';
import type { WebGpuBackend } from './index.ts';

export const rnnWebgpuKernels: KernelTableOf<RnnKernelArgs, WebGpuBackend> = {};
