// The lecture's worked examples (shared/lecture-sequence-models.md), recomputed by seqgpu on a device: each returns
// the lecture's printed numbers beside seqgpu's and whether they agree at the lecture's own rounding. No DOM here.
// Conventions, stated once: the lecture writes matrix-vector products "W x"; for the RNN example its W_xh is 3x2
// and x is 3-vector, so "W_xh x" can only mean x^T W_xh (the 2-vector it prints); everything else is W x.
import type { Device, Tensor } from '../../src/index.ts';
import * as sg from '../../src/index.ts';

export interface Check {
  what: string;
  /** null: an intermediate the lecture does not print (shown for the arithmetic). */
  lecture: number[] | null;
  seqgpu: number[];
  /** Decimals the lecture prints (agreement is judged at that rounding). */
  decimals: number;
  /** null when there is nothing printed to compare. */
  ok: boolean | null;
  /** Why it differs (when it does). */
  why?: string;
}

export interface Example {
  id: string;
  title: string;
  /** Where in the lecture. */
  source: string;
  setup: string;
  checks: Check[];
  /** The one-paragraph verdict shown under the table. */
  verdict: string;
  /** Anything else a view wants (lattice inputs, beam tables). */
  extra?: Record<string, unknown>;
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;

export function check(what: string, lecture: number[] | null, computed: ArrayLike<number>, decimals: number, why?: string): Check {
  const seqgpu = Array.from(computed);
  if (lecture === null) return { what, lecture, seqgpu, decimals, ok: null };
  const ok = lecture.length === seqgpu.length && lecture.every((l, i) => Math.abs(round(seqgpu[i], decimals) - l) < 0.5 * 10 ** -decimals + 1e-9);
  return { what, lecture, seqgpu, decimals, ok, why: ok ? undefined : why };
}

/** Reads tensors back and frees them. */
async function read(...ts: Tensor[]): Promise<Float32Array[]> {
  try {
    return await Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));
  } finally {
    for (const t of ts) t.dispose();
  }
}

const T = (device: Device, data: number[] | number[][], shape?: number[]): Tensor => {
  const flat = (data as (number | number[])[]).flat() as number[];
  return sg.tensor(flat, shape ?? [flat.length], { device });
};

/** RNN hidden-state update (lecture: "Detailed Trend Calculation Example", hidden 2, input 3). */
export async function rnnExample(device: Device): Promise<Example> {
  const Wxh = [[0.5, 0.3], [0.2, 0.4], [0.1, 0.6]]; // 3x2, used as x^T W_xh
  const Whh = [[0.7, 0.2], [0.3, 0.8]]; // used as W_hh h
  const cell = new sg.nn.RNNCell(3, 2, { device, bias: false });
  // nn.RNNCell computes tanh(x W_ih^T + h W_hh^T): W_ih = W_xh^T, W_hh as printed.
  cell.loadStateDict({ weight_ih: { data: [0.5, 0.2, 0.1, 0.3, 0.4, 0.6], shape: [2, 3] }, weight_hh: { data: Whh.flat(), shape: [2, 2] } });
  const x0 = T(device, [[1.0, 0.5, 0.8]], [1, 3]);
  const x1 = T(device, [[1.2, 0.6, 0.9]], [1, 3]);
  const wxh = T(device, Wxh, [3, 2]);
  const whhT = T(device, [[0.7, 0.3], [0.2, 0.8]], [2, 2]); // h^T W_hh^T = (W_hh h)^T
  const [h1, h2, a0, a1, r1] = sg.noGrad(() => {
    const h1 = cell.forward(x0);
    const h2 = cell.forward(x1, h1);
    return [h1, h2, sg.matmul(x0, wxh), sg.matmul(x1, wxh), sg.matmul(h1, whhT)];
  });
  const [vh1, vh2, va0, va1, vr1] = await read(h1, h2, a0, a1, r1);
  for (const t of [x0, x1, wxh, whhT, ...cell.parameters()]) t.dispose();
  return {
    id: 'rnn',
    title: 'RNN step: h_t = tanh(W_hh h_{t-1} + W_xh x_t)',
    source: 'RNN → "Detailed Trend Calculation Example" (hidden 2, input 3)',
    setup: 'W_xh = [[0.5, 0.3], [0.2, 0.4], [0.1, 0.6]], W_hh = [[0.7, 0.2], [0.3, 0.8]], x_0 = [1.0, 0.5, 0.8], x_1 = [1.2, 0.6, 0.9], h_0 = 0, no bias; computed by nn.RNNCell(3, 2) with these weights.',
    checks: [
      check('W_xh x_0', [0.68, 0.88], va0, 2, 'second entry: 0.3·1.0 + 0.4·0.5 + 0.6·0.8 = 0.98, not 0.88'),
      check('h_1 = tanh(…)', [0.59, 0.71], vh1, 2, 'follows from the slip above: tanh(0.98) = 0.753'),
      check('W_hh h_1', [0.55, 0.75], vr1, 2, 'with the correct h_1 = [0.592, 0.753]'),
      check('W_xh x_1', [0.78, 1.02], va1, 2, '0.5·1.2 + 0.2·0.6 + 0.1·0.9 = 0.81 and 0.3·1.2 + 0.4·0.6 + 0.6·0.9 = 1.14'),
      check('h_2 = tanh(…)', [0.87, 0.95], vh2, 2, 'tanh([1.375, 1.920]) with the corrected terms'),
    ],
    verdict: 'Two dot products are off (0.88 should be 0.98; [0.78, 1.02] should be [0.81, 1.14]), so h_1 and h_2 drift. The qualitative point (both coordinates rise) survives: h goes [0, 0] → [0.59, 0.75] → [0.88, 0.96].',
  };
}

