// Elman RNN BPTT of D = 1 or 2 directions at once (direction = workgroup_id.y): dX_proj (= dGates for the dW_hh
// GEMM) and dh0. Twins: backends/cpu/rnn-elman.ts (reference), rnn-forward.wgsl, backends/webgpu/rnn.ts, ops/rnn.ts.
// `step`: one dispatch per timestep in reverse; invocation (n, j): dh_t[j] = (W_hh^T dX_proj[t_next])_j (complete in
//   global memory from the previous dispatch) + dy, times act'(y). `tail` forms dh0 from each item's first step.
// `persistent`: one workgroup per direction (N*H <= 256) runs all T; each step's gradient goes through workgroup memory.
override RELU: u32 = 0u;

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,  // flags: 1 = dy given, 2 = dhN given
  lens: array<vec4<u32>, 256>,
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> w_hh: array<f32>;          // [D, H, H]
@group(0) @binding(1) var<storage, read> y: array<f32>;             // [T, N, D, H] forward output
@group(0) @binding(2) var<storage, read> dy: array<f32>;            // [T, N, D, H]
@group(0) @binding(3) var<storage, read> dh_n: array<f32>;          // [D, N, H]
@group(0) @binding(4) var<storage, read_write> dx_proj: array<f32>; // [T, N, D, H]
@group(0) @binding(5) var<storage, read_write> dh0: array<f32>;     // [D, N, H]
@group(0) @binding(6) var<uniform> p: Params;

fn dy_at(i: u32) -> f32 { if ((p.flags & 1u) == 0u) { return 0.0; } return dy[i]; }
fn dhn_at(i: u32) -> f32 { if ((p.flags & 2u) == 0u) { return 0.0; } return dh_n[i]; }

// act' written with the output: tanh' = 1 - y^2, relu' = [y > 0] (0 at 0, as PyTorch's threshold backward).
fn act_grad(v: f32) -> f32 {
  if (RELU != 0u) { return select(0.0, 1.0, v > 0.0); }
  return 1.0 - v * v;
}

fn back_matvec(t: u32, n: u32, d: u32, j: u32) -> f32 {
  let b = xrow(t, n, d) * p.H;
  let wb = d * p.H * p.H + j;
  var acc = 0.0;
  for (var k = 0u; k < p.H; k++) { acc += w_hh[wb + k * p.H] * dx_proj[b + k]; }
  return acc;
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
  let i = xrow(time_at(s, d), n, d) * p.H + j;
  if (!in_seq(s, n, d)) { dx_proj[i] = 0.0; return; }
  var dh = dhn_at(st);
  if (s + 1u < p.T && in_seq(s + 1u, n, d)) { dh = back_matvec(time_at(s + 1u, d), n, d, j); }
  dx_proj[i] = (dh + dy_at(i)) * act_grad(y[i]);
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
  dh0[st] = back_matvec(select(0u, len - 1u, rev(d)), n, d, idx % p.H);
}

var<workgroup> g_sh: array<f32, 256>;

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.y;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let st = d * p.N * H + idx;
  let wb = d * H * H + j;
  var dh = 0.0;
  if (valid) { dh = dhn_at(st); }
  for (var k0 = 0u; k0 < p.T; k0++) {
    let s = p.T - 1u - k0;
    let i = xrow(time_at(s, d), n, d) * H + j;
    var act = false;
    if (valid) {
      act = in_seq(s, n, d);
      var g = 0.0;
      if (act) { g = (dh + dy_at(i)) * act_grad(y[i]); g_sh[idx] = g; }
      dx_proj[i] = g;
    }
    workgroupBarrier();
    if (act) {
      var acc = 0.0;
      for (var k = 0u; k < H; k++) { acc += w_hh[wb + k * H] * g_sh[n * H + k]; }
      dh = acc;
    }
    workgroupBarrier();
  }
  if (valid) { dh0[st] = dh; }
}
