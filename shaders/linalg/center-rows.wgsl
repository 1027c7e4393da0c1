// Row centring for the AR fit: one invocation per series computes its mean and writes the centred row, so the
// float32 Gram of levels far from zero keeps its digits. Twins: backends/cpu/linalg-kernels.ts (reference),
// backends/webgpu/linalg.ts, ops/linalg.ts (arLeastSquares).
#include "common/index.wgsl"

struct Params {
  batch: u32,
  length: u32,
}
@group(0) @binding(0) var<storage, read> series: array<f32>;     // [batch, length]
@group(0) @binding(1) var<storage, read_write> out: array<f32>;  // [batch, length]
@group(0) @binding(2) var<storage, read_write> shift: array<f32>; // [batch]
@group(0) @binding(3) var<uniform> prm: Params;

override WG: u32 = 64u;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = flat_index(gid, nwg, WG);
  if (s >= prm.batch) { return; }
  let x0 = s * prm.length;
  var acc = 0.0;
  for (var t = 0u; t < prm.length; t++) { acc += series[x0 + t]; }
  let m = acc / f32(prm.length);
  shift[s] = m;
  for (var t = 0u; t < prm.length; t++) { out[x0 + t] = series[x0 + t] - m; }
}
