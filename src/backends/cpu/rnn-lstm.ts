/**
 * CPU reference for the LSTM recurrent op of one layer-direction: time loop forward and BPTT backward, with
 * optional projection (projSize) and variable lengths. Plain loops, float64 arithmetic, PyTorch semantics.
 * Twins: shaders/rnn/lstm*.wgsl, src/ops/rnn.ts, src/backends/webgpu/rnn.ts. Shared helpers: ./rnn.ts.
 */

import {
  type Floats,
  checkLengths,
  checkSize,
  copy64,
  isActive,
  sigmoid,
  timeOrder,
  toF32,
  toF32OrNull,
  zerosIfNull,
} from './rnn.ts';

// Equations (PyTorch's nn.LSTM; gate rows in the 4H dimension are ordered i, f, g, o):
//   a = xProj_t + W_hh h + b_hh                    a: [4H]  (xProj_t already holds W_ih x_t + b_ih)
//   i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
//   c' = f*c + i*g
//   m  = o*tanh(c')                                 m: [H]
//   h' = W_hr m   if projSize P > 0 (h: [P]),  else h' = m (h: [H])
// With a projection, the recurrent input is the projected h, so W_hh is [4H, P] and h0 is [N, P]; the cell
// state c stays [H]. R below is "the size of h": P when projecting, H otherwise.

export interface LstmArgs {
  xProj: Floats; // [T, N, 4H]
  h0: Floats; // [N, R]
  c0: Floats; // [N, H]
  wHh: Floats; // [4H, R]
  bHh: Floats | null; // [4H]
  wHr: Floats | null; // [P, H], present exactly when P > 0
  lengths: Int32Array | null; // [N]
  T: number;
  N: number;
  H: number;
  P: number; // 0 = no projection
  reverse: boolean;
}

export interface LstmSaved<A extends Floats> {
  gates: A; // [T, N, 4H] post-activation i, f, g, o (zero at padded steps)
  c: A; // [T, N, H] cell state after each step (carried unchanged through padded steps)
}

export interface LstmForward<A extends Floats> {
  y: A; // [T, N, R], zero rows at padded steps
  hN: A; // [N, R]
  cN: A; // [N, H]
  saved: LstmSaved<A>;
}

export interface LstmGrads<A extends Floats> {
  dXProj: A; // [T, N, 4H]: gradient w.r.t. the pre-activations (xProj enters them with weight 1)
  dh0: A; // [N, R]
  dc0: A; // [N, H]
  dWhh: A; // [4H, R]
  dbHh: A | null; // [4H]
  dWhr: A | null; // [P, H]
}

function checkArgs(a: LstmArgs): number {
  const { T, N, H, P } = a;
  const R = P > 0 ? P : H;
  checkSize('xProj', a.xProj, [T, N, 4 * H]);
  checkSize('h0', a.h0, [N, R]);
  checkSize('c0', a.c0, [N, H]);
  checkSize('wHh', a.wHh, [4 * H, R]);
  checkSize('bHh', a.bHh, [4 * H]);
  if ((P > 0) !== (a.wHr !== null)) throw new Error(`rnn reference: wHr must be given exactly when P > 0 (P = ${P})`);
  checkSize('wHr', a.wHr, [P, H]);
  checkLengths(a.lengths, N, T);
  return R;
}