/** The seq2seq "Numerical Example with 3D Vectors": encoder RNN steps and the first decoder step. */
export async function seq2seqExample(device: Device): Promise<Example> {
  const W = [[0.5, 0.2, 0.3], [0.1, 0.6, 0.4], [0.3, 0.2, 0.7]];
  const U = [[0.4, 0.3, 0.2], [0.2, 0.5, 0.3], [0.3, 0.2, 0.6]];
  const Wd = [[0.6, 0.3, 0.2], [0.2, 0.5, 0.4], [0.4, 0.3, 0.5]];
  const Ud = [[0.5, 0.2, 0.3], [0.3, 0.6, 0.2], [0.2, 0.3, 0.7]];
  const enc = new sg.nn.RNNCell(3, 3, { device, bias: false });
  enc.loadStateDict({ weight_ih: { data: W.flat(), shape: [3, 3] }, weight_hh: { data: U.flat(), shape: [3, 3] } });
  const dec = new sg.nn.RNNCell(3, 3, { device, bias: false });
  dec.loadStateDict({ weight_ih: { data: Wd.flat(), shape: [3, 3] }, weight_hh: { data: Ud.flat(), shape: [3, 3] } });
  const x1 = T(device, [[0.5, 0.3, 0.8]], [1, 3]);
  const x2 = T(device, [[0.2, 0.7, 0.4]], [1, 3]);
  const y1 = T(device, [[1, 0, 0]], [1, 3]);
  const wT = T(device, [0.5, 0.1, 0.3, 0.2, 0.6, 0.2, 0.3, 0.4, 0.7], [3, 3]); // W^T: x^T W^T = (W x)^T
  const uT = T(device, [0.4, 0.2, 0.3, 0.3, 0.5, 0.2, 0.2, 0.3, 0.6], [3, 3]);
  const udT = T(device, [0.5, 0.3, 0.2, 0.2, 0.6, 0.3, 0.3, 0.2, 0.7], [3, 3]);
  const outs = sg.noGrad(() => {
    const h1 = enc.forward(x1);
    const h2 = enc.forward(x2, h1);
    const s1 = dec.forward(y1, h2);
    return [sg.matmul(x1, wT), h1, sg.matmul(x2, wT), sg.matmul(h1, uT), h2, sg.matmul(h2, udT), s1];
  });
  const [wx1, h1, wx2, uh1, h2, uds0, s1] = await read(...outs);
  for (const t of [x1, x2, y1, wT, uT, udT, ...enc.parameters(), ...dec.parameters()]) t.dispose();
  return {
    id: 'seq2seq',
    title: 'Seq2seq encoder and decoder steps: h_t = tanh(W x_t + U h_{t-1})',
    source: 'Sequence-to-Sequence Models → "Numerical Example with 3D Vectors"',
    setup: 'W, U (encoder) and W′, U′ (decoder) as printed, x_1 = [0.5, 0.3, 0.8], x_2 = [0.2, 0.7, 0.4], y_1 = [1, 0, 0], no bias; two nn.RNNCell(3, 3), the decoder started from the encoder\'s h_2.',
    checks: [
      check('W x_1', [0.55, 0.47, 0.77], wx1, 2, 'middle entry: 0.1·0.5 + 0.6·0.3 + 0.4·0.8 = 0.55'),
      check('h_1', [0.5, 0.44, 0.65], h1, 2, 'tanh(0.55) = 0.50 in the middle too'),
      check('W x_2', [0.38, 0.58, 0.48], wx2, 2, '0.5·0.2 + 0.2·0.7 + 0.3·0.4 = 0.36; 0.1·0.2 + 0.6·0.7 + 0.4·0.4 = 0.60'),
      check('U h_1', [0.46, 0.42, 0.61], uh1, 2, 'with the correct h_1 = [0.50, 0.50, 0.65]'),
      check('context c = h_2', [0.69, 0.76, 0.8], h2, 2, 'tanh([0.84, 1.14, 1.12])'),
      check('U′ s_0', [0.82, 0.84, 0.91], uds0, 2, 'U′ times the correct context'),
      check('s_1', [0.77, 0.72, 0.8], s1, 2, 'tanh(W′ y_1 + U′ s_0)'),
    ],
    verdict: 'Several dot products are off by a few hundredths to a tenth, and the errors carry into the context vector and the decoder state; the decoder\'s W′ y_1 = [0.6, 0.2, 0.4] (the first column of W′) is right.',
  };
}

