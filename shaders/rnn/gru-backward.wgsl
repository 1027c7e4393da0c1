// GRU BPTT of D = 1 or 2 directions at once (direction = workgroup_id.y): dX_proj, dHp (the gradient of
// W_hh h + b_hh, for the dW_hh GEMM and db_hh), dh0. Twins: backends/cpu/rnn-gru.ts (reference), gru-forward.wgsl,
// backends/webgpu/rnn.ts, ops/rnn.ts. Layouts: dy, dx_proj, dhp [T, N, D, ·]; saved [D, T, N, ·]; states [D, N, H].
// `step`: one dispatch per timestep in reverse visiting order; invocation (n, j) forms dh_t[j] = z_next dhTot_next
//   (its own value from the previous dispatch, carried in dh0) + W_hh^T dHp[t_next] (complete in global memory),
//   then the 3 gate gradients of unit j. `tail` adds W_hh^T dHp of each item's first step into dh0.
// `persistent`: one workgroup per direction (N*H <= 256) runs all T; each step's dHp goes through workgroup memory.
#include "common/numerics.wgsl"

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,  // flags: 1 = dy given, 2 = dhN given
  lens: array<vec4<u32>, 256>,
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> w_hh: array<f32>;          // [D, 3H, H]
@group(0) @binding(1) var<storage, read> saved: array<f32>;         // [D, T, N, 5H]: h_prev r z n hn
@group(0) @binding(2) var<storage, read> dy: array<f32>;            // [T, N, D, H]
@group(0) @binding(3) var<storage, read> dh_n: array<f32>;          // [D, N, H]
@group(0) @binding(4) var<storage, read_write> dx_proj: array<f32>; // [T, N, D, 3H]
@group(0) @binding(5) var<storage, read_write> dhp: array<f32>;     // [T, N, D, 3H]
@group(0) @binding(6) var<storage, read_write> dh0: array<f32>;     // [D, N, H]: also carries z * dhTot between steps
@group(0) @binding(7) var<uniform> p: Params;

fn dy_at(t: u32, n: u32, d: u32, j: u32) -> f32 { if ((p.flags & 1u) == 0u) { return 0.0; } return dy[xrow(t, n, d) * p.H + j]; }
fn dhn_at(i: u32) -> f32 { if ((p.flags & 2u) == 0u) { return 0.0; } return dh_n[i]; }

// (W_hh^T dHp[t])_j for item n.
fn back_matvec(t: u32, n: u32, d: u32, j: u32) -> f32 {
  let G = 3u * p.H;
  let b = xrow(t, n, d) * G;
  let wb = d * G * p.H + j;
  var acc = 0.0;
  for (var k = 0u; k < G; k++) { acc += w_hh[wb + k * p.H] * dhp[b + k]; }
  return acc;
}

#include "common/rnn-cell-grads.wgsl"

// Unit j's gradients at time t given dL/dh_t (total): dx_proj and dHp written; returns the direct path to h_{t-1}.
fn cell_grad(t: u32, n: u32, d: u32, j: u32, dh_tot: f32) -> GruGrad {
  let gr = gru_cell_grad(t, n, d, j, dh_tot);
  let xb = xrow(t, n, d) * 3u * p.H + j;
  dhp[xb] = gr.dhp.x;
  dhp[xb + p.H] = gr.dhp.y;
  dhp[xb + 2u * p.H] = gr.dhp.z;
  return gr;
}

fn zero_row(t: u32, n: u32, d: u32, j: u32) {
  let xb = xrow(t, n, d) * 3u * p.H + j;
  for (var k = 0u; k < 3u; k++) { dx_proj[xb + k * p.H] = 0.0; dhp[xb + k * p.H] = 0.0; }
}

@compute @workgroup_size(64)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let idx = gid.x;
  let d = gid.y;
  if (idx >= p.N * p.H) { return; }
  let n = idx / p.H;
  let j = idx % p.H;
  let st = d * p.N * p.H + idx;
  let s = p.s;
  let t = time_at(s, d);
  if (!in_seq(s, n, d)) { zero_row(t, n, d, j); return; }
  var dh = dhn_at(st);
  if (s + 1u < p.T && in_seq(s + 1u, n, d)) {
    dh = dh0[st] + back_matvec(time_at(s + 1u, d), n, d, j);
  }
  dh0[st] = cell_grad(t, n, d, j, dh + dy_at(t, n, d, j)).direct;
}

@compute @workgroup_size(64)
fn tail(@builtin(global_invocation_id) gid: vec3<u32>) {
  let idx = gid.x;
  let d = gid.y;
  if (idx >= p.N * p.H) { return; }
  let n = idx / p.H;
  let st = d * p.N * p.H + idx;
  let len = len_of(n);
  if (len == 0u) { dh0[st] = dhn_at(st); return; }
  dh0[st] = dh0[st] + back_matvec(select(0u, len - 1u, rev(d)), n, d, idx % p.H);
}

var<workgroup> dhp_sh: array<f32, 768>; // [N, 3H] of the step just processed (this direction)

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.y;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let st = d * p.N * H + idx;
  var dh = 0.0;
  if (valid) { dh = dhn_at(st); }
  let wb = d * 3u * H * H + j;
  for (var i = 0u; i < p.T; i++) {
    let s = p.T - 1u - i;
    let t = time_at(s, d);
    var act = false;
    var direct = 0.0;
    if (valid) {
      act = in_seq(s, n, d);
      if (act) {
        let gr = cell_grad(t, n, d, j, dh + dy_at(t, n, d, j));
        direct = gr.direct;
        let b = n * 3u * H + j;
        dhp_sh[b] = gr.dhp.x;
        dhp_sh[b + H] = gr.dhp.y;
        dhp_sh[b + 2u * H] = gr.dhp.z;
      } else {
        zero_row(t, n, d, j);
      }
    }
    workgroupBarrier();
    if (act) {
      var acc = direct;
      for (var k = 0u; k < 3u * H; k++) { acc += w_hh[wb + k * H] * dhp_sh[n * 3u * H + k]; }
      dh = acc;
    }
    workgroupBarrier();
  }
  if (valid) { dh0[st] = dh; }
}