/** Forward time loop in float64; see lstmRecurrentForward for the float32 engine entry point. */
export function lstmRecurrentForward64(a: LstmArgs): LstmForward<Float64Array> {
  const { T, N, H, P } = a;
  const R = checkArgs(a);
  const G = 4 * H;
  const y = new Float64Array(T * N * R); // [T, N, R]
  const gates = new Float64Array(T * N * G); // [T, N, 4H]
  const cAll = new Float64Array(T * N * H); // [T, N, H]
  const h = copy64(a.h0); // running state [N, R]
  const c = copy64(a.c0); // running state [N, H]
  const pre = new Float64Array(G); // one item's pre-activations [4H]
  const m = new Float64Array(H); // one item's unprojected output o*tanh(c') [H]

  for (const t of timeOrder(T, a.reverse)) {
    for (let n = 0; n < N; n++) {
      const gRow = (t * N + n) * G;
      const cRow = (t * N + n) * H;
      if (!isActive(a.lengths, t, n)) {
        // Padded step: keep the state, leave y and gates zero; saved.c still records the carried state so
        // "c after step t" means the same thing at every t.
        for (let j = 0; j < H; j++) cAll[cRow + j] = c[n * H + j];
        continue;
      }
      // All 4H pre-activations from the OLD h before any of h is overwritten.
      for (let k = 0; k < G; k++) {
        let s = a.xProj[gRow + k] + (a.bHh === null ? 0 : a.bHh[k]);
        for (let r = 0; r < R; r++) s += a.wHh[k * R + r] * h[n * R + r];
        pre[k] = s;
      }
      for (let j = 0; j < H; j++) {
        const i = sigmoid(pre[j]);
        const f = sigmoid(pre[H + j]);
        const g = Math.tanh(pre[2 * H + j]);
        const o = sigmoid(pre[3 * H + j]);
        gates[gRow + j] = i;
        gates[gRow + H + j] = f;
        gates[gRow + 2 * H + j] = g;
        gates[gRow + 3 * H + j] = o;
        const cNew = f * c[n * H + j] + i * g;
        c[n * H + j] = cNew;
        cAll[cRow + j] = cNew;
        m[j] = o * Math.tanh(cNew);
      }
      const yRow = (t * N + n) * R;
      for (let r = 0; r < R; r++) {
        let v = m[r];
        if (a.wHr !== null) {
          // Projection: h'[p] = Σ_j W_hr[p, j] m[j]  (only when P > 0, then R = P).
          v = 0;
          for (let j = 0; j < H; j++) v += a.wHr[r * H + j] * m[j];
        }
        h[n * R + r] = v;
        y[yRow + r] = v;
      }
    }
  }
  return { y, hN: h, cN: c, saved: { gates, c: cAll } };
}

/** Float32 entry point for the engine: float64 arithmetic, results rounded once to float32. */
export function lstmRecurrentForward(a: LstmArgs): LstmForward<Float32Array> {
  const r = lstmRecurrentForward64(a);
  return {
    y: toF32(r.y),
    hN: toF32(r.hN),
    cN: toF32(r.cN),
    saved: { gates: toF32(r.saved.gates), c: toF32(r.saved.c) },
  };
}

/**
 * BPTT in float64. dy: [T, N, R], dhN: [N, R], dcN: [N, H]; any may be null (treated as zero: that output
 * did not reach the loss). dy rows at padded steps are ignored because those outputs are constant zeros.
 */
