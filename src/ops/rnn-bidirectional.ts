// Bidirectional recurrent layers as ONE op whose kernels run both directions in the same dispatches (direction =
// the grid's y). The module's separate PyTorch-named parameters are stacked per forward by one rnnPack dispatch per
// two pairs (W_ih+W_hh, b_ih+b_hh; W_hr of projSize by a plain concat); xProj is ONE GEMM of x with both W_ih; the
// kernels write y straight into PyTorch's [T, N, 2R] output; the backward is one BPTT loop, one batched dW_hh GEMM
// and one rnnUnpack per pack. impl 'composed' runs the two single-direction ops of ops/rnn.ts.
// Twins: ops/rnn.ts (shared helpers), kernels/rnn.ts (stacked layouts), test/ops/rnn-bidirectional.test.ts.
import { Tensor } from '../tensor.ts';
import type { Device } from '../device.ts';
import type { Storage } from '../backend.ts';
import { record, willRecord } from '../autograd/tape.ts';
import { keep } from '../scope.ts';
import { fmtShape } from '../dtype.ts';
import type { RnnActivation, WeightDtype } from '../kernels/rnn.ts';
import { gruSavedWidth, lstmSavedWidth, rnnSavedWidth } from '../kernels/rnn.ts';
import { empty } from './util.ts';
import { fillRaw } from './creation-raw.ts';
import { add } from './elementwise.ts';
import { concat, reshape, slice } from './shape.ts';
import {
  type Cell, type Dims, type RnnImpl, columnSums, gruLayer, inputProjection, lstmLayer, pickImpl, pickKernel, rnnLayer, validate, zerosLike,
} from './rnn.ts';
import { ArgumentError, ShapeError } from '../errors.ts';

/** One direction's parameters, PyTorch's shapes (wHr only for an LSTM with projSize). */
export interface DirectionWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
  wHr?: Tensor | null;
}

export interface BidirectionalOptions {
  /** pack_padded_sequence lengths [N] (any order, each 0..T); the reverse direction starts at lengths[n]-1. */
  lengths?: Int32Array | Tensor | null;
  impl?: RnnImpl;
  /** 'float16': inference with W_hh read as halves by the 'tiled' kernels (ops/rnn.ts RecurrentLayerOptions). */
  weightDtype?: WeightDtype;
  /** Elman RNN only. */
  nonlinearity?: RnnActivation;
}

/** y [T, N, 2R] (forward direction first, as PyTorch's output); hN [2, N, R]; cN [2, N, H] (LSTM). */
export interface BidirectionalResult {
  y: Tensor;
  hN: Tensor;
  cN?: Tensor;
}

const D = 2;

/** [A, B] = [a0 ‖ a1, b0 ‖ b1] in one dispatch; the backward splits both gradients in one dispatch too. */
function packPairs(a0: Tensor, a1: Tensor, b0: Tensor, b1: Tensor): [Tensor, Tensor] {
  const device = a0.device;
  const A = empty(device, [D, ...a0.shape]);
  const B = empty(device, [D, ...b0.shape]);
  const sizes = { sizeA: a0.size, sizeB: b0.size };
  device.backend.run('rnnPack', { a0: a0.storage, a1: a1.storage, b0: b0.storage, b1: b1.storage, A: A.storage, B: B.storage, ...sizes });
  record('rnnPack', [a0, a1, b0, b1], [A, B], ([gA, gB]) => {
    const ga = gA ?? zerosLike(device, [...A.shape]);
    const gb = gB ?? zerosLike(device, [...B.shape]);
    const out = [a0, a1, b0, b1].map((t) => empty(device, [...t.shape]));
    device.backend.run('rnnUnpack', {
      a0: out[0].storage, a1: out[1].storage, b0: out[2].storage, b1: out[3].storage, A: ga.storage, B: gb.storage, ...sizes,
    });
    return out;
  });
  return [A, B];
}

/** Stacks a pair that has no partner pair to share a pack dispatch with (bias in one slot only, wHr). */
const stackPair = (a: Tensor, b: Tensor): Tensor => concat([reshape(a, [1, ...a.shape]), reshape(b, [1, ...b.shape])], 0);

/**
 * dW_hh [D, G*H, R] for both directions as ONE batched GEMM: direction d multiplies its gate-gradient columns of
 * the [T*N, D*G*H] dGates rows by the h_prev columns of its [T*N, width] saved block.
 */
function recurrentWeightGrads(dGates: Tensor, saved: Tensor, d: Dims, width: number): Tensor {
  const rows = d.T * d.N;
  const GH = d.G * d.H;
  const out = empty(dGates.device, [D, GH, d.R]);
  dGates.device.backend.run('matmul', {
    a: dGates.storage, b: saved.storage, out: out.storage, batch: D, M: GH, N: d.R, K: rows,
    aStrides: [GH, 1, D * GH], bStrides: [rows * width, width, 1], variant: 'auto',
  });
  return out;
}

