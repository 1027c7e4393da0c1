/**
 * CPU reference for the GRU recurrent op of one layer-direction: time loop forward and BPTT backward, with
 * variable lengths. Plain loops, float64 arithmetic, PyTorch's reset-after GRU.
 * Twins: shaders/rnn/gru*.wgsl, src/ops/rnn.ts, src/backends/webgpu/rnn.ts. Shared helpers: ./rnn.ts.
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

// Equations (PyTorch's nn.GRU; gate rows in the 3H dimension are ordered r, z, n):
//   hp = W_hh h + b_hh                              hp: [3H], the hidden projection
//   r = σ(xProj_r + hp_r)    z = σ(xProj_z + hp_z)
//   n = tanh(xProj_n + r * hp_n)                    the reset gate multiplies W_hn h + b_hn ("reset after"),
//   h' = (1 - z) * n + z * h                        so b_hn cannot be folded into b_in.
// Because of that r, the hidden projection's n block is NOT simply added to xProj's n block. In the backward
// the two gradients differ: dL/dxProj_n = dL/d(pre_n), while dL/dhp_n = r * dL/d(pre_n). The r and z blocks
// receive the same gradient from both sides.

export interface GruArgs {
  xProj: Floats; // [T, N, 3H]
  h0: Floats; // [N, H]
  wHh: Floats; // [3H, H]
  bHh: Floats | null; // [3H]
  lengths: Int32Array | null; // [N]
  T: number;
  N: number;
  H: number;
  reverse: boolean;
}

export interface GruSaved<A extends Floats> {
  gates: A; // [T, N, 3H] post-activation r, z, n (zero at padded steps)
  hn: A; // [T, N, H] hp_n = W_hn h_{t-1} + b_hn, needed for dr (zero at padded steps)
}

export interface GruForward<A extends Floats> {
  y: A; // [T, N, H], zero rows at padded steps
  hN: A; // [N, H]
  saved: GruSaved<A>;
}

export interface GruGrads<A extends Floats> {
  dXProj: A; // [T, N, 3H]
  dh0: A; // [N, H]
  dWhh: A; // [3H, H]
  dbHh: A | null; // [3H]
}

function checkArgs(a: GruArgs): void {
  const { T, N, H } = a;
  checkSize('xProj', a.xProj, [T, N, 3 * H]);
  checkSize('h0', a.h0, [N, H]);
  checkSize('wHh', a.wHh, [3 * H, H]);
  checkSize('bHh', a.bHh, [3 * H]);
  checkLengths(a.lengths, N, T);
}

/** Forward time loop in float64; see gruRecurrentForward for the float32 engine entry point. */
export function gruRecurrentForward64(a: GruArgs): GruForward<Float64Array> {
  const { T, N, H } = a;
  checkArgs(a);
  const G = 3 * H;
  const y = new Float64Array(T * N * H); // [T, N, H]
  const gates = new Float64Array(T * N * G); // [T, N, 3H]
  const hnAll = new Float64Array(T * N * H); // [T, N, H]
  const h = copy64(a.h0); // running state [N, H]
  const hp = new Float64Array(G); // one item's hidden projection [3H]

  for (const t of timeOrder(T, a.reverse)) {
    for (let n = 0; n < N; n++) {
      if (!isActive(a.lengths, t, n)) continue; // padded: state carried, y/gates/hn rows stay zero
      const gRow = (t * N + n) * G;
      const hRow = (t * N + n) * H;
      // Whole hidden projection from the OLD h first: h' needs h and every gate needs hp.
      for (let k = 0; k < G; k++) {
        let s = a.bHh === null ? 0 : a.bHh[k];
        for (let j = 0; j < H; j++) s += a.wHh[k * H + j] * h[n * H + j];
        hp[k] = s;
      }
      for (let j = 0; j < H; j++) {
        const r = sigmoid(a.xProj[gRow + j] + hp[j]);
        const z = sigmoid(a.xProj[gRow + H + j] + hp[H + j]);
        const nn = Math.tanh(a.xProj[gRow + 2 * H + j] + r * hp[2 * H + j]);
        gates[gRow + j] = r;
        gates[gRow + H + j] = z;
        gates[gRow + 2 * H + j] = nn;
        hnAll[hRow + j] = hp[2 * H + j];
        // Each j reads only h[n, j] of the old state, and hp is already computed, so updating in place is safe.
        const hNew = (1 - z) * nn + z * h[n * H + j];
        h[n * H + j] = hNew;
        y[hRow + j] = hNew;
      }
    }
  }
  return { y, hN: h, saved: { gates, hn: hnAll } };
}

