// Batched exact ARMA(p, q) likelihood: one invocation per candidate (a parameter vector for one series), the
// whole Kalman recursion in Harvey form (Z = e1, T = [phi | shifted identity], R = [1, theta]) with the
// stationary initialisation P0 = sum_j T^j R R' T'^j (doubling) inside it, at sigma2 = 1. It returns the two
// sums the concentrated likelihood needs (sum log F_t, sum v_t^2 / F_t): the host turns them into llf and
// sigma2 exactly as stats/arima.ts does for the differenced series (stats/arma-filter.ts is the float64 twin).
// Coalescing: the series is time-major [n, S] and the candidates are ordered so that neighbouring invocations
// belong to neighbouring series (candidate c = j * active + rank): at each step a warp reads one run of
// adjacent words. Coefficients are component-major [K, C] for the same reason. Sums are accumulated in blocks
// of 32 steps (a float32 running sum over hundreds of O(1) terms loses ~log2(n) bits; blocking keeps ~5 of them).
// Twins: backends/cpu/linalg-kernels.ts (armaLoglik, float64 reference), backends/webgpu/linalg.ts,
// stats/arima-batch-gpu.ts (the batched optimiser that drives it).
#include "common/index.wgsl"

struct Params {
  count: u32,    // candidates C
  length: u32,   // n (differenced length)
  batch: u32,    // S: series stored
  p: u32,
  q: u32,
  has_mean: u32, // row 0 of coefs is the mean subtracted from the series
  nan_bits: u32,
}
@group(0) @binding(0) var<storage, read> series: array<f32>;       // [n, S] time-major
@group(0) @binding(1) var<storage, read> which: array<i32>;        // [C]: the series of candidate c
@group(0) @binding(2) var<storage, read> coefs: array<f32>;        // [K, C]: mean?, phi_1..phi_p, theta_1..theta_q
@group(0) @binding(3) var<storage, read_write> sums: array<f32>;   // [2, C]: sum log F, sum v^2/F (NaN: failed)
@group(0) @binding(4) var<uniform> prm: Params;

override WG: u32 = 64u;
const R: u32 = 8u; // largest state: max(p, q + 1) <= 8 (checked on the host)