const logit = (p: number): number => Math.log(p / (1 - p));

/** LSTM gates (lecture gives the gate values, not the weights): C_t = f ⊙ C_{t-1} + i ⊙ C̃. */
export async function lstmExample(device: Device): Promise<Example> {
  const f = [0.65, 0.42, 0.78];
  const i = [0.53, 0.71, 0.48];
  const g = [0.32, -0.54, 0.67];
  const c0 = [0.6, -0.2, 0.3];
  // An nn.LSTMCell whose gates take exactly the lecture's values: zero weights, biases = the pre-activations
  // (logit for the sigmoid gates, atanh for the candidate). Gate order i, f, g, o as PyTorch; o is not given
  // by the lecture (its step 4 has no numbers), so its bias is 0 (o = 0.5).
  const cell = new sg.nn.LSTMCell(3, 3, { device });
  const bias = [...i.map(logit), ...f.map(logit), ...g.map(Math.atanh), 0, 0, 0];
  cell.loadStateDict({
    weight_ih: { data: new Array<number>(36).fill(0), shape: [12, 3] },
    weight_hh: { data: new Array<number>(36).fill(0), shape: [12, 3] },
    bias_ih: { data: bias, shape: [12] },
    bias_hh: { data: new Array<number>(12).fill(0), shape: [12] },
  });
  const x = T(device, [[0.5, -0.3, 0.8]], [1, 3]);
  const h = T(device, [[0.2, 0.4, -0.1]], [1, 3]);
  const c = T(device, [c0], [1, 3]);
  const fT = T(device, [f], [1, 3]);
  const iT = T(device, [i], [1, 3]);
  const gT = T(device, [g], [1, 3]);
  const outs = sg.noGrad(() => {
    const [, cNew] = cell.forward(x, [h, c]);
    return [sg.mul(fT, c), sg.mul(iT, gT), cNew, sg.tanh(cNew)];
  });
  const [keep, add, cNew, tc] = await read(...outs);
  for (const t of [x, h, c, fT, iT, gT, ...cell.parameters()]) t.dispose();
  return {
    id: 'lstm',
    title: 'LSTM cell state: C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t',
    source: 'LSTM → "LSTM Calculation (3D Vector Example)"',
    setup: 'f_t = [0.65, 0.42, 0.78], i_t = [0.53, 0.71, 0.48], C̃_t = [0.32, −0.54, 0.67], C_{t-1} = [0.6, −0.2, 0.3] as printed (the lecture gives gate values, not weights). seqgpu runs an nn.LSTMCell whose biases reproduce exactly these gates.',
    checks: [
      check('f_t ⊙ C_{t-1}', null, keep, 4),
      check('i_t ⊙ C̃_t', null, add, 4),
      check('C_t (nn.LSTMCell)', [0.56, -0.47, 0.55], cNew, 2, '0.78·0.3 + 0.48·0.67 = 0.5556, which rounds to 0.56'),
    ],
    verdict: `A rounding slip only: the third entry is 0.5556 (0.56, not 0.55). The lecture's step 4 (output gate, h_t = o_t ⊙ tanh(C_t)) prints no numbers; tanh(C_t) = [${Array.from(tc, (v) => v.toFixed(3)).join(', ')}], so h_t is that times whatever o_t is.`,
  };
}

