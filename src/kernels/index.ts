// The kernel catalogue: every kernel a backend must implement, with its arguments, gathered from
// the op families. A backend's kernel table is typed against it, so a missing kernel is a type error.
import type { CoreKernelArgs } from './core.ts';
import type { RnnKernelArgs } from './rnn.ts';
import type { CtcKernelArgs } from './ctc.ts';
import type { Conv1dKernelArgs } from './conv1d.ts';
import type { LinalgKernelArgs } from './linalg.ts';
import type { StreamKernelArgs } from './stream.ts';

export type * from './core.ts';

export interface KernelArgs extends CoreKernelArgs, RnnKernelArgs, CtcKernelArgs, Conv1dKernelArgs, LinalgKernelArgs, StreamKernelArgs {}

export type KernelName = keyof KernelArgs;

/** A backend's implementations of a subset of kernels, e.g. one op family's. */
export type KernelTableOf<Args, Backend = void> = {
  [K in keyof Args]: Backend extends void ? (args: Args[K]) => void : (backend: Backend, args: Args[K]) => void;
};
