/**
 * Float16 W_hh in the whole-sequence recurrent ops (weightDtype 'float16', inference only): the 'tiled' forward
 * reads its packed W_hh^T as halves (tiled-forward.wgsl F16; packed by one extra dispatch). Checked: the CPU
 * reference equals the float32 op with W_hh rounded on the host (float32ToHalfBits); WebGPU matches the CPU for
 * every cell, odd sizes around the tile edges, lengths, reverse and both directions, and through nn modules
 * (stacked, bidirectional); against the unrounded op it stays within TOL.f16Weights; one dispatch more than the
 * float32 'tiled' forward; misuse (autograd, other impls, projSize, unknown dtype) is refused by name.
 * Twins: src/ops/rnn.ts (halfWeights), ops/rnn-bidirectional.ts, backends/webgpu/rnn-tiled.ts, backends/cpu/rnn-kernels.ts.
 */
import { describe, expect, it } from 'vitest';
import * as sgPublic from '../../src/index.ts';
import * as internal from '../../src/internal.ts';
import { describeWebGPU, type SeqgpuPageModule } from '../browser/remote.ts';
import { compare, expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';

const sg = { ...sgPublic, ...internal };

type Cell = 'lstm' | 'gru' | 'rnnTanh' | 'rnnRelu';
interface Case { cell: Cell; bi: boolean; T: number; N: number; I: number; H: number; lengths: number[] | null; reverse: boolean }
interface Arg extends Case { device: 'cpu' | 'webgpu'; seed: number; weightDtype: 'float32' | 'float16'; roundWhh: boolean }
interface Out { y: number[]; hN: number[]; cN: number[] | null; dispatches: number }

/** Self-contained (Node and, as source text, the page): one inference forward from seeded weights. */
async function runCase(sgp: SeqgpuPageModule, a: Arg): Promise<Out> {
  const device = await sgp.init(a.device);
  const g = new sgp.Generator(a.seed);
  const G = a.cell === 'lstm' ? 4 : a.cell === 'gru' ? 3 : 1;
  const r = (shape: number[], scale = 0.4) => sgp.mul(sgp.randn(shape, { device, generator: g }), scale);
  const ws = 1 / Math.sqrt(a.H); // PyTorch's init scale: a stable (not exploding) ReLU RNN
  const x = r([a.T, a.N, a.I]);
  const D = a.bi ? 2 : 1;
  const h0 = r(a.bi ? [2, a.N, a.H] : [a.N, a.H]);
  const c0 = r(a.bi ? [2, a.N, a.H] : [a.N, a.H]);
  const round = async (t: any) => {
    if (!a.roundWhh) return t;
    const v = (await t.data()) as Float32Array;
    return sgp.tensor(v.map((e) => sgp.halfBitsToFloat32(sgp.float32ToHalfBits(e))), [...t.shape], { device });
  };
  const dirs: any[] = [];
  for (let k = 0; k < D; k++) dirs.push({ wIh: r([G * a.H, a.I], ws), wHh: await round(r([G * a.H, a.H], ws)), bIh: r([G * a.H], ws), bHh: r([G * a.H], ws) });
  const lengths = a.lengths ? new Int32Array(a.lengths) : null;
  const nonlinearity = a.cell === 'rnnRelu' ? ('relu' as const) : ('tanh' as const);
  const o = { lengths, impl: 'tiled' as const, weightDtype: a.weightDtype };
  await device.sync();
  const d0 = device.stats().dispatches;
  const out: any = sgp.noGrad(() => {
    if (a.bi) {
      const w = [dirs[0], dirs[1]] as [any, any];
      if (a.cell === 'lstm') return sgp.lstmBidirectional(x, h0, c0, w, o);
      if (a.cell === 'gru') return sgp.gruBidirectional(x, h0, w, o);
      return sgp.rnnBidirectional(x, h0, w, { ...o, nonlinearity });
    }
    const w = dirs[0];
    const one = { ...o, reverse: a.reverse };
    if (a.cell === 'lstm') return sgp.lstmLayer(x, h0, c0, w.wIh, w.wHh, w.bIh, w.bHh, one);
    if (a.cell === 'gru') return sgp.gruLayer(x, h0, w.wIh, w.wHh, w.bIh, w.bHh, one);
    return sgp.rnnLayer(x, h0, w.wIh, w.wHh, w.bIh, w.bHh, { ...one, nonlinearity });
  });
  const dispatches = device.stats().dispatches - d0;
  return {
    y: Array.from(await out.y.data()), hN: Array.from(await out.hN.data()), cN: out.cN ? Array.from(await out.cN.data()) : null, dispatches,
  };
}

const CASES: (Case & { name: string })[] = [
  { name: 'LSTM H 5 (one partial quad tile), N 3, lengths', cell: 'lstm', bi: false, T: 4, N: 3, I: 3, H: 5, lengths: [4, 1, 3], reverse: false },
  { name: 'GRU H 33, reverse', cell: 'gru', bi: false, T: 3, N: 2, I: 4, H: 33, lengths: null, reverse: true },
  { name: 'RNN relu H 70 (C4 18), N 5', cell: 'rnnRelu', bi: false, T: 3, N: 5, I: 2, H: 70, lengths: null, reverse: false },
  { name: 'RNN tanh H 7', cell: 'rnnTanh', bi: false, T: 3, N: 2, I: 3, H: 7, lengths: [2, 3], reverse: false },
  { name: 'LSTM bidirectional H 17, lengths', cell: 'lstm', bi: true, T: 4, N: 2, I: 3, H: 17, lengths: [4, 2], reverse: false },
  { name: 'GRU bidirectional H 9', cell: 'gru', bi: true, T: 3, N: 3, I: 2, H: 9, lengths: null, reverse: false },
];

function check(got: Out, ref: Out, tol: { atol: number; rtol: number }, name: string, kind: 'gpu-vs-cpu' | 'other'): void {
  expectClose(got.y, ref.y, tol, `${name}: y`, kind);
  expectClose(got.hN, ref.hN, tol, `${name}: hN`, kind);
  if (ref.cN) expectClose(got.cN!, ref.cN, tol, `${name}: cN`, kind);
}

describe('float16 W_hh on the CPU (reference)', () => {
  for (const c of CASES) {
    it(`${c.name}: equals the float32 op with W_hh rounded on the host`, async () => {
      const half = await runCase(sg, { ...c, device: 'cpu', seed: 3, weightDtype: 'float16', roundWhh: false });
      const rounded = await runCase(sg, { ...c, device: 'cpu', seed: 3, weightDtype: 'float32', roundWhh: true });
      check(half, rounded, { atol: 0, rtol: 0 }, c.name, 'other'); // the same float64 maths on the same rounded values
      const plain = await runCase(sg, { ...c, device: 'cpu', seed: 3, weightDtype: 'float32', roundWhh: false });
      const diff = compare(half.y, plain.y, TOL.f16Weights);
      expect(diff.ok, `${c.name}: vs the unrounded op, max ${diff.maxAbs}`).toBe(true);
      expect(diff.maxAbs, `${c.name}: the rounding shows`).toBeGreaterThan(0);
    });
  }

  it('misuse: autograd, another impl, projSize and an unknown dtype are refused by name', async () => {
    const dev = await sg.init('cpu');
    const g = new sg.Generator(1);
    const x = sg.randn([2, 1, 3], { device: dev, generator: g });
    const w = (s: number[], rg = false) => sg.randn(s, { device: dev, generator: g, requiresGrad: rg });
    const f16 = { weightDtype: 'float16' as const };
    expect(() => sg.gruLayer(x, null, w([12, 3]), w([12, 4], true), null, null, f16)).toThrow(/is for inference and has no backward/);
    expect(() => sg.noGrad(() => sg.gruLayer(x, null, w([12, 3]), w([12, 4]), null, null, { ...f16, impl: 'fused' }))).toThrow(/impl 'fused' has no float16 path/);
    expect(() => sg.noGrad(() => sg.lstmLayer(x, null, null, w([16, 3]), w([16, 2]), null, null, { ...f16, wHr: w([2, 4]) }))).toThrow(/does not take a projection/);
    expect(() => sg.noGrad(() => sg.rnnLayer(x, null, w([4, 3]), w([4, 4]), null, null, { weightDtype: 'bfloat16' as 'float16' }))).toThrow(sg.ArgumentError);
    const lstm = new sg.nn.LSTM(3, 4, { device: dev, generator: g });
    expect(() => lstm.forward(x, null, f16)).toThrow(/is for inference/); // parameters require grad: outside noGrad
    const [y] = sg.noGrad(() => lstm.forward(x, null, f16));
    expect(y.shape).toEqual([2, 1, 4]);
  });
});

describeWebGPU('float16 W_hh on WebGPU', (remote) => {
  for (const c of CASES) {
    it(`${c.name}: GPU vs CPU, and one dispatch more than float32`, async () => {
      const gpu = await remote().evaluate(runCase, { ...c, device: 'webgpu', seed: 3, weightDtype: 'float16', roundWhh: false });
      const gpu32 = await remote().evaluate(runCase, { ...c, device: 'webgpu', seed: 3, weightDtype: 'float32', roundWhh: false });
      const cpu = await runCase(sg, { ...c, device: 'cpu', seed: 3, weightDtype: 'float16', roundWhh: false });
      check(gpu, cpu, TOL.forward, c.name, 'gpu-vs-cpu');
      expect(gpu.dispatches, `${c.name}: the halves' packing dispatch`).toBe(gpu32.dispatches + 1);
    });
  }

  it('nn modules: a 2-layer bidirectional GRU and a 2-layer LSTM (batchFirst) forward with weightDtype float16, vs the CPU', async () => {
    const run = async (sgp: SeqgpuPageModule, device: 'cpu' | 'webgpu') => {
      const dev = await sgp.init(device);
      const g = new sgp.Generator(9);
      const gru = new sgp.nn.GRU(3, 6, { numLayers: 2, bidirectional: true, device: dev, generator: g });
      const lstm = new sgp.nn.LSTM(3, 5, { numLayers: 2, batchFirst: true, device: dev, generator: g });
      const x = sgp.randn([4, 2, 3], { device: dev, generator: g });
      const [yg, hg] = sgp.noGrad(() => gru.forward(x, null, { weightDtype: 'float16' }));
      const [yl, [hl, cl]] = sgp.noGrad(() => lstm.forward(x, null, { weightDtype: 'float16', lengths: [2, 1, 2, 2] }));
      const out: number[][] = [];
      for (const t of [yg, hg, yl, hl, cl]) out.push(Array.from(await t.data()));
      return out;
    };
    const gpu = await remote().evaluate(run, 'webgpu');
    const cpu = await run(sg, 'cpu');
    gpu.forEach((v, i) => expectClose(v, cpu[i], TOL.forward, `module output ${i}`, 'gpu-vs-cpu'));
  });
});
