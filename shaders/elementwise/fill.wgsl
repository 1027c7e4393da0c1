// Fill with a constant given as raw 32 bits, so one kernel serves float32 and int32 storage.
#include "common/index.wgsl"

override WG: u32 = 256;

struct Params { n: u32, bits: u32 }
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  out[i] = p.bits;
}
