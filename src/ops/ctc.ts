// ctcLoss with PyTorch's semantics (padded or concatenated targets, three reductions, zeroInfinity), its
// autograd rule, ctcAlphaBeta (the log-space lattices, for tests and alignment views) and ctcFrameArgmax (the GPU half
// of greedy decoding). Twins: backends/cpu/ctc.ts (reference), shaders/ctc/*.wgsl, backends/webgpu/ctc.ts.
// Labels and lengths are validated on the host (tensors made from host values carry hostData), so no read-back.
import { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import { isGradEnabled } from '../autograd/grad-mode.ts';
import { fmtShape } from '../dtype.ts';
import type { Device } from '../device.ts';
import type { CtcDims } from '../kernels/ctc.ts';
import { empty, requireFloat, requireInt, sameDevice } from './util.ts';
import { tensor } from './creation.ts';
import { div } from './elementwise.ts';
import { mean, sum } from './reduce.ts';
import { ArgumentError, IndexError, ShapeError, describeValue } from '../errors.ts';

export type CtcReduction = 'mean' | 'sum' | 'none';

export interface CtcLossOptions {
  /** Class index of the blank (default 0). */
  blank?: number;
  /** 'mean' (default) divides each loss by its target length (at least 1), then averages over the batch. */
  reduction?: CtcReduction;
  /** Impossible alignments give loss 0 and gradient 0 instead of +Infinity (default false). */
  zeroInfinity?: boolean;
}

export type CtcLengths = Tensor | Int32Array | readonly number[];

/** Host copy of a length vector; a device-computed tensor has none, and reading it back would stall. */
function hostInts(what: string, v: CtcLengths): Int32Array {
  if (v instanceof Tensor) {
    requireInt('ctcLoss', what, v);
    if (v.ndim !== 1) throw new ShapeError(`ctcLoss: ${what} must be 1-D [N], got ${fmtShape(v.shape)}`);
    if (!v.hostData) {
      throw new ArgumentError(`ctcLoss: ${what} has no host copy (it was computed on the device); create it with tensor(Int32Array.from(...)) so it can be validated without a read-back`);
    }
    return v.hostData;
  }
  if (!(v instanceof Int32Array) && !Array.isArray(v)) {
    throw new ArgumentError(`ctcLoss: ${what} must be an Int32Array, a number[] or an int32 tensor, got ${describeValue(v)}`);
  }
  Array.from(v as ArrayLike<unknown>).forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x)) throw new ArgumentError(`ctcLoss: ${what}[${i}] = ${typeof x === 'number' ? x : describeValue(x)} is not an integer`);
  });
  const out = Int32Array.from(v);
  return out;
}

interface Prepared {
  device: Device;
  dims: CtcDims;
  targets: Tensor;
  meta: Tensor; // int32 [3, N]: target offsets | input lengths | target lengths
  targetLengths: Int32Array;
}

