// Conv1d rung 2 (im2col): unfold x into cols [groups, cinG*K, N*Lout] so that each group's convolution is one
// GEMM, W_g [coutG, cinG*K] @ cols_g -> [groups, coutG, N*Lout] = [Cout, N*Lout], run by the matmul ladder
// (tiled in workgroup memory); then `scatter_out` moves it to [N, Cout, Lout] and adds the bias. Trades K-fold
// memory for the GEMM's reuse of every loaded value. Split: one invocation per cols / output element.
// Twins: direct.wgsl (rung 1), backends/cpu/conv1d.ts, backends/webgpu/conv1d.ts.
#include "common/index.wgsl"

override WG: u32 = 64;
override HAS_BIAS: bool = true;

struct Params {
  N: u32, Cin: u32, L: u32, Cout: u32,
  K: u32, Lout: u32, stride: u32, pad_left: u32,
  dilation: u32, groups: u32, total: u32, pad0: u32,
}
// The two entry points share one layout: im2col reads x and writes cols (bias slot unused, x bound twice);
// scatter_out reads the GEMM result and the bias and writes y.
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn im2col(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG); // over [groups, cinG, K, N, Lout]
  if (i >= p.total) { return; }
  let cin_g = p.Cin / p.groups;
  let o = i % p.Lout;
  let n = (i / p.Lout) % p.N;
  let k = (i / (p.Lout * p.N)) % p.K;
  let cl = (i / (p.Lout * p.N * p.K)) % cin_g;
  let g = i / (p.Lout * p.N * p.K * cin_g);
  let l = i32(o * p.stride + k * p.dilation) - i32(p.pad_left);
  var v = 0.0;
  if (l >= 0 && l < i32(p.L)) { v = src[(n * p.Cin + g * cin_g + cl) * p.L + u32(l)]; }
  dst[i] = v;
}

@compute @workgroup_size(WG)
fn scatter_out(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG); // over y [N, Cout, Lout]
  if (i >= p.total) { return; }
  let o = i % p.Lout;
  let co = (i / p.Lout) % p.Cout;
  let n = i / (p.Lout * p.Cout);
  var v = src[co * (p.N * p.Lout) + n * p.Lout + o];
  if (HAS_BIAS) { v += bias[co]; }
  dst[i] = v;
}
