// Batched Cholesky solve: one invocation per system a[s] x[s] = b[s] (k <= 33, so a serial O(k^3)
// factorisation per invocation beats any cooperative split for the thousands-of-tiny-systems case).
// L goes to the `l` buffer (global scratch rather than a 4 KiB private array, which would spill anyway).
// info[s] = 0, or the failing pivot + 1 (then x is NaN). Twins: backends/cpu/linalg-kernels.ts
// (reference), backends/webgpu/linalg.ts (glue), ops/linalg.ts.
#include "common/index.wgsl"

struct Params {
  batch: u32,
  k: u32,
  tol: f32,
  // NaN cannot be written as a WGSL literal (and a constant-folded NaN is an error): it comes in as bits.
  nan_bits: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> l: array<f32>;
@group(0) @binding(4) var<storage, read_write> info: array<i32>;
@group(0) @binding(5) var<uniform> prm: Params;

override WG: u32 = 64u;

// Bit test, because compilers may assume that float comparisons never see NaN or infinity.
fn is_finite_f32(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = flat_index(gid, nwg, WG);
  if (s >= prm.batch) { return; }
  let k = prm.k;
  let m0 = s * k * k; // a[s], l[s]: [k, k] row-major
  let v0 = s * k;     // b[s], x[s]: [k]
  // Relative pivot threshold, as in the reference: exact collinearity rounds to a tiny pivot, not 0.
  var scale = 0.0;
  for (var i = 0u; i < k; i++) { scale = max(scale, a[m0 + i * k + i]); }
  var code = 0;
  for (var i = 0u; i < k; i++) {
    for (var j = 0u; j <= i; j++) {
      var v = a[m0 + i * k + j];
      for (var m = 0u; m < j; m++) { v -= l[m0 + i * k + m] * l[m0 + j * k + m]; }
      if (i == j) {
        if (!is_finite_f32(v) || !(v > prm.tol * scale)) { code = i32(i) + 1; break; }
        l[m0 + i * k + i] = sqrt(v);
      } else {
        l[m0 + i * k + j] = v / l[m0 + j * k + j];
      }
    }
    if (code != 0) { break; }
    for (var j = i + 1u; j < k; j++) { l[m0 + i * k + j] = 0.0; } // keep the factor lower-triangular
  }
  info[s] = code;
  if (code != 0) {
    let nan = bitcast<f32>(prm.nan_bits);
    for (var i = 0u; i < k; i++) { x[v0 + i] = nan; }
    return;
  }
  // Forward substitution L z = b (z stored in x), then backward L' x = z in place.
  for (var i = 0u; i < k; i++) {
    var v = b[v0 + i];
    for (var m = 0u; m < i; m++) { v -= l[m0 + i * k + m] * x[v0 + m]; }
    x[v0 + i] = v / l[m0 + i * k + i];
  }
  for (var ii = 0u; ii < k; ii++) {
    let i = k - 1u - ii;
    var v = x[v0 + i];
    for (var m = i + 1u; m < k; m++) { v -= l[m0 + m * k + i] * x[v0 + m]; }
    x[v0 + i] = v / l[m0 + i * k + i];
  }
}
