// Binary elementwise kernel with one operand a number: out[i] = f(x[i], s), or f(s, x[i]) when
// SCALAR_FIRST. The number travels in the uniform block (all of a submission's uniforms share one
// buffer), so `mul(x, 2)` or mean's divisor costs no storage buffer. One invocation per element.
// The op: common/binary-ops.wgsl. Twins: backends/cpu/elementwise.ts (binaryScalar), binary.wgsl.
#include "common/index.wgsl"

override OP: u32;
override WG: u32 = 256;
override SCALAR_FIRST: u32 = 0u;

struct Params { n: u32, s: f32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

#include "common/binary-ops.wgsl"

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  if (SCALAR_FIRST == 1u) {
    out[i] = apply(p.s, x[i]);
  } else {
    out[i] = apply(x[i], p.s);
  }
}
