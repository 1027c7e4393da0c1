// dtype casts between float32 and int32 (truncation toward zero, as PyTorch). Two entry points.
#include "common/index.wgsl"

override WG: u32 = 256;

struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn to_float(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  out[i] = bitcast<u32>(f32(bitcast<i32>(x[i])));
}

@compute @workgroup_size(WG)
fn to_int(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  out[i] = bitcast<u32>(i32(bitcast<f32>(x[i])));
}
