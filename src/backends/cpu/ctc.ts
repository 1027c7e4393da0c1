// CTC loss, CPU reference: alpha/beta recursions in log space (Graves et al. 2006) in plain float64 loops.
// Twins: shaders/ctc/ctc.wgsl (one workgroup per batch item), src/ops/ctc.ts (op, autograd rule),
// src/backends/webgpu/ctc.ts (glue). This file wins every numeric dispute; it mirrors PyTorch's
// aten/src/ATen/native/LossCTC.cpp, including its gradient convention (see ctcLossBackward).

/** Float32 is what the engine stores; Float64 is accepted so tests can take exact finite differences. */
export type RealArray = Float32Array | Float64Array;
export type CtcReduction = 'none' | 'sum' | 'mean';

export interface CtcArgs {
  logProbs: RealArray; // [T, N, C], log-softmax outputs
  T: number;
  N: number;
  C: number;
  targets: Int32Array; // padded [N, S] or concatenated 1-D (sum of targetLengths)
  targetsPadded: boolean;
  S: number; // padded width, or max target length when concatenated
  inputLengths: Int32Array; // [N]
  targetLengths: Int32Array; // [N]
  blank: number;
  zeroInfinity: boolean;
}

export interface CtcSaved {
  losses: Float64Array; // [N]
  logAlpha: Float64Array; // [N, T, 2S+1]
  logBeta: Float64Array; // [N, T, 2S+1]
}

// Real -Infinity is log(0) here; the WGSL twin uses the finite sentinel of shaders/common/numerics.wgsl, and
// the CPU/GPU comparison maps one to the other in one place (DESIGN.md), never in this file.
const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The log-zero rule, the CPU twin of shaders/common/numerics.wgsl (NEG_INF_THRESHOLD, log_zero_floor): every
 * log-space value at or below -1e29 (an input log-probability, an alpha or a beta) IS log(0). The WGSL kernels cannot
 * tell a finite -1e30 from their log(0) sentinel, and float32 cannot carry sums of magnitude 1e30 with any useful
 * precision (its spacing there is ~1e23), so logits of -1e30 mean "impossible" on both backends: the loss is +Infinity
 * when every alignment needs such a frame (0 with zeroInfinity), never the 1e30 PyTorch's float64 arithmetic returns.
 */
export const LOG_ZERO_THRESHOLD = -1e29;

/** x, or -Infinity when x is log(0) by the rule above. NaN passes through (it is the caller's value). */
export function logZeroFloor(x: number): number {
  return x <= LOG_ZERO_THRESHOLD ? NEG_INF : x;
}

/** log(exp(a) + exp(b)) without overflow; -Infinity is the neutral element (log 0). */
export function logAddExp(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function isNonNegInt(v: number): boolean {
  return Number.isInteger(v) && v >= 0;
}

/** Throws an Error whose message names the offending values; returns nothing on valid input. */
export function validateCtcArgs(a: CtcArgs): void {
  const { T, N, C, S, blank } = a;
  for (const [name, v] of [['T', T], ['N', N], ['C', C], ['S', S]] as const) {
    if (!isNonNegInt(v)) throw new Error(`ctcLoss: ${name} must be a non-negative integer, got ${v}`);
  }
  if (C < 1) throw new Error(`ctcLoss: C (number of classes incl. blank) must be >= 1, got ${C}`);
  if (a.logProbs.length !== T * N * C) {
    throw new Error(`ctcLoss: logProbs has ${a.logProbs.length} elements, expected T*N*C = ${T}*${N}*${C} = ${T * N * C}`);
  }
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) {
    throw new Error(`ctcLoss: blank must be an integer in [0, ${C}), got ${blank}`);
  }
  if (a.inputLengths.length !== N) {
    throw new Error(`ctcLoss: inputLengths has ${a.inputLengths.length} entries but the batch size N is ${N}`);
  }
  if (a.targetLengths.length !== N) {
    throw new Error(`ctcLoss: targetLengths has ${a.targetLengths.length} entries but the batch size N is ${N}`);
  }
  let total = 0;
  for (let n = 0; n < N; n++) {
    const il = a.inputLengths[n];
    const tl = a.targetLengths[n];
    if (il < 0) throw new Error(`ctcLoss: inputLengths[${n}] = ${il} is negative`);
    if (tl < 0) throw new Error(`ctcLoss: targetLengths[${n}] = ${tl} is negative`);
    if (il > T) throw new Error(`ctcLoss: inputLengths[${n}] = ${il} is longer than T = ${T}`);
    if (tl > S) throw new Error(`ctcLoss: targetLengths[${n}] = ${tl} is longer than S = ${S}`);
    total += tl;
  }
  const expected = a.targetsPadded ? N * S : total;
  if (a.targets.length !== expected) {
    throw new Error(
      a.targetsPadded
        ? `ctcLoss: padded targets have ${a.targets.length} elements, expected N*S = ${N}*${S} = ${expected}`
        : `ctcLoss: concatenated targets have ${a.targets.length} elements, expected sum(targetLengths) = ${expected}`,
    );
  }
  // Only labels inside each item's length are read; padding past it may hold anything (PyTorch ignores it too).
  const offsets = targetOffsets(a);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < a.targetLengths[n]; i++) {
      const lab = a.targets[offsets[n] + i];
      if (lab === blank) throw new Error(`ctcLoss: target ${n} position ${i} equals the blank label ${blank}`);
      if (lab < 0 || lab >= C) throw new Error(`ctcLoss: target ${n} position ${i} is ${lab}, outside [0, ${C})`);
    }
  }
}

