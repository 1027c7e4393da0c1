// The numbers behind <seq-explainer>: one step of a scalar RNN / LSTM / GRU cell (input size 1, hidden size 1, so
// every weight is one slider) computed by seqgpu on a device, gate by gate with elementary ops (matching the
// equations the element prints), then checked against seqgpu's fused cell (nn.RNNCell / LSTMCell / GRUCell with
// the same weights), and a short sequence unrolled through the cell. PyTorch's semantics: gate order i, f, g, o
// (LSTM) and r, z, n (GRU), two biases per gate, GRU's reset gate applied to (W_hn h + b_hn).
import type * as Seqgpu from '../../index.ts';
import type { Device } from '../../device.ts';
import type { Tensor } from '../../tensor.ts';

type SeqgpuModule = typeof Seqgpu;
export type CellKind = 'rnn' | 'lstm' | 'gru';

/** One gate's weights: input weight, recurrent weight, input bias, recurrent bias. */
export interface GateWeights {
  wx: number;
  wh: number;
  bx: number;
  bh: number;
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

export interface CellInput {
  kind: CellKind;
  x: number;
  h: number;
  /** LSTM only. */
  c: number;
  weights: Record<string, GateWeights>;
  /** Inputs x_1..x_T for the unrolled view (the step above uses `x` with state (h, c)). */
  sequence: number[];
}

export interface GateResult {
  name: string;
  /** The argument of the activation. */
  pre: number;
  act: Activation;
  value: number;
}

export interface CellResult {
  kind: CellKind;
  gates: GateResult[];
  /** New hidden (and cell) state from the gate-by-gate computation. */
  h: number;
  c: number | null;
  /** The same step through seqgpu's fused cell kernel. */
  fused: { h: number; c: number | null };
  /** max |gate-by-gate - fused| over h (and c). */
  agreement: number;
  /** h_t (and c_t) over the sequence, starting from (h, c). */
  unrolled: { x: number[]; h: number[]; c: number[] | null };
  device: string;
}

const scalar = (sg: SeqgpuModule, device: Device, v: number): Tensor => sg.tensor([v], [1], { device });

/** Gate by gate, with the same formulas the explainer prints. Returns tensors of shape [1]. */
function stepByGates(sg: SeqgpuModule, device: Device, inp: CellInput): { gates: [string, Tensor, Tensor][]; h: Tensor; c: Tensor | null } {
  const x = scalar(sg, device, inp.x);
  const h = scalar(sg, device, inp.h);
  const w = (g: string): { wx: Tensor; wh: Tensor; bx: Tensor; bh: Tensor } => {
    const gw = inp.weights[g];
    return { wx: scalar(sg, device, gw.wx), wh: scalar(sg, device, gw.wh), bx: scalar(sg, device, gw.bx), bh: scalar(sg, device, gw.bh) };
  };
  // pre = W_x x + b_x + W_h h + b_h
  const affine = (g: string): Tensor => {
    const p = w(g);
    return sg.add(sg.add(sg.mul(p.wx, x), p.bx), sg.add(sg.mul(p.wh, h), p.bh));
  };
  const act = (a: Activation, t: Tensor): Tensor => (a === 'sigmoid' ? sg.sigmoid(t) : sg.tanh(t));
  switch (inp.kind) {
    case 'rnn': {
      const pre = affine('h');
      const out = sg.tanh(pre);
      return { gates: [['h', pre, out]], h: out, c: null };
    }
    case 'lstm': {
      const pres = GATES.lstm.map((g) => affine(g));
      const [i, f, g, o] = pres.map((p, k) => act(ACTIVATION.lstm[GATES.lstm[k]], p));
      const c = scalar(sg, device, inp.c);
      const c2 = sg.add(sg.mul(f, c), sg.mul(i, g)); // c' = f ⊙ c + i ⊙ g
      const h2 = sg.mul(o, sg.tanh(c2)); //              h' = o ⊙ tanh(c')
      return { gates: GATES.lstm.map((n, k) => [n, pres[k], [i, f, g, o][k]]), h: h2, c: c2 };
    }
    case 'gru': {
      const preR = affine('r');
      const preZ = affine('z');
      const r = sg.sigmoid(preR);
      const z = sg.sigmoid(preZ);
      const pn = w('n');
      // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))  (PyTorch's reset-after form)
      const preN = sg.add(sg.add(sg.mul(pn.wx, x), pn.bx), sg.mul(r, sg.add(sg.mul(pn.wh, h), pn.bh)));
      const n = sg.tanh(preN);
      const h2 = sg.add(sg.mul(sg.sub(1, z), n), sg.mul(z, h)); // h' = (1 − z) ⊙ n + z ⊙ h
      return { gates: [['r', preR, r], ['z', preZ, z], ['n', preN, n]], h: h2, c: null };
    }
    default:
      inp.kind satisfies never;
      throw new Error(`unknown cell kind ${String(inp.kind)}`);
  }
}

/** The cell's parameters in PyTorch's layout: rows stacked in gate order. */
function stateDict(inp: CellInput): Record<string, { data: number[]; shape: number[] }> {
  const gates = GATES[inp.kind];
  const col = (k: keyof GateWeights): number[] => gates.map((g) => inp.weights[g][k]);
  const G = gates.length;
  return {
    weight_ih: { data: col('wx'), shape: [G, 1] },
    weight_hh: { data: col('wh'), shape: [G, 1] },
    bias_ih: { data: col('bx'), shape: [G] },
    bias_hh: { data: col('bh'), shape: [G] },
  };
}

/** Computes everything the explainer shows. Graphs are built in synchronous scopes; reads happen after. */
export async function explainCell(sg: SeqgpuModule, device: Device, inp: CellInput, signal?: AbortSignal): Promise<CellResult> {
  // Its own generator: the initial weights are overwritten at once, and drawing them must not advance the page's
  // default generator.
  const opts = { device, generator: new sg.Generator(0) };
  const cell = inp.kind === 'lstm' ? new sg.nn.LSTMCell(1, 1, opts) : inp.kind === 'gru' ? new sg.nn.GRUCell(1, 1, opts) : new sg.nn.RNNCell(1, 1, opts);
  const owned: Tensor[] = [];
  try {
    cell.loadStateDict(stateDict(inp));
    const noGrad = <T>(fn: () => T): T => sg.noGrad(() => sg.scope(fn));
    const byGates = noGrad(() => stepByGates(sg, device, inp));
    owned.push(byGates.h, ...(byGates.c ? [byGates.c] : []), ...byGates.gates.flatMap(([, p, v]) => [p, v]));
    // One step through the fused kernel, then the sequence, one cell step at a time from (h, c).
    const steps = noGrad(() => {
      const run = (xv: number, h: Tensor, c: Tensor | null): [Tensor, Tensor | null] => {
        const x = sg.tensor([xv], [1, 1], { device });
        if (cell instanceof sg.nn.LSTMCell) {
          const [h2, c2] = cell.forward(x, [h, c!]);
          return [h2, c2];
        }
        return [(cell as Seqgpu.nn.RNNCell | Seqgpu.nn.GRUCell).forward(x, h), null];
      };
      const h0 = sg.tensor([inp.h], [1, 1], { device });
      const c0 = inp.kind === 'lstm' ? sg.tensor([inp.c], [1, 1], { device }) : null;
      const fused = run(inp.x, h0, c0);
      const seq: [Tensor, Tensor | null][] = [];
      let state: [Tensor, Tensor | null] = [h0, c0];
      for (const xv of inp.sequence) seq.push((state = run(xv, state[0], state[1])));
      return { fused, seq };
    });
    owned.push(...[steps.fused, ...steps.seq].flatMap(([h, c]) => (c ? [h, c] : [h])));
    const read = async (t: Tensor): Promise<number> => {
      signal?.throwIfAborted();
      return (await t.data())[0];
    };
    const gates: GateResult[] = [];
    for (const [name, pre, value] of byGates.gates) gates.push({ name, pre: await read(pre), act: ACTIVATION[inp.kind][name], value: await read(value) });
    const h = await read(byGates.h);
    const c = byGates.c ? await read(byGates.c) : null;
    const fused = { h: await read(steps.fused[0]), c: steps.fused[1] ? await read(steps.fused[1]) : null };
    const unrolled = { x: [...inp.sequence], h: [] as number[], c: inp.kind === 'lstm' ? ([] as number[]) : null };
    for (const [ht, ct] of steps.seq) {
      unrolled.h.push(await read(ht));
      if (ct && unrolled.c) unrolled.c.push(await read(ct));
    }
    const agreement = Math.max(Math.abs(h - fused.h), c !== null && fused.c !== null ? Math.abs(c - fused.c) : 0);
    return { kind: inp.kind, gates, h, c, fused, agreement, unrolled, device: device.kind };
  } finally {
    for (const t of owned) t.dispose();
    for (const p of cell.parameters()) p.dispose();
  }
}

/** Presets: a few settings worth seeing, including the lecture-style "remember" and "forget" cases. */
export interface Preset {
  label: string;
  kind: CellKind;
  x: number;
  h: number;
  c: number;
  weights: Record<string, GateWeights>;
  sequence: number[];
}

const gw = (wx: number, wh: number, bx = 0, bh = 0): GateWeights => ({ wx, wh, bx, bh });
const PULSE = [1, 0, 0, 0, 0, 0, -1, 0];

export const PRESETS: Preset[] = [
  { label: 'RNN: a fading echo', kind: 'rnn', x: 1, h: 0, c: 0, weights: { h: gw(1, 0.5) }, sequence: PULSE },
  { label: 'RNN: saturating memory', kind: 'rnn', x: 1, h: 0, c: 0, weights: { h: gw(2, 1.5) }, sequence: PULSE },
  {
    label: 'LSTM: remember (forget gate open)',
    kind: 'lstm',
    x: 1,
    h: 0,
    c: 0,
    weights: { i: gw(4, 0, -2), f: gw(0, 0, 4), g: gw(2, 0), o: gw(0, 0, 2) },
    sequence: PULSE,
  },
  {
    label: 'LSTM: forget (forget gate shut)',
    kind: 'lstm',
    x: 1,
    h: 0,
    c: 0.8,
    weights: { i: gw(4, 0, -2), f: gw(0, 0, -4), g: gw(2, 0), o: gw(0, 0, 2) },
    sequence: PULSE,
  },
  {
    label: 'LSTM: all weights 0.5',
    kind: 'lstm',
    x: 1,
    h: 0.5,
    c: 0.5,
    weights: { i: gw(0.5, 0.5, 0.5), f: gw(0.5, 0.5, 0.5), g: gw(0.5, 0.5, 0.5), o: gw(0.5, 0.5, 0.5) },
    sequence: PULSE,
  },
  {
    label: 'GRU: update gate keeps the state',
    kind: 'gru',
    x: 1,
    h: 0.5,
    c: 0,
    weights: { r: gw(0, 0, 2), z: gw(0, 0, 3), n: gw(2, 1) },
    sequence: PULSE,
  },
  {
    label: 'GRU: reset gate ignores the past',
    kind: 'gru',
    x: 1,
    h: 0.9,
    c: 0,
    weights: { r: gw(0, 0, -4), z: gw(0, 0, -2), n: gw(1.5, 2) },
    sequence: PULSE,
  },
];

/** A preset's input (copied, so edits do not change the table). */
export function presetInput(p: Preset): CellInput {
  const weights: Record<string, GateWeights> = {};
  for (const [k, v] of Object.entries(p.weights)) weights[k] = { ...v };
  return { kind: p.kind, x: p.x, h: p.h, c: p.c, weights, sequence: [...p.sequence] };
}

/** The first preset of a kind. */
export function defaultInput(kind: CellKind): CellInput {
  return presetInput(PRESETS.find((p) => p.kind === kind)!);
}