interface Prepared {
  d: Dims;
  lengths: Int32Array | null;
  impl: ReturnType<typeof pickImpl>;
  /** The forward kernels' W_hh storage. */
  wHhDtype: WeightDtype;
}

function prepare(op: string, cell: Cell, x: Tensor, h0: Tensor | null, c0: Tensor | null, w: [DirectionWeights, DirectionWeights], options: BidirectionalOptions): Prepared {
  if (!Array.isArray(w) || w.length !== D) throw new ShapeError(`${op}: weights must be a pair [forward, reverse]`);
  const [f, r] = w.map((k) => validate(op, cell, x, null, null, k.wIh, k.wHh, k.bIh, k.bHh, k.wHr ?? null, options.lengths));
  const same = (a: Tensor | null | undefined, b: Tensor | null | undefined): boolean => (a ? !!b && a.shape.every((s, i) => s === b.shape[i]) : !b);
  for (const k of ['wIh', 'wHh', 'bIh', 'bHh', 'wHr'] as const) {
    if (!same(w[0][k], w[1][k])) throw new ShapeError(`${op}: the two directions' ${k} differ (${w[0][k] ? fmtShape(w[0][k]!.shape) : 'none'} vs ${w[1][k] ? fmtShape(w[1][k]!.shape) : 'none'})`);
  }
  const d = f.dims;
  const want = (name: string, t: Tensor | null, shape: number[]): void => {
    if (t && (t.ndim !== 3 || t.shape.some((s, i) => s !== shape[i]))) {
      throw new ShapeError(`${op}: ${name} must be ${fmtShape(shape)} (directions, batch, size) for x ${fmtShape(x.shape)}, got ${fmtShape(t.shape)}`);
    }
  };
  want('h0', h0, [D, d.N, d.R]);
  want('c0', c0, [D, d.N, d.H]);
  const family = cell === 'rnn' ? (options.nonlinearity === 'relu' ? 'rnnRelu' : 'rnnTanh') : cell;
  const tensors = [x, h0, c0, ...w.flatMap((k) => [k.wIh, k.wHh, k.bIh, k.bHh])];
  return { d, lengths: r.lengths, ...pickKernel(op, options, x.device, d, family, tensors, D) };
}

/** impl 'composed' (and the reference the fused path is tested against): two single-direction ops. */
function composedPair(
  h0: Tensor | null, c0: Tensor | null, d: Dims,
  run: (dir: number, h: Tensor | null, c: Tensor | null) => { y: Tensor; hN: Tensor; cN?: Tensor },
): BidirectionalResult {
  const pick = (s: Tensor | null, k: number, size: number): Tensor | null => (s ? reshape(slice(s, [k, 0, 0], [1, d.N, size]), [d.N, size]) : null);
  const rs = [0, 1].map((k) => run(k, pick(h0, k, d.R), pick(c0, k, d.H)));
  const stack2 = (a: Tensor, b: Tensor): Tensor => concat([reshape(a, [1, ...a.shape]), reshape(b, [1, ...b.shape])], 0);
  return {
    y: concat([rs[0].y, rs[1].y], 2),
    hN: stack2(rs[0].hN, rs[1].hN),
    cN: rs[0].cN && rs[1].cN ? stack2(rs[0].cN, rs[1].cN) : undefined,
  };
}

/** Stacked W_ih [2*G*H, I] and W_hh [2, G*H, R] of both directions (one dispatch). */
function stackWeights(w: [DirectionWeights, DirectionWeights], d: Dims): { wIh: Tensor; wHh: Tensor } {
  const [A, B] = packPairs(w[0].wIh, w[1].wIh, w[0].wHh, w[1].wHh);
  return { wIh: reshape(A, [D * d.G * d.H, d.I]), wHh: B };
}

/** Stacked b_ih and b_hh [2*G*H] (one dispatch when both exist). */
function stackBiases(w: [DirectionWeights, DirectionWeights]): { bIh: Tensor | null; bHh: Tensor | null } {
  const [f, r] = w;
  if (f.bIh && r.bIh && f.bHh && r.bHh) {
    const [A, B] = packPairs(f.bIh, r.bIh, f.bHh, r.bHh);
    return { bIh: reshape(A, [-1]), bHh: reshape(B, [-1]) };
  }
  return {
    bIh: f.bIh && r.bIh ? reshape(stackPair(f.bIh, r.bIh), [-1]) : null,
    bHh: f.bHh && r.bHh ? reshape(stackPair(f.bHh, r.bHh), [-1]) : null,
  };
}

