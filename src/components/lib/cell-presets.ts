// Presets of <seq-explainer>: scalar cells worth seeing (the slider view), and the lecture's worked examples
// (shared/lecture-sequence-models.md) with their own weights and sizes, each printed number the lecture gives kept
// as a Slip so the element can show it beside seqgpu's value and flag where they differ (as demos/worked-examples).
// Conventions, as demos/worked-examples/examples.ts: the RNN example's W_xh is 3x2 and is applied as x^T W_xh, so
// its W_x here is W_xh^T; the LSTM and GRU examples print gate values, not weights, so their gates come from
// biases (logit / atanh of the printed value) with zero weights.
import type { CellInput, CellKind, GateWeights, Slip } from './cell-math.ts';

export interface Preset extends CellInput {
  label: string;
}

/** A scalar gate: w_x, w_h, b_x, b_h. */
const s1 = (wx: number, wh: number, bx = 0, bh = 0): GateWeights => ({ wx: [[wx]], wh: [[wh]], bx: [bx], bh: [bh] });
const PULSE = [1, 0, 0, 0, 0, 0, -1, 0].map((v) => [v]);
const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const zm = (r: number, c: number): number[][] => Array.from({ length: r }, () => zeros(c));
const logit = (p: number): number => Math.log(p / (1 - p));
const T = (m: number[][]): number[][] => m[0].map((_, j) => m.map((r) => r[j]));

const scalar = (label: string, kind: CellKind, x: number, h: number, c: number, weights: Record<string, GateWeights>): Preset => ({ label, kind, x: [x], h: [h], c: [c], weights, sequence: PULSE });

const W_XH = [[0.5, 0.3], [0.2, 0.4], [0.1, 0.6]];
const S2S_W = [[0.5, 0.2, 0.3], [0.1, 0.6, 0.4], [0.3, 0.2, 0.7]];
const S2S_U = [[0.4, 0.3, 0.2], [0.2, 0.5, 0.3], [0.3, 0.2, 0.6]];
const S2S_WD = [[0.6, 0.3, 0.2], [0.2, 0.5, 0.4], [0.4, 0.3, 0.5]];
const S2S_UD = [[0.5, 0.2, 0.3], [0.3, 0.6, 0.2], [0.2, 0.3, 0.7]];
const LSTM_I = [0.53, 0.71, 0.48];
const LSTM_F = [0.65, 0.42, 0.78];
const LSTM_G = [0.32, -0.54, 0.67];
const GRU_R = [0.58, 0.73, 0.45];
const slip = (at: string, lecture: number[], decimals: number, note: string): Slip => ({ at, lecture, decimals, note });

