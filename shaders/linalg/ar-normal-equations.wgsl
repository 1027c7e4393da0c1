// AR(p) normal equations from the windowed Gram Z'Z (Z's row r = series[s, r .. r+p], made by the batched
// matmul reading the series through strides (1, 1): no design matrix is materialised). One invocation per
// series reorders Z'Z into [const?, lag 1 .. lag p] and, with a constant, adds the intercept's border
// (n and the window column sums, O(n p) reads). Twins: backends/cpu/linalg-kernels.ts, ops/linalg.ts.
#include "common/index.wgsl"

struct Params {
  batch: u32,
  length: u32,
  p: u32,
  constant: u32,
}
@group(0) @binding(0) var<storage, read> gram: array<f32>;   // [batch, p+1, p+1]
@group(0) @binding(1) var<storage, read> series: array<f32>; // [batch, length]
@group(0) @binding(2) var<storage, read_write> a: array<f32>; // [batch, k, k]
@group(0) @binding(3) var<storage, read_write> b: array<f32>; // [batch, k]
@group(0) @binding(4) var<uniform> prm: Params;

override WG: u32 = 64u;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = flat_index(gid, nwg, WG);
  if (s >= prm.batch) { return; }
  let p = prm.p;
  let w = p + 1u;
  let c0 = prm.constant;
  let k = p + c0;
  let g0 = s * w * w;
  let a0 = s * k * k;
  let b0 = s * k;
  // Lag i sits in window column p - i.
  for (var i = 1u; i <= p; i++) {
    for (var j = 1u; j <= p; j++) {
      a[a0 + (c0 + i - 1u) * k + c0 + j - 1u] = gram[g0 + (p - i) * w + (p - j)];
    }
    b[b0 + c0 + i - 1u] = gram[g0 + (p - i) * w + p];
  }
  if (c0 == 0u) { return; }
  let n = prm.length - p;
  let x0 = s * prm.length;
  a[a0] = f32(n);
  for (var j = 0u; j <= p; j++) {
    var acc = 0.0;
    for (var r = 0u; r < n; r++) { acc += series[x0 + r + j]; }
    if (j == p) {
      b[b0] = acc;
    } else {
      let i = p - j; // this column is lag i
      a[a0 + i] = acc;
      a[a0 + i * k] = acc;
    }
  }
}
