// LSTM forward with a projection (PyTorch's projSize P > 0): h = W_hr (o * tanh(c)), so h and y are [P] and W_hh is
// [4H, P]; D = 1 or 2 directions at once (direction = workgroup_id.y). Twins: backends/cpu/rnn-lstm.ts (reference),
// lstm-proj-backward.wgsl, lstm-forward.wgsl (no projection), backends/webgpu/rnn-proj.ts (glue).
// Every unit's gates need all of h_{t-1}, and every h entry needs all of m = o * tanh(c), so a step has two phases
// with a barrier between: `step` gives each (item, direction) one workgroup (the barrier is a workgroup barrier;
// one dispatch per timestep), `persistent` one workgroup per direction for all T (N*H <= 256).
// Seven storage bindings (under the default 8): the glue copies h0 into h_n and c0 into c_n first, so the running
// state lives in h_n/c_n (the state entering a step is always there) and h0/c0 need no binding.
#include "common/numerics.wgsl"

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,
  lens: array<vec4<u32>, 256>,
  P: u32,
}
#include "common/rnn-steps.wgsl"
fn width() -> u32 { return p.P + 6u * p.H; }

@group(0) @binding(0) var<storage, read> x_proj: array<f32>;       // [T, N, D, 4H]
@group(0) @binding(1) var<storage, read> w_hh: array<f32>;         // [D, 4H, P]
@group(0) @binding(2) var<storage, read> w_hr: array<f32>;         // [D, P, H]
@group(0) @binding(3) var<storage, read_write> y: array<f32>;      // [T, N, D, P]
@group(0) @binding(4) var<storage, read_write> saved: array<f32>;  // [D, T, N, P + 6H]: h_prev c_prev i f g o c
@group(0) @binding(5) var<storage, read_write> h_n: array<f32>;    // [D, N, P]: h0 on entry, the running h
@group(0) @binding(6) var<storage, read_write> c_n: array<f32>;    // [D, N, H]: c0 on entry, the running c
@group(0) @binding(7) var<uniform> p: Params;

#include "common/rnn-cells.wgsl"

// Gate math of unit j given its pre-activations; writes c_prev, the gates and c to the saved row; returns (c, m).
fn cell(sb: u32, j: u32, a: vec4<f32>, c_prev: f32) -> vec2<f32> {
  let q = lstm_gates(a, c_prev);
  lstm_save(sb + p.P + j, c_prev, q);
  return vec2<f32>(q.c, q.h);
}

// x_proj + W_hh h for unit j; h is read through `h_at` (h_n in `step`, workgroup memory in `persistent`).
fn x_pre(t: u32, n: u32, d: u32, j: u32) -> vec4<f32> {
  let b = xrow(t, n, d) * 4u * p.H + j;
  return vec4<f32>(x_proj[b], x_proj[b + p.H], x_proj[b + 2u * p.H], x_proj[b + 3u * p.H]);
}
fn w_col(d: u32, j: u32, k: u32) -> vec4<f32> {
  let HP = p.H * p.P;
  let b = d * 4u * HP + j * p.P + k;
  return vec4<f32>(w_hh[b], w_hh[b + HP], w_hh[b + 2u * HP], w_hh[b + 3u * HP]);
}

const WG: u32 = 64u;

@compute @workgroup_size(64)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let P = p.P;
  let n = wid.x;
  let d = wid.y;
  let s = p.s;
  let t = time_at(s, d);
  let sb = srow(t, n, d) * width();
  let yb = xrow(t, n, d) * P;
  let hb = (d * p.N + n) * P;
  // Workgroup-uniform: the whole workgroup is one item. A padded step keeps the state and writes zeros.
  if (!in_seq(s, n, d)) {
    for (var k = lid; k < P; k += WG) { y[yb + k] = 0.0; }
    for (var k = lid; k < width(); k += WG) { saved[sb + k] = 0.0; }
    return;
  }
  for (var j = lid; j < H; j += WG) {
    var a = x_pre(t, n, d, j);
    for (var k = 0u; k < P; k++) { a += w_col(d, j, k) * h_n[hb + k]; }
    let ci = (d * p.N + n) * H + j;
    c_n[ci] = cell(sb, j, a, c_n[ci]).x;
  }
  for (var k = lid; k < P; k += WG) { saved[sb + k] = h_n[hb + k]; }
  // Every read of the old h is done and every o, c of this step is visible before h is projected and replaced.
  storageBarrier();
  for (var k = lid; k < P; k += WG) {
    let wb = (d * P + k) * H;
    var h = 0.0;
    // m_j = o_j * tanh(c_j) from this step's saved row (o at column P + 4H, c at P + 5H).
    for (var j = 0u; j < H; j++) { h += w_hr[wb + j] * saved[sb + P + 4u * H + j] * stable_tanh(saved[sb + P + 5u * H + j]); }
    y[yb + k] = h;
    h_n[hb + k] = h;
  }
}

var<workgroup> h_sh: array<f32, 256>; // [N, P] state of this direction entering the current step
var<workgroup> m_sh: array<f32, 256>; // [N, H] o * tanh(c) of the current step

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let P = p.P;
  let d = wid.y;
  // Invocation idx is unit (n, j) = (idx / H, idx % H) for the gates and entry (np, k) = (idx / P, idx % P) of h.
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let valid_p = idx < p.N * P;
  let np = idx / P;
  let k = idx % P;
  var c = 0.0;
  if (valid) { c = c_n[d * p.N * H + idx]; }
  if (valid_p) { h_sh[idx] = h_n[d * p.N * P + idx]; }
  workgroupBarrier();
  for (var s = 0u; s < p.T; s++) {
    let t = time_at(s, d);
    if (valid) {
      let sb = srow(t, n, d) * width();
      if (in_seq(s, n, d)) {
        var a = x_pre(t, n, d, j);
        for (var q = 0u; q < P; q++) { a += w_col(d, j, q) * h_sh[n * P + q]; }
        let r = cell(sb, j, a, c);
        c = r.x;
        m_sh[idx] = r.y;
      } else {
        for (var q = 0u; q < 6u; q++) { saved[sb + P + q * H + j] = 0.0; }
      }
    }
    let act_p = valid_p && in_seq(s, np, d);
    if (valid_p) { saved[srow(t, np, d) * width() + k] = select(0.0, h_sh[idx], act_p); }
    workgroupBarrier(); // m complete; every read of the old h done
    if (valid_p) {
      var h = 0.0;
      if (act_p) {
        let wb = (d * P + k) * H;
        for (var q = 0u; q < H; q++) { h += w_hr[wb + q] * m_sh[np * H + q]; }
        h_sh[idx] = h;
      }
      y[xrow(t, np, d) * P + k] = h;
    }
    workgroupBarrier(); // the new h is complete before the next step reads it and m is rewritten
  }
  if (valid) { c_n[d * p.N * H + idx] = c; }
  if (valid_p) { h_n[d * p.N * P + idx] = h_sh[idx]; }
}
