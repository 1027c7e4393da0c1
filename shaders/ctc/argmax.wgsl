// Per-frame argmax for CTC greedy decoding: out[r] = argmax_c x[r, c], ties to the lowest c (as the CPU twin,
// decode/ctc-greedy.ts ctcArgmax). Split: one invocation per row (frame, item); the collapse runs on the host.
#include "common/index.wgsl"

override WG: u32 = 64;

struct Params { rows: u32, C: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>; // [rows, C]
@group(0) @binding(1) var<storage, read_write> out: array<i32>; // [rows]
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat_index(gid, nwg, WG);
  if (r >= p.rows) { return; }
  var best = 0u;
  var best_v = x[r * p.C];
  for (var c = 1u; c < p.C; c++) {
    let v = x[r * p.C + c];
    if (v > best_v) { best = c; best_v = v; } // strict: the first maximum wins ties
  }
  out[r] = i32(best);
}
