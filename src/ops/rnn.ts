// Recurrent layers as whole-sequence ops, one layer-direction each: lstmLayer, gruLayer, rnnLayer (PyTorch
// semantics, gate orders i,f,g,o and r,z,n). x [T, N, I] -> xProj = ONE matmul over all T*N rows (+ bias, whose
// autograd gives dx, dW_ih, db_ih), then ONE recurrent op running the time loop in fused kernels, whose backward
// is a fused BPTT kernel plus one GEMM for dW_hh. impl 'composed' is the readable second path: the same maths
// as matmul + pointwise ops per timestep through autograd. A bidirectional layer is either two calls (reverse: true
// for the second) or one rnn-bidirectional.ts op whose kernels run both directions in the same dispatches.
// Twins: backends/cpu/rnn*.ts, backends/webgpu/rnn.ts, shaders/rnn/*.wgsl, kernels/rnn.ts, test/ops/rnn.test.ts.
import { Tensor } from '../tensor.ts';
import { record, willRecord } from '../autograd/tape.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { keep } from '../scope.ts';
import type { Device } from '../device.ts';
import type { RnnKernelVariant, WeightDtype } from '../kernels/rnn.ts';
import { gruSavedWidth, lstmSavedWidth, rnnSavedWidth } from '../kernels/rnn.ts';
import { empty } from './util.ts';
import { matmul } from './matmul.ts';
import { add, mul, relu, sigmoid, sub, tanh } from './elementwise.ts';
import { reshape, slice, stack } from './shape.ts';
import { fillRaw } from './creation-raw.ts';
import { ArgumentError } from '../errors.ts';

export {
  type Cell, type Dims, type LstmLayerOptions, type LstmLayerResult, type RecurrentLayerOptions, type RnnImpl, type RnnLayerOptions,
  type RnnLayerResult, PERSISTENT_MAX_STATE, pickImpl, pickKernel, validate,
} from './rnn-validate.ts';
import {
  type Dims, type LstmLayerOptions, type LstmLayerResult, type RecurrentLayerOptions, type RnnLayerOptions, type RnnLayerResult,
  pickKernel, validate,
} from './rnn-validate.ts';

// ---- shared pieces ------------------------------------------------------------------------------------------

/**
 * GEMM rung for the products whose inner or outer size is the input size I (xProj = x W_ih^T, dW_ih = dXProj^T x,
 * dx = dXProj W_ih): the tiled/blocked rungs waste most of each tile on a side of 8 or 16, the naive one does not.
 * Measured on SwiftShader (bench/pages/rnn.ts shapes, I = 8): x W_ih^T [160, 8] x [8, 128] 5.0 ms naive vs 16 ms
 * blocked, [800, 8] x [8, 256] 38 vs 124 ms; dW_ih [128, 160] x [160, 8] 5.1 vs 11 ms, [256, 800] x [800, 8] 28 vs 69 ms.
 */
const inputGemmVariant = (I: number): 'naive' | 'auto' => (I <= 16 ? 'naive' : 'auto');

/** A [1] tensor holding 1, per device (in its cache, freed with it): the all-ones row of the bias-gradient GEMM (read with stride 0). */
function one(device: Device): Tensor {
  return device.backend.cache.get('rnn.one', 1, () => keep(new Tensor(device, device.backend.upload('float32', new Float32Array([1])), [1], 'float32')));
}

/**
 * Column sums of g viewed as [rows, cols] -> [cols]: the bias gradient over all T*N rows, as ONE naive GEMM
 * 1[1, rows] @ g (the ones row read with stride 0, so nothing is materialised). It replaces sum(g, 0), whose
 * one-workgroup-per-column tree reduction costs 85 ms ([160, 128]) and 147 ms ([800, 256]) on SwiftShader
 * against 2.9 and 6.7 ms for this GEMM.
 */
export function columnSums(g: Tensor, rows: number, cols: number): Tensor {
  const out = empty(g.device, [cols]);
  g.device.backend.run('matmul', {
    a: one(g.device).storage, b: g.storage, out: out.storage, batch: 1, M: 1, N: cols, K: rows,
    aStrides: [0, 0, 0], bStrides: [0, cols, 1], variant: 'naive',
  });
  return out;
}

/**
 * xProj [T, N, G*H] = x W_ih^T (+ bias): one GEMM for every timestep, plus the bias add. One recorded op whose
 * backward is dx = dXProj W_ih, dW_ih = dXProj^T x and dbias = column sums of dXProj (columnSums), each one GEMM.
 */