/**
 * Absent initial states read a zero buffer kept per device and size (exactly sized: the CPU kernels check sizes)
 * instead of a fresh zeros tensor, so a layer without h0/c0 costs no fill dispatch. The kernels only read it. The
 * device's cache (device-cache.ts) keeps the few most recent sizes and frees them with the device.
 */
function zeroState(device: Device, size: number): Storage {
  return device.backend.cache.get('rnnBidirectional.zeroState', size, () => {
    const z = keep(empty(device, [size]));
    fillRaw(z, 0);
    return z;
  }).storage;
}

/** Gradients of the inputs actually recorded: the absent (zero-buffer) states get none. */
const present = <T>(pairs: [T, boolean][]): T[] => pairs.filter(([, on]) => on).map(([t]) => t);

const dims2 = (d: Dims): Dims => ({ ...d, G: D * d.G }); // the input GEMM's view: D*G*H output columns

// ---- LSTM ---------------------------------------------------------------------------------------------------

export function lstmBidirectional(
  x: Tensor, h0: Tensor | null, c0: Tensor | null, w: [DirectionWeights, DirectionWeights], options: BidirectionalOptions = {},
): Required<BidirectionalResult> {
  const op = 'lstmBidirectional';
  const { d, lengths, impl, wHhDtype } = prepare(op, 'lstm', x, h0, c0, w, options);
  if (impl === 'composed') {
    const r = composedPair(h0, c0, d, (k, h, c) =>
      lstmLayer(x, h, c, w[k].wIh, w[k].wHh, w[k].bIh, w[k].bHh, { lengths, reverse: k === 1, impl, wHr: w[k].wHr ?? null }));
    return { y: r.y, hN: r.hN, cN: r.cN! };
  }
  const device = x.device;
  const { T, N, H, R, P } = d;
  const { wIh, wHh } = stackWeights(w, d);
  const b = stackBiases(w);
  const bias = b.bIh && b.bHh ? add(b.bIh, b.bHh) : (b.bIh ?? b.bHh);
  const xProj = inputProjection(x, wIh, bias, dims2(d));
  const wHr = P > 0 ? stackPair(w[0].wHr!, w[1].wHr!) : null;
  const width = lstmSavedWidth(H, R);
  const y = empty(device, [T, N, D * R]);
  const hN = empty(device, [D, N, R]);
  const cN = empty(device, [D, N, H]);
  const inputs = present<Tensor | null>([[xProj, true], [h0, !!h0], [c0, !!c0], [wHh, true], [wHr, !!wHr]]) as Tensor[];
  const saved = willRecord(inputs) ? empty(device, [D, T, N, width]) : null; // inference keeps no saved rows
  const common = { D, T, N, H, P, reverse: false, lengths, variant: impl, wHh: wHh.storage, wHr: wHr?.storage ?? null };
  device.backend.run('lstmForward', {
    ...common, wHhDtype, xProj: xProj.storage, h0: h0?.storage ?? zeroState(device, D * N * R), c0: c0?.storage ?? zeroState(device, D * N * H),
    y: y.storage, hN: hN.storage, cN: cN.storage, saved: saved?.storage ?? null,
  });
  if (saved) record('lstmBidirectional', inputs, [y, hN, cN], ([gy, ghN, gcN]) => {
    const dXProj = empty(device, [T, N, D * 4 * H]);
    const dh0 = empty(device, [D, N, R]);
    const dc0 = empty(device, [D, N, H]);
    const dWhr = wHr ? empty(device, [D, P, H]) : null;
    device.backend.run('lstmBackward', {
      ...common, saved: saved.storage, dy: gy?.storage ?? null, dhN: ghN?.storage ?? null, dcN: gcN?.storage ?? null,
      dXProj: dXProj.storage, dh0: dh0.storage, dc0: dc0.storage, dWhr: dWhr?.storage ?? null,
    });
    const dWhh = wHh.requiresGrad ? recurrentWeightGrads(dXProj, saved, d, width) : null;
    return present([[dXProj, true], [dh0, !!h0], [dc0, !!c0], [dWhh, true], [dWhr, !!wHr]]);
  });
  return { y, hN, cN };
}

// ---- GRU ----------------------------------------------------------------------------------------------------

