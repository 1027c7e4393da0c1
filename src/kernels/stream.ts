// Kernel arguments of streaming inference: ONE timestep of ONE layer (input projection + recurrent product + gate
// math + state update) in a single kernel, reading weights packed once at stream creation (ops/stream.ts).
// Twins: src/ops/stream.ts, backends/cpu/stream.ts, backends/webgpu/stream.ts, shaders/rnn/stream-step.wgsl.
import type { Storage } from '../backend.ts';
import type { RnnActivation } from './rnn.ts';

export type StreamCell = 'lstm' | 'gru' | 'rnn';

/**
 * Packed layout (so that neighbouring invocations read neighbouring vec4s): the weights of a layer are ONE array
 * w [I + R, C4, 4] whose row k < I is column k of W_ih and row I + k column k of W_hh, and the biases b [2, C4, 4]
 * (row 0 b_ih, row 1 b_hh; zeros without bias). Column q's vec4 holds:
 *   LSTM: gates i, f, g, o of hidden unit q (C4 = H);   GRU: r, z, n, 0 of unit q (C4 = H);
 *   RNN:  units 4q .. 4q+3 (C4 = ceil(H / 4), zero padded).
 */
/**
 * How the packed w is stored. 'float32': as above. 'float16' (opt-in, Streamer's weightDtype): the same values
 * rounded to binary16 (backends/cpu/f16.ts gives the rules) and packed two per 32-bit word, so column q's vec4 is
 * words 2q, 2q+1 of row k's C4 columns, flattened: element (k, q, e) is half number 4 (k C4 + q) + e. Half the
 * bytes of the weight stream that bounds a GEMV; the arithmetic stays float32 (unpacked on load), so it needs no
 * shader-f16. W_hr^T [H, P] is stored the same way (halves in row-major order); the biases stay float32.
 */
export type StreamWeightDtype = 'float32' | 'float16';

/**
 * The kernel that runs a step (the CPU backend has one reference for all):
 *   'columns':  an invocation owns a column (and 1, 2 or 4 batch rows) and loops over all of k (stream-step.wgsl);
 *               the only one with a projection (P > 0);
 *   'ksplit':   4 invocations share a column, each summing a quarter of k, added through workgroup memory
 *               (stream-ksplit.wgsl): 4x the parallelism for a small batch, one row per workgroup;
 *   'subgroup': 'ksplit' with the partial sums added by subgroup shuffles (adapters with 'subgroups' only).
 */
export type StreamVariant = 'columns' | 'ksplit' | 'subgroup';
export const STREAM_VARIANTS: readonly StreamVariant[] = ['columns', 'ksplit', 'subgroup'];

/** Words of packed halves for n values: 2 per word, rounded up to a multiple of 4 words (a vec4<u32> array). */
export const halfWords = (n: number): number => Math.ceil(n / 8) * 4;

export const streamColumns = (cell: StreamCell, H: number): number => (cell === 'rnn' ? Math.ceil(H / 4) : H);

/** The projection kernel keeps a row's o * tanh(c') in workgroup memory (MAX_H_PROJ in stream-step.wgsl). */
export const STREAM_MAX_H_PROJ = 2048;

export interface StreamStepArgs {
  cell: StreamCell;
  activation: RnnActivation; // RNN only
  N: number;
  I: number;
  H: number;
  P: number; // LSTM projection size, 0 = none; R = P || H
  x: Storage; // [N, I]
  h: Storage; // [N, R] state entering the step
  c: Storage | null; // [N, H] (LSTM only)
  w: Storage; // [I + R, C4, 4] packed: float32, or int32 words of halves (halfWords(K C4 4)) when wDtype is 'float16'
  wDtype: StreamWeightDtype;
  variant: StreamVariant; // 'ksplit' and 'subgroup' only with P = 0
  b: Storage; // [2, C4, 4] packed
  wHrT: Storage | null; // [H, P] (W_hr transposed; halves when wDtype is 'float16'), present exactly when P > 0
  hOut: Storage; // out [N, R]: the new h, also the layer's output for this step
  cOut: Storage | null; // out [N, H] (LSTM only)
}

/** float32 src [n] -> dst int32 [halfWords(n)]: halves, two per word, element 2i in the low 16 bits, zeros past n. */
export interface PackFloat16Args {
  src: Storage;
  dst: Storage;
}

export interface StreamKernelArgs {
  streamStep: StreamStepArgs;
  packFloat16: PackFloat16Args;
}
