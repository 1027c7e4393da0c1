// dW_hr of an LSTM with a projection: dW_hr[d, k, j] = sum over (t, n) of dh_tot[d, t, n, k] * m[d, t, n, j], with
// m = o * tanh(c) rebuilt from the saved row (so the forward keeps no extra column and no offset GEMM is needed).
// One invocation per weight, the (t, n) sum in a fixed order: deterministic, no atomics.
// Twins: lstm-proj-backward.wgsl (writes dh_tot), backends/cpu/rnn-lstm.ts (dWhr), backends/webgpu/rnn-proj.ts.
#include "common/numerics.wgsl"
#include "common/index.wgsl"

struct Params { rows: u32, H: u32, P: u32, D: u32 } // rows = T * N

@group(0) @binding(0) var<storage, read> saved: array<f32>;        // [D, T*N, P + 6H]: o at P + 4H, c at P + 5H
@group(0) @binding(1) var<storage, read> dh_tot: array<f32>;       // [D, T*N, P]
@group(0) @binding(2) var<storage, read_write> dw_hr: array<f32>;  // [D, P, H]
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, 64u);
  if (i >= p.D * p.P * p.H) { return; }
  let d = i / (p.P * p.H);
  let k = (i / p.H) % p.P;
  let j = i % p.H;
  let w = p.P + 6u * p.H;
  var acc = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let row = d * p.rows + r;
    let sb = row * w + p.P + j;
    acc += dh_tot[row * p.P + k] * saved[sb + 4u * p.H] * stable_tanh(saved[sb + 5u * p.H]);
  }
  dw_hr[i] = acc;
}
