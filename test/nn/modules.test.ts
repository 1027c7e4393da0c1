/**
 * nn module API on the CPU backend: PyTorch's parameter names, shapes and initialisation for RNN/LSTM/GRU and the
 * cells, clear errors for bad input and bad state dicts, inter-layer dropout, Embedding (paddingIdx), LayerNorm
 * (against a float64 hand computation and finite differences) and Dropout (inverted scaling, seedable masks).
 */
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';

const cpu = () => sg.init('cpu');

describe('RNN/LSTM/GRU parameters as PyTorch', () => {
  it('names, order and shapes (2 layers, bidirectional, projSize)', async () => {
    const device = await cpu();
    const lstm = new sg.nn.LSTM(3, 5, { numLayers: 2, bidirectional: true, projSize: 2, device });
    const shapes = lstm.namedParameters().map(([k, p]) => `${k}:${p.shape.join('x')}`);
    expect(shapes).toEqual([
      'weight_ih_l0:20x3', 'weight_hh_l0:20x2', 'bias_ih_l0:20', 'bias_hh_l0:20', 'weight_hr_l0:2x5',
      'weight_ih_l0_reverse:20x3', 'weight_hh_l0_reverse:20x2', 'bias_ih_l0_reverse:20', 'bias_hh_l0_reverse:20', 'weight_hr_l0_reverse:2x5',
      'weight_ih_l1:20x4', 'weight_hh_l1:20x2', 'bias_ih_l1:20', 'bias_hh_l1:20', 'weight_hr_l1:2x5',
      'weight_ih_l1_reverse:20x4', 'weight_hh_l1_reverse:20x2', 'bias_ih_l1_reverse:20', 'bias_hh_l1_reverse:20', 'weight_hr_l1_reverse:2x5',
    ]);
    const gru = new sg.nn.GRU(4, 3, { bias: false, device });
    expect(gru.namedParameters().map(([k, p]) => `${k}:${p.shape.join('x')}`)).toEqual(['weight_ih_l0:9x4', 'weight_hh_l0:9x3']);
    const cell = new sg.nn.LSTMCell(2, 3, { device });
    expect(cell.namedParameters().map(([k, p]) => `${k}:${p.shape.join('x')}`)).toEqual(['weight_ih:12x2', 'weight_hh:12x3', 'bias_ih:12', 'bias_hh:12']);
  });

  it('initialises every parameter uniform(-1/sqrt(H), 1/sqrt(H)), reproducibly from a generator', async () => {
    const device = await cpu();
    const H = 16;
    const make = () => new sg.nn.RNN(8, H, { numLayers: 2, device, generator: new sg.Generator(42) });
    const a = make();
    const b = make();
    const bound = 1 / Math.sqrt(H);
    const all: number[] = [];
    for (const [k, p] of a.namedParameters()) {
      const v = Array.from(await p.data());
      expect(v, k).toEqual(Array.from(await b.stateDict()[k].data()));
      all.push(...v);
    }
    expect(Math.max(...all)).toBeLessThanOrEqual(bound);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(-bound);
    // Spread over the whole interval: the extremes come near the bounds and the mean is near 0.
    expect(Math.max(...all)).toBeGreaterThan(0.95 * bound);
    expect(Math.abs(all.reduce((s, v) => s + v, 0) / all.length)).toBeLessThan(0.02);
  });

  it('output and state shapes: batchFirst, unbatched, projSize', async () => {
    const device = await cpu();
    const lstm = new sg.nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, projSize: 2, batchFirst: true, device });
    const [y, [h, c]] = lstm.forward(sg.randn([5, 7, 3], { device })); // N=5, T=7
    expect([y.shape, h.shape, c.shape]).toEqual([[5, 7, 4], [4, 5, 2], [4, 5, 4]]);
    const gru = new sg.nn.GRU(3, 4, { numLayers: 3, device });
    const [y2, h2] = gru.forward(sg.randn([6, 3], { device })); // unbatched [T, I]
    expect([y2.shape, h2.shape]).toEqual([[6, 4], [3, 4]]);
  });
});