export const PRESETS: Preset[] = [
  scalar('RNN: a fading echo', 'rnn', 1, 0, 0, { h: s1(1, 0.5) }),
  scalar('RNN: saturating memory', 'rnn', 1, 0, 0, { h: s1(2, 1.5) }),
  scalar('LSTM: remember (forget gate open)', 'lstm', 1, 0, 0, { i: s1(4, 0, -2), f: s1(0, 0, 4), g: s1(2, 0), o: s1(0, 0, 2) }),
  scalar('LSTM: forget (forget gate shut)', 'lstm', 1, 0, 0.8, { i: s1(4, 0, -2), f: s1(0, 0, -4), g: s1(2, 0), o: s1(0, 0, 2) }),
  scalar('LSTM: all weights 0.5', 'lstm', 1, 0.5, 0.5, { i: s1(0.5, 0.5, 0.5), f: s1(0.5, 0.5, 0.5), g: s1(0.5, 0.5, 0.5), o: s1(0.5, 0.5, 0.5) }),
  scalar('GRU: update gate keeps the state', 'gru', 1, 0.5, 0, { r: s1(0, 0, 2), z: s1(0, 0, 3), n: s1(2, 1) }),
  scalar('GRU: reset gate ignores the past', 'gru', 1, 0.9, 0, { r: s1(0, 0, -4), z: s1(0, 0, -2), n: s1(1.5, 2) }),
  {
    label: 'Lecture: RNN step (input 3, hidden 2)',
    source: 'RNN → "Detailed Trend Calculation Example": W_xh (3x2, applied as x^T W_xh), W_hh, x_0, x_1, h_0 = 0, no bias',
    kind: 'rnn',
    x: [1.0, 0.5, 0.8],
    h: [0, 0],
    c: [0, 0],
    weights: { h: { wx: T(W_XH), wh: [[0.7, 0.2], [0.3, 0.8]], bx: [0, 0], bh: [0, 0] } },
    sequence: [[1.0, 0.5, 0.8], [1.2, 0.6, 0.9]],
    slips: [
      slip('Wx:h', [0.68, 0.88], 2, 'second entry: 0.3·1.0 + 0.4·0.5 + 0.6·0.8 = 0.98, not 0.88'),
      slip('h', [0.59, 0.71], 2, 'follows from the slip above: tanh(0.98) = 0.753'),
      slip('seq:h:2', [0.87, 0.95], 2, 'the lecture\'s W_xh x_1 = [0.78, 1.02] should be [0.81, 1.14]; with it and the correct h_1, h_2 = tanh([1.375, 1.920])'),
    ],
  },
  {
    label: 'Lecture: seq2seq encoder (3-D)',
    source: 'Sequence-to-Sequence Models → "Numerical Example with 3D Vectors": encoder W, U, x_1, x_2, h_0 = 0, no bias',
    kind: 'rnn',
    x: [0.5, 0.3, 0.8],
    h: [0, 0, 0],
    c: [0, 0, 0],
    weights: { h: { wx: S2S_W, wh: S2S_U, bx: [0, 0, 0], bh: [0, 0, 0] } },
    sequence: [[0.5, 0.3, 0.8], [0.2, 0.7, 0.4]],
    slips: [
      slip('Wx:h', [0.55, 0.47, 0.77], 2, 'middle entry: 0.1·0.5 + 0.6·0.3 + 0.4·0.8 = 0.55'),
      slip('h', [0.5, 0.44, 0.65], 2, 'tanh(0.55) = 0.50 in the middle too'),
      slip('seq:h:2', [0.69, 0.76, 0.8], 2, 'the context vector: W x_2 and U h_1 carry slips (W x_2 = [0.36, 0.60, 0.48]), so c = tanh([0.84, 1.14, 1.12])'),
    ],
  },
  {
    label: 'Lecture: seq2seq decoder, first step (3-D)',
    source: 'Sequence-to-Sequence Models → "Numerical Example with 3D Vectors": decoder W′, U′, y_1 = [1, 0, 0], s_0 = the lecture\'s context [0.69, 0.76, 0.80]',
    kind: 'rnn',
    x: [1, 0, 0],
    h: [0.69, 0.76, 0.8],
    c: [0, 0, 0],
    weights: { h: { wx: S2S_WD, wh: S2S_UD, bx: [0, 0, 0], bh: [0, 0, 0] } },
    sequence: [[1, 0, 0]],
    slips: [
      slip('Wx:h', [0.6, 0.2, 0.4], 2, 'W′ y_1 is the first column of W′'),
      slip('Wh:h', [0.82, 0.84, 0.91], 2, 'U′ s_0 from the printed context'),
      slip('h', [0.77, 0.72, 0.8], 2, 's_1 = tanh(W′ y_1 + U′ s_0)'),
    ],
  },
  {
    label: 'Lecture: LSTM step (3-D, gates as printed)',
    source: 'LSTM → "LSTM Calculation (3D Vector Example)": x_t, h_{t−1}, C_{t−1} and the gate values as printed; zero weights, biases = logit / atanh of the gates; o not given (bias 0, o = 0.5)',
    kind: 'lstm',
    x: [0.5, -0.3, 0.8],
    h: [0.2, 0.4, -0.1],
    c: [0.6, -0.2, 0.3],
    weights: {
      i: { wx: zm(3, 3), wh: zm(3, 3), bx: LSTM_I.map(logit), bh: zeros(3) },
      f: { wx: zm(3, 3), wh: zm(3, 3), bx: LSTM_F.map(logit), bh: zeros(3) },
      g: { wx: zm(3, 3), wh: zm(3, 3), bx: LSTM_G.map(Math.atanh), bh: zeros(3) },
      o: { wx: zm(3, 3), wh: zm(3, 3), bx: zeros(3), bh: zeros(3) },
    },
    sequence: [[0.5, -0.3, 0.8]],
    slips: [
      slip('gate:f', LSTM_F, 2, 'as printed'),
      slip('gate:i', LSTM_I, 2, 'as printed'),
      slip('gate:g', LSTM_G, 2, 'C̃_t as printed'),
      slip('c', [0.56, -0.47, 0.55], 2, 'third entry: 0.78·0.3 + 0.48·0.67 = 0.5556, which rounds to 0.56 (a rounding slip)'),
    ],
  },
  {
    label: 'Lecture: GRU reset gate (3-D)',
    source: 'GRU → "GRU Calculation (3D Vector Example)": x_t, h_{t−1} and r_t as printed; the lecture gives no weights, no z_t and no new state, so z and n have zero weights here (z = 0.5, n = 0)',
    kind: 'gru',
    x: [0.5, -0.3, 0.8],
    h: [0.2, 0.4, -0.1],
    c: [0, 0, 0],
    weights: {
      r: { wx: zm(3, 3), wh: zm(3, 3), bx: GRU_R.map(logit), bh: zeros(3) },
      z: { wx: zm(3, 3), wh: zm(3, 3), bx: zeros(3), bh: zeros(3) },
      n: { wx: zm(3, 3), wh: zm(3, 3), bx: zeros(3), bh: zeros(3) },
    },
    sequence: [[0.5, -0.3, 0.8]],
    slips: [slip('gate:r', GRU_R, 2, 'as printed; the lecture stops at the update-gate formula')],
  },
];

/** A preset's input (deep-copied, so edits do not change the table). */
export function presetInput(p: Preset): CellInput {
  const { label: _label, ...inp } = p;
  return structuredClone(inp);
}

/** The first preset of a kind. */
export function defaultInput(kind: CellKind): CellInput {
  return presetInput(PRESETS.find((p) => p.kind === kind)!);
}
