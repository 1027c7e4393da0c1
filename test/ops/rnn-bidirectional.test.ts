/**
 * The shared bidirectional ops (src/ops/rnn-bidirectional.ts: both directions in the same dispatches) against two
 * single-direction CPU ops (ops/rnn.ts, checked against the float64 reference in rnn.test.ts): outputs, final
 * states and every gradient, with unsorted padded lengths, on the CPU and on every WebGPU impl; dispatch budgets.
 * Twins: src/ops/rnn-bidirectional.ts, shaders/rnn/*.wgsl, backends/{cpu,webgpu}/rnn*.ts.
 */
import { describe, expect, it } from 'vitest';
import * as sgCpu from '../../src/index.ts';
import { describeWebGPU, type SeqgpuModule } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';

type Cell = 'lstm' | 'gru' | 'rnnTanh' | 'rnnRelu';
interface Case {
  cell: Cell; T: number; N: number; I: number; H: number; P: number; lengths: number[] | null; bias: boolean; states: boolean;
  /** 'pair': two single-direction ops (the reference); otherwise the shared op with this impl. */
  impl: 'pair' | 'auto' | 'fused' | 'persistent' | 'tiled' | 'composed';
  device: 'cpu' | 'webgpu';
  seedY?: boolean;
  data: Record<string, number[]>;
}
interface Result { out: Record<string, Float32Array>; grads: Record<string, Float32Array | null>; fwd: number; bwd: number }

