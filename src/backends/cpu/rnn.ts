/**
 * CPU reference for the recurrent ops (RNN, LSTM, GRU time loops): shared types, checks and helpers.
 * The three cell families live in rnn-elman.ts, rnn-lstm.ts, rnn-gru.ts (import those directly; this file is
 * their common base, so re-exporting them here would make an import cycle).
 * Twins: shaders/rnn/*.wgsl, src/ops/rnn.ts, src/backends/webgpu/rnn.ts.
 */

// Why the op is split the way it is: the input projection for every timestep, xProj = x @ W_ih^T + b_ih
// ([T, N, G*H]; G = 1 RNN, 3 GRU, 4 LSTM), has no time dependence, so the engine does it as one GEMM. What is
// left, the "recurrent op" of one layer-direction, is the time loop written in these files. Its backward
// returns dXProj; the engine turns that into dx, dW_ih and db_ih with GEMMs, again outside the loop.
//
// Precision policy: every function has a float64 core (`...64`, Float64Array results) and a Float32Array
// wrapper with the engine's dtype. The arithmetic is float64 in both; the wrapper only rounds the results.
// The cores exist so finite-difference gradient checks are not drowned by float32 output rounding.

/** Either typed-array precision is accepted as input; inputs are only ever read. */
export type Floats = Float32Array | Float64Array;

/**
 * Variable lengths, pack_padded_sequence semantics: step t of batch item n does work only when
 * t < lengths[n]. A padded step is a no-op (state carried unchanged, output row zero, no gradient), which
 * makes the reverse direction start at lengths[n]-1 from h0, as PyTorch's packed reverse direction does.
 * lengths need not be sorted (PyTorch's enforce_sorted=False).
 */
export function isActive(lengths: Int32Array | null, t: number, n: number): boolean {
  return lengths === null || t < lengths[n];
}

/** Timesteps in the order the forward pass visits them; the backward walks this list backwards. */
export function timeOrder(T: number, reverse: boolean): number[] {
  const order: number[] = [];
  for (let s = 0; s < T; s++) order.push(reverse ? T - 1 - s : s);
  return order;
}

// 1/(1+e^-x) overflows e^-x for very negative x only to +Infinity, which still gives the right limit 0, so
// no branch is needed for correctness; the branch keeps e^x from overflowing on the other side.
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Size check with a message that names the argument and its expected shape. The ops layer validates user
 * input properly; this is a guard so a wiring mistake in a backend fails loudly instead of reading
 * undefined (which would silently turn into NaN).
 */
export function checkSize(name: string, arr: Floats | Int32Array | null, shape: readonly number[]): void {
  if (arr === null) return;
  const want = shape.reduce((p, d) => p * d, 1);
  if (arr.length !== want) {
    throw new Error(`rnn reference: ${name} has ${arr.length} elements, expected [${shape.join(', ')}] = ${want}`);
  }
}

/** lengths: [N], each in 0..T (0 is allowed here although PyTorch's packing rejects it: state = h0). */
export function checkLengths(lengths: Int32Array | null, N: number, T: number): void {
  if (lengths === null) return;
  checkSize('lengths', lengths, [N]);
  for (let n = 0; n < N; n++) {
    const len = lengths[n];
    if (!(len >= 0 && len <= T)) throw new Error(`rnn reference: lengths[${n}] = ${len} is outside 0..T=${T}`);
  }
}

/** Copy of a float64 row range into a fresh float64 buffer (the running state starts as a copy of h0). */
export function copy64(src: Floats): Float64Array {
  return Float64Array.from(src);
}

/** The float32 wrappers' one rounding step. */
export function toF32(a: Float64Array): Float32Array {
  return new Float32Array(a);
}

export function toF32OrNull(a: Float64Array | null): Float32Array | null {
  return a === null ? null : new Float32Array(a);
}

/** Optional upstream gradients (dy, dhN, dcN) may be absent when nothing downstream used that output. */
export function zerosIfNull(a: Floats | null, size: number): Float64Array {
  return a === null ? new Float64Array(size) : Float64Array.from(a);
}
