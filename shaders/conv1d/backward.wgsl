// Conv1d gradients in gather form: one invocation owns each output element and sums what reaches it, so there
// are no float atomics and the sums are deterministic. Entry points:
//   input_grad  one invocation per dx[n, ci, l]: over co in ci's group and k with l + pad_left - k*dilation = o*stride
//   weight_grad one invocation per dw[co, cl, k]: over n and o
//   bias_grad   one invocation per db[co]: over n and o
// Twins: backends/cpu/conv1d.ts (conv1dBackward64, scatter form: same sums, another order), direct.wgsl.
#include "common/index.wgsl"

override WG: u32 = 64;

struct Params {
  N: u32, Cin: u32, L: u32, Cout: u32,
  K: u32, Lout: u32, stride: u32, pad_left: u32,
  dilation: u32, groups: u32, total: u32, pad0: u32,
}
@group(0) @binding(0) var<storage, read> dy: array<f32>; // [N, Cout, Lout]
@group(0) @binding(1) var<storage, read> operand: array<f32>; // w for input_grad, x for weight_grad, unused by bias_grad
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn input_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.total) { return; }
  let l = i % p.L;
  let ci = (i / p.L) % p.Cin;
  let n = i / (p.L * p.Cin);
  let cin_g = p.Cin / p.groups;
  let cout_g = p.Cout / p.groups;
  let g = ci / cin_g;
  let cl = ci % cin_g;
  var acc = 0.0;
  for (var k = 0u; k < p.K; k++) {
    // position of tap k in the padded input; an output o uses it when q = o*stride exactly
    let q = i32(l + p.pad_left) - i32(k * p.dilation);
    if (q < 0 || u32(q) % p.stride != 0u) { continue; }
    let o = u32(q) / p.stride;
    if (o >= p.Lout) { continue; }
    for (var c = 0u; c < cout_g; c++) {
      let co = g * cout_g + c;
      acc += dy[(n * p.Cout + co) * p.Lout + o] * operand[(co * cin_g + cl) * p.K + k];
    }
  }
  out[i] = acc;
}

@compute @workgroup_size(WG)
fn weight_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.total) { return; }
  let cin_g = p.Cin / p.groups;
  let k = i % p.K;
  let cl = (i / p.K) % cin_g;
  let co = i / (p.K * cin_g);
  let ci = (co / (p.Cout / p.groups)) * cin_g + cl;
  var acc = 0.0;
  for (var n = 0u; n < p.N; n++) {
    for (var o = 0u; o < p.Lout; o++) {
      let l = i32(o * p.stride + k * p.dilation) - i32(p.pad_left);
      if (l >= 0 && l < i32(p.L)) {
        acc += dy[(n * p.Cout + co) * p.Lout + o] * operand[(n * p.Cin + ci) * p.L + u32(l)];
      }
    }
  }
  out[i] = acc;
}

@compute @workgroup_size(WG)
fn bias_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let co = flat_index(gid, nwg, WG);
  if (co >= p.total) { return; }
  var acc = 0.0;
  for (var n = 0u; n < p.N; n++) {
    for (var o = 0u; o < p.Lout; o++) { acc += dy[(n * p.Cout + co) * p.Lout + o]; }
  }
  out[co] = acc;
}
