// The one tolerance table (used by the test suites and by <gpu-cpu-check> in visitors' browsers): a value passes when |got - ref| <= atol + rtol * |ref|.
// forward: GPU float32 vs the float64-arithmetic reference (rounding differs by a few ulps per op).
// grad: gradients accumulate more rounding (sums over a batch and over time), hence looser.
// f16Weights: float16 weight storage (weightDtype 'float16': streaming, and W_hh of the sequence ops) vs float32:
//     each weight moves by up to 2^-11 of itself, so a pre-activation moves by about 2^-11 |w||z| summed over K,
//     carried through T steps
//     (test/nn/streaming-f16.test.ts: max 2.5e-5 for an LSTM, 8.7e-5 for a GRU, 2 layers H 64 T 20; trained
//     weights are larger, hence the margin). Float16 vs the GPU-vs-CPU check uses `forward`: both sides
//     read the same rounded weights.
// fd: analytic vs central finite differences on float32 storage (eps 3e-3): truncation O(eps^2)
//     plus rounding of order 1e-7 / eps, so a loose bound; it catches wrong rules, not ulps.
export interface Tolerance {
  atol: number;
  rtol: number;
}

export const TOL = {
  forward: { atol: 1e-5, rtol: 1e-4 },
  grad: { atol: 1e-4, rtol: 1e-3 },
  fd: { atol: 2e-3, rtol: 2e-2 },
  f16Weights: { atol: 1e-3, rtol: 1e-2 },
} as const satisfies Record<string, Tolerance>;

/** WGSL's log-space sentinel (shaders/common/numerics.wgsl): values at or below it mean -Infinity. */
export const NEG_INF_THRESHOLD = -1e29;
