// The numbers behind <seq-explainer>: one step of an RNN / LSTM / GRU cell with input size I and hidden size H
// (1..4 in the element; 1 x 1 is the slider view), computed by seqgpu on a device gate by gate with elementary ops
// (matching the equations the element prints, the matrix-vector products kept separately so they can be shown
// entry by entry), then checked against seqgpu's fused cell (nn.RNNCell / LSTMCell / GRUCell with the same
// weights), and a short sequence unrolled through the cell. PyTorch's semantics: gate order i, f, g, o (LSTM) and
// r, z, n (GRU), two biases per gate, GRU's reset gate applied to (W_hn h + b_hn). The presets (lib/cell-presets.ts)
// include the lecture's worked examples with their slips.
import type * as Seqgpu from '../../index.ts';
import type { Device } from '../../device.ts';
import type { Tensor } from '../../tensor.ts';

type SeqgpuModule = typeof Seqgpu;
export type CellKind = 'rnn' | 'lstm' | 'gru';

/** Largest input / hidden size the element offers (the grids stay readable). */
export const MAX_SIZE = 4;

/** One gate's weights: W_x [H][I], W_h [H][H], input bias [H], recurrent bias [H]. */
export interface GateWeights {
  wx: number[][];
  wh: number[][];
  bx: number[];
  bh: number[];
}

export const GATES: Record<CellKind, readonly string[]> = {
  rnn: ['h'],
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
};

export type Activation = 'sigmoid' | 'tanh';

export const ACTIVATION: Record<CellKind, Record<string, Activation>> = {
  rnn: { h: 'tanh' },
  lstm: { i: 'sigmoid', f: 'sigmoid', g: 'tanh', o: 'sigmoid' },
  gru: { r: 'sigmoid', z: 'sigmoid', n: 'tanh' },
};

/**
 * Where a preset's lecture prints a number that seqgpu can check: 'Wx:<gate>' / 'Wh:<gate>' (a matrix-vector
 * product), 'gate:<gate>' (an activation), 'h' / 'c' (the new state), 'seq:h:<t>' (h_t of the unrolled sequence,
 * t from 1).
 */
export interface Slip {
  at: string;
  /** What the lecture prints. */
  lecture: number[];
  /** Decimals the lecture prints (agreement is judged at that rounding). */
  decimals: number;
  /** Why it differs, or where the number comes from. */
  note: string;
}

export interface CellInput {
  kind: CellKind;
  /** x [I], h [H], c [H] (LSTM only; zeros otherwise). */
  x: number[];
  h: number[];
  c: number[];
  weights: Record<string, GateWeights>;
  /** Inputs x_1..x_T, each [I], for the unrolled view (the step above uses `x` with state (h, c)). */
  sequence: number[][];
  /** The lecture's printed numbers for this setting (presets only). */
  slips?: Slip[];
  /** Where the preset comes from (presets only). */
  source?: string;
}

export interface GateResult {
  name: string;
  /** W_x x and W_h h (without biases), [H] each: the products the equation view expands. */
  wx: number[];
  wh: number[];
  /** The argument of the activation [H]. */
  pre: number[];
  act: Activation;
  value: number[];
}

export interface CellResult {
  kind: CellKind;
  inputSize: number;
  hiddenSize: number;
  gates: GateResult[];
  /** New hidden (and cell) state from the gate-by-gate computation, [H]. */
  h: number[];
  c: number[] | null;
  /** The same step through seqgpu's fused cell kernel. */
  fused: { h: number[]; c: number[] | null };
  /** max |gate-by-gate - fused| over h (and c). */
  agreement: number;
  /** h_t (and c_t) over the sequence, starting from (h, c): [T][H]. */
  unrolled: { x: number[][]; h: number[][]; c: number[][] | null };
  device: string;
}

export const sizesOf = (inp: CellInput): { I: number; H: number } => ({ I: inp.x.length, H: inp.h.length });