export function inputProjection(x: Tensor, wIh: Tensor, bias: Tensor | null, d: Dims): Tensor {
  const rows = d.T * d.N;
  const GH = d.G * d.H;
  const variant = inputGemmVariant(d.I);
  const x2 = reshape(x, [rows, d.I]);
  const out = noGrad(() => {
    const p = matmul(x2, wIh, { transposeB: true, variant });
    if (!bias) return p;
    const q = add(p, bias);
    p.dispose();
    return q;
  });
  const inputs = bias ? [x2, wIh, bias] : [x2, wIh];
  record('rnnInputProjection', inputs, [out], ([g]) => {
    const gx = x2.requiresGrad ? matmul(g!, wIh, { variant }) : null;
    const gw = wIh.requiresGrad ? matmul(g!, x2, { transposeA: true, variant }) : null;
    const gb = bias?.requiresGrad ? columnSums(g!, rows, GH) : null;
    return [gx, gw, gb];
  });
  return reshape(out, [d.T, d.N, GH]);
}

/** LSTM and Elman add b_hh to the same pre-activation as b_ih, so one bias add serves both (one fewer dispatch per step). */
function foldBiases(bIh: Tensor | null, bHh: Tensor | null): Tensor | null {
  return bIh && bHh ? add(bIh, bHh) : (bIh ?? bHh);
}

export function zerosLike(device: Device, shape: number[]): Tensor {
  const t = empty(device, shape);
  fillRaw(t, 0);
  return t;
}

/**
 * dW_hh [G*H, R] = dGates^T [G*H, T*N] @ hPrev [T*N, R], one GEMM over all timesteps. hPrev is the first R columns
 * of the saved rows (row stride `width`), so the kernel is called directly with strides instead of copying it out.
 */
function recurrentWeightGrad(dGates: Tensor, saved: Tensor, rows: number, GH: number, R: number, width: number): Tensor {
  const out = empty(dGates.device, [GH, R]);
  dGates.device.backend.run('matmul', {
    a: dGates.storage, b: saved.storage, out: out.storage, batch: 1, M: GH, N: R, K: rows,
    aStrides: [0, 1, GH], bStrides: [0, width, 1], variant: 'auto',
  });
  return out;
}

const timeOrder = (T: number, reverse: boolean): number[] => Array.from({ length: T }, (_, s) => (reverse ? T - 1 - s : s));

/** Per-step [N, 1] masks (1 = active) for the composed path, or null without lengths. */
function stepMasks(device: Device, lengths: Int32Array | null, T: number): Tensor[] | null {
  if (!lengths) return null;
  return Array.from({ length: T }, (_, t) => {
    const m = new Float32Array(lengths.length);
    lengths.forEach((l, n) => (m[n] = t < l ? 1 : 0));
    return new Tensor(device, device.backend.upload('float32', m), [lengths.length, 1], 'float32');
  });
}

/** Composed helper: the time loop with a step function; padded steps keep the state and output zeros. */
function composedLoop(
  xProj: Tensor, states: Tensor[], d: Dims, lengths: Int32Array | null, reverse: boolean,
  step: (xt: Tensor, states: Tensor[]) => { out: Tensor; states: Tensor[] },
): { y: Tensor; states: Tensor[] } {
  const masks = stepMasks(xProj.device, lengths, d.T);
  const ys: Tensor[] = new Array<Tensor>(d.T);
  for (const t of timeOrder(d.T, reverse)) {
    const xt = reshape(slice(xProj, [t, 0, 0], [1, d.N, d.G * d.H]), [d.N, d.G * d.H]);
    const r = step(xt, states);
    if (!masks) {
      ys[t] = r.out;
      states = r.states;
      continue;
    }
    const m = masks[t];
    const keep = sub(1, m);
    ys[t] = mul(r.out, m);
    states = r.states.map((s, i) => add(mul(s, m), mul(states[i], keep)));
  }
  return { y: stack(ys, 0), states };
}

const gate = (a: Tensor, k: number, N: number, H: number): Tensor => slice(a, [0, k * H], [N, H]);

// ---- LSTM ---------------------------------------------------------------------------------------------------

