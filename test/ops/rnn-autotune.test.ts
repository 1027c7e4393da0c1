/**
 * impl 'auto' of the recurrent ops (src/ops/rnn-autotune.ts): on WebGPU the first call of a shape runs on the fixed
 * rule and queues a measurement of every candidate variant; once it settles, the cached choice is one of the
 * candidates, every candidate has a time, later 'auto' calls use it and still match the CPU op. On the CPU, 'auto'
 * measures nothing. Twins: src/ops/rnn-autotune.ts, ops/rnn.ts (pickImpl), test/ops/rnn.test.ts (explicit impls).
 */
import { describe, expect, it } from 'vitest';
import * as sgCpu from '../../src/index.ts';
import { describeWebGPU, type SeqgpuModule } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';

interface Out {
  y: number[]; y2: number[]; dWhh: number[]; choice: string | null; times: Record<string, number>; stillNull: boolean;
}

/** Self-contained (runs in Node and, as source text, in the page): an LSTM / GRU layer twice with impl 'auto'. */
async function runAuto(sg: SeqgpuModule, a: { kind: 'cpu' | 'webgpu'; cell: 'lstm' | 'gru' | 'rnnRelu'; T: number; N: number; H: number; bi: boolean }): Promise<Out> {
  const device = await sg.init(a.kind);
  const G = a.cell === 'lstm' ? 4 : a.cell === 'gru' ? 3 : 1;
  const I = 3;
  let seed = 99;
  const rnd = (n: number, s: number): Float32Array => Float32Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return ((seed / 2147483648) * 2 - 1) * s;
  });
  const s = 1 / Math.sqrt(a.H);
  const x = sg.tensor(rnd(a.T * a.N * I, 1), [a.T, a.N, I], { device });
  const w = () => ({
    wIh: sg.tensor(rnd(G * a.H * I, s), [G * a.H, I], { device, requiresGrad: true }),
    wHh: sg.tensor(rnd(G * a.H * a.H, s), [G * a.H, a.H], { device, requiresGrad: true }),
    bIh: sg.tensor(rnd(G * a.H, s), [G * a.H], { device }), bHh: sg.tensor(rnd(G * a.H, s), [G * a.H], { device }),
  });
  const w0 = w();
  const w1 = w();
  const lengths = new Int32Array(Array.from({ length: a.N }, (_, n) => Math.max(0, a.T - (n % 3))));
  const run = (): InstanceType<SeqgpuModule['Tensor']> => {
    const o = { impl: 'auto' as const, lengths };
    if (a.bi) {
      if (a.cell === 'lstm') return sg.lstmBidirectional(x, null, null, [w0, w1], o).y;
      if (a.cell === 'gru') return sg.gruBidirectional(x, null, [w0, w1], o).y;
      return sg.rnnBidirectional(x, null, [w0, w1], { ...o, nonlinearity: 'relu' }).y;
    }
    if (a.cell === 'lstm') return sg.lstmLayer(x, null, null, w0.wIh, w0.wHh, w0.bIh, w0.bHh, o).y;
    if (a.cell === 'gru') return sg.gruLayer(x, null, w0.wIh, w0.wHh, w0.bIh, w0.bHh, o).y;
    return sg.rnnLayer(x, null, w0.wIh, w0.wHh, w0.bIh, w0.bHh, { ...o, nonlinearity: 'relu' }).y;
  };
  const family = a.cell;
  const shape = { D: a.bi ? 2 : 1, T: a.T, N: a.N, H: a.H, P: 0 };
  const first = run();
  const stillNull = sg.rnnAutoChoice(device, family, shape) === null; // checked before anything is awaited
  const y = (await first.data()) as Float32Array;
  await sg.rnnAutotuneSettled(device);
  const c = sg.rnnAutoChoice(device, family, shape);
  const y2t = run();
  sg.sum(y2t).backward();
  return {
    y: Array.from(y), y2: Array.from((await y2t.data()) as Float32Array),
    dWhh: Array.from((await w0.wHh.grad!.data()) as Float32Array), choice: c?.choice ?? null, times: (c?.times ?? {}) as Record<string, number>, stillNull,
  };
}

describe("rnn impl 'auto' on the CPU", () => {
  it('measures nothing and runs the fused reference', async () => {
    const r = await runAuto(sgCpu, { kind: 'cpu', cell: 'lstm', T: 3, N: 2, H: 4, bi: false });
    expect(r.choice).toBeNull();
    expect(r.y2).toEqual(r.y);
  });
});

describeWebGPU("rnn impl 'auto' on WebGPU: the variant measured on the adapter", (remote) => {
  const cases = [
    { cell: 'lstm', T: 4, N: 3, H: 8, bi: false, candidates: ['fused', 'tiled', 'persistent'] },
    { cell: 'gru', T: 3, N: 3, H: 90, bi: true, candidates: ['fused', 'tiled'] }, // N*H = 270: no persistent
    { cell: 'rnnRelu', T: 3, N: 2, H: 20, bi: false, candidates: ['fused', 'tiled', 'persistent'] },
  ] as const;
  for (const k of cases) {
    it(`${k.cell} T=${k.T} N=${k.N} H=${k.H}${k.bi ? ' bidirectional' : ''}: choice among ${k.candidates.join('/')}, cached, and correct`, async () => {
      const a = { kind: 'webgpu' as const, cell: k.cell, T: k.T, N: k.N, H: k.H, bi: k.bi };
      const gpu = await remote().evaluate(runAuto, a, { timeoutMs: 110_000 });
      const cpu = await runAuto(sgCpu, { ...a, kind: 'cpu' });
      console.log(`auto ${k.cell} T=${k.T} N=${k.N} H=${k.H}${k.bi ? ' D=2' : ''}: chose ${gpu.choice}; ms ${JSON.stringify(gpu.times)}`);
      expect(gpu.stillNull).toBe(true); // the first call did not wait for a measurement
      expect(k.candidates as readonly string[]).toContain(gpu.choice);
      expect(Object.keys(gpu.times).sort()).toEqual([...k.candidates].sort());
      for (const v of Object.values(gpu.times)) expect(v).toBeGreaterThan(0);
      expectClose(gpu.y, cpu.y, TOL.forward, `${k.cell} auto y (first call)`, 'gpu-vs-cpu');
      expectClose(gpu.y2, cpu.y2, TOL.forward, `${k.cell} auto y (measured choice)`, 'gpu-vs-cpu');
      expectClose(gpu.dWhh, cpu.dWhh, TOL.grad, `${k.cell} auto dW_hh (measured choice)`, 'gpu-vs-cpu');
    });
  }
});