/** Gate by gate, with the same formulas the explainer prints. Returns tensors of shape [1, H]. */
function stepByGates(sg: SeqgpuModule, device: Device, inp: CellInput): { gates: [string, Tensor, Tensor, Tensor, Tensor][]; h: Tensor; c: Tensor | null } {
  const { I, H } = sizesOf(inp);
  const row = (v: number[]): Tensor => sg.tensor(v, [1, v.length], { device });
  const x = row(inp.x);
  const h = row(inp.h);
  // (W v) as a row: v^T W^T, W given as [H][K].
  const mv = (W: number[][], v: Tensor, K: number): Tensor => sg.matmul(v, sg.transpose(sg.tensor(W.flat(), [H, K], { device }), 0, 1));
  const prod = (g: string): { wx: Tensor; wh: Tensor; bx: Tensor; bh: Tensor } => {
    const w = inp.weights[g];
    return { wx: mv(w.wx, x, I), wh: mv(w.wh, h, H), bx: row(w.bx), bh: row(w.bh) };
  };
  const act = (a: Activation, t: Tensor): Tensor => (a === 'sigmoid' ? sg.sigmoid(t) : sg.tanh(t));
  // pre = W_x x + b_x + W_h h + b_h
  const gate = (g: string): [string, Tensor, Tensor, Tensor, Tensor] => {
    const p = prod(g);
    const pre = sg.add(sg.add(p.wx, p.bx), sg.add(p.wh, p.bh));
    return [g, p.wx, p.wh, pre, act(ACTIVATION[inp.kind][g], pre)];
  };
  switch (inp.kind) {
    case 'rnn': {
      const gt = gate('h');
      return { gates: [gt], h: gt[4], c: null };
    }
    case 'lstm': {
      const gs = GATES.lstm.map(gate);
      const [i, f, g, o] = gs.map((t) => t[4]);
      const c = row(inp.c);
      const c2 = sg.add(sg.mul(f, c), sg.mul(i, g)); // c' = f ⊙ c + i ⊙ g
      const h2 = sg.mul(o, sg.tanh(c2)); //              h' = o ⊙ tanh(c')
      return { gates: gs, h: h2, c: c2 };
    }
    case 'gru': {
      const gr = gate('r');
      const gz = gate('z');
      const r = gr[4];
      const z = gz[4];
      const pn = prod('n');
      // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))  (PyTorch's reset-after form)
      const preN = sg.add(sg.add(pn.wx, pn.bx), sg.mul(r, sg.add(pn.wh, pn.bh)));
      const n = sg.tanh(preN);
      const h2 = sg.add(sg.mul(sg.sub(1, z), n), sg.mul(z, h)); // h' = (1 − z) ⊙ n + z ⊙ h
      return { gates: [gr, gz, ['n', pn.wx, pn.wh, preN, n]], h: h2, c: null };
    }
    default:
      inp.kind satisfies never;
      throw new Error(`unknown cell kind ${String(inp.kind)}`);
  }
}

/** The cell's parameters in PyTorch's layout: rows stacked in gate order. */
function stateDict(inp: CellInput): Record<string, { data: number[]; shape: number[] }> {
  const { I, H } = sizesOf(inp);
  const gates = GATES[inp.kind];
  const G = gates.length;
  return {
    weight_ih: { data: gates.flatMap((g) => inp.weights[g].wx.flat()), shape: [G * H, I] },
    weight_hh: { data: gates.flatMap((g) => inp.weights[g].wh.flat()), shape: [G * H, H] },
    bias_ih: { data: gates.flatMap((g) => inp.weights[g].bx), shape: [G * H] },
    bias_hh: { data: gates.flatMap((g) => inp.weights[g].bh), shape: [G * H] },
  };
}

