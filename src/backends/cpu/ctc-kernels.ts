// CPU kernel table of the ctc family: binds the kernel names in kernels/ctc.ts to the reference functions.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { CtcKernelArgs } from '../../kernels/ctc.ts';

export const ctcCpuKernels: KernelTableOf<CtcKernelArgs> = {};
