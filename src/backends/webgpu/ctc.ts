// WebGPU glue of the ctc family: binds the kernel names in kernels/ctc.ts to WGSL in shaders/ctc/.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { CtcKernelArgs } from '../../kernels/ctc.ts';
import type { WebGpuBackend } from './index.ts';

export const ctcWebgpuKernels: KernelTableOf<CtcKernelArgs, WebGpuBackend> = {};
