// AvgPool1d over [N, C, L] with count_include_pad: every window divides by the full kernel size.
// avg_pool: one invocation per output; avg_pool_grad: one invocation per dx[r, l], gathering dy/kernel from
// every window that covers l (no atomics). Twins: backends/cpu/pool1d.ts, max-pool.wgsl, backends/webgpu/conv1d.ts.
#include "common/index.wgsl"

override WG: u32 = 64;

struct Params { rows: u32, L: u32, Lout: u32, kernel: u32, stride: u32, padding: u32, total: u32, pad0: u32 }
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn avg_pool(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.total) { return; }
  let o = i % p.Lout;
  let r = i / p.Lout;
  var acc = 0.0;
  for (var k = 0u; k < p.kernel; k++) {
    let l = i32(o * p.stride + k) - i32(p.padding);
    if (l >= 0 && l < i32(p.L)) { acc += src[r * p.L + u32(l)]; }
  }
  dst[i] = acc / f32(p.kernel);
}

@compute @workgroup_size(WG)
fn avg_pool_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.total) { return; }
  let l = i % p.L;
  let r = i / p.L;
  let hi = (l + p.padding) / p.stride;
  var lo = 0u;
  if (l + p.padding + 1u > p.kernel) { lo = (l + p.padding + 1u - p.kernel + p.stride - 1u) / p.stride; }
  var acc = 0.0;
  for (var o = lo; o <= hi && o < p.Lout; o++) { acc += src[r * p.Lout + o]; }
  dst[i] = acc / f32(p.kernel);
}
