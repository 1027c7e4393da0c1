// LSTM BPTT with a projection (projSize P > 0; h = W_hr m, m = o * tanh(c)), D = 1 or 2 directions at once
// (direction = workgroup_id.y): dX_proj (= dGates for the dW_hh GEMM), dh_tot (dL/dh_t per step, for dW_hr), dh0,
// dc0. Twins: backends/cpu/rnn-lstm.ts (reference), lstm-proj-forward.wgsl, lstm-proj-dwhr.wgsl, lstm-backward.wgsl.
// A step has two phases: dh_tot = dy + W_hh^T dGates[t_next] for every entry of h, then dm = W_hr^T dh_tot for
// every unit and its gate gradients. `step`: one workgroup per (item, direction), one dispatch per step in reverse,
// then `tail` forms dh0; `persistent`: one workgroup per direction for all T (N*H <= 256).
// Eight storage bindings (the default limit): dhN and dcN are copied by the glue into dh0 and dc0 first, which
// then carry dh and dc between steps (flags say whether they were given; absent ones read as zero).
#include "common/numerics.wgsl"

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,  // flags: 1 = dy given, 2 = dhN given, 4 = dcN given
  lens: array<vec4<u32>, 256>,
  P: u32,
}
#include "common/rnn-steps.wgsl"
fn width() -> u32 { return p.P + 6u * p.H; }

@group(0) @binding(0) var<storage, read> w_hh: array<f32>;          // [D, 4H, P]
@group(0) @binding(1) var<storage, read> w_hr: array<f32>;          // [D, P, H]
@group(0) @binding(2) var<storage, read> saved: array<f32>;         // [D, T, N, P + 6H]: h_prev c_prev i f g o c
@group(0) @binding(3) var<storage, read> dy: array<f32>;            // [T, N, D, P] (a dummy when flags & 1 == 0)
@group(0) @binding(4) var<storage, read_write> dx_proj: array<f32>; // [T, N, D, 4H]
@group(0) @binding(5) var<storage, read_write> dh_tot: array<f32>;  // [D, T, N, P] (zero at padded steps)
@group(0) @binding(6) var<storage, read_write> dh0: array<f32>;     // [D, N, P]: dhN on entry, dh0 on exit
@group(0) @binding(7) var<storage, read_write> dc0: array<f32>;     // [D, N, H]: dcN on entry, the dc carrier
@group(0) @binding(8) var<uniform> p: Params;

fn dy_at(t: u32, n: u32, d: u32, k: u32) -> f32 { if ((p.flags & 1u) == 0u) { return 0.0; } return dy[xrow(t, n, d) * p.P + k]; }
fn dhn_at(i: u32) -> f32 { if ((p.flags & 2u) == 0u) { return 0.0; } return dh0[i]; }
fn dcn_at(i: u32) -> f32 { if ((p.flags & 4u) == 0u) { return 0.0; } return dc0[i]; }

// (W_hh^T dGates[t])_k for item n: column k of this direction's W_hh against the 4H gate gradients of that row.
fn back_matvec(t: u32, n: u32, d: u32, k: u32) -> f32 {
  let G = 4u * p.H;
  let b = xrow(t, n, d) * G;
  let wb = d * G * p.P + k;
  var acc = 0.0;
  for (var g = 0u; g < G; g++) { acc += w_hh[wb + g * p.P] * dx_proj[b + g]; }
  return acc;
}

#include "common/rnn-cell-grads.wgsl"

// Unit j's gate gradients at time t given dL/dm_j (through the projection) and dL/dc_t from the future; the saved
// row is h_prev (P entries) c_prev i f g o c.
fn cell_grad(t: u32, n: u32, d: u32, j: u32, dm: f32, dc_in: f32) -> LstmGrad {
  return lstm_cell_grad(t, n, d, j, srow(t, n, d) * width() + p.P + j, dm, dc_in);
}

