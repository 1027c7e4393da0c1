// Binary elementwise kernel with broadcasting: out[i] = f(a[off_a(i)], b[off_b(i)]), where the
// offsets walk the output's multi-index through each operand's strides (0 on broadcast dims).
// One invocation per output element. MODE_A / MODE_B specialise the two common layouts so they skip
// the per-dimension div/mod walk: 1 = contiguous like the output (index i), 2 = a contiguous block
// repeated along leading dims, e.g. a bias row (index i % period). The op itself: common/binary-ops.wgsl.
// Twins: backends/cpu/elementwise.ts (binary), binary-scalar.wgsl for a number operand.
#include "common/index.wgsl"

override OP: u32;
override WG: u32 = 256;
override MODE_A: u32 = 0u;
override MODE_B: u32 = 0u;

struct Params {
  n: u32, rank: u32, off_a: u32, off_b: u32,
  period_a: u32, period_b: u32, pad0: u32, pad1: u32,
  shape: array<vec4<u32>, 2>,
  str_a: array<vec4<u32>, 2>,
  str_b: array<vec4<u32>, 2>,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

#include "common/binary-ops.wgsl"

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  var ia = i;
  if (MODE_A == 2u) { ia = i % p.period_a; } else if (MODE_A == 0u) { ia = strided_offset(i, p.rank, p.shape, p.str_a, p.off_a); }
  var ib = i;
  if (MODE_B == 2u) { ib = i % p.period_b; } else if (MODE_B == 0u) { ib = strided_offset(i, p.rank, p.shape, p.str_b, p.off_b); }
  out[i] = apply(a[ia], b[ib]);
}
