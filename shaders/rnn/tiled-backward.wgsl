// 'tiled' rung of the recurrent BPTT step (LSTM, GRU reset-after, Elman tanh/relu by override CELL), D = 1 or 2
// directions (direction = workgroup_id.z). Twins: lstm/gru/rnn-backward.wgsl (fused and persistent rungs, same
// outputs and carriers), tiled-forward.wgsl, tiled-pack.wgsl (`backward` layout), backends/webgpu/rnn-tiled.ts.
// One dispatch per timestep in reverse visiting order. dh_t = dGates[t_next] . W_hh (the transposed product, over
// K = G*H) is a tiled GEMM (common/rnn-tiled.wgsl): W_hh rows padded to vec4s, quad c = dh units 4c..4c+3, so the
// weight reads are coalesced vec4s; the next step's gate gradients (complete in global memory from the previous
// dispatch) are staged per batch tile in workgroup memory; each invocation then runs the gate gradients of its 4
// units x BN rows. `tail` forms dh0 from each item's first visited active step with the same product.
#include "common/numerics.wgsl"

override CELL: u32 = 0u; // 0 LSTM, 1 GRU, 2 Elman tanh, 3 Elman relu
override G: u32 = select(select(1u, 3u, CELL == 1u), 4u, CELL == 0u);
override TAIL: u32 = 0u; // 1 in the `tail` pipeline: stage the first visited active step instead of s + 1

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,  // flags: 1 = dy given, 2 = dhN given, 4 = dcN given (LSTM)
  lens: array<vec4<u32>, 256>,
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> w_t: array<vec4<f32>>;    // [D, G*H, C4] W_hh, rows padded to vec4s
fn tile_weight(i: u32) -> vec4<f32> { return w_t[i]; }
@group(0) @binding(1) var<storage, read> saved: array<f32>;        // [D, T, N, W] (Elman: y [T, N, D, H])
@group(0) @binding(2) var<storage, read> dy: array<f32>;           // [T, N, D, H] (dummy when flags & 1 == 0)
@group(0) @binding(3) var<storage, read> dh_n: array<f32>;         // [D, N, H]
@group(0) @binding(4) var<storage, read> dc_n: array<f32>;         // [D, N, H] (LSTM)
@group(0) @binding(5) var<storage, read_write> dx_proj: array<f32>; // [T, N, D, G*H]
@group(0) @binding(6) var<storage, read_write> dh0: array<f32>;    // [D, N, H] (GRU: also carries z * dhTot)
@group(0) @binding(7) var<storage, read_write> aux: array<f32>;    // LSTM: dc0 (the dc carrier); GRU: dHp [T, N, D, 3H]
@group(0) @binding(8) var<uniform> p: Params;

var<private> n_base: u32;
var<private> d_cur: u32;

#include "common/rnn-tiled.wgsl"
#include "common/rnn-cell-grads.wgsl"

fn dy_at(t: u32, n: u32, d: u32, j: u32) -> f32 { if ((p.flags & 1u) == 0u) { return 0.0; } return dy[xrow(t, n, d) * p.H + j]; }
fn dhn_at(i: u32) -> f32 { if ((p.flags & 2u) == 0u) { return 0.0; } return dh_n[i]; }
fn dcn_at(i: u32) -> f32 { if ((p.flags & 4u) == 0u) { return 0.0; } return dc_n[i]; }

// Whether step s of item n takes its dh from the product (the next visited step is active).
fn next_active(s: u32, n: u32, d: u32) -> bool { return s + 1u < p.T && in_seq(s + 1u, n, d); }

// The gradient rows the product reads: dGates (LSTM, Elman) or dHp (GRU: the gradient of W_hh h + b_hh).
fn grad_src(i: u32) -> f32 { if (CELL == 1u) { return aux[i]; } return dx_proj[i]; }

fn stage_src(r: u32, k: u32) -> f32 {
  let n = n_base + r;
  let d = d_cur;
  if (n >= p.N) { return 0.0; }
  var t = 0u;
  if (TAIL == 1u) {
    let len = len_of(n);
    if (len == 0u) { return 0.0; }
    t = select(0u, len - 1u, rev(d));
  } else {
    if (!in_seq(p.s, n, d) || !next_active(p.s, n, d)) { return 0.0; }
    t = time_at(p.s + 1u, d);
  }
  return grad_src(xrow(t, n, d) * G * p.H + k);
}

