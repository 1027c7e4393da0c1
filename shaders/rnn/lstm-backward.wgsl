// LSTM BPTT of D = 1 or 2 directions at once (direction = workgroup_id.y): gate pre-activation gradients dX_proj
// (= dGates for the dW_hh GEMM), dh0, dc0. Twins: backends/cpu/rnn-lstm.ts (reference), lstm-forward.wgsl,
// backends/webgpu/rnn.ts, ops/rnn.ts.
// `step`: one dispatch per timestep in reverse visiting order; invocation (n, j) computes dh_t for unit j as
//   W_hh^T dGates[t_next] (complete in global memory from the previous dispatch) + dy, then its 4 gate gradients.
//   dc is carried in dc0 (only invocation (n, j) touches dc0[n, j]). `tail` then forms dh0 from the first step.
// `persistent`: one workgroup per direction (N*H <= 256) runs all T; each step's dGates go through workgroup memory.
#include "common/numerics.wgsl"

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,  // flags: 1 = dy given, 2 = dhN given, 4 = dcN given
  lens: array<vec4<u32>, 256>,
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> w_hh: array<f32>;          // [D, 4H, H]
@group(0) @binding(1) var<storage, read> saved: array<f32>;         // [D, T, N, 7H]: h_prev c_prev i f g o c
@group(0) @binding(2) var<storage, read> dy: array<f32>;            // [T, N, D, H] (a dummy when flags & 1 == 0)
@group(0) @binding(3) var<storage, read> dh_n: array<f32>;          // [D, N, H]
@group(0) @binding(4) var<storage, read> dc_n: array<f32>;          // [D, N, H]
@group(0) @binding(5) var<storage, read_write> dx_proj: array<f32>; // [T, N, D, 4H]
@group(0) @binding(6) var<storage, read_write> dh0: array<f32>;     // [D, N, H]
@group(0) @binding(7) var<storage, read_write> dc0: array<f32>;     // [D, N, H]: also the running dc carrier
@group(0) @binding(8) var<uniform> p: Params;

fn dy_at(t: u32, n: u32, d: u32, j: u32) -> f32 { if ((p.flags & 1u) == 0u) { return 0.0; } return dy[xrow(t, n, d) * p.H + j]; }
fn dhn_at(i: u32) -> f32 { if ((p.flags & 2u) == 0u) { return 0.0; } return dh_n[i]; }
fn dcn_at(i: u32) -> f32 { if ((p.flags & 4u) == 0u) { return 0.0; } return dc_n[i]; }

// (W_hh^T dGates[t])_j for item n: column j of W_hh against the 4H gate gradients of that row.
fn back_matvec(t: u32, n: u32, d: u32, j: u32) -> f32 {
  let G = 4u * p.H;
  let b = xrow(t, n, d) * G;
  let wb = d * G * p.H + j;
  var acc = 0.0;
  for (var k = 0u; k < G; k++) { acc += w_hh[wb + k * p.H] * dx_proj[b + k]; }
  return acc;
}

#include "common/rnn-cell-grads.wgsl"

// One unit's gate gradients at time t (written to dx_proj), given dL/dh_t (total) and dL/dc_t from the future;
// the saved row is h_prev c_prev i f g o c.
fn cell_grad(t: u32, n: u32, d: u32, j: u32, dh_tot: f32, dc_in: f32) -> LstmGrad {
  return lstm_cell_grad(t, n, d, j, srow(t, n, d) * 7u * p.H + p.H + j, dh_tot, dc_in);
}

fn zero_row(t: u32, n: u32, d: u32, j: u32) {
  let b = xrow(t, n, d) * 4u * p.H + j;
  for (var k = 0u; k < 4u; k++) { dx_proj[b + k * p.H] = 0.0; }
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
    // Padded steps pass dh and dc through unchanged and get no gradient.
    zero_row(t, n, d, j);
    if (s == p.T - 1u) { dc0[st] = dcn_at(st); }
    return;
  }
  // The next visited step, if active, holds the gradient flowing back into h_t and c_t; otherwise (last visited
  // step, or the padding after it in the forward direction) dhN and dcN arrive unchanged.
  var dh = dhn_at(st);
  var dc = dcn_at(st);
  if (s + 1u < p.T && in_seq(s + 1u, n, d)) {
    dh = back_matvec(time_at(s + 1u, d), n, d, j);
    dc = dc0[st];
  }
  let gr = cell_grad(t, n, d, j, dh + dy_at(t, n, d, j), dc);
  dc0[st] = gr.dc_prev;
}

// After the loop: dh0 = W_hh^T dGates at each item's first visited active step (t = 0, or len-1 in reverse).
@compute @workgroup_size(64)
fn tail(@builtin(global_invocation_id) gid: vec3<u32>) {
  let idx = gid.x;
  let d = gid.y;
  if (idx >= p.N * p.H) { return; }
  let n = idx / p.H;
  let st = d * p.N * p.H + idx;
  let len = len_of(n);
  if (len == 0u) {
    dh0[st] = dhn_at(st);
    dc0[st] = dcn_at(st);
    return;
  }
  dh0[st] = back_matvec(select(0u, len - 1u, rev(d)), n, d, idx % p.H);
}

var<workgroup> da_sh: array<f32, 1024>; // [N, 4H] gate gradients of the step just processed (this direction)

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.y;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let st = d * p.N * H + idx;
  var dh = 0.0;
  var dc = 0.0;
  if (valid) { dh = dhn_at(st); dc = dcn_at(st); }
  let wb = d * 4u * H * H + j;
  for (var i = 0u; i < p.T; i++) {
    let s = p.T - 1u - i;
    let t = time_at(s, d);
    var act = false;
    if (valid) {
      act = in_seq(s, n, d);
      if (act) {
        let gr = cell_grad(t, n, d, j, dh + dy_at(t, n, d, j), dc);
        dc = gr.dc_prev;
        let b = n * 4u * H + j;
        da_sh[b] = gr.da.x;
        da_sh[b + H] = gr.da.y;
        da_sh[b + 2u * H] = gr.da.z;
        da_sh[b + 3u * H] = gr.da.w;
      } else {
        zero_row(t, n, d, j);
      }
    }
    workgroupBarrier();
    if (act) {
      var acc = 0.0;
      for (var k = 0u; k < 4u * H; k++) { acc += w_hh[wb + k * H] * da_sh[n * 4u * H + k]; }
      dh = acc;
    }
    workgroupBarrier();
  }
  if (valid) { dh0[st] = dh; dc0[st] = dc; }
}