export function lstmLayer(
  x: Tensor, h0: Tensor | null, c0: Tensor | null, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null,
  options: LstmLayerOptions = {},
): LstmLayerResult {
  const op = 'lstmLayer';
  const wHr = options.wHr ?? null;
  const { dims: d, lengths } = validate(op, 'lstm', x, h0, c0, wIh, wHh, bIh, bHh, wHr, options.lengths);
  const device = x.device;
  const reverse = options.reverse ?? false;
  const { impl, wHhDtype } = pickKernel(op, options, device, d, 'lstm', [x, h0, c0, wIh, wHh, bIh, bHh]);
  const h = h0 ?? zerosLike(device, [d.N, d.R]);
  const c = c0 ?? zerosLike(device, [d.N, d.H]);
  const { N, H } = d;
  if (impl === 'composed') {
    const xProj = inputProjection(x, wIh, bIh, d);
    const r = composedLoop(xProj, [h, c], d, lengths, reverse, (xt, [hp, cp]) => {
      let a = add(xt, matmul(hp, wHh, { transposeB: true }));
      if (bHh) a = add(a, bHh);
      const cNew = add(mul(sigmoid(gate(a, 1, N, H)), cp), mul(sigmoid(gate(a, 0, N, H)), tanh(gate(a, 2, N, H))));
      const m = mul(sigmoid(gate(a, 3, N, H)), tanh(cNew));
      const hNew = wHr ? matmul(m, wHr, { transposeB: true }) : m;
      return { out: hNew, states: [hNew, cNew] };
    });
    return { y: r.y, hN: r.states[0], cN: r.states[1] };
  }
  const xProj = inputProjection(x, wIh, foldBiases(bIh, bHh), d);
  return lstmRecurrent(xProj, h, c, wHh, wHr, d, lengths, reverse, impl, wHhDtype);
}

function lstmRecurrent(
  xProj: Tensor, h0: Tensor, c0: Tensor, wHh: Tensor, wHr: Tensor | null, d: Dims, lengths: Int32Array | null,
  reverse: boolean, variant: RnnKernelVariant, wHhDtype: WeightDtype = 'float32',
): LstmLayerResult {
  const device = xProj.device;
  const { T, N, H, R, P } = d;
  const width = lstmSavedWidth(H, R);
  const y = empty(device, [T, N, R]);
  const hN = empty(device, [N, R]);
  const cN = empty(device, [N, H]);
  const inputs = wHr ? [xProj, h0, c0, wHh, wHr] : [xProj, h0, c0, wHh];
  const saved = willRecord(inputs) ? empty(device, [T, N, width]) : null; // inference keeps no saved rows
  const common = { D: 1, T, N, H, P, reverse, lengths, variant, wHh: wHh.storage, wHr: wHr?.storage ?? null };
  device.backend.run('lstmForward', {
    ...common, wHhDtype, xProj: xProj.storage, h0: h0.storage, c0: c0.storage, y: y.storage, hN: hN.storage, cN: cN.storage, saved: saved?.storage ?? null,
  });
  if (saved) record('lstm', inputs, [y, hN, cN], ([gy, ghN, gcN]) => {
    const dXProj = empty(device, [T, N, 4 * H]);
    const dh0 = empty(device, [N, R]);
    const dc0 = empty(device, [N, H]);
    const dWhr = wHr ? empty(device, [P, H]) : null;
    device.backend.run('lstmBackward', {
      ...common, saved: saved.storage, dy: gy?.storage ?? null, dhN: ghN?.storage ?? null, dcN: gcN?.storage ?? null,
      dXProj: dXProj.storage, dh0: dh0.storage, dc0: dc0.storage, dWhr: dWhr?.storage ?? null,
    });
    const dWhh = wHh.requiresGrad ? recurrentWeightGrad(dXProj, saved, T * N, 4 * H, R, width) : null;
    return [dXProj, dh0, dc0, dWhh, dWhr];
  });
  return { y, hN, cN };
}

// ---- GRU ----------------------------------------------------------------------------------------------------

