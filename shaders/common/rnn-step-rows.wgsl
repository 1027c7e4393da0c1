// The recurrent product of the per-step LSTM/GRU forward kernels (`step` in lstm-forward.wgsl, gru-forward.wgsl):
// invocation (row block, unit j) forms W_hh h_{t-1} for unit j's gates and ROWS batch rows n0 .. n0+ROWS-1, so
// each weight vec4 it loads (w_pk: W_hh packed by tiled-pack.wgsl `forward`, neighbouring units at neighbouring
// vec4s, so the loads are coalesced) serves ROWS rows, and the h values it loads are shared by the 64 units of its
// workgroup row (the same address across lanes: a broadcast). Contract: the including kernel includes
// rnn-steps.wgsl and declares w_pk [D, H, H] vec4, y [T, N, D, H] and h0 [D, N, H].
override ROWS: u32 = 1u; // batch rows per invocation in `step` (1..4; the glue sets min(4, N))

// Where h_{t-1}[n, ·] lives at the current step p.s: y of the previous visited step if that step was active, else h0.
struct PrevH { base: u32, from_y: bool }

fn prev_h(n: u32, d: u32) -> PrevH {
  let s = p.s;
  if (s > 0u && in_seq(s - 1u, n, d)) { return PrevH(xrow(time_at(s - 1u, d), n, d) * p.H, true); }
  return PrevH((d * p.N + n) * p.H, false);
}

fn prev_at(src: PrevH, k: u32) -> f32 {
  if (src.from_y) { return y[src.base + k]; }
  return h0[src.base + k];
}

// Named accumulators, not an array indexed by the row: with ROWS a pipeline constant the unused ones fold away and
// the rest stay in registers.
struct RowAcc { a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32> }

// sum_k w_pk[d, k, j] * h_{t-1}[n0 + r, k] for r < ROWS; rows past N read row N-1 (their results are dropped).
fn row_product(d: u32, j: u32, n0: u32) -> RowAcc {
  let H = p.H;
  let last = p.N - 1u;
  let s0 = prev_h(n0, d);
  let s1 = prev_h(min(n0 + 1u, last), d);
  let s2 = prev_h(min(n0 + 2u, last), d);
  let s3 = prev_h(min(n0 + 3u, last), d);
  var acc: RowAcc; // zero-initialised
  var wi = d * H * H + j;
  for (var k = 0u; k < H; k++) {
    let w = w_pk[wi];
    wi += H;
    acc.a0 += w * prev_at(s0, k);
    if (ROWS > 1u) { acc.a1 += w * prev_at(s1, k); }
    if (ROWS > 2u) { acc.a2 += w * prev_at(s2, k); }
    if (ROWS > 3u) { acc.a3 += w * prev_at(s3, k); }
  }
  return acc;
}