describe('bad input: errors name the shapes', () => {
  it('wrong input size', async () => {
    const device = await cpu();
    const lstm = new sg.nn.LSTM(3, 4, { device });
    expect(() => lstm.forward(sg.randn([5, 2, 7], { device }))).toThrow(/LSTM\(inputSize=3, hiddenSize=4.*input \[5, 2, 7\] has input size 7, expected inputSize = 3/);
    expect(() => lstm.forward(sg.randn([5, 2, 3, 1], { device }))).toThrow(/input must be \[T, N, inputSize\] or unbatched \[T, inputSize\], got \[5, 2, 3, 1\]/);
    const cell = new sg.nn.GRUCell(3, 4, { device });
    expect(() => cell.forward(sg.randn([2, 5], { device }))).toThrow(/GRUCell\(3, 4\): input must be \[N, 3\] or \[3\], got \[2, 5\]/);
  });

  it('h0 / c0 of the wrong shape', async () => {
    const device = await cpu();
    const gru = new sg.nn.GRU(3, 4, { numLayers: 2, bidirectional: true, device });
    const x = sg.randn([5, 2, 3], { device });
    expect(() => gru.forward(x, sg.zeros([2, 2, 4], { device }))).toThrow(/h0 has shape \[2, 2, 4\], expected \[4, 2, 4\]/);
    const lstm = new sg.nn.LSTM(3, 4, { projSize: 2, device });
    const h0 = sg.zeros([1, 2, 2], { device });
    expect(() => lstm.forward(x, [h0, sg.zeros([1, 2, 2], { device })])).toThrow(/c0 has shape \[1, 2, 2\], expected \[1, 2, 4\]/);
    expect(() => lstm.forward(x, [sg.zeros([1, 2, 4], { device }), sg.zeros([1, 2, 4], { device })])).toThrow(/h0 has shape \[1, 2, 4\], expected \[1, 2, 2\].*projSize/);
    const cell = new sg.nn.LSTMCell(3, 4, { device });
    expect(() => cell.forward(sg.randn([2, 3], { device }), [sg.zeros([3, 4], { device }), sg.zeros([2, 4], { device })])).toThrow(/h has shape \[3, 4\], expected \[2, 4\]/);
  });

  it('lengths longer than T, the wrong count, or negative; unsorted lengths are accepted', async () => {
    const device = await cpu();
    const rnn = new sg.nn.RNN(2, 3, { device });
    const x = sg.randn([4, 3, 2], { device });
    expect(() => rnn.forward(x, null, { lengths: [4, 5, 1] })).toThrow(/lengths\[1\] = 5 is longer than the sequence length T = 4 of input \[4, 3, 2\]/);
    expect(() => rnn.forward(x, null, { lengths: [4, 1] })).toThrow(/lengths has 2 entries but the input \[4, 3, 2\] has batch size 3/);
    expect(() => rnn.forward(x, null, { lengths: [4, -1, 1] })).toThrow(/lengths\[1\] = -1 is negative/);
    const [y] = rnn.forward(x, null, { lengths: [1, 4, 2] });
    const v = await y.data();
    // padded steps output exactly zero: n=0 beyond t=0, n=2 beyond t=1
    for (let t = 0; t < 4; t++) {
      for (let j = 0; j < 3; j++) {
        if (t >= 1) expect(v[(t * 3 + 0) * 3 + j]).toBe(0);
        if (t >= 2) expect(v[(t * 3 + 2) * 3 + j]).toBe(0);
      }
    }
  });

  it('bad constructor options', async () => {
    const device = await cpu();
    expect(() => new sg.nn.LSTM(3, 4, { projSize: 4, device })).toThrow(/projSize must be an integer in \[0, hiddenSize\)/);
    expect(() => new sg.nn.GRU(3, 4, { numLayers: 0, device })).toThrow(/numLayers must be a positive integer/);
    expect(() => new sg.nn.RNN(3, 4, { dropout: 1.5, device })).toThrow(/dropout must be in \[0, 1\]/);
  });

  it('state dicts with missing, extra or misshaped keys', async () => {
    const device = await cpu();
    const lstm = new sg.nn.LSTM(3, 4, { bidirectional: true, device });
    const good = Object.fromEntries(Object.entries(lstm.stateDict()).map(([k, p]) => [k, { data: new Float32Array(p.size), shape: [...p.shape] }]));
    const { weight_hh_l0_reverse: _dropped, ...missing } = good;
    expect(() => lstm.loadStateDict(missing)).toThrow(/missing keys: weight_hh_l0_reverse/);
    expect(() => lstm.loadStateDict({ ...good, weight_ih_l1: good.weight_ih_l0 })).toThrow(/unexpected keys: weight_ih_l1/);
    expect(() => lstm.loadStateDict({ ...good, bias_ih_l0: { data: new Float32Array(12), shape: [12] } })).toThrow(/'bias_ih_l0' has shape \[12\] but the parameter is \[16\]/);
    // A rejected dict leaves the parameters untouched.
    const before = Array.from(await lstm.stateDict().weight_ih_l0.data());
    expect(() => lstm.loadStateDict({ ...good, weight_hh_l0: { data: new Float32Array(12), shape: [4, 3] } })).toThrow(/'weight_hh_l0' has shape \[4, 3\] but the parameter is \[16, 4\]/);
    expect(Array.from(await lstm.stateDict().weight_ih_l0.data())).toEqual(before);
  });
});

describe('inter-layer dropout', () => {
  it('applies between layers in training only, reproducibly from the generator', async () => {
    const device = await cpu();
    const make = () => new sg.nn.GRU(3, 8, { numLayers: 2, dropout: 0.5, device, generator: new sg.Generator(3) });
    const x = sg.randn([4, 2, 3], { device, generator: new sg.Generator(9) });
    const a = make();
    const b = make();
    const nodrop = make();
    nodrop.loadStateDict(a.stateDict());
    nodrop.dropout = 0; // same weights, no dropout
    const ya = await a.forward(x)[0].data();
    const yb = await b.forward(x)[0].data();
    const yn = await nodrop.forward(x)[0].data();
    expect(Array.from(ya)).toEqual(Array.from(yb)); // same seed, same masks
    expect(Array.from(ya)).not.toEqual(Array.from(yn)); // dropout changed layer 2's input
    a.eval();
    expectClose(await a.forward(x)[0].data(), yn, TOL.forward, 'eval output equals the no-dropout output');
  });
});

describe('Embedding', () => {
  it('looks rows up, initialises N(0, 1), keeps the padding row at zero with no gradient', async () => {
    const device = await cpu();
    const emb = new sg.nn.Embedding(50, 40, { paddingIdx: 2, device, generator: new sg.Generator(5) });
    const w = await emb.weight.data();
    expect(Array.from(w.slice(80, 120))).toEqual(new Array(40).fill(0));
    const others = Array.from(w).filter((_, i) => Math.floor(i / 40) !== 2);
    const mean = others.reduce((s, v) => s + v, 0) / others.length;
    const variance = others.reduce((s, v) => s + (v - mean) ** 2, 0) / others.length;
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.abs(variance - 1)).toBeLessThan(0.08);

    const ids = sg.tensor(Int32Array.from([1, 2, 1, 7, 2, 0]), [2, 3], { device });
    const out = emb.forward(ids);
    expect([...out.shape]).toEqual([2, 3, 40]);
    const o = await out.data();
    expect(Array.from(o.slice(0, 40))).toEqual(Array.from(w.slice(40, 80)));
    expect(Array.from(o.slice(3 * 40, 4 * 40))).toEqual(Array.from(w.slice(7 * 40, 8 * 40)));
    sg.sum(sg.mul(out, 3)).backward();
    const g = await emb.weight.grad!.data();
    const rowSum = (r: number) => Array.from(g.slice(r * 40, (r + 1) * 40));
    expect(rowSum(1)).toEqual(new Array(40).fill(6)); // looked up twice
    expect(rowSum(7)).toEqual(new Array(40).fill(3));
    expect(rowSum(2)).toEqual(new Array(40).fill(0)); // paddingIdx: no gradient
    expect(rowSum(3)).toEqual(new Array(40).fill(0));
    expect(() => emb.forward([1, 50])).toThrow(/out of range/);
    expect(() => new sg.nn.Embedding(5, 2, { paddingIdx: 5 })).toThrow(/paddingIdx 5 must be within \[-5, 5\)/);
  });
});