/** Self-contained (runs in Node and, as source text, in the page): one bidirectional layer, L = <y,wy> + <hN,wh> (+ <cN,wc>). */
async function runBi(sg: SeqgpuModule, c: Case): Promise<Result> {
  const g = globalThis as unknown as { __biDevs?: Record<string, Awaited<ReturnType<SeqgpuModule['init']>>> };
  g.__biDevs ??= {};
  const device = (g.__biDevs[c.device] ??= await sg.init(c.device));
  const G = c.cell === 'lstm' ? 4 : c.cell === 'gru' ? 3 : 1;
  const R = c.P > 0 ? c.P : c.H;
  const shapes: Record<string, number[]> = {
    x: [c.T, c.N, c.I], h0: [2, c.N, R], c0: [2, c.N, c.H], wy: [c.T, c.N, 2 * R], wh: [2, c.N, R], wc: [2, c.N, c.H],
  };
  for (const s of ['', 'R']) {
    Object.assign(shapes, { [`wIh${s}`]: [G * c.H, c.I], [`wHh${s}`]: [G * c.H, R], [`bIh${s}`]: [G * c.H], [`bHh${s}`]: [G * c.H], [`wHr${s}`]: [c.P, c.H] });
  }
  const t: Record<string, InstanceType<SeqgpuModule['Tensor']>> = {};
  for (const [k, v] of Object.entries(c.data)) {
    t[k] = sg.tensor(new Float32Array(v), shapes[k], { device, requiresGrad: !['wy', 'wh', 'wc'].includes(k) });
  }
  const w = ['', 'R'].map((s) => ({
    wIh: t[`wIh${s}`], wHh: t[`wHh${s}`], bIh: c.bias ? t[`bIh${s}`] : null, bHh: c.bias ? t[`bHh${s}`] : null, wHr: c.P > 0 ? t[`wHr${s}`] : null,
  })) as [import('../../src/ops/rnn-bidirectional.ts').DirectionWeights, import('../../src/ops/rnn-bidirectional.ts').DirectionWeights];
  const lengths = c.lengths ? new Int32Array(c.lengths) : null;
  const h0 = c.states ? t.h0 : null;
  const c0 = c.states && c.cell === 'lstm' ? t.c0 : null;
  const nonlinearity = c.cell === 'rnnRelu' ? ('relu' as const) : ('tanh' as const);
  await sg.rnnAutotuneSettled(device); // an earlier 'auto' call's measurement must not land in these counts
  await device.sync();
  const d0 = device.stats().dispatches;
  let out: { y: typeof t.x; hN: typeof t.x; cN?: typeof t.x };
  if (c.impl === 'pair') {
    // Two single-direction ops (fused on the CPU), joined with plain shape ops.
    const pick = (s: typeof t.x | null, k: number, size: number): typeof t.x | null => (s ? sg.reshape(sg.slice(s, [k, 0, 0], [1, c.N, size]), [c.N, size]) : null);
    const rs: { y: typeof t.x; hN: typeof t.x; cN?: typeof t.x }[] = [0, 1].map((k) => {
      const o = { lengths, reverse: k === 1, impl: 'fused' as const };
      const wk = w[k];
      if (c.cell === 'lstm') return sg.lstmLayer(t.x, pick(h0, k, R), pick(c0, k, c.H), wk.wIh, wk.wHh, wk.bIh, wk.bHh, { ...o, wHr: wk.wHr });
      if (c.cell === 'gru') return sg.gruLayer(t.x, pick(h0, k, R), wk.wIh, wk.wHh, wk.bIh, wk.bHh, o);
      return sg.rnnLayer(t.x, pick(h0, k, R), wk.wIh, wk.wHh, wk.bIh, wk.bHh, { ...o, nonlinearity });
    });
    out = { y: sg.concat([rs[0].y, rs[1].y], 2), hN: sg.stack([rs[0].hN, rs[1].hN], 0) };
    if (rs[0].cN && rs[1].cN) out.cN = sg.stack([rs[0].cN, rs[1].cN], 0);
  } else {
    const o = { lengths, impl: c.impl };
    if (c.cell === 'lstm') out = sg.lstmBidirectional(t.x, h0, c0, w, o);
    else if (c.cell === 'gru') out = sg.gruBidirectional(t.x, h0, w, o);
    else out = sg.rnnBidirectional(t.x, h0, w, { ...o, nonlinearity });
  }
  const d1 = device.stats().dispatches;
  let loss = out.y;
  if (!c.seedY) {
    loss = sg.add(sg.sum(sg.mul(out.y, t.wy)), sg.sum(sg.mul(out.hN, t.wh)));
    if (out.cN) loss = sg.add(loss, sg.sum(sg.mul(out.cN, t.wc)));
  }
  const d2 = device.stats().dispatches;
  if (c.seedY) out.y.backward(t.wy);
  else loss.backward();
  const d3 = device.stats().dispatches;
  const grads: Record<string, Float32Array | null> = {};
  for (const k of Object.keys(c.data)) {
    if (['wy', 'wh', 'wc'].includes(k) || (!c.bias && k.startsWith('b')) || (!c.states && (k === 'h0' || k === 'c0'))) continue;
    grads[k] = t[k].grad ? ((await t[k].grad!.data()) as Float32Array) : null;
  }
  const res: Record<string, Float32Array> = { y: (await out.y.data()) as Float32Array, hN: (await out.hN.data()) as Float32Array };
  if (out.cN) res.cN = (await out.cN.data()) as Float32Array;
  return { out: res, grads, fwd: d1 - d0, bwd: d3 - d2 };
}

let seed = 777;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return (seed / 2147483648) * 2 - 1;
};
const fill = (n: number, scale = 0.5): number[] => Array.from({ length: n }, () => Math.fround(rnd() * scale));

function makeCase(cell: Cell, over: Partial<Case> = {}): Case {
  const c: Case = { cell, T: 4, N: 3, I: 3, H: 4, P: 0, lengths: null, bias: true, states: true, impl: 'fused', device: 'cpu', data: {}, ...over };
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const R = c.P > 0 ? c.P : c.H;
  const s = 1 / Math.sqrt(c.H);
  c.data = { x: fill(c.T * c.N * c.I, 1), h0: fill(2 * c.N * R), wy: fill(c.T * c.N * 2 * R, 1), wh: fill(2 * c.N * R, 1) };
  for (const k of ['', 'R']) {
    Object.assign(c.data, { [`wIh${k}`]: fill(G * c.H * c.I, s), [`wHh${k}`]: fill(G * c.H * R, s), [`bIh${k}`]: fill(G * c.H, s), [`bHh${k}`]: fill(G * c.H, s) });
    if (c.P > 0) c.data[`wHr${k}`] = fill(c.P * c.H, s);
  }
  if (cell === 'lstm') Object.assign(c.data, { c0: fill(2 * c.N * c.H), wc: fill(2 * c.N * c.H, 1) });
  return c;
}

