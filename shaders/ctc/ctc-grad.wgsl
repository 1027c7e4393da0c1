// CTC gradient w.r.t. logProbs from saved alpha and beta (PyTorch's convention, see backends/cpu/ctc.ts):
//   grad[t,n,c] = (exp(lp) - exp(logsum_{s: l'(s)=c} (alpha_t(s) + beta_t(s)) + nll - lp)) * grad_losses[n]
// Split: one workgroup per (frame t, item n). Phase 1: invocations stride over classes and write every c
// (blank sums its 2S+1 even states itself). Phase 2, after a barrier: the first occurrence of each target label
// owns that class and overwrites it, so repeated labels never race. No atomics: the result is deterministic.
// Twins: backends/cpu/ctc.ts (ctcLossBackward64), ctc.wgsl (alpha, beta), backends/webgpu/ctc.ts.
#include "common/numerics.wgsl"

override WG: u32 = 64;

struct Params {
  T: u32, N: u32, C: u32, S: u32,
  blank: u32, zero_infinity: u32,
  pad0: u32, pad1: u32,
}
@group(0) @binding(0) var<storage, read> log_probs: array<f32>; // [T, N, C]
@group(0) @binding(1) var<storage, read> targets: array<i32>;
@group(0) @binding(2) var<storage, read> lens: array<i32>; // [3, N]
@group(0) @binding(3) var<storage, read> log_alpha: array<f32>; // [N, T, 2S+1]
@group(0) @binding(4) var<storage, read> log_beta: array<f32>;
@group(0) @binding(5) var<storage, read> grad_losses: array<f32>; // [N]
@group(0) @binding(6) var<storage, read_write> grad: array<f32>; // [T, N, C]
@group(0) @binding(7) var<uniform> p: Params;

// exp(collected + nll - lp): the posterior mass of the class. A class no alignment emits (collected = log 0) has none,
// written out because with lp = log 0 as well the sum would be -1e30 + nll + 1e30 = nll, not log 0 (the
// log-zero rule of common/numerics.wgsl; the CPU twin does the same).
fn occupied(collected: f32, nll: f32, lpv: f32) -> f32 {
  if (collected <= NEG_INF_THRESHOLD) { return 0.0; }
  return safe_exp(collected + nll - lpv);
}

// An item with no alignment (loss +Infinity) keeps status ZERO: its gradient is 0 whether or not zeroInfinity is
// set (warp-ctc's finite-gradient guarantee; PyTorch returns NaN there, which would poison every weight upstream).
const ZERO: u32 = 0u;
const NORMAL: u32 = 2u;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  let n = wid.y;
  let off = u32(lens[n]);
  let il = u32(lens[p.N + n]);
  let tl = u32(lens[2u * p.N + n]);
  let W = 2u * p.S + 1u;
  let L = 2u * tl + 1u;
  let row = n * p.T * W + t * W; // alpha/beta row of frame t
  let lp_row = (t * p.N + n) * p.C;

  // The raw nll comes from alpha, not from the saved loss, which zeroInfinity may have set to 0.
  var status = ZERO;
  var nll = 0.0;
  if (t < il) {
    let last = n * p.T * W + (il - 1u) * W;
    var ll = log_alpha[last + L - 1u];
    if (tl > 0u) { ll = log_add(ll, log_alpha[last + L - 2u]); }
    if (ll > NEG_INF_THRESHOLD) {
      status = NORMAL;
      nll = -ll;
    }
  }
  let g = grad_losses[n];

  for (var c = lid; c < p.C; c += WG) {
    var v = 0.0;
    if (status == NORMAL) {
      let lpv = log_zero_floor(log_probs[lp_row + c]);
      var collected = NEG_INF; // logsum of alpha+beta over states emitting c; only blank is known without a scan
      if (c == p.blank) {
        for (var s = 0u; s < L; s += 2u) { collected = log_add(collected, log_alpha[row + s] + log_beta[row + s]); }
      }
      v = (safe_exp(lpv) - occupied(collected, nll, lpv)) * g;
    }
    grad[lp_row + c] = v;
  }
  storageBarrier(); // phase 1 writes land before phase 2 overwrites (uniform control flow: outside any branch)
  if (status == NORMAL) {
    for (var i = lid; i < tl; i += WG) {
      let lab = targets[off + i];
      var first = true;
      for (var j = 0u; j < i; j++) {
        if (targets[off + j] == lab) { first = false; break; }
      }
      if (first) {
        var collected = NEG_INF;
        for (var j = i; j < tl; j++) {
          if (targets[off + j] == lab) {
            let s = 2u * j + 1u;
            collected = log_add(collected, log_alpha[row + s] + log_beta[row + s]);
          }
        }
        let lpv = log_zero_floor(log_probs[lp_row + u32(lab)]);
        grad[lp_row + u32(lab)] = (safe_exp(lpv) - occupied(collected, nll, lpv)) * g;
      }
    }
  }
}