function prepare(logProbs: Tensor, targets: Tensor, inputLengths: CtcLengths, targetLengths: CtcLengths, blank: number): Prepared {
  const ts = [logProbs, targets, ...[inputLengths, targetLengths].filter((v): v is Tensor => v instanceof Tensor)];
  const device = sameDevice('ctcLoss', ...ts);
  requireFloat('ctcLoss', logProbs);
  requireInt('ctcLoss', 'targets', targets);
  if (logProbs.ndim !== 3) throw new ShapeError(`ctcLoss: logProbs must be [T, N, C], got ${fmtShape(logProbs.shape)}`);
  const [T, N, C] = logProbs.shape;
  if (T < 1 || N < 1 || C < 1) throw new ShapeError(`ctcLoss: logProbs [T, N, C] = ${fmtShape(logProbs.shape)} must have T, N, C >= 1`);
  if (typeof blank !== 'number' || !Number.isInteger(blank)) throw new ArgumentError(`ctcLoss: blank must be an integer in [0, ${C}), got ${describeValue(blank)}`);
  if (blank < 0 || blank >= C) throw new IndexError(`ctcLoss: blank must be an integer in [0, ${C}), got ${blank}`);
  const il = hostInts('inputLengths', inputLengths);
  const tl = hostInts('targetLengths', targetLengths);
  if (il.length !== N) throw new ShapeError(`ctcLoss: inputLengths has ${il.length} entries but logProbs ${fmtShape(logProbs.shape)} has batch size N = ${N}`);
  if (tl.length !== N) throw new ShapeError(`ctcLoss: targetLengths has ${tl.length} entries but logProbs ${fmtShape(logProbs.shape)} has batch size N = ${N}`);
  const host = targets.hostData;
  if (!host) throw new ArgumentError('ctcLoss: targets have no host copy (computed on the device); create them with tensor(Int32Array...) so labels can be validated');
  const padded = targets.ndim === 2;
  if (!padded && targets.ndim !== 1) throw new ShapeError(`ctcLoss: targets must be padded [N, S] or concatenated 1-D, got ${fmtShape(targets.shape)}`);
  if (padded && targets.shape[0] !== N) throw new ShapeError(`ctcLoss: padded targets ${fmtShape(targets.shape)} have batch size ${targets.shape[0]}, logProbs has N = ${N}`);
  const S = padded ? targets.shape[1] : tl.reduce((m, x) => Math.max(m, x), 0);
  const offsets = new Int32Array(N);
  let pos = 0;
  for (let n = 0; n < N; n++) {
    if (il[n] < 0) throw new IndexError(`ctcLoss: inputLengths[${n}] = ${il[n]} is negative`);
    if (tl[n] < 0) throw new IndexError(`ctcLoss: targetLengths[${n}] = ${tl[n]} is negative`);
    if (il[n] > T) throw new IndexError(`ctcLoss: inputLengths[${n}] = ${il[n]} is longer than T = ${T}`);
    if (tl[n] > S) throw new IndexError(`ctcLoss: targetLengths[${n}] = ${tl[n]} is longer than the padded target width S = ${S}`);
    offsets[n] = padded ? n * S : pos;
    pos += tl[n];
  }
  if (!padded && host.length !== pos) {
    throw new ShapeError(`ctcLoss: concatenated targets have ${host.length} labels, expected sum(targetLengths) = ${pos}`);
  }
  // Only labels inside each item's length are read; padding past it may hold anything (as in PyTorch).
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < tl[n]; i++) {
      const lab = host[offsets[n] + i];
      if (lab === blank) throw new IndexError(`ctcLoss: target ${n} position ${i} equals the blank label ${blank}`);
      if (lab < 0 || lab >= C) throw new IndexError(`ctcLoss: target ${n} position ${i} is ${lab}, outside [0, ${C})`);
    }
  }
  const metaHost = new Int32Array(3 * N);
  metaHost.set(offsets, 0);
  metaHost.set(il, N);
  metaHost.set(tl, 2 * N);
  const meta = tensor(metaHost, { device, dtype: 'int32' });
  return { device, dims: { T, N, C, S, blank, targetsPadded: padded }, targets, meta, targetLengths: tl };
}

export interface CtcAlphaBeta {
  /** [N] per-item negative log-likelihood (zeroInfinity applied). */
  losses: Tensor;
  /** [N, T, 2S+1] log alpha_t(s) and log beta_t(s); both include the emission at t, as in PyTorch. */
  logAlpha: Tensor;
  logBeta: Tensor;
}

/** The forward lattices without autograd: alpha, beta and per-item losses. log 0 is -Infinity on the CPU and
 *  the finite NEG_INF sentinel (-1e30) on WebGPU (see shaders/common/numerics.wgsl). */
