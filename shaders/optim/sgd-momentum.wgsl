// Fused SGD with momentum (torch.optim.SGD: buf = g on the first step, then momentum*buf +
// (1-dampening)*g; nesterov uses g + momentum*buf). One invocation per element, in place.
// Twin: backends/cpu/optim.ts (sgdStep).
#include "common/index.wgsl"

override WG: u32 = 256;

struct SgdParams {
  n: u32, nesterov: u32, first_step: u32, pad0: u32,
  lr: f32, momentum: f32, dampening: f32, weight_decay: f32,
}

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> buf: array<f32>;
@group(0) @binding(3) var<uniform> sp: SgdParams;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= sp.n) { return; }
  let d = grad[i] + sp.weight_decay * param[i];
  var b = sp.momentum * buf[i] + (1.0 - sp.dampening) * d;
  if (sp.first_step != 0u) { b = d; }
  buf[i] = b;
  param[i] = param[i] - sp.lr * select(b, d + sp.momentum * b, sp.nesterov != 0u);
}
