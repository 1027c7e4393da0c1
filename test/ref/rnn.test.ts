/**
 * Reference tests for the CPU recurrent ops (src/backends/cpu/rnn-{elman,lstm,gru}.ts): PyTorch fixtures via a
 * composed multi-layer helper, central finite differences of BPTT, and the padded-step rules of lengths.
 * Twins: shaders/rnn/*.wgsl, src/ops/rnn.ts, src/backends/webgpu/rnn.ts; fixtures from scripts/fixtures/gen_rnn.py.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Floats } from '../../src/backends/cpu/rnn.ts';
import {
  type RnnArgs,
  type RnnNonlinearity,
  rnnRecurrentBackward,
  rnnRecurrentBackward64,
  rnnRecurrentForward,
  rnnRecurrentForward64,
} from '../../src/backends/cpu/rnn-elman.ts';
import {
  type LstmArgs,
  lstmRecurrentBackward,
  lstmRecurrentBackward64,
  lstmRecurrentForward,
  lstmRecurrentForward64,
} from '../../src/backends/cpu/rnn-lstm.ts';
import {
  type GruArgs,
  gruRecurrentBackward,
  gruRecurrentBackward64,
  gruRecurrentForward,
  gruRecurrentForward64,
} from '../../src/backends/cpu/rnn-gru.ts';

// Tolerances, one table. Fixture values are float64 PyTorch results rounded to 7 digits; ours are float64
// arithmetic on float32 inputs with float32 rounding at every op boundary (xProj, each layer's output), so
// 1e-5 leaves two orders of margin. Finite differences run on the float64 cores, where only the O(eps²)
// truncation and cancellation (~1e-16/eps) errors remain.
const TOL = {
  fixtureForward: { atol: 1e-5, rtol: 1e-5 },
  fixtureGrad: { atol: 1e-5, rtol: 1e-5 },
  finiteDiff: { atol: 1e-7, rtol: 1e-6 },
} as const;
const FD_EPS = 1e-5;

/** |got - want| <= atol + rtol*|want| everywhere; a failure names the max difference, its index, first misses. */
function expectClose(label: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: { atol: number; rtol: number }): void {
  expect(got.length, `${label}: length`).toBe(want.length);
  let maxDiff = 0;
  let maxAt = -1;
  const misses: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= maxDiff)) [maxDiff, maxAt] = [d, i];
    if (!(d <= tol.atol + tol.rtol * Math.abs(want[i])) && misses.length < 5) misses.push(`[${i}] got ${got[i]} want ${want[i]}`);
  }
  if (misses.length > 0) throw new Error(`${label}: max |diff| ${maxDiff} at ${maxAt}; first mismatches: ${misses.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------------------
// The composed helper: a full nn.RNN/LSTM/GRU (layers x directions) from xProj = x W_ih^T + b_ih (a GEMM
// here, as in the engine) plus the recurrent ops, forward and backward. It mirrors how src/nn will wire them.

type Family = 'RNN' | 'LSTM' | 'GRU';
type ModuleName = Family | 'RNNCell' | 'LSTMCell' | 'GRUCell';

interface Spec {
  fam: Family;
  nonlinearity: RnnNonlinearity;
  I: number;
  H: number;
  P: number;
  L: number;
  D: number; // directions
  batchFirst: boolean;
  isCell: boolean; // cells are T = 1, L = D = 1, and their parameter names have no _l0 suffix
}

interface DirGrads {
  dXProj: Float32Array;
  dh0: Float32Array;
  dc0: Float32Array | null;
  dWhh: Float32Array;
  dbHh: Float32Array | null;
  dWhr: Float32Array | null;
}

interface DirRun {
  y: Float32Array; // [T, N, R]
  hN: Float32Array;
  cN: Float32Array | null;
  backward(dy: Float32Array, dhN: Float32Array | null, dcN: Float32Array | null): DirGrads;
}

const G_OF: Record<Family, number> = { RNN: 1, LSTM: 4, GRU: 3 };

function runDir(
  s: Spec, xProj: Float32Array, h0: Float32Array, c0: Float32Array | null, wHh: Float32Array, bHh: Float32Array | null,
  wHr: Float32Array | null, lengths: Int32Array | null, T: number, N: number, reverse: boolean,
): DirRun {
  const { H, P } = s;
  switch (s.fam) {
    case 'LSTM': {
      const a: LstmArgs = { xProj, h0, c0: c0 ?? new Float32Array(N * H), wHh, bHh, wHr, lengths, T, N, H, P, reverse };
      const f = lstmRecurrentForward(a);
      return { y: f.y, hN: f.hN, cN: f.cN, backward: (dy, dhN, dcN) => lstmRecurrentBackward(a, f.saved, dy, dhN, dcN) };
    }
    case 'GRU': {
      const a: GruArgs = { xProj, h0, wHh, bHh, lengths, T, N, H, reverse };
      const f = gruRecurrentForward(a);
      return { y: f.y, hN: f.hN, cN: null, backward: (dy, dhN) => ({ ...gruRecurrentBackward(a, f.saved, dy, dhN), dc0: null, dWhr: null }) };
    }
    case 'RNN': {
      const a: RnnArgs = { xProj, h0, wHh, bHh, lengths, T, N, H, reverse, nonlinearity: s.nonlinearity };
      const f = rnnRecurrentForward(a);
      return { y: f.y, hN: f.hN, cN: null, backward: (dy, dhN) => ({ ...rnnRecurrentBackward(a, f.saved, dy, dhN), dc0: null, dWhr: null }) };
    }
    default:
      return s.fam satisfies never;
  }
}

/** y [M, O] = x [M, K] w^T (w: [O, K]) + b [O], float64 sums rounded to float32 like the engine's matmul. */
function linear(x: Float32Array, w: Float32Array, b: Float32Array | null, M: number, K: number, O: number): Float32Array {
  const y = new Float32Array(M * O);
  for (let m = 0; m < M; m++) {
    for (let o = 0; o < O; o++) {
      let s = b === null ? 0 : b[o];
      for (let k = 0; k < K; k++) s += x[m * K + k] * w[o * K + k];
      y[m * O + o] = s;
    }
  }
  return y;
}

/** [A, B, F] -> [B, A, F]; used for batchFirst in both directions. */
function swap01(x: Float32Array, A: number, B: number, F: number): Float32Array {
  const y = new Float32Array(x.length);
  for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) for (let f = 0; f < F; f++) y[(b * A + a) * F + f] = x[(a * B + b) * F + f];
  return y;
}

function pname(s: Spec, base: string, l: number, d: number): string {
  return s.isCell ? base : `${base}_l${l}${d === 1 ? '_reverse' : ''}`;
}

interface Composed {
  output: Float32Array; // user layout: [T, N, D*R] or [N, T, D*R]
  hN: Float32Array; // [L*D, N, R]
  cN: Float32Array | null; // [L*D, N, H]
  backward(dOut: Float32Array | null, dhN: Float32Array | null, dcN: Float32Array | null): {
    dx: Float32Array;
    dh0: Float32Array;
    dc0: Float32Array | null;
    dParams: Record<string, Float32Array>;
  };
}

function composedForward(
  s: Spec, params: Record<string, Float32Array>, xUser: Float32Array, h0All: Float32Array | null,
  c0All: Float32Array | null, lengths: Int32Array | null, T: number, N: number,
): Composed {
  const { H, L, D } = s;
  const R = s.P > 0 ? s.P : H;
  const GH = G_OF[s.fam] * H;
  const x0 = s.batchFirst ? swap01(xUser, N, T, s.I) : xUser; // time-major [T, N, I]
  const layerIn: Float32Array[] = []; // x_l: [T, N, inSize(l)]
  const runs: DirRun[][] = [];
  const hN = new Float32Array(L * D * N * R);
  const cN = s.fam === 'LSTM' ? new Float32Array(L * D * N * H) : null;
  let x = x0;
  for (let l = 0; l < L; l++) {
    const inSize = l === 0 ? s.I : D * R;
    layerIn.push(x);
    const out = new Float32Array(T * N * D * R); // [T, N, D*R], directions concatenated on the feature axis
    runs.push([]);
    for (let d = 0; d < D; d++) {
      const p = (b: string): Float32Array | null => params[pname(s, b, l, d)] ?? null;
      const xProj = linear(x, p('weight_ih')!, p('bias_ih'), T * N, inSize, GH);
      const k = l * D + d;
      const h0 = h0All === null ? new Float32Array(N * R) : h0All.slice(k * N * R, (k + 1) * N * R);
      const c0 = c0All === null ? null : c0All.slice(k * N * H, (k + 1) * N * H);
      const run = runDir(s, xProj, h0, c0, p('weight_hh')!, p('bias_hh'), p('weight_hr'), lengths, T, N, d === 1);
      runs[l].push(run);
      for (let tn = 0; tn < T * N; tn++) for (let r = 0; r < R; r++) out[(tn * D + d) * R + r] = run.y[tn * R + r];
      hN.set(run.hN, k * N * R);
      if (cN !== null && run.cN !== null) cN.set(run.cN, k * N * H);
    }
    x = out; // inter-layer dropout is 0 in every fixture
  }
  const output = s.batchFirst ? swap01(x, T, N, D * R) : x;

  const backward: Composed['backward'] = (dOutUser, dhNAll, dcNAll) => {
    const dParams: Record<string, Float32Array> = {};
    const dh0 = new Float32Array(L * D * N * R);
    const dc0 = s.fam === 'LSTM' ? new Float32Array(L * D * N * H) : null;
    let dOut = dOutUser === null ? new Float32Array(T * N * D * R) : s.batchFirst ? swap01(dOutUser, N, T, D * R) : dOutUser;
    for (let l = L - 1; l >= 0; l--) {
      const inSize = l === 0 ? s.I : D * R;
      const xl = layerIn[l];
      const dx = new Float64Array(T * N * inSize); // summed over both directions
      for (let d = 0; d < D; d++) {
        const k = l * D + d;
        const dy = new Float32Array(T * N * R);
        for (let tn = 0; tn < T * N; tn++) for (let r = 0; r < R; r++) dy[tn * R + r] = dOut[(tn * D + d) * R + r];
        const g = runs[l][d].backward(
          dy, dhNAll === null ? null : dhNAll.slice(k * N * R, (k + 1) * N * R),
          dcNAll === null ? null : dcNAll.slice(k * N * H, (k + 1) * N * H),
        );
        dh0.set(g.dh0, k * N * R);
        if (dc0 !== null && g.dc0 !== null) dc0.set(g.dc0, k * N * H);
        // The input projection's GEMM backward: dW_ih = dXProj^T x_l, db_ih = Σ dXProj, dx_l += dXProj W_ih.
        const wIh = params[pname(s, 'weight_ih', l, d)];
        const dWih = new Float64Array(GH * inSize);
        const dbIh = new Float64Array(GH);
        for (let tn = 0; tn < T * N; tn++) {
          for (let o = 0; o < GH; o++) {
            const go = g.dXProj[tn * GH + o];
            dbIh[o] += go;
            for (let i = 0; i < inSize; i++) {
              dWih[o * inSize + i] += go * xl[tn * inSize + i];
              dx[tn * inSize + i] += go * wIh[o * inSize + i];
            }
          }
        }
        dParams[pname(s, 'weight_ih', l, d)] = new Float32Array(dWih);
        dParams[pname(s, 'weight_hh', l, d)] = g.dWhh;
        if (g.dbHh !== null) {
          dParams[pname(s, 'bias_ih', l, d)] = new Float32Array(dbIh);
          dParams[pname(s, 'bias_hh', l, d)] = g.dbHh;
        }
        if (g.dWhr !== null) dParams[pname(s, 'weight_hr', l, d)] = g.dWhr;
      }
      dOut = new Float32Array(dx);
    }
    return { dx: s.batchFirst ? swap01(dOut, T, N, s.I) : dOut, dh0, dc0, dParams };
  };
  return { output, hN, cN, backward };
}

// ---------------------------------------------------------------------------------------------------------
// PyTorch fixtures

interface FxTensor {
  shape: number[];
  data: number[];
}
interface FxCase {
  name: string;
  module: ModuleName;
  options: {
    inputSize: number; hiddenSize: number; bias: boolean; numLayers?: number; batchFirst?: boolean;
    dropout?: number; bidirectional?: boolean; projSize?: number; nonlinearity?: RnnNonlinearity;
  };
  T: number;
  N: number;
  lengths: number[] | null;
  stateDict: Record<string, FxTensor>;
  inputs: { x: FxTensor; h0?: FxTensor; c0?: FxTensor };
  outputs: { output?: FxTensor; hN: FxTensor; cN?: FxTensor };
  upstream: { output?: FxTensor; hN: FxTensor; cN?: FxTensor };
  grads: Record<string, FxTensor>;
}

function loadCases(file: string): FxCase[] {
  const text = readFileSync(new URL(`../fixtures/rnn/${file}`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { cases: FxCase[] }).cases;
}

const f32 = (t: FxTensor | undefined): Float32Array | null => (t === undefined ? null : new Float32Array(t.data));

function specOf(c: FxCase): Spec {
  const isCell = c.module.endsWith('Cell');
  const o = c.options;
  return {
    fam: c.module.replace('Cell', '') as Family,
    nonlinearity: o.nonlinearity ?? 'tanh',
    I: o.inputSize,
    H: o.hiddenSize,
    P: o.projSize ?? 0,
    L: o.numLayers ?? 1,
    D: o.bidirectional === true ? 2 : 1,
    batchFirst: o.batchFirst ?? false,
    isCell,
  };
}

/** PyTorch's parameter shapes from the options, so a state_dict moves over without reshaping. */
function expectedShapes(s: Spec): Record<string, number[]> {
  const R = s.P > 0 ? s.P : s.H;
  const GH = G_OF[s.fam] * s.H;
  const out: Record<string, number[]> = {};
  for (let l = 0; l < s.L; l++) {
    for (let d = 0; d < s.D; d++) {
      out[pname(s, 'weight_ih', l, d)] = [GH, l === 0 ? s.I : s.D * R];
      out[pname(s, 'weight_hh', l, d)] = [GH, R];
      out[pname(s, 'bias_ih', l, d)] = [GH];
      out[pname(s, 'bias_hh', l, d)] = [GH];
      if (s.P > 0) out[pname(s, 'weight_hr', l, d)] = [s.P, s.H];
    }
  }
  return out;
}

for (const file of ['rnn.json', 'lstm.json', 'gru.json', 'cells.json']) {
  describe(`PyTorch fixtures: ${file}`, () => {
    for (const c of loadCases(file)) {
      it(c.name, () => {
        const s = specOf(c);
        const want = expectedShapes(s);
        if (!c.options.bias) for (const k of Object.keys(want)) if (k.startsWith('bias')) delete want[k];
        expect(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, v.shape]))).toEqual(want);

        const params: Record<string, Float32Array> = {};
        for (const [k, v] of Object.entries(c.stateDict)) params[k] = new Float32Array(v.data);
        const T = s.isCell ? 1 : c.T;
        const lengths = c.lengths === null ? null : Int32Array.from(c.lengths);
        const m = composedForward(s, params, f32(c.inputs.x)!, f32(c.inputs.h0), f32(c.inputs.c0), lengths, T, c.N);

        if (c.outputs.output !== undefined) expectClose('output', m.output, c.outputs.output.data, TOL.fixtureForward);
        expectClose('hN', m.hN, c.outputs.hN.data, TOL.fixtureForward);
        if (c.outputs.cN !== undefined) expectClose('cN', m.cN!, c.outputs.cN.data, TOL.fixtureForward);

        const g = m.backward(f32(c.upstream.output), f32(c.upstream.hN), f32(c.upstream.cN));
        const got: Record<string, Float32Array | null> = { ...g.dParams, x: g.dx };
        if (c.inputs.h0 !== undefined) got.h0 = g.dh0;
        if (c.inputs.c0 !== undefined) got.c0 = g.dc0;
        expect(Object.keys(got).sort()).toEqual(Object.keys(c.grads).sort());
        for (const [k, v] of Object.entries(c.grads)) expectClose(`d${k}`, got[k]!, v.data, TOL.fixtureGrad);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Finite differences on the float64 cores, and padded-step rules

/** Deterministic uniform(-1, 1) stream (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}
const rand64 = (r: () => number, n: number, scale = 1): Float64Array => Float64Array.from({ length: n }, () => scale * r());

interface OpCase {
  name: string;
  fam: Family;
  T: number; N: number; H: number; P: number;
  bias: boolean; reverse: boolean; lengths: number[] | null; nonlinearity: RnnNonlinearity;
}

/**
 * One layer-direction of any family behind one interface: `inputs` are the differentiable arrays (mutated in
 * place by the FD loop), `loss` is Σ y·Ry + Σ hN·Rh (+ Σ cN·Rc), `grads` is the analytic BPTT result per input.
 */
function makeOp(c: OpCase, seed: number) {
  const r = rng(seed);
  const { T, N, H, P } = c;
  const R = P > 0 ? P : H;
  const G = G_OF[c.fam] * H;
  // Weights scaled up to 1.5/sqrt(H) so the gates leave the linear region and saturation paths are exercised.
  const w = 1.5 / Math.sqrt(Math.max(R, 1));
  const inputs: Record<string, Float64Array> = {
    xProj: rand64(r, T * N * G), h0: rand64(r, N * R, 0.5), wHh: rand64(r, G * R, w),
  };
  if (c.bias) inputs.bHh = rand64(r, G, 0.5);
  if (c.fam === 'LSTM') inputs.c0 = rand64(r, N * H, 0.5);
  if (P > 0) inputs.wHr = rand64(r, P * H, w);
  const Ry = rand64(r, T * N * R), Rh = rand64(r, N * R), Rc = rand64(r, N * H);
  const lengths = c.lengths === null ? null : Int32Array.from(c.lengths);
  const b = (): Float64Array | null => inputs.bHh ?? null;
  const common = { lengths, T, N, H, reverse: c.reverse };
  const lstmArgs = (): LstmArgs => ({ ...common, xProj: inputs.xProj, h0: inputs.h0, c0: inputs.c0, wHh: inputs.wHh, bHh: b(), wHr: inputs.wHr ?? null, P });
  const gruArgs = (): GruArgs => ({ ...common, xProj: inputs.xProj, h0: inputs.h0, wHh: inputs.wHh, bHh: b() });
  const rnnArgs = (): RnnArgs => ({ ...common, xProj: inputs.xProj, h0: inputs.h0, wHh: inputs.wHh, bHh: b(), nonlinearity: c.nonlinearity });
  const dot = (u: ArrayLike<number>, v: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < u.length; i++) s += u[i] * v[i];
    return s;
  };
  const forward = (): { y: Float64Array; hN: Float64Array; cN: Float64Array | null } => {
    switch (c.fam) {
      case 'LSTM': return lstmRecurrentForward64(lstmArgs());
      case 'GRU': return { ...gruRecurrentForward64(gruArgs()), cN: null };
      case 'RNN': return { ...rnnRecurrentForward64(rnnArgs()), cN: null };
      default: return c.fam satisfies never;
    }
  };
  const loss = (): number => {
    const f = forward();
    return dot(f.y, Ry) + dot(f.hN, Rh) + (f.cN === null ? 0 : dot(f.cN, Rc));
  };
  const grads = (dy: Floats = Ry): Record<string, Float64Array | null> => {
    switch (c.fam) {
      case 'LSTM': {
        const g = lstmRecurrentBackward64(lstmArgs(), lstmRecurrentForward64(lstmArgs()).saved, dy, Rh, Rc);
        return { xProj: g.dXProj, h0: g.dh0, c0: g.dc0, wHh: g.dWhh, bHh: g.dbHh, wHr: g.dWhr };
      }
      case 'GRU': {
        const g = gruRecurrentBackward64(gruArgs(), gruRecurrentForward64(gruArgs()).saved, dy, Rh);
        return { xProj: g.dXProj, h0: g.dh0, wHh: g.dWhh, bHh: g.dbHh };
      }
      case 'RNN': {
        const g = rnnRecurrentBackward64(rnnArgs(), rnnRecurrentForward64(rnnArgs()).saved, dy, Rh);
        return { xProj: g.dXProj, h0: g.dh0, wHh: g.dWhh, bHh: g.dbHh };
      }
      default:
        return c.fam satisfies never;
    }
  };
  return { inputs, forward, loss, grads, Ry, G, R };
}

const base = { T: 4, N: 3, H: 3, P: 0, bias: true, reverse: false, lengths: null, nonlinearity: 'tanh' } as const;
const OP_CASES: OpCase[] = [
  { ...base, name: 'rnn tanh', fam: 'RNN' },
  { ...base, name: 'rnn relu reverse lengths', fam: 'RNN', nonlinearity: 'relu', reverse: true, lengths: [2, 4, 1] },
  { ...base, name: 'rnn tanh no bias lengths with a 0', fam: 'RNN', bias: false, lengths: [3, 0, 4] },
  { ...base, name: 'lstm', fam: 'LSTM' },
  { ...base, name: 'lstm reverse lengths', fam: 'LSTM', reverse: true, lengths: [3, 4, 1] },
  { ...base, name: 'lstm no bias H=1', fam: 'LSTM', H: 1, bias: false },
  { ...base, name: 'lstm projSize', fam: 'LSTM', H: 4, P: 2 },
  { ...base, name: 'lstm projSize reverse lengths', fam: 'LSTM', H: 3, P: 2, reverse: true, lengths: [1, 4, 2] },
  { ...base, name: 'lstm projSize lengths T=1', fam: 'LSTM', T: 1, H: 2, P: 1, lengths: [1, 0, 1] },
  { ...base, name: 'gru', fam: 'GRU' },
  { ...base, name: 'gru reverse lengths', fam: 'GRU', reverse: true, lengths: [4, 2, 3] },
  { ...base, name: 'gru no bias lengths', fam: 'GRU', bias: false, lengths: [1, 3, 4] },
];

describe('finite differences of BPTT (float64 cores)', () => {
  OP_CASES.forEach((c, idx) => {
    it(c.name, () => {
      const op = makeOp(c, 1000 + idx);
      const analytic = op.grads();
      for (const [key, arr] of Object.entries(op.inputs)) {
        const numeric = new Float64Array(arr.length);
        for (let i = 0; i < arr.length; i++) {
          const v = arr[i];
          arr[i] = v + FD_EPS;
          const lp = op.loss();
          arr[i] = v - FD_EPS;
          const lm = op.loss();
          arr[i] = v;
          numeric[i] = (lp - lm) / (2 * FD_EPS);
        }
        const a = analytic[key];
        expect(a, `gradient for ${key}`).not.toBeNull();
        expectClose(`d${key}`, a!, numeric, TOL.finiteDiff);
      }
    });
  });
});

describe('padded steps (lengths)', () => {
  const padded = OP_CASES.filter((c) => c.lengths !== null);
  padded.forEach((c, idx) => {
    it(`${c.name}: zero outputs, zero gradient, and the same state as the truncated sequence`, () => {
      const op = makeOp(c, 2000 + idx);
      const { T, N, H } = c;
      const lengths = c.lengths!;
      const f = op.forward();
      const g = op.grads();
      // Changing dy on padded rows must change nothing: those outputs are constants.
      const dyNoisy = Float64Array.from(op.Ry);
      for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) {
        const padRow = t >= lengths[n];
        for (let r = 0; r < op.R; r++) {
          if (padRow) {
            expect(f.y[(t * N + n) * op.R + r]).toBe(0);
            dyNoisy[(t * N + n) * op.R + r] += 100;
          }
        }
        for (let k = 0; k < op.G; k++) if (padRow) expect(g.xProj![(t * N + n) * op.G + k]).toBe(0);
      }
      const g2 = op.grads(dyNoisy);
      for (const k of Object.keys(g)) expect(g2[k], k).toEqual(g[k]);

      // hN (and cN) of item n equal a run of the unpadded op on just its first lengths[n] steps, in both
      // directions: the reverse direction starts at lengths[n]-1 from h0.
      for (let n = 0; n < N; n++) {
        const len = lengths[n];
        const one = makeOp({ ...c, T: len, N: 1, lengths: null }, 0);
        const G = op.G, R = op.R;
        for (let t = 0; t < len; t++) one.inputs.xProj.set(op.inputs.xProj.subarray((t * N + n) * G, (t * N + n + 1) * G), t * G);
        one.inputs.h0.set(op.inputs.h0.subarray(n * R, (n + 1) * R));
        for (const k of ['wHh', 'bHh', 'wHr'] as const) if (op.inputs[k] !== undefined) one.inputs[k].set(op.inputs[k]);
        if (c.fam === 'LSTM') one.inputs.c0.set(op.inputs.c0.subarray(n * H, (n + 1) * H));
        const fo = one.forward();
        expectClose(`hN[${n}]`, f.hN.subarray(n * R, (n + 1) * R), fo.hN, { atol: 1e-12, rtol: 1e-12 });
        if (f.cN !== null && fo.cN !== null) expectClose(`cN[${n}]`, f.cN.subarray(n * H, (n + 1) * H), fo.cN, { atol: 1e-12, rtol: 1e-12 });
        for (let t = 0; t < len; t++) {
          expectClose(`y[${t},${n}]`, f.y.subarray((t * N + n) * R, (t * N + n + 1) * R), fo.y.subarray(t * R, (t + 1) * R), { atol: 1e-12, rtol: 1e-12 });
        }
      }
    });
  });

  it('lengths all equal to T is the same as no lengths', () => {
    for (const fam of ['RNN', 'LSTM', 'GRU'] as const) {
      for (const reverse of [false, true]) {
        const c: OpCase = { ...base, name: '', fam, reverse, P: fam === 'LSTM' ? 2 : 0 };
        const a = makeOp(c, 7).forward();
        const b = makeOp({ ...c, lengths: [4, 4, 4] }, 7).forward();
        expect(b.y).toEqual(a.y);
        expect(b.hN).toEqual(a.hN);
      }
    }
  });
});
