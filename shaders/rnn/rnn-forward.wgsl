// Elman RNN forward time loop of D = 1 or 2 directions at once (direction = workgroup_id.y): h' = act(x_proj + W_hh h),
// act = tanh or relu (override RELU); both biases are already folded into x_proj. Twins: backends/cpu/rnn-elman.ts
// (reference), rnn-backward.wgsl, backends/webgpu/rnn.ts (glue), ops/rnn.ts. Layouts as lstm-forward.wgsl.
// `step`: one dispatch per timestep; invocation (n, j) does row j of W_hh against the previous state.
// `persistent`: one workgroup per direction (N*H <= 256) loops over all T with h in workgroup memory.
#include "common/numerics.wgsl"

override RELU: u32 = 0u;

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,
  lens: array<vec4<u32>, 256>,
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> x_proj: array<f32>;       // [T, N, D, H]
@group(0) @binding(1) var<storage, read> w_hh: array<f32>;         // [D, H, H]
@group(0) @binding(2) var<storage, read> h0: array<f32>;           // [D, N, H]
@group(0) @binding(3) var<storage, read_write> y: array<f32>;      // [T, N, D, H]
@group(0) @binding(4) var<storage, read_write> h_n: array<f32>;    // [D, N, H]
@group(0) @binding(5) var<storage, read_write> saved: array<f32>;  // [D, T, N, H]: h_prev (for the dW_hh GEMM)
@group(0) @binding(6) var<uniform> p: Params;

fn act(v: f32) -> f32 {
  if (RELU != 0u) { return max(v, 0.0); }
  return stable_tanh(v);
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
  let yi = xrow(t, n, d) * H + j;
  let si = srow(t, n, d) * H + j;
  if (!in_seq(s, n, d)) {
    y[yi] = 0.0;
    if (keep_saved()) { saved[si] = 0.0; }
    if (s == 0u) { h_n[st] = h0[st]; }
    return;
  }
  var a = x_proj[yi];
  var h_prev = h0[st];
  let wb = (d * H + j) * H;
  if (s > 0u && in_seq(s - 1u, n, d)) {
    let yb = xrow(time_at(s - 1u, d), n, d) * H;
    for (var k = 0u; k < H; k++) { a += w_hh[wb + k] * y[yb + k]; }
    h_prev = y[yb + j];
  } else {
    let hb = (d * p.N + n) * H;
    for (var k = 0u; k < H; k++) { a += w_hh[wb + k] * h0[hb + k]; }
  }
  let h = act(a);
  y[yi] = h;
  if (keep_saved()) { saved[si] = h_prev; }
  h_n[st] = h;
}

var<workgroup> h_sh: array<f32, 256>;

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.y;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let st = d * p.N * H + idx;
  let wb = (d * H + j) * H;
  var h = 0.0;
  if (valid) { h = h0[st]; h_sh[idx] = h; }
  workgroupBarrier();
  for (var s = 0u; s < p.T; s++) {
    let t = time_at(s, d);
    let yi = xrow(t, n, d) * H + j;
    let si = srow(t, n, d) * H + j;
    var h_new = h;
    if (valid) {
      if (in_seq(s, n, d)) {
        var a = x_proj[yi];
        for (var k = 0u; k < H; k++) { a += w_hh[wb + k] * h_sh[n * H + k]; }
        h_new = act(a);
        y[yi] = h_new;
        if (keep_saved()) { saved[si] = h; }
      } else {
        y[yi] = 0.0;
        if (keep_saved()) { saved[si] = 0.0; }
      }
    }
    workgroupBarrier();
    if (valid) { h_sh[idx] = h_new; }
    h = h_new;
    workgroupBarrier();
  }
  if (valid) { h_n[st] = h; }
}
