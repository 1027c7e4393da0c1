// gather (index select) and its adjoint. x: [outer, axis, inner], index: [m].
// gather: one invocation per output element of [outer, m, inner]; indices are clamped so a bad
// index computed on the GPU can never read out of bounds (host-known indices are validated first).
// index_add: one invocation per element of [outer, axis, inner] sums the rows j with index[j] == r:
// no atomics, deterministic, O(m) per output (fine for embedding-sized m).
// Twin: backends/cpu/indexing.ts.
#include "common/index.wgsl"

override WG: u32 = 256;

struct Params { outer: u32, axis: u32, inner: u32, m: u32, n: u32 }
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read> index: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn gather(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  let c = i % p.inner;
  let j = (i / p.inner) % p.m;
  let a = i / (p.inner * p.m);
  let r = u32(clamp(index[j], 0, i32(p.axis) - 1));
  out[i] = x[(a * p.axis + r) * p.inner + c];
}

@compute @workgroup_size(WG)
fn index_add(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  let c = i % p.inner;
  let r = (i / p.inner) % p.axis;
  let a = i / (p.inner * p.axis);
  var acc = 0.0;
  for (var j = 0u; j < p.m; j++) {
    if (index[j] == i32(r)) { acc += bitcast<f32>(x[(a * p.m + j) * p.inner + c]); }
  }
  out[i] = bitcast<u32>(acc);
}