/** Start of each item's labels in `targets`: n*S when padded, a running sum of lengths when concatenated. */
export function targetOffsets(a: Pick<CtcArgs, 'N' | 'S' | 'targetsPadded' | 'targetLengths'>): Int32Array {
  const off = new Int32Array(a.N);
  let pos = 0;
  for (let n = 0; n < a.N; n++) {
    off[n] = a.targetsPadded ? n * a.S : pos;
    pos += a.targetLengths[n];
  }
  return off;
}

/**
 * The extended label l' of length 2L+1: blank, l1, blank, l2, ..., blank. Even s is blank, odd s is l[(s-1)/2].
 * A skip s-2 -> s is allowed only onto a non-blank that differs from l'(s-2): between two equal labels the path
 * must pass through a blank, otherwise the repeat would collapse into one label.
 */
function extendedLabel(a: CtcArgs, offset: number, tl: number): Int32Array {
  const ext = new Int32Array(2 * tl + 1).fill(a.blank);
  for (let i = 0; i < tl; i++) ext[2 * i + 1] = a.targets[offset + i];
  return ext;
}

function canSkip(ext: Int32Array, s: number): boolean {
  return s >= 2 && ext[s] !== ext[s - 2];
}

/**
 * Forward pass: per item, alpha_t(s) = log P(prefix of l' up to s emitted by frames 0..t, ending in state s),
 * beta_t(s) = log P(frames t..T'-1 finish l' from state s). Both include the emission at frame t, as in
 * PyTorch, so alpha_t(s) + beta_t(s) counts log y_t(l'(s)) twice (the backward pass subtracts it once).
 */
