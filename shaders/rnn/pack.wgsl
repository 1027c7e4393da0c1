// Stacks the two directions' parameters of a bidirectional layer in one dispatch (A = a0 ‖ a1, B = b0 ‖ b1) and
// splits gradients back (`unpack`), so a bidirectional layer pays one dispatch, not one copy per tensor.
// Twins: backends/cpu/rnn-kernels.ts (rnnPack, rnnUnpack), backends/webgpu/rnn.ts, ops/rnn-bidirectional.ts.
#include "common/index.wgsl"

struct Params { size_a: u32, size_b: u32, pad0: u32, pad1: u32 }

// All read_write: `pack` reads a0..b1 and writes the stacked pair, `unpack` the other way round (one module).
@group(0) @binding(0) var<storage, read_write> a0: array<f32>;
@group(0) @binding(1) var<storage, read_write> a1: array<f32>;
@group(0) @binding(2) var<storage, read_write> b0: array<f32>;
@group(0) @binding(3) var<storage, read_write> b1: array<f32>;
@group(0) @binding(4) var<storage, read_write> big_a: array<f32>;
@group(0) @binding(5) var<storage, read_write> big_b: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

@compute @workgroup_size(64)
fn pack(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, 64u); // one invocation per element of one half
  if (i < p.size_a) { big_a[i] = a0[i]; big_a[p.size_a + i] = a1[i]; }
  if (i < p.size_b) { big_b[i] = b0[i]; big_b[p.size_b + i] = b1[i]; }
}

@compute @workgroup_size(64)
fn unpack(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, 64u); // one invocation per element of one half
  if (i < p.size_a) { a0[i] = big_a[i]; a1[i] = big_a[p.size_a + i]; }
  if (i < p.size_b) { b0[i] = big_b[i]; b1[i] = big_b[p.size_b + i]; }
}