/** The GRU example prints r_t only. */
export function gruExample(): Example {
  return {
    id: 'gru',
    title: 'GRU gates',
    source: 'GRU → "GRU Calculation (3D Vector Example)"',
    setup: 'x_t = [0.5, −0.3, 0.8], h_{t-1} = [0.2, 0.4, −0.1]; the lecture prints r_t = [0.58, 0.73, 0.45] as a result, without the weights that produce it, and stops at the update-gate formula.',
    checks: [],
    verdict: 'Nothing to recompute: no weights, no z_t, no new state. The cell explainer (../cell-explainer/) computes complete GRU steps (PyTorch\'s reset-after form, n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))) with seqgpu, gate by gate.',
  };
}

/** 1D convolution (lecture: "Trend Calculation Example with CNN"). */
export async function convExample(device: Device): Promise<Example> {
  const x = T(device, [100, 102, 105, 103, 107], [1, 1, 5]);
  const w = T(device, [0.5, 0.3, 0.2], [1, 1, 3]);
  const y = sg.noGrad(() => sg.relu(sg.conv1d(x, w)));
  const [v] = await read(y);
  x.dispose();
  w.dispose();
  return {
    id: 'conv',
    title: '1D convolution: kernel [0.5, 0.3, 0.2] over 100, 102, 105, 103, 107',
    source: 'CNN → "Trend Calculation Example with CNN"',
    setup: 'Kernel size 3, stride 1, no padding, then ReLU; seqgpu conv1d (cross-correlation, as PyTorch and the lecture\'s [a, b, c] × [0.5, 0.3, 0.2]).',
    checks: [check('outputs', [101.1, 103.1, 104.3], v, 1, '100·0.5 + 102·0.3 + 105·0.2 = 101.6 and 105·0.5 + 103·0.3 + 107·0.2 = 104.8')],
    verdict: 'The first and third outputs are 0.5 too low: 101.6 and 104.8, not 101.1 and 104.3. The middle one (103.1) is right, and so is the conclusion (the outputs rise).',
  };
}

