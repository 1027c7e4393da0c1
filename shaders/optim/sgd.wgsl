// Fused SGD update (torch.optim.SGD semantics), one invocation per element, in place.
// Entry points: sgd_plain (no momentum) and sgd_momentum. Twin: backends/cpu/optim.ts (sgdStep).
#include "common/index.wgsl"

override WG: u32 = 256;

struct SgdParams {
  n: u32, nesterov: u32, first_step: u32, pad0: u32,
  lr: f32, momentum: f32, dampening: f32, weight_decay: f32,
}

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<uniform> sp: SgdParams;

@compute @workgroup_size(WG)
fn sgd_plain(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= sp.n) { return; }
  param[i] = param[i] - sp.lr * (grad[i] + sp.weight_decay * param[i]);
}
