// Kernel arguments of the rnn op family: the recurrent time loop of one layer-direction, or of both directions of a
// bidirectional layer at once (D = 2), forward and BPTT step. The input projection (xProj = x W_ih^T + b_ih) and the
// weight gradients are GEMMs done by src/ops/rnn*.ts, so these kernels only see xProj, the recurrent weights, states
// and the "saved" activations.
// Twins: src/ops/rnn.ts, backends/cpu/rnn-kernels.ts, backends/webgpu/rnn.ts, shaders/rnn/*.wgsl.
import type { Storage } from '../backend.ts';

/**
 * 'fused': one dispatch per timestep, one invocation per (item, unit). 'persistent': one dispatch loops over all T
 * (needs N*H <= 256). 'tiled': one dispatch per timestep of a tiled, coalesced recurrent GEMM fused with the gate
 * math (any N*H; projSize runs the fused projection kernels).
 */
export type RnnKernelVariant = 'fused' | 'persistent' | 'tiled';
export type RnnActivation = 'tanh' | 'relu';

// The saved buffer is one row of per-step activations for each (t, n), laid out so the recurrent weight GEMM
// reads h_{t-1} straight out of it (columns [0, R) with row stride = width), without a copy:
//   LSTM: [h_prev R | c_prev H | i f g o 4H | c H]   width R + 6H
//   GRU:  [h_prev H | r z n 3H | hn H]              width 5H (hn = W_hn h_{t-1} + b_hn)
//   RNN:  [h_prev H]                                 width H (act' comes from y)
// With D directions the buffers stack them: xProj, y, dy, dXProj, dHp are [T, N, D, ·] (xProj is ONE GEMM of x with
// both directions' W_ih; y is then already PyTorch's concatenated [T, N, D*R] output); saved is [D, T, N, width]
// (dW_hh is one batched GEMM); wHh [D, G*H, R], wHr [D, P, H], bHh [D, G*H]; states [D, N, ·]. Direction 1
// walks time backwards; `reverse` flips direction 0 (D = 1 only).
// Padded steps (t >= lengths[n]) have zero gate columns; their h_prev/c_prev hold the carried state on the CPU
// and zero on WebGPU (finite either way: the weight GEMM multiplies them by a zero gate gradient).
export const lstmSavedWidth = (H: number, R: number): number => R + 6 * H;
export const gruSavedWidth = (H: number): number => 5 * H;
export const rnnSavedWidth = (H: number): number => H;

interface Common {
  /** Directions run together: 1, or 2 for a bidirectional layer (direction 1 is the reverse one). */
  D: number;
  T: number;
  N: number;
  H: number;
  reverse: boolean;
  /** pack_padded lengths [N] (host values, already validated to lie in 0..T), or null for all T. */
  lengths: Int32Array | null;
  variant: RnnKernelVariant;
}

/**
 * How a forward kernel reads W_hh. 'float16' (inference only, ops weightDtype): the values rounded to binary16 as
 * backends/cpu/f16.ts defines it; on WebGPU only the 'tiled' rung has it (its packed W_hh^T stored as halves), with
 * no projection and no saved rows.
 */
export type WeightDtype = 'float32' | 'float16';

/** The forward kernels' W_hh storage (absent: float32). */
interface HalfWeights {
  wHhDtype?: WeightDtype;
}

export interface LstmForwardArgs extends Common, HalfWeights {
  xProj: Storage; // [T, N, 4H]; b_ih AND b_hh are already added (the op folds both biases into xProj)
  h0: Storage; // [N, R]
  c0: Storage; // [N, H]
  wHh: Storage; // [4H, R]
  wHr: Storage | null; // [P, H] projection
  P: number; // 0 = no projection; R = P || H
  y: Storage; // out [T, N, R]
  hN: Storage; // out [N, R]
  cN: Storage; // out [N, H]
  saved: Storage | null; // out [T, N, R + 6H]; null in inference (no gradient will be taken): rows not kept
}

export interface LstmBackwardArgs extends Common {
  wHh: Storage;
  wHr: Storage | null;
  P: number;
  saved: Storage;
  dy: Storage | null; // [T, N, R]; null = no gradient reached y
  dhN: Storage | null; // [N, R]
  dcN: Storage | null; // [N, H]
  dXProj: Storage; // out [T, N, 4H]: gradient of the gate pre-activations (also dGates for dW_hh)
  dh0: Storage; // out [N, R]
  dc0: Storage; // out [N, H]
  dWhr: Storage | null; // out [P, H]
}

export interface GruForwardArgs extends Common, HalfWeights {
  xProj: Storage; // [T, N, 3H] with b_ih added (b_hh cannot be folded: r multiplies W_hn h + b_hn)
  h0: Storage; // [N, H]
  wHh: Storage; // [3H, H]
  bHh: Storage | null; // [3H]
  y: Storage; // out [T, N, H]
  hN: Storage; // out [N, H]
  saved: Storage | null; // out [T, N, 5H]; null in inference
}

export interface GruBackwardArgs extends Common {
  wHh: Storage;
  saved: Storage;
  dy: Storage | null;
  dhN: Storage | null;
  dXProj: Storage; // out [T, N, 3H]
  dHp: Storage; // out [T, N, 3H]: gradient of W_hh h + b_hh (n block = r * dXProj's n block)
  dh0: Storage; // out [N, H]
}

export interface RnnForwardArgs extends Common, HalfWeights {
  activation: RnnActivation;
  xProj: Storage; // [T, N, H] with both biases added
  h0: Storage;
  wHh: Storage; // [H, H]
  y: Storage; // out [T, N, H]
  hN: Storage; // out [N, H]
  saved: Storage | null; // out [T, N, H]; null in inference
}

export interface RnnBackwardArgs extends Common {
  activation: RnnActivation;
  wHh: Storage;
  y: Storage; // the forward output: act' is written with it
  saved: Storage; // [T, N, H] h_prev rows (the CPU reference rebuilds its carried states from them)
  dy: Storage | null;
  dhN: Storage | null;
  dXProj: Storage; // out [T, N, H]
  dh0: Storage; // out [N, H]
}

/**
 * Stacks the two directions' parameters of a bidirectional layer in one dispatch: A = a0 ‖ a1 and B = b0 ‖ b1
 * (flat; sizeA and sizeB are the sizes of one half). rnnUnpack is its adjoint (the gradients split back).
 */
export interface RnnPackArgs {
  a0: Storage; a1: Storage; b0: Storage; b1: Storage;
  A: Storage; B: Storage;
  sizeA: number; sizeB: number;
}

export interface RnnKernelArgs {
  rnnPack: RnnPackArgs;
  rnnUnpack: RnnPackArgs;
  lstmForward: LstmForwardArgs;
  lstmBackward: LstmBackwardArgs;
  gruForward: GruForwardArgs;
  gruBackward: GruBackwardArgs;
  rnnForward: RnnForwardArgs;
  rnnBackward: RnnBackwardArgs;
}
