// Conv1d rung 1 (direct): one invocation per output element y[n, co, o], reading its Cin/groups x K window
// straight from global memory. The easiest kernel to trust; kept, tested and benchmarked as the ladder's base.
// y[n, co, o] = b[co] + sum_{cl, k} w[co, cl, k] * x[n, g*cinG + cl, o*stride - pad_left + k*dilation]
// Twins: backends/cpu/conv1d.ts (reference), im2col.wgsl (rung 2), backward.wgsl, backends/webgpu/conv1d.ts.
#include "common/index.wgsl"

override WG: u32 = 64;
override HAS_BIAS: bool = true;

struct Params {
  N: u32, Cin: u32, L: u32, Cout: u32,
  K: u32, Lout: u32, stride: u32, pad_left: u32,
  dilation: u32, groups: u32, total: u32, pad0: u32,
}
@group(0) @binding(0) var<storage, read> x: array<f32>; // [N, Cin, L]
@group(0) @binding(1) var<storage, read> w: array<f32>; // [Cout, Cin/groups, K]
@group(0) @binding(2) var<storage, read> bias: array<f32>; // [Cout]; another buffer stands in when HAS_BIAS is false
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // [N, Cout, Lout]
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.total) { return; }
  let o = i % p.Lout;
  let co = (i / p.Lout) % p.Cout;
  let n = i / (p.Lout * p.Cout);
  let cin_g = p.Cin / p.groups;
  let g = co / (p.Cout / p.groups);
  var acc = 0.0;
  if (HAS_BIAS) { acc = bias[co]; }
  // signed: the window may start left of the input (padding), which contributes zeros
  let start = i32(o * p.stride) - i32(p.pad_left);
  for (var cl = 0u; cl < cin_g; cl++) {
    let x_row = (n * p.Cin + g * cin_g + cl) * p.L;
    let w_row = (co * cin_g + cl) * p.K;
    for (var k = 0u; k < p.K; k++) {
      let l = start + i32(k * p.dilation);
      if (l >= 0 && l < i32(p.L)) { acc += w[w_row + k] * x[x_row + u32(l)]; }
    }
  }
  y[i] = acc;
}