function expectMatch(label: string, got: Result, want: Result): void {
  for (const [k, w] of Object.entries(want.out)) expectClose(got.out[k], w, TOL.forward, `${label} ${k}`, 'gpu-vs-cpu');
  expect(Object.keys(got.grads).sort()).toEqual(Object.keys(want.grads).sort());
  for (const [k, w] of Object.entries(want.grads)) {
    expect(got.grads[k], `${label} grad ${k} missing`).toBeTruthy();
    expectClose(got.grads[k]!, w!, TOL.grad, `${label} d${k}`, 'gpu-vs-cpu');
  }
}

/** Padded steps: both directions' output rows exactly zero. */
function expectPaddedZero(label: string, c: Case, got: Result): void {
  if (!c.lengths) return;
  const W = 2 * (c.P > 0 ? c.P : c.H);
  for (let t = 0; t < c.T; t++) {
    for (let n = 0; n < c.N; n++) {
      if (t >= c.lengths[n]) for (let j = 0; j < W; j++) expect(Math.abs(got.out.y[(t * c.N + n) * W + j]), `${label} y[${t},${n},${j}]`).toBe(0);
    }
  }
}

const CASES: [string, Case][] = [
  ['lstm lengths', makeCase('lstm', { lengths: [2, 4, 0] })],
  ['lstm no states, no bias', makeCase('lstm', { states: false, bias: false, lengths: [3, 1, 4] })],
  ['lstm T=1', makeCase('lstm', { T: 1 })],
  ['gru lengths', makeCase('gru', { lengths: [1, 4, 2] })],
  ['gru no states', makeCase('gru', { states: false })],
  ['rnn tanh lengths', makeCase('rnnTanh', { lengths: [4, 0, 3] })],
  ['rnn relu H=1 no bias', makeCase('rnnRelu', { H: 1, bias: false, lengths: [2, 3, 1] })],
  // Several step workgroups per direction (N*H = 96 > 64) and a full persistent workgroup per direction.
  ['lstm N*H=256 lengths', makeCase('lstm', { T: 3, N: 4, H: 64, lengths: [3, 1, 0, 2] })],
  ['gru N*H=96 lengths', makeCase('gru', { T: 3, N: 3, H: 32, lengths: [2, 3, 1] })],
  // projSize: the projection kernels with D = 2 (W_hr of both directions stacked).
  ['lstm proj lengths', makeCase('lstm', { P: 2, lengths: [3, 0, 4] })],
  ['lstm proj no states', makeCase('lstm', { P: 3, H: 5, states: false, lengths: [1, 4, 2] })],
];
// The tiled rung past the persistent kernel's N*H = 256 per direction, odd H (quad and k-chunk edges), D = 2 in its grid.
const TILED_CASES: [string, Case][] = [
  ['lstm N*H=264 lengths', makeCase('lstm', { T: 3, N: 4, H: 66, lengths: [3, 1, 0, 2] })],
  ['gru H=7 N=5 lengths no states', makeCase('gru', { T: 3, N: 5, H: 7, states: false, lengths: [2, 3, 1, 0, 3] })],
  ['rnn relu H=33 lengths', makeCase('rnnRelu', { T: 3, N: 2, H: 33, lengths: [3, 1] })],
];

