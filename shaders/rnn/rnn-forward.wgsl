// Elman RNN forward time loop of one layer-direction: h' = act(x_proj + W_hh h), act = tanh or relu (override RELU);
// both biases are already folded into x_proj. Twins: backends/cpu/rnn-elman.ts (reference), rnn-backward.wgsl,
// backends/webgpu/rnn.ts (glue), ops/rnn.ts.
// `step`: one dispatch per timestep; invocation (n, j) does row j of W_hh against the previous state.
// `persistent`: one workgroup (N*H <= 256) loops over all T with h in workgroup memory.
#include "common/numerics.wgsl"

override RELU: u32 = 0u;

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, pad: u32,
  lens: array<vec4<u32>, 256>,
}
fn len_of(n: u32) -> u32 { if (p.has_len == 0u) { return p.T; } return p.lens[n / 4u][n % 4u]; }
fn time_at(s: u32) -> u32 { return select(s, p.T - 1u - s, p.reverse != 0u); }
// Active steps of an item are contiguous (see lstm-forward.wgsl).
fn in_seq(s: u32, n: u32) -> bool { return time_at(s) < len_of(n); }

@group(0) @binding(0) var<storage, read> x_proj: array<f32>;       // [T, N, H]
@group(0) @binding(1) var<storage, read> w_hh: array<f32>;         // [H, H]
@group(0) @binding(2) var<storage, read> h0: array<f32>;           // [N, H]
@group(0) @binding(3) var<storage, read_write> y: array<f32>;      // [T, N, H]
@group(0) @binding(4) var<storage, read_write> h_n: array<f32>;    // [N, H]
@group(0) @binding(5) var<storage, read_write> saved: array<f32>;  // [T, N, H]: h_prev (for the dW_hh GEMM)
@group(0) @binding(6) var<uniform> p: Params;

fn act(v: f32) -> f32 {
  if (RELU != 0u) { return max(v, 0.0); }
  return stable_tanh(v);
}

@compute @workgroup_size(64)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let H = p.H;
  let idx = gid.x;
  if (idx >= p.N * H) { return; }
  let n = idx / H;
  let j = idx % H;
  let s = p.s;
  let row = time_at(s) * p.N + n;
  if (!in_seq(s, n)) {
    y[row * H + j] = 0.0;
    saved[row * H + j] = 0.0;
    if (s == 0u) { h_n[idx] = h0[idx]; }
    return;
  }
  var a = x_proj[row * H + j];
  var h_prev = h0[idx];
  if (s > 0u && in_seq(s - 1u, n)) {
    let prow = time_at(s - 1u) * p.N + n;
    for (var k = 0u; k < H; k++) { a += w_hh[j * H + k] * y[prow * H + k]; }
    h_prev = y[prow * H + j];
  } else {
    for (var k = 0u; k < H; k++) { a += w_hh[j * H + k] * h0[n * H + k]; }
  }
  let h = act(a);
  y[row * H + j] = h;
  saved[row * H + j] = h_prev;
  h_n[idx] = h;
}

var<workgroup> h_sh: array<f32, 256>;

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32) {
  let H = p.H;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  var h = 0.0;
  if (valid) { h = h0[idx]; h_sh[idx] = h; }
  workgroupBarrier();
  for (var s = 0u; s < p.T; s++) {
    let row = time_at(s) * p.N + n;
    var h_new = h;
    if (valid) {
      if (in_seq(s, n)) {
        var a = x_proj[row * H + j];
        for (var k = 0u; k < H; k++) { a += w_hh[j * H + k] * h_sh[n * H + k]; }
        h_new = act(a);
        y[row * H + j] = h_new;
        saved[row * H + j] = h;
      } else {
        y[row * H + j] = 0.0;
        saved[row * H + j] = 0.0;
      }
    }
    workgroupBarrier();
    if (valid) { h_sh[idx] = h_new; }
    h = h_new;
    workgroupBarrier();
  }
  if (valid) { h_n[idx] = h; }
}
