// 'tiled' rung of the recurrent forward step (LSTM, GRU reset-after, Elman tanh/relu by override CELL), D = 1 or 2
// directions (direction = workgroup_id.z). Twins: lstm/gru/rnn-forward.wgsl (the fused and persistent rungs, same
// saved layouts), tiled-backward.wgsl, tiled-pack.wgsl, backends/webgpu/rnn-tiled.ts, backends/cpu/rnn-*.ts.
// What changed from `fused`: W_hh is packed transposed ([D, H, C4] vec4, tiled-pack.wgsl: LSTM/GRU quad c = the
// 4 (3 + a zero) gates of unit c, Elman quad c = units 4c..4c+3), so neighbouring invocations read neighbouring
// vec4s; h_{t-1} is staged in workgroup memory per batch tile; each invocation keeps BN rows x 4 columns in
// registers (common/rnn-tiled.wgsl). One dispatch per timestep; grid [ceil(C4 / WQ), ceil(N / rows), D], so it
// scales with N*H (N64 x H1024 LSTM: 256 workgroups per direction). Gate math and the state update stay fused.
#include "common/numerics.wgsl"

override CELL: u32 = 0u; // 0 LSTM, 1 GRU, 2 Elman tanh, 3 Elman relu
override GP: u32 = select(1u, 4u, CELL < 2u); // packed columns per unit
// F16 = 1: inference with float16 W_hh (ops weightDtype 'float16'): the packed quads are stored as halves, two
// quads per vec4<u32> (quad i in words 2i, 2i+1 of the flattened array), unpacked on load; arithmetic stays f32.
override F16: u32 = 0u;

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,  // flags (GRU): 1 = b_hh given
  lens: array<vec4<u32>, 256>,
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> x_proj: array<f32>;       // [T, N, D, G*H] (LSTM/Elman: both biases in)
@group(0) @binding(1) var<storage, read> w_t: array<vec4<u32>>;    // [D, H, C4] packed W_hh^T: f32 bits, or halves (F16)
@group(0) @binding(2) var<storage, read> h0: array<f32>;           // [D, N, H]
@group(0) @binding(3) var<storage, read> aux: array<f32>;          // LSTM: c0 [D, N, H]; GRU: b_hh [D, 3H]; else dummy
@group(0) @binding(4) var<storage, read_write> y: array<f32>;      // [T, N, D, H]
@group(0) @binding(5) var<storage, read_write> saved: array<f32>;  // [D, T, N, W]: LSTM 7H, GRU 5H, Elman H
@group(0) @binding(6) var<storage, read_write> h_n: array<f32>;    // [D, N, H]
@group(0) @binding(7) var<storage, read_write> c_n: array<f32>;    // [D, N, H] (LSTM; a scratch buffer otherwise)
@group(0) @binding(8) var<uniform> p: Params;

var<private> n_base: u32; // first batch row of this workgroup's tile
var<private> d_cur: u32;

#include "common/f16.wgsl"
fn tile_weight(i: u32) -> vec4<f32> {
  if (F16 == 0u) { return bitcast<vec4<f32>>(w_t[i]); }
  return half_quad(w_t[i >> 1u], i);
}
#include "common/rnn-tiled.wgsl"
#include "common/rnn-cells.wgsl"

fn width() -> u32 { return select(select(1u, 5u, CELL == 1u), 7u, CELL == 0u) * p.H; }

// h_{t-1}[n, k]: the previous visited step's output if it was active, else h0 (as lstm-forward.wgsl `step`).
fn h_prev_at(n: u32, d: u32, k: u32) -> f32 {
  let s = p.s;
  if (s > 0u && in_seq(s - 1u, n, d)) { return y[xrow(time_at(s - 1u, d), n, d) * p.H + k]; }
  return h0[(d * p.N + n) * p.H + k];
}

fn stage_src(r: u32, k: u32) -> f32 {
  let n = n_base + r;
  if (n >= p.N || !in_seq(p.s, n, d_cur)) { return 0.0; }
  return h_prev_at(n, d_cur, k);
}

