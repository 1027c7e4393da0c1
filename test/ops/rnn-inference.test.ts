/**
 * Inference without saved rows: when no gradient will be taken (noGrad, or no input requires grad) the recurrent
 * ops allocate no [T, N, width] saved buffer and the forward kernels skip those writes (flag NO_SAVED in
 * shaders/common/rnn-steps.wgsl; projSize uses a temporary). Checked here, for every WebGPU impl, with lengths,
 * reverse and both directions: y, hN and cN equal the training-mode forward bit for bit and match the CPU
 * backend's inference; the inference forward holds at least the saved rows' bytes less than the training one.
 * Twins: src/ops/rnn.ts, src/ops/rnn-bidirectional.ts, backends/webgpu/rnn.ts, backends/cpu/rnn-kernels.ts.
 */
import { describe, expect, it } from 'vitest';
import * as sgCpu from '../../src/index.ts';
import { describeWebGPU, type SeqgpuModule } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';

type Cell = 'lstm' | 'gru' | 'rnnTanh' | 'rnnRelu';
interface Case {
  cell: Cell; bi: boolean; T: number; N: number; I: number; H: number; P: number;
  lengths: number[] | null; reverse: boolean; impl: 'fused' | 'persistent' | 'tiled' | 'auto';
}
interface Arg extends Case { device: 'cpu' | 'webgpu'; data: Record<string, number[]> }
interface Out { train: Record<string, Float32Array>; infer: Record<string, Float32Array>; trainBytes: number; inferBytes: number }

/** Self-contained (runs in Node and, as source text, in the page): the same forward with and without grad. */
async function runBoth(sg: SeqgpuModule, a: Arg): Promise<Out> {
  const g = globalThis as unknown as { __infDevs?: Record<string, Awaited<ReturnType<SeqgpuModule['init']>>> };
  g.__infDevs ??= {};
  const device = (g.__infDevs[a.device] ??= await sg.init(a.device));
  const G = a.cell === 'lstm' ? 4 : a.cell === 'gru' ? 3 : 1;
  const R = a.P > 0 ? a.P : a.H;
  const shapes: Record<string, number[]> = { x: [a.T, a.N, a.I], h0: a.bi ? [2, a.N, R] : [a.N, R], c0: a.bi ? [2, a.N, a.H] : [a.N, a.H] };
  for (const s of ['', 'R']) Object.assign(shapes, { [`wIh${s}`]: [G * a.H, a.I], [`wHh${s}`]: [G * a.H, R], [`b${s}`]: [G * a.H], [`wHr${s}`]: [a.P, a.H] });
  const lengths = a.lengths ? new Int32Array(a.lengths) : null;
  const nonlinearity = a.cell === 'rnnRelu' ? ('relu' as const) : ('tanh' as const);
  const forward = (requiresGrad: boolean): Record<string, InstanceType<SeqgpuModule['Tensor']>> => {
    const t: Record<string, InstanceType<SeqgpuModule['Tensor']>> = {};
    for (const [k, v] of Object.entries(a.data)) t[k] = sg.tensor(new Float32Array(v), shapes[k], { device, requiresGrad });
    const dir = (s: string) => ({ wIh: t[`wIh${s}`], wHh: t[`wHh${s}`], bIh: t[`b${s}`], bHh: t[`b${s}`], wHr: a.P > 0 ? t[`wHr${s}`] : null });
    const o = { lengths, impl: a.impl };
    if (a.bi) {
      const w = [dir(''), dir('R')] as [ReturnType<typeof dir>, ReturnType<typeof dir>];
      if (a.cell === 'lstm') return sg.lstmBidirectional(t.x, t.h0, t.c0, w, o) as never;
      if (a.cell === 'gru') return sg.gruBidirectional(t.x, t.h0, w, o) as never;
      return sg.rnnBidirectional(t.x, t.h0, w, { ...o, nonlinearity }) as never;
    }
    const w = dir('');
    const one = { ...o, reverse: a.reverse };
    if (a.cell === 'lstm') return sg.lstmLayer(t.x, t.h0, t.c0, w.wIh, w.wHh, w.bIh, w.bHh, { ...one, wHr: w.wHr }) as never;
    if (a.cell === 'gru') return sg.gruLayer(t.x, t.h0, w.wIh, w.wHh, w.bIh, w.bHh, one) as never;
    return sg.rnnLayer(t.x, t.h0, w.wIh, w.wHh, w.bIh, w.bHh, { ...one, nonlinearity }) as never;
  };
  /** Outputs, and the bytes held by live storages right after the forward (inputs included, the same both ways). */
  const measure = async (train: boolean): Promise<[Record<string, Float32Array>, number]> => {
    await sg.rnnAutotuneSettled(device);
    await device.sync();
    const b0 = device.stats().bytesAllocated;
    const out = train ? forward(true) : sg.noGrad(() => forward(true));
    const bytes = device.stats().bytesAllocated - b0;
    const data: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(out)) data[k] = (await v.data()) as Float32Array;
    return [data, bytes];
  };
  // Inference first and last: an 'auto' impl settles on its measured choice after the first call.
  await measure(false);
  const [train, trainBytes] = await measure(true);
  const [infer, inferBytes] = await measure(false);
  return { train, infer, trainBytes, inferBytes };
}

