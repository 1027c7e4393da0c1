// Streaming inference ops (no autograd: inference only). packStreamWeights lays out one layer's parameters once, at
// stream creation, in the coalesced layout of kernels/stream.ts, from existing ops (reshape/permute/concat: a few
// dispatches, no read-back; float16 weights add one packing dispatch); streamStep runs one timestep of one layer as ONE kernel call into new state tensors.
// Twins: kernels/stream.ts, backends/cpu/stream.ts, backends/webgpu/stream.ts, shaders/rnn/stream-step.wgsl,
// nn/stream.ts (the stateful Streamer built on these).
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { scope } from '../scope.ts';
import { fmtShape } from '../dtype.ts';
import type { RnnActivation } from '../kernels/rnn.ts';
import { type StreamCell, type StreamVariant, type StreamWeightDtype, halfWords, streamColumns } from '../kernels/stream.ts';
import { full } from './creation.ts';
import { concat, permute, reshape, transpose } from './shape.ts';
import { empty, requireFloat, sameDevice } from './util.ts';
import { DTypeError, ShapeError } from '../errors.ts';

const GATES: Record<StreamCell, number> = { lstm: 4, gru: 3, rnn: 1 };

/**
 * One layer's weights in the packed layout: w [I + R, C4, 4] (float32, or int32 words of halves
 * [halfWords((I + R) C4 4)] when wDtype is 'float16'), b [2, C4, 4], wHrT [H, P] (halves likewise) or null.
 */
export interface PackedLayer {
  cell: StreamCell;
  wDtype: StreamWeightDtype;
  activation: RnnActivation;
  I: number;
  H: number;
  P: number;
  w: Tensor;
  b: Tensor;
  wHrT: Tensor | null;
}

/** [G*H, K] (gate-major rows, PyTorch's layout) -> [K, C4, 4]: column q's vec4 as kernels/stream.ts describes. */
function packMatrix(cell: StreamCell, m: Tensor, H: number): Tensor {
  const K = m.shape[1];
  const G = GATES[cell];
  const dev = m.device;
  if (cell === 'rnn') {
    const C4 = streamColumns(cell, H);
    let t = transpose(m, 0, 1); // [K, H]
    if (C4 * 4 > H) t = concat([t, full([K, C4 * 4 - H], 0, { device: dev })], 1);
    return reshape(t, [K, C4, 4]);
  }
  let t = permute(reshape(m, [G, H, K]), [2, 1, 0]); // [K, H, G]
  if (G < 4) t = concat([t, full([K, H, 4 - G], 0, { device: dev })], 2);
  return t;
}

export function packStreamWeights(
  cell: StreamCell, activation: RnnActivation, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null, wHr: Tensor | null,
  wDtype: StreamWeightDtype = 'float32',
): PackedLayer {
  const op = 'packStreamWeights';
  const all = [wIh, wHh, bIh, bHh, wHr].filter((t): t is Tensor => t !== null);
  sameDevice(op, ...all);
  requireFloat(op, ...all);
  const G = GATES[cell];
  const H = wHh.shape[0] / G;
  const I = wIh.shape[1];
  const P = wHr ? wHr.shape[0] : 0;
  // scope: the reshaped/permuted intermediates are freed; the caller keeps the result.
  return noGrad(() => scope(() => {
    const dev = wIh.device;
    const w32 = concat([packMatrix(cell, wIh, H), packMatrix(cell, wHh, H)], 0);
    const w = wDtype === 'float16' ? packFloat16(w32) : w32;
    const bias = (v: Tensor | null): Tensor => packMatrix(cell, reshape(v ?? full([G * H], 0, { device: dev }), [G * H, 1]), H);
    const b = concat([bias(bIh), bias(bHh)], 0);
    const wHrT32 = wHr ? transpose(wHr, 0, 1) : null;
    const wHrT = wHrT32 && wDtype === 'float16' ? packFloat16(wHrT32) : wHrT32;
    return { cell, wDtype, activation, I, H, P, w, b, wHrT };
  }));
}

/**
 * float32 t (any shape) -> int32 [halfWords(t.size)]: its values rounded to binary16 (backends/cpu/f16.ts gives the
 * rules), two per word, element 2i in the low 16 bits, zeros past the end. One kernel call, no autograd.
 */
export function packFloat16(t: Tensor): Tensor {
  sameDevice('packFloat16', t);
  if (t.dtype !== 'float32') throw new DTypeError(`packFloat16: input must be float32, got ${t.dtype} ${fmtShape(t.shape)}`);
  const out = empty(t.device, [halfWords(t.size)], 'int32');
  t.device.backend.run('packFloat16', { src: t.storage, dst: out.storage });
  return out;
}

/**
 * One timestep of one layer: x [N, I], h [N, R], c [N, H] (LSTM) -> new tensors hOut [N, R] (= the layer's output)
 * and cOut [N, H] (LSTM). One backend kernel call (one GPU dispatch) of the given variant (kernels/stream.ts).
 */
export function streamStep(layer: PackedLayer, x: Tensor, h: Tensor, c: Tensor | null, variant: StreamVariant = 'columns'): { h: Tensor; c: Tensor | null } {
  const op = 'streamStep';
  const { cell, I, H, P } = layer;
  const R = P > 0 ? P : H;
  const dev = sameDevice(op, x, h, layer.w, ...(c ? [c] : []));
  requireFloat(op, x, h);
  if (x.ndim !== 2 || x.shape[1] !== I) throw new ShapeError(`${op}: x must be [N, ${I}], got ${fmtShape(x.shape)}`);
  const N = x.shape[0];
  if (h.ndim !== 2 || h.shape[0] !== N || h.shape[1] !== R) throw new ShapeError(`${op}: h must be [${N}, ${R}], got ${fmtShape(h.shape)}`);
  if ((cell === 'lstm') !== (c !== null)) throw new ShapeError(`${op}: c is needed exactly for an LSTM`);
  if (c && (c.ndim !== 2 || c.shape[0] !== N || c.shape[1] !== H)) throw new ShapeError(`${op}: c must be [${N}, ${H}], got ${fmtShape(c.shape)}`);
  const hOut = empty(dev, [N, R]);
  const cOut = c ? empty(dev, [N, H]) : null;
  dev.backend.run('streamStep', {
    cell, activation: layer.activation, N, I, H, P, x: x.storage, h: h.storage, c: c?.storage ?? null,
    w: layer.w.storage, wDtype: layer.wDtype, variant, b: layer.b.storage, wHrT: layer.wHrT?.storage ?? null, hOut: hOut.storage, cOut: cOut?.storage ?? null,
  });
  return { h: hOut, c: cOut };
}