/** Moving averages and linear trends (three lecture examples). stats.* runs on the CPU in float64. */
export function trendExamples(): Example[] {
  const a = [10, 12, 15, 14, 18];
  const maA = sg.stats.sma(a, 3);
  const maA6 = sg.stats.sma([...a, 20], 3);
  const b = [100, 110, 105, 115, 120, 125];
  const maB = sg.stats.sma(b, 3, { center: true });
  const trB = sg.stats.linearTrend(b);
  const c = [10, 12, 15, 17, 20];
  const trC = sg.stats.linearTrend(c);
  return [
    {
      id: 'sma',
      title: 'Simple moving average and its forecast: 10, 12, 15, 14, 18',
      source: 'Moving Average → "Trend Calculation Example"',
      setup: 'Trailing 3-period SMA (stats.sma); the forecast is the last MA value; then Y_6 = 20 is observed.',
      checks: [
        check('MA_3 at t = 3, 4, 5', [12.33, 13.67, 15.67], Array.from(maA).slice(2), 2),
        check('MA_3 at t = 6 (with Y_6 = 20)', [17.33], [maA6[5]], 2),
      ],
      verdict: 'Correct.',
    },
    {
      id: 'trend6',
      title: 'Centred moving average and linear trend: 100, 110, 105, 115, 120, 125',
      source: 'AR → "Trend Calculation Example" and "Forecasting Using Trend"',
      setup: 'Centred 3-period MA (stats.sma with center), least-squares line Y = a + b·t over t = 1..6 (stats.linearTrend), its forecasts for t = 7..10.',
      checks: [
        check('centred MA at t = 2..5', [105.0, 110.0, 113.3, 120.0], Array.from(maB).slice(1, 5), 1),
        check('slope b', [5.14], [trB.slope], 2, 'Σ(t − t̄)(Y − Ȳ) / Σ(t − t̄)² = 82.5 / 17.5 = 33/7 = 4.714'),
        check('intercept a', [94.86], [trB.intercept], 2, 'Ȳ − b t̄ = 112.5 − 4.714·3.5 = 96.0'),
        check('forecasts t = 7..10', [130.84, 135.98, 141.12, 146.26], trB.forecast(4), 2, 'from the corrected line 96.0 + 4.714 t'),
      ],
      verdict: 'The moving averages are right; the regression is not: slope 33/7 ≈ 4.714 and intercept 96.0 (not 5.14 and 94.86), so the forecasts are 129.0, 133.71, 138.43, 143.14.',
    },
    {
      id: 'trend5',
      title: 'Linear trend estimation: 10, 12, 15, 17, 20',
      source: 'ARMA & ARIMA → "Linear Trend Estimation"',
      setup: 'Least-squares line Y = β_0 + β_1·t over t = 1..5 (stats.linearTrend) and its forecasts for t = 6, 7, 8.',
      checks: [
        check('slope β_1', [2.5], [trC.slope], 2),
        check('intercept β_0', [7.5], [trC.intercept], 2, 'Ȳ − β_1 t̄ = 14.8 − 2.5·3 = 7.3'),
        check('forecasts t = 6, 7, 8', [22.5, 25.0, 27.5], trC.forecast(3), 2, 'from 7.3 + 2.5 t'),
      ],
      verdict: 'The slope is right; the intercept is 7.3, not 7.5 (the mean of 10, 12, 15, 17, 20 is 14.8, not 15), so every forecast is 0.2 lower: 22.3, 24.8, 27.3.',
    },
  ];
}

/** Beam search (lecture: "Beam Search Loss Calculation Example"), through decode.beamSearch. */
export const BEAM_TABLE: Record<string, number[]> = { '': [0.5, 0.3, 0.2], A: [0.4, 0.4, 0.2], B: [0.6, 0.2, 0.2], AA: [0.3, 0.5, 0.2], AB: [0.2, 0.6, 0.2] };
export const BEAM_WORDS = ['A', 'B', 'C'];

