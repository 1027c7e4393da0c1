// One-hot rows from int32 labels; a label equal to ignore_index gives a zero row. One invocation
// per output element. Twin: backends/cpu/indexing.ts (oneHot).
#include "common/index.wgsl"

override WG: u32 = 256;

struct Params { n: u32, classes: u32, ignore_index: i32 }
@group(0) @binding(0) var<storage, read> labels: array<i32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n * p.classes) { return; }
  let l = labels[i / p.classes];
  out[i] = select(0.0, 1.0, l == i32(i % p.classes) && l != p.ignore_index);
}
