// Fused optimizer updates: one invocation per parameter element updates the parameter and its
// state in place, so a whole optimizer step is one dispatch per parameter tensor instead of ~10
// elementwise ops. Twins: backends/cpu/optim.ts (adamStep), sgd.wgsl, sgd-momentum.wgsl.
#include "common/index.wgsl"

override WG: u32 = 256;

struct AdamParams {
  n: u32, decoupled: u32, pad0: u32, pad1: u32,
  lr: f32, beta1: f32, beta2: f32, eps: f32,
  weight_decay: f32, bias_correction1: f32, bias_correction2: f32, pad2: f32,
}
@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> moment1: array<f32>; // m
@group(0) @binding(3) var<storage, read_write> moment2: array<f32>; // v
@group(0) @binding(4) var<uniform> ap: AdamParams;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= ap.n) { return; }
  var g = grad[i];
  var p = param[i];
  if (ap.decoupled != 0u) { p *= 1.0 - ap.lr * ap.weight_decay; } else { g += ap.weight_decay * p; }
  let m = ap.beta1 * moment1[i] + (1.0 - ap.beta1) * g;
  let v = ap.beta2 * moment2[i] + (1.0 - ap.beta2) * g * g;
  moment1[i] = m;
  moment2[i] = v;
  let denom = sqrt(v) / sqrt(ap.bias_correction2) + ap.eps;
  param[i] = p - (ap.lr / ap.bias_correction1) * (m / denom);
}
