// The k-split streaming step (rnn/stream-ksplit.wgsl, rnn/stream-ksplit-subgroup.wgsl), without its reduction.
// Work split: a workgroup of KS_WG = 128 invocations owns KS_COLS = 32 columns of ONE batch row (grid: column
// blocks x N). Invocation lid takes column lid / 4 of the block and slice lid % 4 of the inner dimension: it sums
// k = slice, slice + 4, ... < K, so each column's dot product is split 4 ways (4x the invocations of the
// `columns` kernel: what a small batch needs to fill a GPU, which then hides the latency of the weight stream).
// Reads: at every step the 128 invocations read 4 consecutive rows k of w, 32 consecutive vec4s each (4 fully
// used 512-byte runs); z_k is one float shared by the 32 columns (a broadcast load). The 4 partial sums of a
// column are then added (slices 0+1, 2+3, then the two: the same order in both reductions) and the gate maths
// run on slice 0. Expects common/numerics.wgsl and common/stream-step.wgsl before it. No projection (P = 0).

const KS_WG: u32 = 128u;
const KS_COLS: u32 = 32u;

struct Partial { ax: vec4<f32>, ah: vec4<f32> }

// This invocation's partial sums over its slice of k for column q of row n (q clamped: the caller drops it).
fn ksplit_partial(n: u32, q: u32, slice: u32) -> Partial {
  var s: Partial;
  let qq = min(q, p.C4 - 1u);
  var k = slice;
  for (; k < min(p.I, p.K); k += 4u) { s.ax += weight(k * p.C4 + qq) * x[n * p.I + k]; }
  for (; k < p.K; k += 4u) { s.ah += weight(k * p.C4 + qq) * h[n * p.R + (k - p.I)]; }
  return s;
}