describe('LayerNorm', () => {
  it('matches a float64 computation, forward and (finite-difference) backward', async () => {
    const device = await cpu();
    const ln = new sg.nn.LayerNorm([2, 3], { eps: 1e-5, device });
    expect(ln.namedParameters().map(([k, p]) => `${k}:${p.shape.join('x')}`)).toEqual(['weight:2x3', 'bias:2x3']);
    ln.loadStateDict({ weight: { data: [1, 2, 0.5, -1, 1.5, 3], shape: [2, 3] }, bias: { data: [0, 0.1, -0.2, 0.3, 0, 1], shape: [2, 3] } });
    const xs = Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 2 + (i % 5));
    const w = [1, 2, 0.5, -1, 1.5, 3];
    const b = [0, 0.1, -0.2, 0.3, 0, 1];
    const ref = (v: number[]): number[] => {
      const out: number[] = [];
      for (let r = 0; r < 4; r++) {
        const seg = v.slice(r * 6, r * 6 + 6).map((q) => Math.fround(q));
        const mu = seg.reduce((s, q) => s + q, 0) / 6;
        const vr = seg.reduce((s, q) => s + (q - mu) ** 2, 0) / 6;
        seg.forEach((q, i) => out.push(((q - mu) / Math.sqrt(vr + 1e-5)) * w[i] + b[i]));
      }
      return out;
    };
    const x = sg.tensor(new Float32Array(xs), [4, 6 / 3, 3], { device, requiresGrad: true });
    const y = ln.forward(x);
    expectClose(await y.data(), ref(xs), TOL.forward, 'layerNorm forward');
    const up = xs.map((_, i) => Math.cos(i));
    sg.sum(sg.mul(y, sg.tensor(new Float32Array(up), [4, 2, 3], { device }))).backward();
    const gx = await x.grad!.data();
    const loss = (v: number[]) => ref(v).reduce((s, q, i) => s + q * up[i], 0);
    const eps = 1e-4;
    const fd = xs.map((_, i) => {
      const p = [...xs];
      const m = [...xs];
      p[i] += eps;
      m[i] -= eps;
      return (loss(p) - loss(m)) / (2 * eps);
    });
    expectClose(gx, fd, TOL.fd, 'layerNorm dx vs finite differences');
    expect(ln.weight!.grad).not.toBeNull();
    expect(new sg.nn.LayerNorm(4, { elementwiseAffine: false, device }).namedParameters()).toEqual([]);
    expect(() => ln.forward(sg.randn([3, 4], { device }))).toThrow(/does not end in the normalized shape/);
  });
});

describe('Dropout', () => {
  it('zeroes about p of the values, scales the rest by 1/(1-p), identity in eval, p = 0 and 1', async () => {
    const device = await cpu();
    const d = new sg.nn.Dropout(0.3, { generator: new sg.Generator(11) });
    const x = sg.ones([20000], { device, requiresGrad: true });
    const y = await d.forward(x).data();
    const zeros = Array.from(y).filter((v) => v === 0).length;
    expect(Math.abs(zeros / 20000 - 0.3)).toBeLessThan(0.015);
    expect(Array.from(y).every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(Array.from(await new sg.nn.Dropout(1).forward(sg.ones([5], { device })).data())).toEqual([0, 0, 0, 0, 0]);
    expect(() => new sg.nn.Dropout(-0.1)).toThrow(/dropout probability must be in \[0, 1\]/);
    // The same seed gives the same mask.
    const m1 = await new sg.nn.Dropout(0.5, { generator: new sg.Generator(4) }).forward(x).data();
    const m2 = await new sg.nn.Dropout(0.5, { generator: new sg.Generator(4) }).forward(x).data();
    expect(Array.from(m1)).toEqual(Array.from(m2));
  });
});
