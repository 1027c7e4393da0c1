/**
 * CPU reference for the Elman RNN recurrent op (nn.RNN, tanh or relu) of one layer-direction: time loop
 * forward and BPTT backward, with variable lengths. Plain loops, float64 arithmetic, PyTorch semantics.
 * Twins: shaders/rnn/rnn*.wgsl, src/ops/rnn.ts, src/backends/webgpu/rnn.ts. Shared helpers: ./rnn.ts.
 */

import {
  type Floats,
  checkLengths,
  checkSize,
  copy64,
  isActive,
  timeOrder,
  toF32,
  toF32OrNull,
  zerosIfNull,
} from './rnn.ts';

// Equation: h' = act(xProj_t + W_hh h + b_hh), act = tanh or relu. The op's output row is h' itself.

export type RnnNonlinearity = 'tanh' | 'relu';

export interface RnnArgs {
  xProj: Floats; // [T, N, H]
  h0: Floats; // [N, H]
  wHh: Floats; // [H, H]
  bHh: Floats | null; // [H]
  lengths: Int32Array | null; // [N]
  T: number;
  N: number;
  H: number;
  reverse: boolean;
  nonlinearity: RnnNonlinearity;
}

export interface RnnSaved<A extends Floats> {
  // [T, N, H] state after each step, carried unchanged through padded steps. Unlike y it is not zeroed at
  // padded steps, so it gives both h_{t-1} and the activation derivative (written with act's output).
  h: A;
}

export interface RnnForward<A extends Floats> {
  y: A; // [T, N, H], zero rows at padded steps
  hN: A; // [N, H]
  saved: RnnSaved<A>;
}

export interface RnnGrads<A extends Floats> {
  dXProj: A; // [T, N, H]
  dh0: A; // [N, H]
  dWhh: A; // [H, H]
  dbHh: A | null; // [H]
}

function checkArgs(a: RnnArgs): void {
  const { T, N, H } = a;
  checkSize('xProj', a.xProj, [T, N, H]);
  checkSize('h0', a.h0, [N, H]);
  checkSize('wHh', a.wHh, [H, H]);
  checkSize('bHh', a.bHh, [H]);
  checkLengths(a.lengths, N, T);
}

function activate(x: number, nonlinearity: RnnNonlinearity): number {
  switch (nonlinearity) {
    case 'tanh':
      return Math.tanh(x);
    case 'relu':
      return x > 0 ? x : 0;
    default:
      return nonlinearity satisfies never;
  }
}

// act'(pre) from the output y = act(pre): tanh' = 1 - y², relu' = [y > 0]. At pre = 0 relu's derivative is
// taken as 0, as PyTorch's threshold backward does.
function activationGrad(y: number, nonlinearity: RnnNonlinearity): number {
  switch (nonlinearity) {
    case 'tanh':
      return 1 - y * y;
    case 'relu':
      return y > 0 ? 1 : 0;
    default:
      return nonlinearity satisfies never;
  }
}

/** Forward time loop in float64; see rnnRecurrentForward for the float32 engine entry point. */
export function rnnRecurrentForward64(a: RnnArgs): RnnForward<Float64Array> {
  const { T, N, H } = a;
  checkArgs(a);
  const y = new Float64Array(T * N * H); // [T, N, H]
  const hAll = new Float64Array(T * N * H); // [T, N, H]
  const h = copy64(a.h0); // running state [N, H]
  const pre = new Float64Array(H); // one item's pre-activation [H]

  for (const t of timeOrder(T, a.reverse)) {
    for (let n = 0; n < N; n++) {
      const row = (t * N + n) * H;
      if (isActive(a.lengths, t, n)) {
        // All of pre from the OLD h before overwriting any of it (every output mixes every h_j).
        for (let k = 0; k < H; k++) {
          let s = a.xProj[row + k] + (a.bHh === null ? 0 : a.bHh[k]);
          for (let j = 0; j < H; j++) s += a.wHh[k * H + j] * h[n * H + j];
          pre[k] = s;
        }
        for (let k = 0; k < H; k++) {
          h[n * H + k] = activate(pre[k], a.nonlinearity);
          y[row + k] = h[n * H + k];
        }
      }
      for (let k = 0; k < H; k++) hAll[row + k] = h[n * H + k];
    }
  }
  return { y, hN: h, saved: { h: hAll } };
}