export function lstmRecurrentBackward64(
  a: LstmArgs,
  saved: LstmSaved<Floats>,
  dy: Floats | null,
  dhN: Floats | null,
  dcN: Floats | null,
): LstmGrads<Float64Array> {
  const { T, N, H, P } = a;
  const R = checkArgs(a);
  const G = 4 * H;
  checkSize('saved.gates', saved.gates, [T, N, G]);
  checkSize('saved.c', saved.c, [T, N, H]);
  checkSize('dy', dy, [T, N, R]);
  checkSize('dhN', dhN, [N, R]);
  checkSize('dcN', dcN, [N, H]);
  const order = timeOrder(T, a.reverse);

  // Replay pass: the state entering each step. Only gates and c are saved (what a GPU kernel keeps), so h_{t-1}
  // is rebuilt as W_hr (o*tanh(c)) (or o*tanh(c)) of the previous active step; it is needed for dW_hh and c_{t-1}
  // for df. Both are carried through padded steps exactly as the forward did.
  const hPrev = new Float64Array(T * N * R); // [T, N, R]
  const cPrev = new Float64Array(T * N * H); // [T, N, H]
  {
    const h = copy64(a.h0);
    const c = copy64(a.c0);
    for (const t of order) {
      for (let n = 0; n < N; n++) {
        for (let r = 0; r < R; r++) hPrev[(t * N + n) * R + r] = h[n * R + r];
        for (let j = 0; j < H; j++) cPrev[(t * N + n) * H + j] = c[n * H + j];
        if (!isActive(a.lengths, t, n)) continue;
        const gRow = (t * N + n) * G;
        for (let j = 0; j < H; j++) c[n * H + j] = saved.c[(t * N + n) * H + j];
        for (let r = 0; r < R; r++) {
          if (a.wHr === null) {
            h[n * R + r] = saved.gates[gRow + 3 * H + r] * Math.tanh(c[n * H + r]);
          } else {
            let v = 0;
            for (let j = 0; j < H; j++) v += a.wHr[r * H + j] * saved.gates[gRow + 3 * H + j] * Math.tanh(c[n * H + j]);
            h[n * R + r] = v;
          }
        }
      }
    }
  }

  const dXProj = new Float64Array(T * N * G);
  const dWhh = new Float64Array(G * R);
  const dbHh = a.bHh === null ? null : new Float64Array(G);
  const dWhr = a.wHr === null ? null : new Float64Array(P * H);
  const dh = zerosIfNull(dhN, N * R); // gradient w.r.t. the running h [N, R]
  const dc = zerosIfNull(dcN, N * H); // gradient w.r.t. the running c [N, H]
  const dhTot = new Float64Array(R); // dL/dh' for one item: from the next step plus from y_t
  const dm = new Float64Array(H); // dL/dm, m = o*tanh(c')
  const da = new Float64Array(G); // dL/d(pre-activation) [4H]

  for (let s = T - 1; s >= 0; s--) {
    const t = order[s];
    for (let n = 0; n < N; n++) {
      // A padded step passed h and c through unchanged, so dh and dc pass back through it unchanged too.
      if (!isActive(a.lengths, t, n)) continue;
      const gRow = (t * N + n) * G;
      const cRow = (t * N + n) * H;
      for (let r = 0; r < R; r++) dhTot[r] = dh[n * R + r] + (dy === null ? 0 : dy[(t * N + n) * R + r]);
      if (a.wHr === null || dWhr === null) {
        for (let j = 0; j < H; j++) dm[j] = dhTot[j];
      } else {
        // h' = W_hr m  =>  dm = W_hr^T dh',  dW_hr += dh' m^T.
        for (let j = 0; j < H; j++) {
          const mj = saved.gates[gRow + 3 * H + j] * Math.tanh(saved.c[cRow + j]);
          let v = 0;
          for (let p = 0; p < P; p++) {
            v += a.wHr[p * H + j] * dhTot[p];
            dWhr[p * H + j] += dhTot[p] * mj;
          }
          dm[j] = v;
        }
      }
      for (let j = 0; j < H; j++) {
        const i = saved.gates[gRow + j];
        const f = saved.gates[gRow + H + j];
        const g = saved.gates[gRow + 2 * H + j];
        const o = saved.gates[gRow + 3 * H + j];
        const tc = Math.tanh(saved.c[cRow + j]);
        // c' reaches the loss twice: through m = o*tanh(c') now and through the next step's f*c' (dc).
        const dcTot = dc[n * H + j] + dm[j] * o * (1 - tc * tc);
        // Derivatives of the activations written with their outputs: σ' = σ(1-σ), tanh' = 1 - tanh².
        da[j] = dcTot * g * i * (1 - i);
        da[H + j] = dcTot * cPrev[cRow + j] * f * (1 - f);
        da[2 * H + j] = dcTot * i * (1 - g * g);
        da[3 * H + j] = dm[j] * tc * o * (1 - o);
        dc[n * H + j] = dcTot * f; // becomes dL/dc_{t-1}
      }
      const hRow = (t * N + n) * R;
      for (let k = 0; k < G; k++) {
        dXProj[gRow + k] = da[k];
        if (dbHh !== null) dbHh[k] += da[k];
        for (let r = 0; r < R; r++) dWhh[k * R + r] += da[k] * hPrev[hRow + r];
      }
      // dL/dh_{t-1} = W_hh^T da; the old dh was fully consumed into dhTot above, so overwrite it.
      for (let r = 0; r < R; r++) {
        let v = 0;
        for (let k = 0; k < G; k++) v += a.wHh[k * R + r] * da[k];
        dh[n * R + r] = v;
      }
    }
  }
  return { dXProj, dh0: dh, dc0: dc, dWhh, dbHh, dWhr };
}

/** Float32 entry point for the engine's backward rule. */
export function lstmRecurrentBackward(
  a: LstmArgs,
  saved: LstmSaved<Floats>,
  dy: Floats | null,
  dhN: Floats | null,
  dcN: Floats | null,
): LstmGrads<Float32Array> {
  const g = lstmRecurrentBackward64(a, saved, dy, dhN, dcN);
  return {
    dXProj: toF32(g.dXProj),
    dh0: toF32(g.dh0),
    dc0: toF32(g.dc0),
    dWhh: toF32(g.dWhh),
    dbHh: toF32OrNull(g.dbHh),
    dWhr: toF32OrNull(g.dWhr),
  };
}