describe('bidirectional rnn ops on the CPU vs two single-direction ops', () => {
  for (const [name, c] of CASES) {
    it(name, async () => {
      const want = await runBi(sgCpu, { ...c, impl: 'pair' });
      for (const impl of ['fused', 'composed'] as const) {
        const got = await runBi(sgCpu, { ...c, impl });
        expectMatch(`${name} cpu ${impl}`, got, want);
        expectPaddedZero(`${name} cpu ${impl}`, c, got);
      }
    });
  }

  it('rejects mismatched directions and states with the shapes named', () => {
    const z = (shape: number[]): sgCpu.Tensor => sgCpu.zeros(shape);
    const x = z([5, 2, 3]);
    const w = { wIh: z([12, 3]), wHh: z([12, 4]), bIh: null, bHh: null };
    expect(() => sgCpu.gruBidirectional(x, null, [w, { ...w, wHh: z([12, 5]) }])).toThrow(/wHh must be \[12, 4\], got \[12, 5\]|wHh differ/);
    expect(() => sgCpu.gruBidirectional(x, z([2, 4]), [w, w])).toThrow(/h0 must be \[2, 2, 4\].*got \[2, 4\]/);
    expect(() => sgCpu.gruBidirectional(x, null, [w, { ...w, bIh: z([12]) }])).toThrow(/directions' bIh differ/);
  });
});

describeWebGPU('bidirectional rnn ops on WebGPU vs two single-direction CPU ops', (remote) => {
  const gpu = (c: Case): Promise<Result> => remote().evaluate(runBi, { ...c, device: 'webgpu' });

  for (const [name, c] of CASES) {
    it(`${name}: fused, persistent, tiled and composed match`, async () => {
      const want = await runBi(sgCpu, { ...c, impl: 'pair' });
      for (const impl of ['fused', 'persistent', 'tiled', 'composed'] as const) {
        const got = await gpu({ ...c, impl });
        expectMatch(`${name} webgpu ${impl}`, got, want);
        expectPaddedZero(`${name} webgpu ${impl}`, c, got);
      }
    });
  }

  for (const [name, c] of TILED_CASES) {
    it(`${name}: tiled matches`, async () => {
      const want = await runBi(sgCpu, { ...c, impl: 'pair' });
      const got = await gpu({ ...c, impl: 'tiled' });
      expectMatch(`${name} webgpu tiled`, got, want);
      expectPaddedZero(`${name} webgpu tiled`, c, got);
    });
  }

  it('dispatch budgets: a bidirectional layer forward <= T+6 per-step and <= 6 persistent (projSize: +2)', async () => {
    const T = 8;
    for (const cell of ['lstm', 'lstmProj', 'gru', 'rnnTanh'] as const) {
      for (const states of [true, false]) {
        const over = { T, N: 2, H: 4, lengths: [8, 5], states, seedY: true };
        const c = cell === 'lstmProj' ? makeCase('lstm', { ...over, P: 3 }) : makeCase(cell, over);
        // projSize stacks a third parameter pair (W_hr) with a plain concat: 2 more dispatches than the others.
        const extra = cell === 'lstmProj' ? 2 : 0;
        const fused = await gpu({ ...c, impl: 'fused' });
        const persistent = await gpu({ ...c, impl: 'persistent' });
        const tiled = await gpu({ ...c, impl: 'tiled' });
        const pair = await gpu({ ...c, impl: 'pair' });
        console.log(
          `${cell} bidirectional T=${T}${states ? '' : ' (no h0)'}: per-step forward ${fused.fwd} + backward ${fused.bwd}; persistent forward ` +
            `${persistent.fwd} + backward ${persistent.bwd}; tiled forward ${tiled.fwd} + backward ${tiled.bwd}; two single-direction per-step ops: forward ${pair.fwd} + backward ${pair.bwd}`,
        );
        expect(fused.fwd).toBeLessThanOrEqual(T + 6 + extra);
        expect(persistent.fwd).toBeLessThanOrEqual(6 + extra);
        expect(fused.fwd + fused.bwd).toBeLessThanOrEqual(2 * T + 16 + 2 * extra);
        // tiled: one W_hh pack per pass on top of the per-step dispatches.
        expect(tiled.fwd).toBeLessThanOrEqual(T + 7 + extra);
        expect(tiled.fwd + tiled.bwd).toBeLessThanOrEqual(2 * T + 18 + 2 * extra);
      }
    }
  });
});
