// GRU forward time loop of one layer-direction, PyTorch's reset-after form: n = tanh(xn + r * (W_hn h + b_hn)).
// Twins: backends/cpu/rnn-gru.ts (reference), gru-backward.wgsl, backends/webgpu/rnn.ts (glue), ops/rnn.ts.
// `step`: one dispatch per timestep; invocation (n, j) does the 3 recurrent dot products of unit j (rows j, H+j,
//   2H+j of W_hh) against the previous state (y of the previous visited step, or h0) and the update of h[n, j].
// `persistent`: one workgroup (N*H <= 256) loops over all T with h in workgroup memory.
#include "common/numerics.wgsl"

struct Params {
  T: u32, N: u32, H: u32, s: u32,
  reverse: u32, has_len: u32, flags: u32, pad: u32,  // flags: 1 = b_hh given
  lens: array<vec4<u32>, 256>,
}
fn len_of(n: u32) -> u32 { if (p.has_len == 0u) { return p.T; } return p.lens[n / 4u][n % 4u]; }
fn time_at(s: u32) -> u32 { return select(s, p.T - 1u - s, p.reverse != 0u); }
// Active steps of an item are contiguous (see lstm-forward.wgsl): an active step's state comes from the previous
// visited step if that one was active, else from h0.
fn in_seq(s: u32, n: u32) -> bool { return time_at(s) < len_of(n); }

@group(0) @binding(0) var<storage, read> x_proj: array<f32>;       // [T, N, 3H] (b_ih added)
@group(0) @binding(1) var<storage, read> w_hh: array<f32>;         // [3H, H]
@group(0) @binding(2) var<storage, read> b_hh: array<f32>;         // [3H] (a dummy when flags & 1 == 0)
@group(0) @binding(3) var<storage, read> h0: array<f32>;           // [N, H]
@group(0) @binding(4) var<storage, read_write> y: array<f32>;      // [T, N, H]
@group(0) @binding(5) var<storage, read_write> saved: array<f32>;  // [T, N, 5H]: h_prev r z n hn
@group(0) @binding(6) var<storage, read_write> h_n: array<f32>;    // [N, H]
@group(0) @binding(7) var<uniform> p: Params;

fn bias() -> bool { return (p.flags & 1u) != 0u; }

fn w_col(j: u32, k: u32) -> vec3<f32> {
  let H = p.H;
  return vec3<f32>(w_hh[j * H + k], w_hh[(H + j) * H + k], w_hh[(2u * H + j) * H + k]);
}

fn hp_init(j: u32) -> vec3<f32> {
  if (!bias()) { return vec3<f32>(0.0); }
  return vec3<f32>(b_hh[j], b_hh[p.H + j], b_hh[2u * p.H + j]);
}

// Gate math for unit (n, j) at time t given hp = (W_hh h_prev + b_hh) rows of unit j; returns the new h.
fn finish(t: u32, n: u32, j: u32, hp: vec3<f32>, h_prev: f32) -> f32 {
  let H = p.H;
  let row = t * p.N + n;
  let xb = row * 3u * H + j;
  let r = sigmoid(x_proj[xb] + hp.x);
  let z = sigmoid(x_proj[xb + H] + hp.y);
  let nn = stable_tanh(x_proj[xb + 2u * H] + r * hp.z);
  let h = (1.0 - z) * nn + z * h_prev;
  y[row * H + j] = h;
  let sb = row * 5u * H + j;
  saved[sb] = h_prev;
  saved[sb + H] = r;
  saved[sb + 2u * H] = z;
  saved[sb + 3u * H] = nn;
  saved[sb + 4u * H] = hp.z; // W_hn h + b_hn: the reset gate's gradient needs it
  return h;
}

// Padded step: zero output and saved row (finite values: the dW_hh GEMM reads h_prev times a zero gradient).
fn pad_step(t: u32, n: u32, j: u32) {
  let row = t * p.N + n;
  y[row * p.H + j] = 0.0;
  for (var k = 0u; k < 5u; k++) { saved[row * 5u * p.H + k * p.H + j] = 0.0; }
}

@compute @workgroup_size(64)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let H = p.H;
  let idx = gid.x;
  if (idx >= p.N * H) { return; }
  let n = idx / H;
  let j = idx % H;
  let s = p.s;
  let t = time_at(s);
  if (!in_seq(s, n)) {
    pad_step(t, n, j);
    if (s == 0u) { h_n[idx] = h0[idx]; }
    return;
  }
  var hp = hp_init(j);
  var h_prev = h0[idx];
  if (s > 0u && in_seq(s - 1u, n)) {
    let prow = time_at(s - 1u) * p.N + n;
    for (var k = 0u; k < H; k++) { hp += w_col(j, k) * y[prow * H + k]; }
    h_prev = y[prow * H + j];
  } else {
    for (var k = 0u; k < H; k++) { hp += w_col(j, k) * h0[n * H + k]; }
  }
  h_n[idx] = finish(t, n, j, hp, h_prev);
}

var<workgroup> h_sh: array<f32, 256>; // [N, H] state entering the current step

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
    let t = time_at(s);
    var h_new = h;
    if (valid) {
      if (in_seq(s, n)) {
        var hp = hp_init(j);
        for (var k = 0u; k < H; k++) { hp += w_col(j, k) * h_sh[n * H + k]; }
        h_new = finish(t, n, j, hp, h);
      } else {
        pad_step(t, n, j);
      }
    }
    workgroupBarrier(); // all reads of the old h are done
    if (valid) { h_sh[idx] = h_new; }
    h = h_new;
    workgroupBarrier();
  }
  if (valid) { h_n[idx] = h; }
}
