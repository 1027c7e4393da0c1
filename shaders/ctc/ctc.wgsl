// CTC forward: log alpha, log beta and the per-item loss (Graves et al. 2006) in log space.
// Split: one workgroup per (batch item n, direction): workgroup (n, 0) runs the alpha recursion forward in time,
// (n, 1) runs beta backward; the time loop lives inside the kernel with a barrier between frames, and each
// invocation owns states s = lid, lid + WG, ... of the 2S+1-wide row (so any S fits one workgroup).
// Twins: backends/cpu/ctc.ts (reference; real -Infinity where this file has NEG_INF), ctc-grad.wgsl, webgpu/ctc.ts.
#include "common/numerics.wgsl"

override WG: u32 = 64;

struct Params {
  T: u32, N: u32, C: u32, S: u32,
  blank: u32, zero_infinity: u32,
  // +Infinity as bits, read at run time: a WGSL constant expression that overflows is a compile error
  pos_inf_bits: u32, pad0: u32,
}
@group(0) @binding(0) var<storage, read> log_probs: array<f32>; // [T, N, C]
@group(0) @binding(1) var<storage, read> targets: array<i32>; // padded [N, S] or concatenated
@group(0) @binding(2) var<storage, read> lens: array<i32>; // [3, N]: offset | input length | target length
@group(0) @binding(3) var<storage, read_write> losses: array<f32>; // [N]
@group(0) @binding(4) var<storage, read_write> log_alpha: array<f32>; // [N, T, 2S+1]
@group(0) @binding(5) var<storage, read_write> log_beta: array<f32>; // [N, T, 2S+1]
@group(0) @binding(6) var<uniform> p: Params;

// The extended label l': blank at even s, the target's (s-1)/2-th label at odd s.
fn ext_label(off: u32, s: u32) -> u32 {
  if ((s & 1u) == 0u) { return p.blank; }
  return u32(targets[off + s / 2u]);
}

// A skip s-2 -> s lands on a label that differs from the one two states back; between equal labels
// (repeats) the path must visit the blank, or the two would collapse into one.
fn can_skip(off: u32, s: u32) -> bool {
  if (s < 2u || (s & 1u) == 0u) { return false; }
  return targets[off + s / 2u] != targets[off + s / 2u - 1u];
}

// Every input is read through the log-zero rule (common/numerics.wgsl): -Infinity and -1e30 become the sentinel.
fn lp(t: u32, n: u32, c: u32) -> f32 {
  return log_zero_floor(log_probs[(t * p.N + n) * p.C + c]);
}

// Adds the frame's emission unless the state is unreachable, so the sentinel never drifts upward.
fn emit(acc: f32, t: u32, n: u32, c: u32) -> f32 {
  if (acc <= NEG_INF_THRESHOLD) { return NEG_INF; }
  return log_zero_floor(acc + lp(t, n, c));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let n = wid.x;
  let off = u32(lens[n]);
  let il = u32(lens[p.N + n]);
  let tl = u32(lens[2u * p.N + n]);
  let W = 2u * p.S + 1u; // row stride; states s >= L of shorter targets stay NEG_INF
  let L = 2u * tl + 1u;
  let base = n * p.T * W;

  // wid.y is uniform across the workgroup, so the barriers below stay in uniform control flow. Every frame
  // writes the whole row (NEG_INF past il and L), so the buffers need no separate fill dispatch.
  if (wid.y == 0u) {
    // alpha_0: a path starts in the leading blank or directly on the first label.
    for (var s = lid; s < W; s += WG) {
      var v = NEG_INF;
      if (il > 0u && s < L && s <= 1u) { v = lp(0u, n, ext_label(off, s)); }
      log_alpha[base + s] = v;
    }
    // The loop runs to T (uniform) rather than il (per item) to keep barriers uniform; idle frames write NEG_INF.
    for (var t = 1u; t < p.T; t++) {
      storageBarrier(); // row t-1 complete and visible to the whole workgroup
      let prev = base + (t - 1u) * W;
      for (var s = lid; s < W; s += WG) {
        var v = NEG_INF;
        if (t < il && s < L) {
          var acc = log_alpha[prev + s];
          if (s >= 1u) { acc = log_add(acc, log_alpha[prev + s - 1u]); }
          if (can_skip(off, s)) { acc = log_add(acc, log_alpha[prev + s - 2u]); }
          v = emit(acc, t, n, ext_label(off, s));
        }
        log_alpha[base + t * W + s] = v;
      }
    }
    storageBarrier();
    if (lid == 0u) {
      var loss = 0.0;
      if (il == 0u) {
        // no frames: only the empty target has an alignment (probability 1)
        if (tl > 0u) { loss = bitcast<f32>(p.pos_inf_bits); }
      } else {
        let last = base + (il - 1u) * W;
        var ll = log_alpha[last + L - 1u];
        if (tl > 0u) { ll = log_add(ll, log_alpha[last + L - 2u]); }
        loss = select(-ll, bitcast<f32>(p.pos_inf_bits), ll <= NEG_INF_THRESHOLD);
      }
      if (p.zero_infinity != 0u && loss == bitcast<f32>(p.pos_inf_bits)) { loss = 0.0; }
      losses[n] = loss;
    }
  } else {
    // beta, the mirror image: a path ends in the trailing blank or on the last label at frame il-1.
    for (var k = 0u; k < p.T; k++) {
      let t = p.T - 1u - k;
      if (k > 0u) { storageBarrier(); } // row t+1 complete
      let next = base + (t + 1u) * W;
      for (var s = lid; s < W; s += WG) {
        var v = NEG_INF;
        if (s < L && t + 1u == il) {
          if (s == L - 1u || (tl > 0u && s == L - 2u)) { v = lp(t, n, ext_label(off, s)); }
        } else if (s < L && t + 1u < il) {
          var acc = log_beta[next + s];
          if (s + 1u < L) { acc = log_add(acc, log_beta[next + s + 1u]); }
          if (s + 2u < L && can_skip(off, s + 2u)) { acc = log_add(acc, log_beta[next + s + 2u]); }
          v = emit(acc, t, n, ext_label(off, s));
        }
        log_beta[base + t * W + s] = v;
      }
    }
  }
}