fn c_prev_at(n: u32, d: u32, j: u32) -> f32 {
  let s = p.s;
  // The unit's c from the previous dispatch (c_n is written at every active step; saved rows may be off).
  if (s > 0u && in_seq(s - 1u, n, d)) { return c_n[(d * p.N + n) * p.H + j]; }
  return aux[(d * p.N + n) * p.H + j];
}

// Padded step of unit j: zero output and saved row (finite for the dW_hh GEMM); a padded FIRST visited step sets
// the final state (later active steps of a reverse walk overwrite it).
fn pad_unit(t: u32, n: u32, d: u32, j: u32) {
  let H = p.H;
  y[xrow(t, n, d) * H + j] = 0.0;
  if (keep_saved()) {
    let W = width();
    let sb = srow(t, n, d) * W + j;
    for (var k = 0u; k < W; k += H) { saved[sb + k] = 0.0; }
  }
  if (p.s == 0u) {
    let st = (d * p.N + n) * H + j;
    h_n[st] = h0[st];
    if (CELL == 0u) { c_n[st] = aux[st]; }
  }
}

fn lstm_unit(t: u32, n: u32, d: u32, j: u32, acc: vec4<f32>) {
  let H = p.H;
  let xb = xrow(t, n, d) * 4u * H + j;
  let a = acc + vec4<f32>(x_proj[xb], x_proj[xb + H], x_proj[xb + 2u * H], x_proj[xb + 3u * H]);
  let cell = lstm_finish(t, n, d, j, a, h_prev_at(n, d, j), c_prev_at(n, d, j));
  let st = (d * p.N + n) * H + j;
  h_n[st] = cell.h;
  c_n[st] = cell.c;
}

fn gru_unit(t: u32, n: u32, d: u32, j: u32, acc: vec4<f32>) {
  let H = p.H;
  var hp = acc.xyz;
  if ((p.flags & 1u) != 0u) {
    let bb = d * 3u * H + j;
    hp += vec3<f32>(aux[bb], aux[bb + H], aux[bb + 2u * H]);
  }
  h_n[(d * p.N + n) * H + j] = gru_finish(t, n, d, j, hp, h_prev_at(n, d, j));
}

fn elman_unit(t: u32, n: u32, d: u32, j: u32, acc: f32) {
  let H = p.H;
  let yi = xrow(t, n, d) * H + j;
  let v = acc + x_proj[yi];
  var h = stable_tanh(v);
  if (CELL == 3u) { h = max(v, 0.0); }
  if (keep_saved()) { saved[srow(t, n, d) * H + j] = h_prev_at(n, d, j); }
  y[yi] = h;
  h_n[(d * p.N + n) * H + j] = h;
}

@compute @workgroup_size(64)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.z;
  d_cur = d;
  n_base = wid.y * tile_rows();
  let C4 = (GP * H + 3u) / 4u;
  let c = wid.x * WQ + lid % WQ;
  let acc = tiled_product(lid, H, C4, c, d * H * C4);
  if (c >= C4) { return; }
  let s = p.s;
  let t = time_at(s, d);
  for (var b = 0u; b < BN; b++) {
    let n = n_base + (lid / WQ) * BN + b;
    if (n >= p.N) { break; }
    if (CELL < 2u) {
      // One unit, its G gates in acc's lanes.
      if (!in_seq(s, n, d)) { pad_unit(t, n, d, c); }
      else if (CELL == 0u) { lstm_unit(t, n, d, c, acc[b]); }
      else { gru_unit(t, n, d, c, acc[b]); }
    } else {
      // Four units 4c..4c+3, one per lane.
      for (var l = 0u; l < 4u; l++) {
        let j = 4u * c + l;
        if (j >= H) { break; }
        if (!in_seq(s, n, d)) { pad_unit(t, n, d, j); }
        else { elman_unit(t, n, d, j, acc[b][l]); }
      }
    }
  }
}