export async function beamExample(device: Device, wrap: (step: sg.decode.BeamStepFn) => sg.decode.BeamStepFn = (s) => s): Promise<Example> {
  // The model is the lecture's table; its logs are taken by seqgpu on the device (one read-back).
  const keys = Object.keys(BEAM_TABLE);
  const logT = sg.noGrad(() => sg.log(sg.tensor(keys.flatMap((k) => BEAM_TABLE[k]), [keys.length, 3], { device })));
  const [flat] = await read(logT);
  const logOf = (k: string): number[] => {
    const r = keys.indexOf(k);
    return r < 0 ? [1, 1, 1].map(() => Math.log(1 / 3)) : Array.from(flat.subarray(3 * r, 3 * r + 3));
  };
  const steps: { prefixes: string[] }[] = [];
  const step: sg.decode.BeamStepFn = (prefixes) => {
    const names = prefixes.map((p) => p.map((t) => BEAM_WORDS[t]).join(''));
    steps.push({ prefixes: names });
    return names.map(logOf);
  };
  const result = await sg.decode.beamSearch(wrap(step), { beamWidth: 2, maxLength: 3, nBest: 2 });
  const text = (h: { tokens: number[] }): string => h.tokens.map((t) => BEAM_WORDS[t]).join('');
  const root = logOf('');
  const a = logOf('A');
  const kept2 = steps[2]?.prefixes ?? [];
  return {
    id: 'beam',
    title: 'Beam search, width 2, vocabulary {A, B, C}',
    source: 'Beam Search → "Beam Search Loss Calculation Example"',
    setup: 'Next-word probabilities as in the lecture\'s table; decode.beamSearch keeps the 2 prefixes with the highest summed natural-log probability.',
    checks: [
      check('log P(A), log P(B) after step 1', [-0.693, -1.204], [root[0], root[1]], 3),
      check('log P(AA), log P(AB) kept at step 2', [-1.609, -1.609], [root[0] + a[0], root[0] + a[1]], 3),
      check('log P(ABB), the best', [-2.12], [result[0].logProb], 3),
      check('log P(AAB), the runner-up', [-2.302], [result[1].logProb], 3, 'ln 0.1 = −2.3026: the lecture adds rounded terms (−1.609 − 0.693); a last-digit rounding slip'),
    ],
    verdict: `The numbers are right (up to a last-digit rounding) and so is the answer (${text(result[0])}, then ${text(result[1])}; step 2 kept ${kept2.join(' and ')}), but the words are not: these are log-probabilities, where higher wins (−2.120 > −2.302). The lecture calls them a "cumulative loss" and says the "lowest cumulative loss" wins; the negative log-likelihood (the loss) of ABB is +2.120, and lowest-loss = highest-log-probability picks the same sequence.`,
    extra: { result: result.map((h) => ({ text: text(h), logProb: h.logProb })) },
  };
}

/** CTC (lecture: "Practical Calculation Example"): P("A") over 3 frames. */
export async function ctcExample(device: Device): Promise<Example> {
  const pA = [0.4, 0.7, 0.5];
  const rows = pA.map((a) => [Math.log(1 - a), Math.log(a)]); // classes: blank, A
  const lp = sg.tensor(rows.flat(), [3, 1, 2], { device });
  const tgt = sg.tensor(Int32Array.from([1]), [1, 1], { device, dtype: 'int32' });
  const loss = sg.noGrad(() => sg.ctcLoss(lp, tgt, [3], [1], { reduction: 'sum' }));
  const [l] = await read(loss, lp, tgt);
  // Every path over {-, A}^3, its probability and what it collapses to (host arithmetic, for the table).
  const paths = Array.from({ length: 8 }, (_, m) => {
    const syms = [0, 1, 2].map((t) => ((m >> (2 - t)) & 1 ? 'A' : '-'));
    const p = syms.reduce((acc, s, t) => acc * (s === 'A' ? pA[t] : 1 - pA[t]), 1);
    let out = '';
    syms.forEach((s, t) => {
      if (s !== '-' && s !== syms[t - 1]) out += s;
    });
    return { path: syms.join(''), p, collapses: out || '∅', listed: ['A--', '-A-', '--A', 'AA-', 'A-A', '-AA', 'AAA'].includes(syms.join('')) };
  });
  const P = Math.exp(-l[0]);
  return {
    id: 'ctc',
    title: 'CTC loss for target "A" over 3 frames',
    source: 'CTC Loss → "Practical Calculation Example"',
    setup: 'P(A) per frame 0.4, 0.7, 0.5 (blank: the rest); seqgpu ctcLoss (alpha-beta in log space) with reduction "sum".',
    checks: [
      check('P("A") = sum over valid paths', [0.91], [P], 2, '"A-A" collapses to "AA", not "A": drop its 0.060'),
      check('CTC loss = −log P("A")', [0.094], [l[0]], 3, '−ln 0.85 = 0.1625'),
    ],
    verdict: 'The path list includes "A-A", which CTC collapses to "AA" (a blank between two A\'s keeps both). The six valid paths sum to 0.85, so the loss is −ln 0.85 = 0.1625, not 0.094.',
    extra: { rows, paths },
  };
}
