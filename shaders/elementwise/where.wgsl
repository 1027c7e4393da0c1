// where(cond, a, b) with broadcasting, one invocation per output element. Twin: backends/cpu/elementwise.ts.
#include "common/index.wgsl"

override WG: u32 = 256;

struct Params {
  n: u32, rank: u32, off_c: u32, off_a: u32,
  off_b: u32, pad0: u32, pad1: u32, pad2: u32,
  shape: array<vec4<u32>, 2>,
  str_c: array<vec4<u32>, 2>,
  str_a: array<vec4<u32>, 2>,
  str_b: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<storage, read> cond: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  let c = cond[strided_offset(i, p.rank, p.shape, p.str_c, p.off_c)];
  let va = a[strided_offset(i, p.rank, p.shape, p.str_a, p.off_a)];
  let vb = b[strided_offset(i, p.rank, p.shape, p.str_b, p.off_b)];
  out[i] = select(vb, va, c != 0.0);
}
