// CPU kernel table of the conv1d family: binds the kernel names in kernels/conv1d.ts to the reference functions.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { Conv1dKernelArgs } from '../../kernels/conv1d.ts';

export const conv1dCpuKernels: KernelTableOf<Conv1dKernelArgs> = {};
