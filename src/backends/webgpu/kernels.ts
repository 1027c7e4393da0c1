// The WebGPU kernel table: one glue function per kernel in src/kernels.ts.
import type { KernelArgs, KernelTableOf } from '../../kernels/index.ts';
import type { WebGpuBackend } from './index.ts';
import { binary, binaryScalar, cast, fill, unary, where } from './elementwise.ts';
import { reduce } from './reduce.ts';
import { topk } from './topk.ts';
import { copy, gather, indexAdd, oneHot } from './indexing.ts';
import { matmul } from './matmul.ts';
import { adamStep, sgdStep } from './optim.ts';
import { rnnWebgpuKernels } from './rnn.ts';
import { ctcWebgpuKernels } from './ctc.ts';
import { conv1dWebgpuKernels } from './conv1d.ts';
import { linalgWebgpuKernels } from './linalg.ts';
import { streamWebgpuKernels } from './stream.ts';

export const webgpuKernels: KernelTableOf<KernelArgs, WebGpuBackend> = {
  fill, unary, binary, binaryScalar, reduce, copy, matmul, where, gather, indexAdd, oneHot, cast, adamStep, sgdStep,
  topk,
  ...rnnWebgpuKernels, ...ctcWebgpuKernels, ...conv1dWebgpuKernels, ...linalgWebgpuKernels, ...streamWebgpuKernels,
};
