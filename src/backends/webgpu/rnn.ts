// WebGPU glue of the rnn family (stub while the kernels are written).
import type { KernelTableOf } from '../../kernels/index.ts';
import type { RnnKernelArgs } from '../../kernels/rnn.ts';
import type { WebGpuBackend } from './index.ts';

const todo = (): never => { throw new Error('rnn: WebGPU kernels not yet available'); };
export const rnnWebgpuKernels: KernelTableOf<RnnKernelArgs, WebGpuBackend> = {
  lstmForward: todo, lstmBackward: todo, gruForward: todo, gruBackward: todo, rnnForward: todo, rnnBackward: todo,
};
