// CPU kernel table of the rnn family: binds the kernel names in kernels/rnn.ts to the reference functions.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { RnnKernelArgs } from '../../kernels/rnn.ts';

export const rnnCpuKernels: KernelTableOf<RnnKernelArgs> = {};