fn lstm_unit(t: u32, n: u32, d: u32, j: u32, prod: f32) {
  let H = p.H;
  let st = (d * p.N + n) * H + j;
  let s = p.s;
  let b = xrow(t, n, d) * 4u * H + j;
  if (!in_seq(s, n, d)) {
    for (var k = 0u; k < 4u; k++) { dx_proj[b + k * H] = 0.0; }
    if (s == p.T - 1u) { aux[st] = dcn_at(st); }
    return;
  }
  var dh = dhn_at(st);
  var dc = dcn_at(st);
  if (next_active(s, n, d)) { dh = prod; dc = aux[st]; }
  dh += dy_at(t, n, d, j);
  aux[st] = lstm_cell_grad(t, n, d, j, srow(t, n, d) * 7u * H + H + j, dh, dc).dc_prev;
}

fn gru_unit(t: u32, n: u32, d: u32, j: u32, prod: f32) {
  let H = p.H;
  let st = (d * p.N + n) * H + j;
  let s = p.s;
  let xb = xrow(t, n, d) * 3u * H + j;
  if (!in_seq(s, n, d)) {
    for (var k = 0u; k < 3u; k++) { dx_proj[xb + k * H] = 0.0; aux[xb + k * H] = 0.0; }
    return;
  }
  var dh = dhn_at(st);
  if (next_active(s, n, d)) { dh = dh0[st] + prod; }
  dh += dy_at(t, n, d, j);
  let gr = gru_cell_grad(t, n, d, j, dh);
  aux[xb] = gr.dhp.x;
  aux[xb + H] = gr.dhp.y;
  aux[xb + 2u * H] = gr.dhp.z;
  dh0[st] = gr.direct;
}

fn elman_unit(t: u32, n: u32, d: u32, j: u32, prod: f32) {
  let st = (d * p.N + n) * p.H + j;
  let s = p.s;
  let i = xrow(t, n, d) * p.H + j;
  if (!in_seq(s, n, d)) { dx_proj[i] = 0.0; return; }
  var dh = dhn_at(st);
  if (next_active(s, n, d)) { dh = prod; }
  let v = saved[i]; // the forward output y
  var da = 1.0 - v * v;
  if (CELL == 3u) { da = select(0.0, 1.0, v > 0.0); }
  dx_proj[i] = (dh + dy_at(t, n, d, j)) * da;
}

// dh0 of unit j (tail): the product at the first visited active step, or dhN/dcN for an empty sequence.
fn tail_unit(n: u32, d: u32, j: u32, prod: f32) {
  let st = (d * p.N + n) * p.H + j;
  if (len_of(n) == 0u) {
    dh0[st] = dhn_at(st);
    if (CELL == 0u) { aux[st] = dcn_at(st); }
    return;
  }
  if (CELL == 1u) { dh0[st] = dh0[st] + prod; } else { dh0[st] = prod; }
}

@compute @workgroup_size(64)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.z;
  d_cur = d;
  n_base = wid.y * tile_rows();
  let C4 = (H + 3u) / 4u;
  let c = wid.x * WQ + lid % WQ;
  let acc = tiled_product(lid, G * H, C4, c, d * G * H * C4);
  if (c >= C4) { return; }
  let t = time_at(p.s, d);
  for (var b = 0u; b < BN; b++) {
    let n = n_base + (lid / WQ) * BN + b;
    if (n >= p.N) { break; }
    for (var l = 0u; l < 4u; l++) {
      let j = 4u * c + l;
      if (j >= H) { break; }
      let prod = acc[b][l];
      if (TAIL == 1u) { tail_unit(n, d, j, prod); }
      else if (CELL == 0u) { lstm_unit(t, n, d, j, prod); }
      else if (CELL == 1u) { gru_unit(t, n, d, j, prod); }
      else { elman_unit(t, n, d, j, prod); }
    }
  }
}