/** Computes everything the explainer shows. Graphs are built in synchronous scopes; reads happen after. */
export async function explainCell(sg: SeqgpuModule, device: Device, inp: CellInput, signal?: AbortSignal): Promise<CellResult> {
  const { I, H } = sizesOf(inp);
  // Its own generator: the initial weights are overwritten at once, and drawing them must not advance the page's
  // default generator.
  const opts = { device, generator: new sg.Generator(0) };
  const cell = inp.kind === 'lstm' ? new sg.nn.LSTMCell(I, H, opts) : inp.kind === 'gru' ? new sg.nn.GRUCell(I, H, opts) : new sg.nn.RNNCell(I, H, opts);
  const owned: Tensor[] = [];
  try {
    cell.loadStateDict(stateDict(inp));
    const noGrad = <T>(fn: () => T): T => sg.noGrad(() => sg.scope(fn));
    const byGates = noGrad(() => stepByGates(sg, device, inp));
    owned.push(byGates.h, ...(byGates.c ? [byGates.c] : []), ...byGates.gates.flatMap(([, a, b, p, v]) => [a, b, p, v]));
    // One step through the fused kernel, then the sequence, one cell step at a time from (h, c).
    const steps = noGrad(() => {
      const run = (xv: number[], h: Tensor, c: Tensor | null): [Tensor, Tensor | null] => {
        const x = sg.tensor(xv, [1, I], { device });
        if (cell instanceof sg.nn.LSTMCell) {
          const [h2, c2] = cell.forward(x, [h, c!]);
          return [h2, c2];
        }
        return [(cell as Seqgpu.nn.RNNCell | Seqgpu.nn.GRUCell).forward(x, h), null];
      };
      const h0 = sg.tensor(inp.h, [1, H], { device });
      const c0 = inp.kind === 'lstm' ? sg.tensor(inp.c, [1, H], { device }) : null;
      const fused = run(inp.x, h0, c0);
      const seq: [Tensor, Tensor | null][] = [];
      let state: [Tensor, Tensor | null] = [h0, c0];
      for (const xv of inp.sequence) seq.push((state = run(xv, state[0], state[1])));
      return { fused, seq };
    });
    owned.push(...[steps.fused, ...steps.seq].flatMap(([h, c]) => (c ? [h, c] : [h])));
    const read = async (t: Tensor): Promise<number[]> => {
      signal?.throwIfAborted();
      return Array.from(await t.data(), Number);
    };
    const gates: GateResult[] = [];
    for (const [name, wx, wh, pre, value] of byGates.gates) {
      gates.push({ name, wx: await read(wx), wh: await read(wh), pre: await read(pre), act: ACTIVATION[inp.kind][name], value: await read(value) });
    }
    const h = await read(byGates.h);
    const c = byGates.c ? await read(byGates.c) : null;
    const fused = { h: await read(steps.fused[0]), c: steps.fused[1] ? await read(steps.fused[1]) : null };
    const unrolled = { x: inp.sequence.map((v) => [...v]), h: [] as number[][], c: inp.kind === 'lstm' ? ([] as number[][]) : null };
    for (const [ht, ct] of steps.seq) {
      unrolled.h.push(await read(ht));
      if (ct && unrolled.c) unrolled.c.push(await read(ct));
    }
    const maxDiff = (a: number[], b: number[]): number => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
    const agreement = Math.max(maxDiff(h, fused.h), c !== null && fused.c !== null ? maxDiff(c, fused.c) : 0);
    return { kind: inp.kind, inputSize: I, hiddenSize: H, gates, h, c, fused, agreement, unrolled, device: device.kind };
  } finally {
    for (const t of owned) t.dispose();
    for (const p of cell.parameters()) p.dispose();
  }
}

/** The number a slip refers to, from a result (null when the result has no such place). */
export function valueAt(r: CellResult, at: string): number[] | null {
  const [what, a, b] = at.split(':');
  if (what === 'h') return r.h;
  if (what === 'c') return r.c;
  const g = r.gates.find((x) => x.name === a);
  if (what === 'Wx') return g?.wx ?? null;
  if (what === 'Wh') return g?.wh ?? null;
  if (what === 'gate') return g?.value ?? null;
  if (what === 'seq' && a === 'h') return r.unrolled.h[Number(b) - 1] ?? null;
  if (what === 'seq' && a === 'c') return r.unrolled.c?.[Number(b) - 1] ?? null;
  return null;
}

/** Does seqgpu's number agree with the lecture's at the lecture's rounding? */
export function slipAgrees(s: Slip, v: number[]): boolean {
  const round = (x: number): number => Math.round(x * 10 ** s.decimals) / 10 ** s.decimals;
  return s.lecture.length === v.length && s.lecture.every((l, k) => Math.abs(round(v[k]) - l) < 0.5 * 10 ** -s.decimals + 1e-9);
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** The input resized to I x H: entries kept where they exist, new ones zero; the lecture's slips no longer apply. */
export function resize(inp: CellInput, I: number, H: number): CellInput {
  const fit = (v: number[], n: number): number[] => Array.from({ length: n }, (_, k) => v[k] ?? 0);
  const fitM = (m: number[][], r: number, c: number): number[][] => Array.from({ length: r }, (_, k) => fit(m[k] ?? [], c));
  const weights: Record<string, GateWeights> = {};
  for (const [g, w] of Object.entries(inp.weights)) weights[g] = { wx: fitM(w.wx, H, I), wh: fitM(w.wh, H, H), bx: fit(w.bx, H), bh: fit(w.bh, H) };
  return { kind: inp.kind, x: fit(inp.x, I), h: fit(inp.h, H), c: fit(inp.c, H), weights, sequence: inp.sequence.map((v) => fit(v, I)) };
}

/** A cell of size I x H with zero weights (for switching cells at a size). */
export function zeroInput(kind: CellKind, I: number, H: number): CellInput {
  const weights: Record<string, GateWeights> = {};
  for (const g of GATES[kind]) weights[g] = { wx: Array.from({ length: H }, () => zeros(I)), wh: Array.from({ length: H }, () => zeros(H)), bx: zeros(H), bh: zeros(H) };
  return { kind, x: zeros(I), h: zeros(H), c: zeros(H), weights, sequence: [zeros(I)] };
}

export { PRESETS, presetInput, defaultInput, type Preset } from './cell-presets.ts';
