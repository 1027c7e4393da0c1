// GRU forward time loop of D = 1 or 2 directions at once (direction = workgroup_id.y), PyTorch's reset-after form:
// n = tanh(xn + r * (W_hn h + b_hn)). Twins: backends/cpu/rnn-gru.ts (reference), gru-backward.wgsl,
// backends/webgpu/rnn.ts (glue), ops/rnn.ts. Layouts as lstm-forward.wgsl: x_proj, y [T, N, D, ·]; saved [D, T, N, ·].
// `step`: one dispatch per timestep; invocation (n, j) does the 3 recurrent dot products of unit j (rows j, H+j,
//   2H+j of W_hh) against the previous state (y of the previous visited step, or h0) and the update of h[n, j].
// `persistent`: one workgroup per direction (N*H <= 256) loops over all T with h in workgroup memory.
#include "common/numerics.wgsl"

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, D: u32,  // flags: 1 = b_hh given
  lens: array<vec4<u32>, 256>,
}
#include "common/rnn-steps.wgsl"

@group(0) @binding(0) var<storage, read> x_proj: array<f32>;       // [T, N, D, 3H] (b_ih added)
@group(0) @binding(1) var<storage, read> w_hh: array<f32>;         // [D, 3H, H]
@group(0) @binding(2) var<storage, read> b_hh: array<f32>;         // [D, 3H] (a dummy when flags & 1 == 0)
@group(0) @binding(3) var<storage, read> h0: array<f32>;           // [D, N, H]
@group(0) @binding(4) var<storage, read_write> y: array<f32>;      // [T, N, D, H]
@group(0) @binding(5) var<storage, read_write> saved: array<f32>;  // [D, T, N, 5H]: h_prev r z n hn
@group(0) @binding(6) var<storage, read_write> h_n: array<f32>;    // [D, N, H]
@group(0) @binding(7) var<uniform> p: Params;
#include "common/rnn-cells.wgsl"

fn bias() -> bool { return (p.flags & 1u) != 0u; }

fn w_col(d: u32, j: u32, k: u32) -> vec3<f32> {
  let H = p.H;
  let b = d * 3u * H * H + j * H + k;
  return vec3<f32>(w_hh[b], w_hh[b + H * H], w_hh[b + 2u * H * H]);
}

fn hp_init(d: u32, j: u32) -> vec3<f32> {
  if (!bias()) { return vec3<f32>(0.0); }
  let b = d * 3u * p.H + j;
  return vec3<f32>(b_hh[b], b_hh[b + p.H], b_hh[b + 2u * p.H]);
}

// Padded step: zero output and saved row (finite values: the dW_hh GEMM reads h_prev times a zero gradient).
fn pad_step(t: u32, n: u32, d: u32, j: u32) {
  y[xrow(t, n, d) * p.H + j] = 0.0;
  if (!keep_saved()) { return; }
  let sb = srow(t, n, d) * 5u * p.H + j;
  for (var k = 0u; k < 5u; k++) { saved[sb + k * p.H] = 0.0; }
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
    if (s == 0u) { h_n[st] = h0[st]; }
    return;
  }
  var hp = hp_init(d, j);
  var h_prev = h0[st];
  if (s > 0u && in_seq(s - 1u, n, d)) {
    let yb = xrow(time_at(s - 1u, d), n, d) * H;
    for (var k = 0u; k < H; k++) { hp += w_col(d, j, k) * y[yb + k]; }
    h_prev = y[yb + j];
  } else {
    let hb = (d * p.N + n) * H;
    for (var k = 0u; k < H; k++) { hp += w_col(d, j, k) * h0[hb + k]; }
  }
  h_n[st] = gru_finish(t, n, d, j, hp, h_prev);
}

var<workgroup> h_sh: array<f32, 256>; // [N, H] state entering the current step

@compute @workgroup_size(256)
fn persistent(@builtin(local_invocation_index) idx: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let H = p.H;
  let d = wid.y;
  let valid = idx < p.N * H;
  let n = idx / H;
  let j = idx % H;
  let st = d * p.N * H + idx;
  var h = 0.0;
  if (valid) { h = h0[st]; h_sh[idx] = h; }
  workgroupBarrier();
  for (var s = 0u; s < p.T; s++) {
    let t = time_at(s, d);
    var h_new = h;
    if (valid) {
      if (in_seq(s, n, d)) {
        var hp = hp_init(d, j);
        for (var k = 0u; k < H; k++) { hp += w_col(d, j, k) * h_sh[n * H + k]; }
        h_new = gru_finish(t, n, d, j, hp, h);
      } else {
        pad_step(t, n, d, j);
      }
    }
    workgroupBarrier(); // all reads of the old h are done
    if (valid) { h_sh[idx] = h_new; }
    h = h_new;
    workgroupBarrier();
  }
  if (valid) { h_n[st] = h; }
}
