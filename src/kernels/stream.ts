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
  w: Storage; // [I + R, C4, 4] packed
  b: Storage; // [2, C4, 4] packed
  wHrT: Storage | null; // [H, P] (W_hr transposed), present exactly when P > 0
  hOut: Storage; // out [N, R]: the new h, also the layer's output for this step
  cOut: Storage | null; // out [N, H] (LSTM only)
}

export interface StreamKernelArgs {
  streamStep: StreamStepArgs;
}