/** Bytes of the saved rows a training forward keeps: [D, T, N, width] floats. */
function savedBytes(c: Case): number {
  const R = c.P > 0 ? c.P : c.H;
  const width = c.cell === 'lstm' ? R + 6 * c.H : c.cell === 'gru' ? 5 * c.H : c.H;
  return (c.bi ? 2 : 1) * c.T * c.N * width * 4;
}

let seed = 7;
const rand = (n: number, scale: number): number[] =>
  Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31 - 0.5) * 2 * scale;
  });

function dataFor(c: Case): Record<string, number[]> {
  const G = c.cell === 'lstm' ? 4 : c.cell === 'gru' ? 3 : 1;
  const R = c.P > 0 ? c.P : c.H;
  const D = c.bi ? 2 : 1;
  const d: Record<string, number[]> = { x: rand(c.T * c.N * c.I, 1), h0: rand(D * c.N * R, 0.5) };
  if (c.cell === 'lstm') d.c0 = rand(D * c.N * c.H, 0.5);
  for (const s of c.bi ? ['', 'R'] : ['']) {
    d[`wIh${s}`] = rand(G * c.H * c.I, 0.5);
    d[`wHh${s}`] = rand(G * c.H * R, 0.5);
    d[`b${s}`] = rand(G * c.H, 0.2);
    if (c.P > 0) d[`wHr${s}`] = rand(c.P * c.H, 0.5);
  }
  return d;
}

const base = { T: 5, N: 3, I: 4, H: 6, P: 0, lengths: [5, 2, 4], reverse: false };
const cases: Case[] = [];
for (const impl of ['fused', 'persistent', 'tiled'] as const) {
  cases.push({ ...base, cell: 'lstm', bi: false, reverse: true, impl });
  cases.push({ ...base, cell: 'lstm', bi: true, impl });
  cases.push({ ...base, cell: 'gru', bi: false, reverse: true, impl });
  cases.push({ ...base, cell: 'gru', bi: true, impl });
  cases.push({ ...base, cell: 'rnnTanh', bi: false, impl });
  cases.push({ ...base, cell: 'rnnRelu', bi: true, reverse: false, impl });
}
for (const impl of ['fused', 'persistent'] as const) {
  cases.push({ ...base, cell: 'lstm', bi: false, P: 4, reverse: true, impl }); // projSize: a temporary instead
  cases.push({ ...base, cell: 'lstm', bi: true, P: 4, impl });
}
cases.push({ ...base, cell: 'lstm', bi: false, N: 5, H: 70, lengths: null, impl: 'auto' }); // N*H > 256: no persistent
const label = (c: Case): string =>
  `${c.cell}${c.P ? ` P=${c.P}` : ''}${c.bi ? ' bidirectional' : c.reverse ? ' reverse' : ''} T=${c.T} N=${c.N} H=${c.H}${c.lengths ? ' lengths' : ''}, impl ${c.impl}`;

describe('rnn inference on the CPU backend: no saved rows, same outputs', () => {
  for (const c of cases.filter((k) => k.impl === 'fused')) {
    it(label(c), async () => {
      const r = await runBoth(sgCpu, { ...c, device: 'cpu', data: dataFor(c) });
      for (const k of Object.keys(r.train)) expect(r.infer[k], k).toEqual(r.train[k]);
      expect(r.trainBytes - r.inferBytes).toBeGreaterThanOrEqual(savedBytes(c));
    });
  }
});

describeWebGPU('rnn inference on WebGPU: no saved rows, same outputs as the training forward and the CPU', (remote) => {
  for (const c of cases) {
    it(label(c), async () => {
      const data = dataFor(c);
      const gpu = await remote().evaluate(runBoth, { ...c, device: 'webgpu', data }, { timeoutMs: 110_000 });
      const cpu = await runBoth(sgCpu, { ...c, device: 'cpu', data, impl: 'fused' });
      expect(Object.keys(gpu.infer).sort()).toEqual(Object.keys(gpu.train).sort());
      for (const k of Object.keys(gpu.train)) {
        expect(gpu.infer[k], `${k}: inference vs training forward`).toEqual(gpu.train[k]);
        expectClose(gpu.infer[k], cpu.infer[k], TOL.forward, `${k}: WebGPU inference vs CPU`, 'gpu-vs-cpu');
      }
      expect(gpu.trainBytes - gpu.inferBytes).toBeGreaterThanOrEqual(savedBytes(c));
    });
  }
});
