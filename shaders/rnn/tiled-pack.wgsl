// Packs W_hh [D, G*H, H] (PyTorch layout, gate-major rows) once per call for the 'tiled' recurrent kernels.
// Twins: tiled-forward.wgsl, tiled-backward.wgsl, backends/webgpu/rnn-tiled.ts.
// `forward`: wf [D, H (k), C4 * 4] with column j*GP + g = W_hh[g*H + j, k] (LSTM/GRU: GP = 4, GRU's 4th gate 0;
//   Elman GP = 1), zero-padded to whole vec4s, so a forward invocation reads its unit's gates as one vec4.
// `backward`: wb [D, G*H, ceil(H/4) * 4] = W_hh with each row zero-padded to whole vec4s (rows are the gate
//   gradients' index, columns the dh units: neighbouring invocations read neighbouring vec4s of one row).
// One invocation per output element (writes coalesced).
#include "common/index.wgsl"

struct Params { D: u32, G: u32, H: u32, GP: u32 }

@group(0) @binding(0) var<storage, read> w_hh: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let H = p.H;
  let cols = ((p.GP * H + 3u) / 4u) * 4u;
  let i = flat_index(gid, nwg, 64u);
  if (i >= p.D * H * cols) { return; }
  let col = i % cols;
  let k = (i / cols) % H;
  let d = i / (cols * H);
  let j = col / p.GP;
  let g = col % p.GP;
  var v = 0.0;
  if (j < H && g < p.G) { v = w_hh[(d * p.G * H + g * H + j) * H + k]; }
  dst[i] = v;
}

@compute @workgroup_size(64)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let H = p.H;
  let cols = ((H + 3u) / 4u) * 4u;
  let i = flat_index(gid, nwg, 64u);
  if (i >= p.D * p.G * H * cols) { return; }
  let k = i % cols;
  let row = i / cols; // d * G*H + gate row
  var v = 0.0;
  if (k < H) { v = w_hh[row * H + k]; }
  dst[i] = v;
}