/** Float32 entry point for the engine: float64 arithmetic, results rounded once to float32. */
export function rnnRecurrentForward(a: RnnArgs): RnnForward<Float32Array> {
  const r = rnnRecurrentForward64(a);
  return { y: toF32(r.y), hN: toF32(r.hN), saved: { h: toF32(r.saved.h) } };
}

/**
 * BPTT in float64. dy: [T, N, H], dhN: [N, H]; either may be null (zero). dy rows at padded steps are ignored
 * because those outputs are constant zeros.
 */
export function rnnRecurrentBackward64(
  a: RnnArgs,
  saved: RnnSaved<Floats>,
  dy: Floats | null,
  dhN: Floats | null,
): RnnGrads<Float64Array> {
  const { T, N, H } = a;
  checkArgs(a);
  checkSize('saved.h', saved.h, [T, N, H]);
  checkSize('dy', dy, [T, N, H]);
  checkSize('dhN', dhN, [N, H]);
  const order = timeOrder(T, a.reverse);
  const dXProj = new Float64Array(T * N * H);
  const dWhh = new Float64Array(H * H);
  const dbHh = a.bHh === null ? null : new Float64Array(H);
  const dh = zerosIfNull(dhN, N * H); // gradient w.r.t. the running h [N, H]
  const dPre = new Float64Array(H); // one item's dL/d(pre-activation)

  for (let s = T - 1; s >= 0; s--) {
    const t = order[s];
    // h_{t-1} is the saved state after the previous step in visiting order (h0 before the first one);
    // saved.h carries the state through padded steps, so this is right for every item.
    const prev = s > 0 ? (order[s - 1] * N) * H : -1;
    for (let n = 0; n < N; n++) {
      // A padded step passed h through unchanged, so dh passes back through it unchanged.
      if (!isActive(a.lengths, t, n)) continue;
      const row = (t * N + n) * H;
      for (let k = 0; k < H; k++) {
        const dhTot = dh[n * H + k] + (dy === null ? 0 : dy[row + k]);
        dPre[k] = dhTot * activationGrad(saved.h[row + k], a.nonlinearity);
        dXProj[row + k] = dPre[k];
      }
      for (let k = 0; k < H; k++) {
        if (dbHh !== null) dbHh[k] += dPre[k];
        for (let j = 0; j < H; j++) {
          const hp = prev < 0 ? a.h0[n * H + j] : saved.h[prev + n * H + j];
          dWhh[k * H + j] += dPre[k] * hp;
        }
      }
      // dL/dh_{t-1} = W_hh^T dPre (the old dh was consumed into dhTot above).
      for (let j = 0; j < H; j++) {
        let v = 0;
        for (let k = 0; k < H; k++) v += a.wHh[k * H + j] * dPre[k];
        dh[n * H + j] = v;
      }
    }
  }
  return { dXProj, dh0: dh, dWhh, dbHh };
}

/** Float32 entry point for the engine's backward rule. */
export function rnnRecurrentBackward(
  a: RnnArgs,
  saved: RnnSaved<Floats>,
  dy: Floats | null,
  dhN: Floats | null,
): RnnGrads<Float32Array> {
  const g = rnnRecurrentBackward64(a, saved, dy, dhN);
  return { dXProj: toF32(g.dXProj), dh0: toF32(g.dh0), dWhh: toF32(g.dWhh), dbHh: toF32OrNull(g.dbHh) };
}