export function ctcLossForward(a: CtcArgs): CtcSaved {
  validateCtcArgs(a);
  const { T, N, C, S } = a;
  const W = 2 * S + 1; // row width of alpha/beta; states past 2*targetLength stay at -Infinity
  const logAlpha = new Float64Array(N * T * W).fill(NEG_INF);
  const logBeta = new Float64Array(N * T * W).fill(NEG_INF);
  const losses = new Float64Array(N);
  const offsets = targetOffsets(a);
  // logProbs is time-major [T, N, C]
  const lp = (t: number, n: number, c: number): number => logZeroFloor(a.logProbs[(t * N + n) * C + c]);

  for (let n = 0; n < N; n++) {
    const il = a.inputLengths[n];
    const tl = a.targetLengths[n];
    const ext = extendedLabel(a, offsets[n], tl);
    const L = 2 * tl + 1;
    const base = n * T * W;

    // Zero frames: PyTorch reads alpha at t = -1 here (undefined). The maths is clear: the empty product has
    // probability 1, so the empty target costs 0 and any other target is impossible.
    if (il === 0) {
      losses[n] = tl === 0 ? 0 : Number.POSITIVE_INFINITY;
      if (a.zeroInfinity && losses[n] === Number.POSITIVE_INFINITY) losses[n] = 0;
      continue;
    }

    // alpha: a path starts in the leading blank (s=0) or directly on the first label (s=1).
    logAlpha[base + 0] = lp(0, n, a.blank); // lp already applies the log-zero rule
    if (tl > 0) logAlpha[base + 1] = lp(0, n, ext[1]);
    for (let t = 1; t < il; t++) {
      const prev = base + (t - 1) * W;
      const cur = base + t * W;
      for (let s = 0; s < L; s++) {
        // stay in s, advance from s-1, or skip a blank from s-2
        let acc = logAlpha[prev + s];
        if (s >= 1) acc = logAddExp(acc, logAlpha[prev + s - 1]);
        if (canSkip(ext, s)) acc = logAddExp(acc, logAlpha[prev + s - 2]);
        logAlpha[cur + s] = acc === NEG_INF ? NEG_INF : logZeroFloor(acc + lp(t, n, ext[s]));
      }
    }

    // beta: mirror image; a path ends in the trailing blank (s=L-1) or on the last label (s=L-2).
    const last = base + (il - 1) * W;
    logBeta[last + L - 1] = lp(il - 1, n, a.blank);
    if (tl > 0) logBeta[last + L - 2] = lp(il - 1, n, ext[L - 2]);
    for (let t = il - 2; t >= 0; t--) {
      const next = base + (t + 1) * W;
      const cur = base + t * W;
      for (let s = L - 1; s >= 0; s--) {
        let acc = logBeta[next + s];
        if (s + 1 < L) acc = logAddExp(acc, logBeta[next + s + 1]);
        if (s + 2 < L && canSkip(ext, s + 2)) acc = logAddExp(acc, logBeta[next + s + 2]);
        logBeta[cur + s] = acc === NEG_INF ? NEG_INF : logZeroFloor(acc + lp(t, n, ext[s]));
      }
    }

    // The likelihood sums the two accepting states at the last valid frame (only one when the target is empty).
    let ll = logAlpha[last + L - 1];
    if (tl > 0) ll = logAddExp(ll, logAlpha[last + L - 2]);
    ll = logZeroFloor(ll);
    losses[n] = -ll; // +Infinity when no alignment exists (e.g. too few frames for the repeats)
    if (a.zeroInfinity && losses[n] === Number.POSITIVE_INFINITY) losses[n] = 0;
  }
  return { losses, logAlpha, logBeta };
}

/**
 * Gradient w.r.t. logProbs in float64, [T, N, C]. PyTorch's convention, not the plain partial derivative:
 *   grad[t,n,c] = (exp(lp) - exp(logsum_{s: l'(s)=c} (alpha_t(s) + beta_t(s)) + nll - lp)) * gradLoss[n]
 * The exp(lp) term assumes logProbs came from log_softmax: it vanishes through the log-softmax backward
 * (softmax sums to 1), so gradients w.r.t. the logits are exact, while a finite difference taken directly on
 * logProbs would differ by exp(lp)*gradLoss. Frames t >= inputLength get 0, and so does an impossible item (loss
 * +Infinity), with or without zeroInfinity: finite gradients always, where PyTorch returns NaN.
 */
