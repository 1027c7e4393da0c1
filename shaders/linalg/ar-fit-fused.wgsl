// AR(p) least squares, whole fit in ONE dispatch (the fused rung above the 5-dispatch ladder of
// center-rows + matmul + ar-normal-equations + cholesky-solve + ar-residuals, which stays as the naive rung).
// Work split: one invocation per series, all phases (mean, lag sums, normal equations, Cholesky, residuals)
// inside it: the systems are tiny (k <= 33) and independent, so no cross-invocation traffic is needed.
// Coalescing: element (s, t) is read at s * stride_s + t * stride_t. With the time-major layout [T, S]
// (stride_s = 1, stride_t = S) invocation s and s + 1 read neighbouring words at every t: one memory
// transaction per warp per time step (and one SIMD load on SwiftShader). Row layout [S, T] also works
// (stride_s = T, stride_t = 1) but strides by T between lanes. The k x k system lives in `work` stored
// [k*k, S] (entry-major), for the same reason: entry e of series s and s + 1 are adjacent words.
// The windowed Gram needs no O(T p^2) pass: with z centred, W[i][i+d] = sum_{u=i}^{i+n-1} z_u z_{u+d} is
// the full lag-d sum A_d minus at most p edge products, so the time loop costs O(T p) (p + 1 accumulators).
// Twins: backends/cpu/linalg-kernels.ts (arFitFused, reference), backends/webgpu/linalg.ts, ops/linalg.ts.
#include "common/index.wgsl"

struct Params {
  batch: u32,
  length: u32,
  p: u32,
  constant: u32,
  stride_s: u32,
  stride_t: u32,
  tol: f32,
  nan_bits: u32,
}
@group(0) @binding(0) var<storage, read> series: array<f32>;       // [T, S] or [S, T], see strides
@group(0) @binding(1) var<storage, read_write> work: array<f32>;   // [k*k, S] scratch: the normal matrix, then L
@group(0) @binding(2) var<storage, read_write> params: array<f32>; // [S, k]: [const?, phi_1 .. phi_p]
@group(0) @binding(3) var<storage, read_write> sigma2: array<f32>; // [S]
@group(0) @binding(4) var<storage, read_write> status: array<i32>; // [S]: 0, -1 non-finite, j + 1 pivot j failed
@group(0) @binding(5) var<uniform> prm: Params;

override WG: u32 = 64u;
const MAXK: u32 = 33u;