// dm_j = (W_hr^T dh_tot)_j for item n, dh_tot read from its [D, T, N, P] row.
fn proj_back(t: u32, n: u32, d: u32, j: u32) -> f32 {
  let rb = srow(t, n, d) * p.P;
  var acc = 0.0;
  for (var k = 0u; k < p.P; k++) { acc += w_hr[(d * p.P + k) * p.H + j] * dh_tot[rb + k]; }
  return acc;
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
  let rb = srow(t, n, d) * P;
  // Workgroup-uniform: padded steps pass dh and dc through unchanged and get no gradient.
  if (!in_seq(s, n, d)) {
    for (var k = lid; k < P; k += WG) { dh_tot[rb + k] = 0.0; }
    for (var g = lid; g < 4u * H; g += WG) { dx_proj[xrow(t, n, d) * 4u * H + g] = 0.0; }
    return;
  }
  // The next visited step, if active, holds the gradient flowing back into h_t and c_t; otherwise dhN and dcN.
  let from_next = s + 1u < p.T && in_seq(s + 1u, n, d);
  for (var k = lid; k < P; k += WG) {
    let hi = (d * p.N + n) * P + k;
    var dh = dhn_at(hi);
    if (from_next) { dh = back_matvec(time_at(s + 1u, d), n, d, k); }
    dh_tot[rb + k] = dh + dy_at(t, n, d, k);
  }
  storageBarrier(); // dh_tot of this step complete within the workgroup
  for (var j = lid; j < H; j += WG) {
    let ci = (d * p.N + n) * H + j;
    var dc = dcn_at(ci);
    if (from_next) { dc = dc0[ci]; }
    dc0[ci] = cell_grad(t, n, d, j, proj_back(t, n, d, j), dc).dc_prev;
  }
}

// After the loop: dh0 = W_hh^T dGates at each item's first visited active step; an empty item keeps dhN (or 0).
@compute @workgroup_size(64)
fn tail(@builtin(global_invocation_id) gid: vec3<u32>) {
  let idx = gid.x;
  let d = gid.y;
  if (idx >= p.N * p.P) { return; }
  let n = idx / p.P;
  let hi = d * p.N * p.P + idx;
  let len = len_of(n);
  if (len == 0u) {
    // dh0/dc0 already hold dhN/dcN when given; zero them when not (their buffers start undefined).
    dh0[hi] = dhn_at(hi);
    if (idx % p.P == 0u) {
      for (var j = 0u; j < p.H; j++) { let ci = (d * p.N + n) * p.H + j; dc0[ci] = dcn_at(ci); }
    }
    return;
  }
  dh0[hi] = back_matvec(select(0u, len - 1u, rev(d)), n, d, idx % p.P);
}

var<workgroup> da_sh: array<f32, 1024>; // [N, 4H] gate gradients of the step just processed (this direction)
var<workgroup> dh_sh: array<f32, 256>;  // [N, P] dh_tot of the current step

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let P = p.P;
  let d = wid.y;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let valid_p = idx < p.N * P;
  let np = idx / P;
  let k = idx % P;
  let ci = d * p.N * H + idx;
  let hi = d * p.N * P + idx;
  var dc = 0.0;
  var dh = 0.0;
  if (valid) { dc = dcn_at(ci); }
  if (valid_p) { dh = dhn_at(hi); }
  for (var i = 0u; i < p.T; i++) {
    let s = p.T - 1u - i;
    let t = time_at(s, d);
    let act_p = valid_p && in_seq(s, np, d);
    if (valid_p) {
      var tot = 0.0;
      if (act_p) { tot = dh + dy_at(t, np, d, k); }
      dh_sh[idx] = tot;
      dh_tot[srow(t, np, d) * P + k] = tot;
    }
    workgroupBarrier();
    if (valid) {
      if (in_seq(s, n, d)) {
        var dm = 0.0;
        for (var q = 0u; q < P; q++) { dm += w_hr[(d * P + q) * H + j] * dh_sh[n * P + q]; }
        let gr = cell_grad(t, n, d, j, dm, dc);
        dc = gr.dc_prev;
        let b = n * 4u * H + j;
        da_sh[b] = gr.da.x;
        da_sh[b + H] = gr.da.y;
        da_sh[b + 2u * H] = gr.da.z;
        da_sh[b + 3u * H] = gr.da.w;
      } else {
        let b = xrow(t, n, d) * 4u * H + j;
        for (var q = 0u; q < 4u; q++) { dx_proj[b + q * H] = 0.0; }
      }
    }
    workgroupBarrier();
    if (act_p) {
      var acc = 0.0;
      let wb = d * 4u * H * P + k;
      for (var g = 0u; g < 4u * H; g++) { acc += w_hh[wb + g * P] * da_sh[np * 4u * H + g]; }
      dh = acc;
    }
    workgroupBarrier();
  }
  if (valid) { dc0[ci] = dc; }
  if (valid_p) { dh0[hi] = dh; }
}
