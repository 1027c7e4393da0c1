// Strided copy: dst[off_d(i)] = src[off_s(i)] over a shape, one invocation per element. It is the
// one data-movement kernel behind permute, slice, concat, expand and slice's adjoint. Raw u32 so
// it moves float32 and int32 alike. Twin: backends/cpu/indexing.ts (copy).
#include "common/index.wgsl"

override WG: u32 = 256;

struct Params {
  n: u32, rank: u32, off_s: u32, off_d: u32,
  shape: array<vec4<u32>, 2>,
  str_s: array<vec4<u32>, 2>,
  str_d: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  dst[strided_offset(i, p.rank, p.shape, p.str_d, p.off_d)] = src[strided_offset(i, p.rank, p.shape, p.str_s, p.off_s)];
}