export function gruLayer(
  x: Tensor, h0: Tensor | null, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null,
  options: RecurrentLayerOptions = {},
): RnnLayerResult {
  const op = 'gruLayer';
  const { dims: d, lengths } = validate(op, 'gru', x, h0, null, wIh, wHh, bIh, bHh, null, options.lengths);
  const device = x.device;
  const reverse = options.reverse ?? false;
  const { impl, wHhDtype } = pickKernel(op, options, device, d, 'gru', [x, h0, wIh, wHh, bIh, bHh]);
  const h = h0 ?? zerosLike(device, [d.N, d.H]);
  const { N, H } = d;
  // b_ih can always join xProj; b_hh cannot (r multiplies W_hn h + b_hn), so the recurrent op takes it.
  const xProj = inputProjection(x, wIh, bIh, d);
  if (impl === 'composed') {
    const r = composedLoop(xProj, [h], d, lengths, reverse, (xt, [hp]) => {
      let p = matmul(hp, wHh, { transposeB: true });
      if (bHh) p = add(p, bHh);
      const rg = sigmoid(add(gate(xt, 0, N, H), gate(p, 0, N, H)));
      const z = sigmoid(add(gate(xt, 1, N, H), gate(p, 1, N, H)));
      const n = tanh(add(gate(xt, 2, N, H), mul(rg, gate(p, 2, N, H))));
      const hNew = add(mul(sub(1, z), n), mul(z, hp));
      return { out: hNew, states: [hNew] };
    });
    return { y: r.y, hN: r.states[0] };
  }
  const { T } = d;
  const width = gruSavedWidth(H);
  const y = empty(device, [T, N, H]);
  const hN = empty(device, [N, H]);
  const inputs = bHh ? [xProj, h, wHh, bHh] : [xProj, h, wHh];
  const saved = willRecord(inputs) ? empty(device, [T, N, width]) : null;
  const common = { D: 1, T, N, H, reverse, lengths, variant: impl, wHh: wHh.storage };
  device.backend.run('gruForward', {
    ...common, wHhDtype, xProj: xProj.storage, h0: h.storage, bHh: bHh?.storage ?? null, y: y.storage, hN: hN.storage, saved: saved?.storage ?? null,
  });
  if (saved) record('gru', inputs, [y, hN], ([gy, ghN]) => {
    const dXProj = empty(device, [T, N, 3 * H]);
    const dHp = empty(device, [T, N, 3 * H]);
    const dh0 = empty(device, [N, H]);
    device.backend.run('gruBackward', {
      ...common, saved: saved.storage, dy: gy?.storage ?? null, dhN: ghN?.storage ?? null,
      dXProj: dXProj.storage, dHp: dHp.storage, dh0: dh0.storage,
    });
    const dWhh = wHh.requiresGrad ? recurrentWeightGrad(dHp, saved, T * N, 3 * H, H, width) : null;
    const dbHh = bHh?.requiresGrad ? columnSums(dHp, T * N, 3 * H) : null;
    return [dXProj, dh0, dWhh, dbHh];
  });
  return { y, hN };
}

// ---- Elman RNN ----------------------------------------------------------------------------------------------

export function rnnLayer(
  x: Tensor, h0: Tensor | null, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null,
  options: RnnLayerOptions = {},
): RnnLayerResult {
  const op = 'rnnLayer';
  const { dims: d, lengths } = validate(op, 'rnn', x, h0, null, wIh, wHh, bIh, bHh, null, options.lengths);
  const device = x.device;
  const reverse = options.reverse ?? false;
  const activation = options.nonlinearity ?? 'tanh';
  if (activation !== 'tanh' && activation !== 'relu') throw new ArgumentError(`${op}: nonlinearity must be 'tanh' or 'relu', got '${String(activation)}'`);
  const { impl, wHhDtype } = pickKernel(op, options, device, d, activation === 'relu' ? 'rnnRelu' : 'rnnTanh', [x, h0, wIh, wHh, bIh, bHh]);
  const h = h0 ?? zerosLike(device, [d.N, d.H]);
  if (impl === 'composed') {
    const xProj = inputProjection(x, wIh, bIh, d);
    const r = composedLoop(xProj, [h], d, lengths, reverse, (xt, [hp]) => {
      let a = add(xt, matmul(hp, wHh, { transposeB: true }));
      if (bHh) a = add(a, bHh);
      const hNew = activation === 'tanh' ? tanh(a) : relu(a);
      return { out: hNew, states: [hNew] };
    });
    return { y: r.y, hN: r.states[0] };
  }
  const xProj = inputProjection(x, wIh, foldBiases(bIh, bHh), d);
  const { T, N, H } = d;
  const y = empty(device, [T, N, H]);
  const hN = empty(device, [N, H]);
  const inputs = [xProj, h, wHh];
  const saved = willRecord(inputs) ? empty(device, [T, N, rnnSavedWidth(H)]) : null;
  const common = { D: 1, T, N, H, reverse, lengths, variant: impl, activation, wHh: wHh.storage };
  device.backend.run('rnnForward', { ...common, wHhDtype, xProj: xProj.storage, h0: h.storage, y: y.storage, hN: hN.storage, saved: saved?.storage ?? null });
  if (saved) record('rnn', inputs, [y, hN], ([gy, ghN]) => {
    const dXProj = empty(device, [T, N, H]);
    const dh0 = empty(device, [N, H]);
    device.backend.run('rnnBackward', {
      ...common, y: y.storage, saved: saved.storage, dy: gy?.storage ?? null, dhN: ghN?.storage ?? null,
      dXProj: dXProj.storage, dh0: dh0.storage,
    });
    const dWhh = wHh.requiresGrad ? recurrentWeightGrad(dXProj, saved, T * N, H, H, H) : null;
    return [dXProj, dh0, dWhh];
  });
  return { y, hN };
}
