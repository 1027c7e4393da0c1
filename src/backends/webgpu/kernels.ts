// The WebGPU kernel table: one glue function per kernel in src/kernels.ts.
import type { KernelArgs, KernelName } from '../../kernels.ts';
import type { WebGpuBackend } from './index.ts';
import { binary, cast, fill, unary, where } from './elementwise.ts';
import { reduce } from './reduce.ts';
import { copy, gather, indexAdd, oneHot } from './indexing.ts';
import { matmul } from './matmul.ts';

type KernelTable = { [K in KernelName]: (b: WebGpuBackend, args: KernelArgs[K]) => void };

export const webgpuKernels: KernelTable = { fill, unary, binary, reduce, copy, matmul, where, gather, indexAdd, oneHot, cast };