fn is_finite_f32(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = flat_index(gid, nwg, WG);
  let S = prm.batch;
  if (s >= S) { return; }
  let T = prm.length;
  let p = prm.p;
  let c0 = prm.constant;
  let k = p + c0;
  let n = T - p;
  let base = s * prm.stride_s;
  let st = prm.stride_t;
  let nan = bitcast<f32>(prm.nan_bits);

  // Phase 1: mean (the shift that keeps float32 Gram digits) and the finiteness check.
  var finite = true;
  var total = 0.0;
  for (var t = 0u; t < T; t++) {
    let v = series[base + t * st];
    finite = finite && is_finite_f32(v);
    total += v;
  }
  if (!finite) {
    status[s] = -1;
    sigma2[s] = nan;
    for (var i = 0u; i < k; i++) { params[s * k + i] = nan; }
    return;
  }
  var m = 0.0;
  if (c0 == 1u) { m = total / f32(T); }

  // Phase 2: lag sums A_d = sum_u z_u z_{u+d} (d = 0..p) and sum z, one pass; z_{t-d} re-read (cached).
  var lag: array<f32, MAXK>;
  for (var d = 0u; d <= p; d++) { lag[d] = 0.0; }
  var zsum = 0.0;
  for (var t = 0u; t < T; t++) {
    let zt = series[base + t * st] - m;
    zsum += zt;
    let dmax = min(p, t);
    for (var d = 0u; d <= dmax; d++) { lag[d] += zt * (series[base + (t - d) * st] - m); }
  }

  // Phase 3: normal equations into work (entry-major). Lag i is window column p - i; column p is the target.
  var rhs: array<f32, MAXK>;
  for (var i = 0u; i <= p; i++) {
    for (var j = i; j <= p; j++) {
      let d = j - i;
      var w = lag[d];
      for (var u = 0u; u < i; u++) { w -= (series[base + u * st] - m) * (series[base + (u + d) * st] - m); }
      for (var u = i + n; u + d < T; u++) { w -= (series[base + u * st] - m) * (series[base + (u + d) * st] - m); }
      // W[i][j] with i <= j: lags li = p - i >= lj = p - j.
      if (j == p) {
        if (i < p) { rhs[c0 + p - i - 1u] = w; }
      } else {
        let a = c0 + p - i - 1u;
        let b = c0 + p - j - 1u;
        work[(a * k + b) * S + s] = w;
        work[(b * k + a) * S + s] = w;
      }
    }
  }
  if (c0 == 1u) {
    work[s] = f32(n);
    // Window column j sums z over u = j .. j + n - 1: the total minus the head and tail.
    for (var j = 0u; j <= p; j++) {
      var cs = zsum;
      for (var u = 0u; u < j; u++) { cs -= series[base + u * st] - m; }
      for (var u = j + n; u < T; u++) { cs -= series[base + u * st] - m; }
      if (j == p) {
        rhs[0] = cs;
      } else {
        let a = p - j; // lag index = row/column a
        work[a * S + s] = cs;
        work[(a * k) * S + s] = cs;
      }
    }
  }

  // Phase 4: Cholesky in place (lower triangle of work), relative pivot test as cholesky-solve.wgsl.
  var scale = 0.0;
  for (var i = 0u; i < k; i++) { scale = max(scale, work[(i * k + i) * S + s]); }
  var code = 0;
  for (var i = 0u; i < k; i++) {
    for (var j = 0u; j <= i; j++) {
      var v = work[(i * k + j) * S + s];
      for (var q = 0u; q < j; q++) { v -= work[(i * k + q) * S + s] * work[(j * k + q) * S + s]; }
      if (i == j) {
        if (!is_finite_f32(v) || !(v > prm.tol * scale)) { code = i32(i) + 1; break; }
        work[(i * k + i) * S + s] = sqrt(v);
      } else {
        work[(i * k + j) * S + s] = v / work[(j * k + j) * S + s];
      }
    }
    if (code != 0) { break; }
  }
  status[s] = code;
  if (code != 0) {
    sigma2[s] = nan;
    for (var i = 0u; i < k; i++) { params[s * k + i] = nan; }
    return;
  }
  var beta: array<f32, MAXK>;
  for (var i = 0u; i < k; i++) {
    var v = rhs[i];
    for (var q = 0u; q < i; q++) { v -= work[(i * k + q) * S + s] * beta[q]; }
    beta[i] = v / work[(i * k + i) * S + s];
  }
  for (var ii = 0u; ii < k; ii++) {
    let i = k - 1u - ii;
    var v = beta[i];
    for (var q = i + 1u; q < k; q++) { v -= work[(q * k + i) * S + s] * beta[q]; }
    beta[i] = v / work[(i * k + i) * S + s];
  }

  // Phase 5: residuals from the series itself (not y'y - beta'X'y, which cancels in float32).
  var intercept = 0.0;
  if (c0 == 1u) { intercept = beta[0]; }
  var ssr = 0.0;
  for (var t = p; t < T; t++) {
    var fit = intercept;
    for (var i = 1u; i <= p; i++) { fit += beta[c0 + i - 1u] * (series[base + (t - i) * st] - m); }
    let e = series[base + t * st] - m - fit;
    ssr += e * e;
  }
  sigma2[s] = ssr / f32(n);
  var phi_sum = 0.0;
  for (var i = 0u; i < k; i++) {
    params[s * k + i] = beta[i];
    if (i >= c0) { phi_sum += beta[i]; }
  }
  // The intercept of the centred fit back on the raw scale: c = c' + m (1 - sum phi).
  if (c0 == 1u) { params[s * k] = intercept + m * (1.0 - phi_sum); }
}
