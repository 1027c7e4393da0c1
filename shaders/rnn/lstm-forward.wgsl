// LSTM forward time loop of D = 1 or 2 directions at once (PyTorch gates i,f,g,o; biases folded into x_proj).
// Twins: backends/cpu/rnn-lstm.ts (reference), lstm-backward.wgsl, backends/webgpu/rnn.ts (glue), ops/rnn.ts.
// The direction is workgroup_id.y, so both directions of a bidirectional layer run in the same dispatches.
// `step`: one dispatch per timestep; invocation (n, j) owns hidden unit j of item n: its 4 recurrent dot products
//   (rows j, H+j, 2H+j, 3H+j of W_hh), the gate math and the state update. The old state comes from the previous
//   dispatch's output (y of the previous visited step, or h0), so no grid-wide barrier.
// `persistent`: one workgroup per direction (N*H <= 256) loops over all T; h in workgroup memory, c in a register.
#include "common/numerics.wgsl"

// Shared by every rnn kernel (WGSL includes are limited to common/, so each rnn file carries its own copy).
struct Params {
  T: u32, N: u32, H: u32, s: u32,        // s: the visiting step of this dispatch (`step` only)
  reverse: u32, has_len: u32, flags: u32, D: u32,
  lens: array<vec4<u32>, 256>,            // pack_padded lengths, 4 per vec4 (uniform arrays have a 16-byte stride)
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> x_proj: array<f32>;       // [T, N, D, 4H]
@group(0) @binding(1) var<storage, read> w_hh: array<f32>;         // [D, 4H, H]
@group(0) @binding(2) var<storage, read> h0: array<f32>;           // [D, N, H]
@group(0) @binding(3) var<storage, read> c0: array<f32>;           // [D, N, H]
@group(0) @binding(4) var<storage, read_write> y: array<f32>;      // [T, N, D, H]
@group(0) @binding(5) var<storage, read_write> saved: array<f32>;  // [D, T, N, 7H]: h_prev c_prev i f g o c
@group(0) @binding(6) var<storage, read_write> h_n: array<f32>;    // [D, N, H]
@group(0) @binding(7) var<storage, read_write> c_n: array<f32>;    // [D, N, H]
@group(0) @binding(8) var<uniform> p: Params;
#include "common/rnn-cells.wgsl"

// Padded step: zero output and saved row (h_prev/c_prev too: nothing reads them, but they must be finite
// because the dW_hh GEMM multiplies them by a zero gate gradient and pooled buffers may hold NaN bits).
fn pad_step(t: u32, n: u32, d: u32, j: u32) {
  let H = p.H;
  y[xrow(t, n, d) * H + j] = 0.0;
  if (!keep_saved()) { return; }
  let sb = srow(t, n, d) * 7u * H + j;
  for (var k = 0u; k < 7u; k++) { saved[sb + k * H] = 0.0; }
}

fn x_pre(t: u32, n: u32, d: u32, j: u32) -> vec4<f32> {
  let b = xrow(t, n, d) * 4u * p.H + j;
  return vec4<f32>(x_proj[b], x_proj[b + p.H], x_proj[b + 2u * p.H], x_proj[b + 3u * p.H]);
}

fn w_col(d: u32, j: u32, k: u32) -> vec4<f32> {
  let H = p.H;
  let b = d * 4u * H * H + j * H + k;
  return vec4<f32>(w_hh[b], w_hh[b + H * H], w_hh[b + 2u * H * H], w_hh[b + 3u * H * H]);
}

@compute @workgroup_size(64)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let H = p.H;
  let idx = gid.x;
  let d = gid.y;
  if (idx >= p.N * H) { return; }
  let n = idx / H;
  let j = idx % H;
  let st = d * p.N * H + idx;
  let s = p.s;
  let t = time_at(s, d);
  if (!in_seq(s, n, d)) {
    pad_step(t, n, d, j);
    // Only a padded FIRST visited step sets the final state; later active steps (reverse) overwrite it.
    if (s == 0u) { h_n[st] = h0[st]; c_n[st] = c0[st]; }
    return;
  }
  var a = x_pre(t, n, d, j);
  var h_prev = h0[st];
  var c_prev = c0[st];
  if (s > 0u && in_seq(s - 1u, n, d)) {
    let tp = time_at(s - 1u, d);
    let yb = xrow(tp, n, d) * H;
    for (var k = 0u; k < H; k++) { a += w_col(d, j, k) * y[yb + k]; }
    h_prev = y[yb + j];
    c_prev = c_n[st]; // this unit's c from the previous dispatch (saved rows may be off: inference)
  } else {
    let hb = (d * p.N + n) * H;
    for (var k = 0u; k < H; k++) { a += w_col(d, j, k) * h0[hb + k]; }
  }
  let cell = lstm_finish(t, n, d, j, a, h_prev, c_prev);
  h_n[st] = cell.h;
  c_n[st] = cell.c;
}

var<workgroup> h_sh: array<f32, 256>; // [N, H] state of this direction entering the current step

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.y;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let st = d * p.N * H + idx;
  var h = 0.0;
  var c = 0.0;
  if (valid) { h = h0[st]; c = c0[st]; h_sh[idx] = h; }
  workgroupBarrier();
  for (var s = 0u; s < p.T; s++) {
    let t = time_at(s, d);
    var h_new = h;
    var c_new = c;
    if (valid) {
      if (in_seq(s, n, d)) {
        var a = x_pre(t, n, d, j);
        for (var k = 0u; k < H; k++) { a += w_col(d, j, k) * h_sh[n * H + k]; }
        let cell = lstm_finish(t, n, d, j, a, h, c);
        h_new = cell.h;
        c_new = cell.c;
      } else {
        pad_step(t, n, d, j);
      }
    }
    // Everyone has read the old h before anyone overwrites it.
    workgroupBarrier();
    if (valid) { h_sh[idx] = h_new; }
    h = h_new;
    c = c_new;
    workgroupBarrier();
  }
  if (valid) { h_n[st] = h; c_n[st] = c; }
}
