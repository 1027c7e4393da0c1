// CPU kernel table of the linalg family: binds the kernel names in kernels/linalg.ts to reference functions.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { LinalgKernelArgs } from '../../kernels/linalg.ts';

export const linalgCpuKernels: KernelTableOf<LinalgKernelArgs> = {};
