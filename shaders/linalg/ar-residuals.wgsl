// AR(p) residual pass: one invocation per series recomputes the residuals from the series itself (not
// y'y - beta'X'y, which cancels badly in float32), giving sigma2 = SSR / (length - p); moves the intercept
// of a centred fit back to the raw scale (c = c' + m (1 - sum phi)); flags non-finite series (status -1).
// Twins: backends/cpu/linalg-kernels.ts (reference), ops/linalg.ts.
#include "common/index.wgsl"

struct Params {
  batch: u32,
  length: u32,
  p: u32,
  constant: u32,
  nan_bits: u32,
}
@group(0) @binding(0) var<storage, read> series: array<f32>;    // [batch, length] (centred when constant)
@group(0) @binding(1) var<storage, read> shift: array<f32>;     // [batch]
@group(0) @binding(2) var<storage, read> solution: array<f32>;  // [batch, k]
@group(0) @binding(3) var<storage, read> info: array<i32>;      // [batch]
@group(0) @binding(4) var<storage, read_write> params: array<f32>; // [batch, k]
@group(0) @binding(5) var<storage, read_write> sigma2: array<f32>; // [batch]
@group(0) @binding(6) var<storage, read_write> status: array<i32>; // [batch]
@group(0) @binding(7) var<uniform> prm: Params;

override WG: u32 = 64u;

fn is_finite_f32(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = flat_index(gid, nwg, WG);
  if (s >= prm.batch) { return; }
  let p = prm.p;
  let c0 = prm.constant;
  let k = p + c0;
  let x0 = s * prm.length;
  let v0 = s * k;
  var finite = true;
  for (var t = 0u; t < prm.length; t++) { finite = finite && is_finite_f32(series[x0 + t]); }
  var code = info[s];
  if (!finite) { code = -1; }
  status[s] = code;
  if (code != 0) {
    let nan = bitcast<f32>(prm.nan_bits);
    sigma2[s] = nan;
    for (var i = 0u; i < k; i++) { params[v0 + i] = nan; }
    return;
  }
  var intercept = 0.0;
  if (c0 == 1u) { intercept = solution[v0]; }
  var ssr = 0.0;
  for (var t = p; t < prm.length; t++) {
    var fit = intercept;
    for (var i = 1u; i <= p; i++) { fit += solution[v0 + c0 + i - 1u] * series[x0 + t - i]; }
    let e = series[x0 + t] - fit;
    ssr += e * e;
  }
  sigma2[s] = ssr / f32(prm.length - p);
  var phi_sum = 0.0;
  for (var i = 0u; i < k; i++) {
    params[v0 + i] = solution[v0 + i];
    if (i >= c0) { phi_sum += solution[v0 + i]; }
  }
  if (c0 == 1u) { params[v0] = intercept + shift[s] * (1.0 - phi_sum); }
}