fn fail(c: u32) {
  let nan = bitcast<f32>(prm.nan_bits);
  sums[c] = nan;
  sums[prm.count + c] = nan;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = flat_index(gid, nwg, WG);
  let C = prm.count;
  if (c >= C) { return; }
  let S = prm.batch;
  let s = u32(which[c]);
  let p = prm.p;
  let q = prm.q;
  let r = max(p, q + 1u);
  let off = prm.has_mean;
  var mu = 0.0;
  if (off == 1u) { mu = coefs[c]; }
  var ph: array<f32, R>;
  var rv: array<f32, R>;
  for (var i = 0u; i < R; i++) { ph[i] = 0.0; rv[i] = 0.0; }
  for (var i = 0u; i < p; i++) { ph[i] = coefs[(off + i) * C + c]; }
  rv[0] = 1.0;
  for (var j = 0u; j < q; j++) { rv[j + 1u] = coefs[(off + p + j) * C + c]; }

  // P0 by doubling: P <- P + A P A', A <- A^2, starting from A = T, P = R R'. 2^it terms after it rounds.
  var a: array<f32, 64>;
  var pm: array<f32, 64>;
  var tmp: array<f32, 64>;
  for (var i = 0u; i < r; i++) {
    for (var j = 0u; j < r; j++) {
      a[i * r + j] = select(0.0, 1.0, j == i + 1u);
      pm[i * r + j] = rv[i] * rv[j];
    }
    a[i * r] = ph[i];
  }
  var converged = false;
  for (var it = 0u; it < 40u; it++) {
    // tmp = A P
    for (var i = 0u; i < r; i++) {
      for (var j = 0u; j < r; j++) {
        var acc = 0.0;
        for (var k = 0u; k < r; k++) { acc += a[i * r + k] * pm[k * r + j]; }
        tmp[i * r + j] = acc;
      }
    }
    var change = 0.0;
    var size = 0.0;
    for (var i = 0u; i < r; i++) {
      for (var j = 0u; j < r; j++) {
        var acc = 0.0;
        for (var k = 0u; k < r; k++) { acc += tmp[i * r + k] * a[j * r + k]; }
        pm[i * r + j] += acc;
        change = max(change, abs(acc));
        size = max(size, abs(pm[i * r + j]));
      }
    }
    // float32: the added term falls below half an ulp of P (or is exactly 0, e.g. pure MA).
    if (change <= 6e-8 * size) { converged = true; break; }
    if (!(size < 1e30)) { break; } // non-stationary: the sum diverges
    for (var i = 0u; i < r; i++) {
      for (var j = 0u; j < r; j++) {
        var acc = 0.0;
        for (var k = 0u; k < r; k++) { acc += a[i * r + k] * a[k * r + j]; }
        tmp[i * r + j] = acc;
      }
    }
    for (var i = 0u; i < r * r; i++) { a[i] = tmp[i]; }
  }
  if (!converged) { fail(c); return; }

  // The filter: state st, covariance pm (predicted). Once the covariance stops changing, the gain is fixed.
  var st: array<f32, R>;
  var col: array<f32, R>;
  var prev: array<f32, 64>; // the previous predicted covariance, for the steady-state test
  for (var i = 0u; i < r * r; i++) { prev[i] = pm[i]; }
  for (var i = 0u; i < R; i++) { st[i] = 0.0; col[i] = 0.0; }
  var steady = false;
  var f_steady = 0.0;
  var sum_logf = 0.0;
  var sum_sq = 0.0;
  var blk_logf = 0.0;
  var blk_sq = 0.0;
  let n = prm.length;
  for (var t = 0u; t < n; t++) {
    let v = series[t * S + s] - mu - st[0];
    var f = f_steady;
    if (!steady) {
      f = pm[0];
      if (!(f > 0.0)) { fail(c); return; }
      for (var i = 0u; i < r; i++) { col[i] = pm[i * r]; }
    }
    blk_logf += log(f);
    blk_sq += v * v / f;
    if ((t & 31u) == 31u) {
      sum_logf += blk_logf;
      sum_sq += blk_sq;
      blk_logf = 0.0;
      blk_sq = 0.0;
    }
    // update: a += P[:,0] v / F (P -= P[:,0] P[0,:] / F unless steady); predict: a <- T a.
    for (var i = 0u; i < r; i++) { st[i] += col[i] * v / f; }
    let x0 = st[0];
    for (var i = 0u; i < r; i++) { st[i] = ph[i] * x0 + select(0.0, st[min(i + 1u, R - 1u)], i + 1u < r); }
    if (steady) { continue; }
    for (var i = 0u; i < r; i++) {
      for (var j = 0u; j < r; j++) { pm[i * r + j] -= col[i] * col[j] / f; }
    }
    // tmp = T P: row i = phi_i P[0,:] + P[i+1,:]; then P' = tmp T' + R R'.
    for (var i = 0u; i < r; i++) {
      for (var j = 0u; j < r; j++) {
        tmp[i * r + j] = ph[i] * pm[j] + select(0.0, pm[min(i + 1u, r - 1u) * r + j], i + 1u < r);
      }
    }
    var diff = 0.0;
    var size = 0.0;
    for (var i = 0u; i < r; i++) {
      for (var j = 0u; j < r; j++) {
        let nv = tmp[i * r] * ph[j] + select(0.0, tmp[i * r + min(j + 1u, r - 1u)], j + 1u < r) + rv[i] * rv[j];
        diff = max(diff, abs(nv - prev[i * r + j]));
        size = max(size, abs(nv));
        pm[i * r + j] = nv;
        prev[i * r + j] = nv;
      }
    }
    if (diff <= 1e-7 * size) {
      steady = true;
      f_steady = pm[0];
      for (var i = 0u; i < r; i++) { col[i] = pm[i * r]; }
    }
  }
  sums[c] = sum_logf + blk_logf;
  sums[C + c] = sum_sq + blk_sq;
}