export function ctcLossBackward64(a: CtcArgs, saved: CtcSaved, gradLosses: Float64Array): Float64Array {
  validateCtcArgs(a);
  const { T, N, C, S } = a;
  const W = 2 * S + 1;
  if (gradLosses.length !== N) throw new Error(`ctcLoss backward: gradLosses has ${gradLosses.length} entries, N is ${N}`);
  const grad = new Float64Array(T * N * C); // zero-initialised: covers t >= inputLength
  const offsets = targetOffsets(a);
  const collected = new Float64Array(C); // per frame: logsum of alpha+beta over states that emit class c

  for (let n = 0; n < N; n++) {
    const il = a.inputLengths[n];
    const tl = a.targetLengths[n];
    // Recompute the raw nll: saved.losses may already be zeroed by zeroInfinity.
    const base = n * T * W;
    const ext = extendedLabel(a, offsets[n], tl);
    const L = 2 * tl + 1;
    if (il === 0) continue; // no frames, nothing to differentiate
    const lastRow = base + (il - 1) * W;
    let ll = saved.logAlpha[lastRow + L - 1];
    if (tl > 0) ll = logAddExp(ll, saved.logAlpha[lastRow + L - 2]);
    const nll = -logZeroFloor(ll);
    // No alignment (loss +Infinity): the item's gradient stays 0, with or without zeroInfinity (the WGSL twin does
    // the same). warp-ctc's finite-gradient guarantee; PyTorch returns NaN here, which poisons every weight upstream.
    // Skipped explicitly, because the log-zero rule below would otherwise give exp(lp), a gradient for no loss.
    if (nll === Number.POSITIVE_INFINITY) continue;
    const g = gradLosses[n];

    for (let t = 0; t < il; t++) {
      collected.fill(NEG_INF);
      const row = base + t * W;
      // Several states may emit the same class (every even s emits blank; repeated labels share a class).
      for (let s = 0; s < L; s++) {
        const ab = logZeroFloor(saved.logAlpha[row + s] + saved.logBeta[row + s]); // the log-zero rule, as log_add on the GPU
        collected[ext[s]] = logAddExp(collected[ext[s]], ab);
      }
      for (let c = 0; c < C; c++) {
        const idx = (t * N + n) * C + c;
        const lpv = logZeroFloor(a.logProbs[idx]);
        // A class no alignment emits here (collected = log 0) has only the exp(lp) term. Written out, because with
        // lp = log 0 too the formula reads exp(-Inf + nll + Inf) = NaN: warp-ctc's guarantee, finite gradients for
        // -Infinity inputs, where PyTorch returns NaN. exp(log 0) = 0.
        const occupied = collected[c] === NEG_INF ? 0 : Math.exp(collected[c] + nll - lpv);
        grad[idx] = (Math.exp(lpv) - occupied) * g;
      }
    }
  }
  return grad;
}

/** Float32 boundary of ctcLossBackward64: dLogProbs [T, N, C], what the engine stores. */
export function ctcLossBackward(a: CtcArgs, saved: CtcSaved, gradLosses: Float64Array): Float32Array {
  return Float32Array.from(ctcLossBackward64(a, saved, gradLosses));
}

/**
 * PyTorch's reduction: 'none' keeps [N]; 'sum' adds; 'mean' divides each loss by max(targetLength, 1) and then
 * averages over the batch (not a per-label average over the whole batch).
 */
export function ctcReduce(losses: Float64Array, targetLengths: Int32Array, reduction: CtcReduction): Float64Array {
  switch (reduction) {
    case 'none':
      return Float64Array.from(losses);
    case 'sum': {
      let s = 0;
      for (const v of losses) s += v;
      return Float64Array.of(s);
    }
    case 'mean': {
      let s = 0;
      for (let n = 0; n < losses.length; n++) s += losses[n] / Math.max(targetLengths[n], 1);
      return Float64Array.of(s / losses.length);
    }
    default:
      return reduction satisfies never;
  }
}

/**
 * d(reduced)/d(loss_n) times the upstream gradient: the gradLosses argument of ctcLossBackward.
 * gradOut is [N] for 'none' and a single number (or [1]) for 'sum' and 'mean'.
 */
export function ctcReduceGrad(
  targetLengths: Int32Array,
  reduction: CtcReduction,
  gradOut: number | Float64Array,
): Float64Array {
  const N = targetLengths.length;
  const out = new Float64Array(N);
  const scalar = typeof gradOut === 'number' ? gradOut : gradOut[0];
  for (let n = 0; n < N; n++) {
    switch (reduction) {
      case 'none':
        if (typeof gradOut === 'number') throw new Error(`ctcReduceGrad: 'none' needs a gradient per item ([${N}])`);
        out[n] = gradOut[n];
        break;
      case 'sum':
        out[n] = scalar;
        break;
      case 'mean':
        out[n] = scalar / (Math.max(targetLengths[n], 1) * N);
        break;
      default:
        return reduction satisfies never;
    }
  }
  return out;
}
