// Stacks the two directions' parameters of a bidirectional layer in one dispatch (A = a0 ‖ a1, B = b0 ‖ b1) and
// splits gradients back (`unpack`), so a bidirectional layer pays one dispatch, not one copy per tensor.
// Twins: backends/cpu/rnn-kernels.ts (rnnPack, rnnUnpack), backends/webgpu/rnn.ts, ops/rnn-bidirectional.ts.
#include "common/index.wgsl"

struct Params { size_a: u32, size_b: u32, pad0: u32, pad1: u32 }

// Each entry point has its own variables on the same binding numbers (allowed: no entry point uses both), so its
// inputs are read-only: the two gradients unpack reads may be the same buffer (b_ih and b_hh of an LSTM share one).
@group(0) @binding(0) var<storage, read> src_a0: array<f32>;
@group(0) @binding(1) var<storage, read> src_a1: array<f32>;
@group(0) @binding(2) var<storage, read> src_b0: array<f32>;
@group(0) @binding(3) var<storage, read> src_b1: array<f32>;
@group(0) @binding(4) var<storage, read_write> dst_a: array<f32>;
@group(0) @binding(5) var<storage, read_write> dst_b: array<f32>;

@group(0) @binding(0) var<storage, read_write> dst_a0: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst_a1: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst_b0: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst_b1: array<f32>;
@group(0) @binding(4) var<storage, read> src_a: array<f32>;
@group(0) @binding(5) var<storage, read> src_b: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

@compute @workgroup_size(64)
fn pack(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, 64u); // one invocation per element of one half
  if (i < p.size_a) { dst_a[i] = src_a0[i]; dst_a[p.size_a + i] = src_a1[i]; }
  if (i < p.size_b) { dst_b[i] = src_b0[i]; dst_b[p.size_b + i] = src_b1[i]; }
}

@compute @workgroup_size(64)
fn unpack(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, 64u);
  if (i < p.size_a) { dst_a0[i] = src_a[i]; dst_a1[i] = src_a[p.size_a + i]; }
  if (i < p.size_b) { dst_b0[i] = src_b[i]; dst_b1[i] = src_b[p.size_b + i]; }
}