export function ctcAlphaBeta(
  logProbs: Tensor, targets: Tensor, inputLengths: CtcLengths, targetLengths: CtcLengths, options: CtcLossOptions = {},
): CtcAlphaBeta {
  const p = prepare(logProbs, targets, inputLengths, targetLengths, options.blank ?? 0);
  const { T, N, S } = p.dims;
  const losses = empty(p.device, [N]);
  const logAlpha = empty(p.device, [N, T, 2 * S + 1]);
  const logBeta = empty(p.device, [N, T, 2 * S + 1]);
  p.device.backend.run('ctcLoss', {
    ...p.dims, logProbs: logProbs.storage, targets: p.targets.storage, meta: p.meta.storage,
    losses: losses.storage, logAlpha: logAlpha.storage, logBeta: logBeta.storage, zeroInfinity: options.zeroInfinity ?? false,
  });
  p.meta.dispose(); // recorded work keeps its buffer: the pool reuses buffers only in queue order
  return { losses, logAlpha, logBeta };
}

/**
 * logProbs [T, N, C] (log-softmax outputs), targets int32 padded [N, S] or concatenated [sum(targetLengths)],
 * inputLengths and targetLengths [N]. Returns [N] for 'none', else a scalar. The gradient w.r.t. logProbs is
 * PyTorch's (it assumes log-softmax inputs), so logSoftmax -> ctcLoss trains end to end.
 */
export function ctcLoss(
  logProbs: Tensor, targets: Tensor, inputLengths: CtcLengths, targetLengths: CtcLengths, options: CtcLossOptions = {},
): Tensor {
  const blank = options.blank ?? 0;
  const zeroInfinity = options.zeroInfinity ?? false;
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ArgumentError(`ctcLoss: unknown reduction '${String(reduction)}' (expected 'mean', 'sum' or 'none')`);
  }
  const p = prepare(logProbs, targets, inputLengths, targetLengths, blank);
  const { T, N, S } = p.dims;
  const losses = empty(p.device, [N]);
  const logAlpha = empty(p.device, [N, T, 2 * S + 1]);
  const logBeta = empty(p.device, [N, T, 2 * S + 1]);
  p.device.backend.run('ctcLoss', {
    ...p.dims, logProbs: logProbs.storage, targets: p.targets.storage, meta: p.meta.storage,
    losses: losses.storage, logAlpha: logAlpha.storage, logBeta: logBeta.storage, zeroInfinity,
  });
  if (isGradEnabled() && logProbs.requiresGrad) {
    // One kernel turns alpha, beta and the upstream dLoss_n into dLogProbs: a constant dispatch count in T.
    record('ctcLoss', [logProbs], [losses], ([g]) => {
      const grad = empty(p.device, [T, N, p.dims.C]);
      p.device.backend.run('ctcLossBackward', {
        ...p.dims, logProbs: logProbs.storage, targets: p.targets.storage, meta: p.meta.storage,
        logAlpha: logAlpha.storage, logBeta: logBeta.storage, gradLosses: g!.storage, grad: grad.storage, zeroInfinity,
      });
      return [grad];
    });
  } else {
    logAlpha.dispose();
    logBeta.dispose();
    p.meta.dispose();
  }
  switch (reduction) {
    case 'none':
      return losses;
    case 'sum':
      return sum(losses);
    case 'mean': {
      // PyTorch divides each item by its own target length (clamped to 1), then averages the batch.
      const div1 = tensor(Float32Array.from(p.targetLengths, (l) => Math.max(l, 1)), { device: p.device });
      return mean(div(losses, div1));
    }
    default:
      return reduction satisfies never;
  }
}

/** int32 [...x.shape[:-1]] = argmax over the last axis of float32 x, ties to the lowest index. No gradient. */
export function ctcFrameArgmax(x: Tensor): Tensor {
  const device = sameDevice('ctcFrameArgmax', x);
  requireFloat('ctcFrameArgmax', x);
  if (x.ndim < 1 || x.shape[x.ndim - 1] < 1) throw new ShapeError(`ctcFrameArgmax: need a non-empty last axis, got ${fmtShape(x.shape)}`);
  const C = x.shape[x.ndim - 1];
  const out = empty(device, x.shape.slice(0, -1), 'int32');
  if (out.size > 0) device.backend.run('ctcArgmax', { x: x.storage, out: out.storage, rows: out.size, C });
  return out;
}
