// MaxPool1d over [N, C, L]. max_pool: one invocation per output y[r, o] (r = n*C + c) scans its window;
// padding never wins, ties keep the first position and NaN propagates (as the CPU twin). max_pool_grad: one
// invocation per dx[r, l] gathers dy from the (at most ceil(kernel/stride)) windows whose argmax is l: no atomics.
// Twins: backends/cpu/pool1d.ts, avg-pool.wgsl, backends/webgpu/conv1d.ts.
#include "common/index.wgsl"

override WG: u32 = 64;

struct Params { rows: u32, L: u32, Lout: u32, kernel: u32, stride: u32, padding: u32, total: u32, pad0: u32 }
@group(0) @binding(0) var<storage, read> src: array<f32>; // x [rows, L] (forward) or dy [rows, Lout] (grad)
@group(0) @binding(1) var<storage, read_write> dst: array<f32>; // y [rows, Lout] or dx [rows, L]
@group(0) @binding(2) var<storage, read_write> indices: array<i32>; // [rows, Lout]; only read by max_pool_grad
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn max_pool(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.total) { return; }
  let o = i % p.Lout;
  let r = i / p.Lout;
  var best = 0.0;
  var arg = -1;
  for (var k = 0u; k < p.kernel; k++) {
    let l = i32(o * p.stride + k) - i32(p.padding);
    if (l < 0 || l >= i32(p.L)) { continue; }
    let v = src[r * p.L + u32(l)];
    if (arg < 0 || v > best || v != v) {
      best = v;
      arg = l;
      if (v != v) { break; }
    }
  }
  dst[i] = best;
  indices[i] = arg;
}

@compute @workgroup_size(WG)
fn max_pool_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.total) { return; }
  let l = i % p.L;
  let r = i / p.L;
  // windows o with o*stride - padding <= l < o*stride - padding + kernel
  let hi = (l + p.padding) / p.stride;
  var lo = 0u;
  if (l + p.padding + 1u > p.kernel) { lo = (l + p.padding + 1u - p.kernel + p.stride - 1u) / p.stride; }
  var acc = 0.0;
  for (var o = lo; o <= hi && o < p.Lout; o++) {
    if (indices[r * p.Lout + o] == i32(l)) { acc += src[r * p.Lout + o]; }
  }
  dst[i] = acc;
}