export function gruBidirectional(
  x: Tensor, h0: Tensor | null, w: [DirectionWeights, DirectionWeights], options: BidirectionalOptions = {},
): BidirectionalResult {
  const op = 'gruBidirectional';
  const { d, lengths, impl, wHhDtype } = prepare(op, 'gru', x, h0, null, w, options);
  if (impl === 'composed') {
    return composedPair(h0, null, d, (k, h) => gruLayer(x, h, w[k].wIh, w[k].wHh, w[k].bIh, w[k].bHh, { lengths, reverse: k === 1, impl }));
  }
  const device = x.device;
  const { T, N, H } = d;
  const { wIh, wHh } = stackWeights(w, d);
  // b_ih joins xProj; b_hh cannot (r multiplies W_hn h + b_hn), so the recurrent kernels take it.
  const { bIh, bHh } = stackBiases(w);
  const xProj = inputProjection(x, wIh, bIh, dims2(d));
  const width = gruSavedWidth(H);
  const y = empty(device, [T, N, D * H]);
  const hN = empty(device, [D, N, H]);
  const inputs = present<Tensor | null>([[xProj, true], [h0, !!h0], [wHh, true], [bHh, !!bHh]]) as Tensor[];
  const saved = willRecord(inputs) ? empty(device, [D, T, N, width]) : null;
  const common = { D, T, N, H, reverse: false, lengths, variant: impl, wHh: wHh.storage };
  device.backend.run('gruForward', {
    ...common, wHhDtype, xProj: xProj.storage, h0: h0?.storage ?? zeroState(device, D * N * H), bHh: bHh?.storage ?? null,
    y: y.storage, hN: hN.storage, saved: saved?.storage ?? null,
  });
  if (saved) record('gruBidirectional', inputs, [y, hN], ([gy, ghN]) => {
    const dXProj = empty(device, [T, N, D * 3 * H]);
    const dHp = empty(device, [T, N, D * 3 * H]);
    const dh0 = empty(device, [D, N, H]);
    device.backend.run('gruBackward', {
      ...common, saved: saved.storage, dy: gy?.storage ?? null, dhN: ghN?.storage ?? null,
      dXProj: dXProj.storage, dHp: dHp.storage, dh0: dh0.storage,
    });
    const dWhh = wHh.requiresGrad ? recurrentWeightGrads(dHp, saved, d, width) : null;
    const dbHh = bHh?.requiresGrad ? columnSums(dHp, T * N, D * 3 * H) : null;
    return present([[dXProj, true], [dh0, !!h0], [dWhh, true], [dbHh, !!bHh]]);
  });
  return { y, hN };
}

// ---- Elman RNN ----------------------------------------------------------------------------------------------

export function rnnBidirectional(
  x: Tensor, h0: Tensor | null, w: [DirectionWeights, DirectionWeights], options: BidirectionalOptions = {},
): BidirectionalResult {
  const op = 'rnnBidirectional';
  const activation = options.nonlinearity ?? 'tanh';
  if (activation !== 'tanh' && activation !== 'relu') throw new ArgumentError(`${op}: nonlinearity must be 'tanh' or 'relu', got '${String(activation)}'`);
  const { d, lengths, impl, wHhDtype } = prepare(op, 'rnn', x, h0, null, w, options);
  if (impl === 'composed') {
    return composedPair(h0, null, d, (k, h) =>
      rnnLayer(x, h, w[k].wIh, w[k].wHh, w[k].bIh, w[k].bHh, { lengths, reverse: k === 1, impl, nonlinearity: activation }));
  }
  const device = x.device;
  const { T, N, H } = d;
  const { wIh, wHh } = stackWeights(w, d);
  const b = stackBiases(w);
  const bias = b.bIh && b.bHh ? add(b.bIh, b.bHh) : (b.bIh ?? b.bHh);
  const xProj = inputProjection(x, wIh, bias, dims2(d));
  const y = empty(device, [T, N, D * H]);
  const hN = empty(device, [D, N, H]);
  const inputs = present<Tensor | null>([[xProj, true], [h0, !!h0], [wHh, true]]) as Tensor[];
  const saved = willRecord(inputs) ? empty(device, [D, T, N, rnnSavedWidth(H)]) : null;
  const common = { D, T, N, H, reverse: false, lengths, variant: impl, activation, wHh: wHh.storage };
  const h = h0?.storage ?? zeroState(device, D * N * H);
  device.backend.run('rnnForward', { ...common, wHhDtype, xProj: xProj.storage, h0: h, y: y.storage, hN: hN.storage, saved: saved?.storage ?? null });
  if (saved) record('rnnBidirectional', inputs, [y, hN], ([gy, ghN]) => {
    const dXProj = empty(device, [T, N, D * H]);
    const dh0 = empty(device, [D, N, H]);
    device.backend.run('rnnBackward', {
      ...common, y: y.storage, saved: saved.storage, dy: gy?.storage ?? null, dhN: ghN?.storage ?? null,
      dXProj: dXProj.storage, dh0: dh0.storage,
    });
    const dWhh = wHh.requiresGrad ? recurrentWeightGrads(dXProj, saved, d, H) : null;
    return present([[dXProj, true], [dh0, !!h0], [dWhh, true]]);
  });
  return { y, hN };
}