/** Float32 entry point for the engine: float64 arithmetic, results rounded once to float32. */
export function gruRecurrentForward(a: GruArgs): GruForward<Float32Array> {
  const r = gruRecurrentForward64(a);
  return { y: toF32(r.y), hN: toF32(r.hN), saved: { gates: toF32(r.saved.gates), hn: toF32(r.saved.hn) } };
}

/**
 * BPTT in float64. dy: [T, N, H], dhN: [N, H]; either may be null (zero). dy rows at padded steps are ignored
 * because those outputs are constant zeros.
 */
export function gruRecurrentBackward64(
  a: GruArgs,
  saved: GruSaved<Floats>,
  dy: Floats | null,
  dhN: Floats | null,
): GruGrads<Float64Array> {
  const { T, N, H } = a;
  checkArgs(a);
  const G = 3 * H;
  checkSize('saved.gates', saved.gates, [T, N, G]);
  checkSize('saved.hn', saved.hn, [T, N, H]);
  checkSize('dy', dy, [T, N, H]);
  checkSize('dhN', dhN, [N, H]);
  const order = timeOrder(T, a.reverse);

  // Replay pass for h_{t-1} (needed for dz, the z*h path and dW_hh): h' = (1-z) n + z h from the saved gates,
  // carried through padded steps as in the forward.
  const hPrev = new Float64Array(T * N * H); // [T, N, H]
  {
    const h = copy64(a.h0);
    for (const t of order) {
      for (let n = 0; n < N; n++) {
        const row = (t * N + n) * H;
        for (let j = 0; j < H; j++) hPrev[row + j] = h[n * H + j];
        if (!isActive(a.lengths, t, n)) continue;
        const gRow = (t * N + n) * G;
        for (let j = 0; j < H; j++) {
          const z = saved.gates[gRow + H + j];
          h[n * H + j] = (1 - z) * saved.gates[gRow + 2 * H + j] + z * h[n * H + j];
        }
      }
    }
  }

  const dXProj = new Float64Array(T * N * G);
  const dWhh = new Float64Array(G * H);
  const dbHh = a.bHh === null ? null : new Float64Array(G);
  const dh = zerosIfNull(dhN, N * H); // gradient w.r.t. the running h [N, H]
  const dhp = new Float64Array(G); // dL/d(hidden projection) for one item [3H]
  const dhDirect = new Float64Array(H); // the z*h path straight to h_{t-1}

  for (let s = T - 1; s >= 0; s--) {
    const t = order[s];
    for (let n = 0; n < N; n++) {
      // A padded step passed h through unchanged, so dh passes back through it unchanged.
      if (!isActive(a.lengths, t, n)) continue;
      const gRow = (t * N + n) * G;
      const row = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const r = saved.gates[gRow + j];
        const z = saved.gates[gRow + H + j];
        const nn = saved.gates[gRow + 2 * H + j];
        const dhTot = dh[n * H + j] + (dy === null ? 0 : dy[row + j]);
        const hp = hPrev[row + j];
        // h' = (1-z) n + z h
        const dn = dhTot * (1 - z);
        const dz = dhTot * (hp - nn);
        dhDirect[j] = dhTot * z;
        // pre_n = xProj_n + r * hp_n and n = tanh(pre_n)
        const dPreN = dn * (1 - nn * nn);
        const dr = dPreN * saved.hn[row + j];
        const dPreR = dr * r * (1 - r);
        const dPreZ = dz * z * (1 - z);
        dXProj[gRow + j] = dPreR;
        dXProj[gRow + H + j] = dPreZ;
        dXProj[gRow + 2 * H + j] = dPreN; // xProj_n enters pre_n with weight 1 ...
        dhp[j] = dPreR;
        dhp[H + j] = dPreZ;
        dhp[2 * H + j] = dPreN * r; // ... but hp_n enters it with weight r.
      }
      for (let k = 0; k < G; k++) {
        if (dbHh !== null) dbHh[k] += dhp[k];
        for (let j = 0; j < H; j++) dWhh[k * H + j] += dhp[k] * hPrev[row + j];
      }
      // dL/dh_{t-1} = z * dh' + W_hh^T dhp
      for (let j = 0; j < H; j++) {
        let v = dhDirect[j];
        for (let k = 0; k < G; k++) v += a.wHh[k * H + j] * dhp[k];
        dh[n * H + j] = v;
      }
    }
  }
  return { dXProj, dh0: dh, dWhh, dbHh };
}

/** Float32 entry point for the engine's backward rule. */
export function gruRecurrentBackward(
  a: GruArgs,
  saved: GruSaved<Floats>,
  dy: Floats | null,
  dhN: Floats | null,
): GruGrads<Float32Array> {
  const g = gruRecurrentBackward64(a, saved, dy, dhN);
  return { dXProj: toF32(g.dXProj), dh0: toF32(g.dh0), dWhh: toF32(g.dWhh), dbHh: toF32OrNull(g.dbHh) };
}
