/**
 * Recurrent layer ops (src/ops/rnn.ts): CPU op outputs and every gradient vs the float64 reference functions
 * (src/backends/cpu/rnn-*.ts, themselves checked against PyTorch in test/ref/rnn.test.ts); then on WebGPU every
 * impl (fused per-step, persistent, tiled, composed) vs the CPU op, fused vs composed, and the dispatch budgets.
 * Twins: src/ops/rnn.ts, backends/{cpu,webgpu}/rnn*.ts, shaders/rnn/*.wgsl.
 */
import { describe, expect, it } from 'vitest';
import * as sgCpu from '../../src/index.ts';
import { describeWebGPU, type SeqgpuModule } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';
import { lstmRecurrentBackward64, lstmRecurrentForward64 } from '../../src/backends/cpu/rnn-lstm.ts';
import { gruRecurrentBackward64, gruRecurrentForward64 } from '../../src/backends/cpu/rnn-gru.ts';
import { rnnRecurrentBackward64, rnnRecurrentForward64 } from '../../src/backends/cpu/rnn-elman.ts';

type Cell = 'lstm' | 'gru' | 'rnnTanh' | 'rnnRelu';
interface Case {
  cell: Cell; T: number; N: number; I: number; H: number; P: number;
  reverse: boolean; lengths: number[] | null; bias: boolean;
  impl: 'auto' | 'fused' | 'persistent' | 'tiled' | 'composed';
  /** Backpropagate y with seed wy directly (no loss ops), so dispatch counts are the layer's own. */
  seedY?: boolean;
  device: 'cpu' | 'webgpu';
  /** WebGPU device with the default limits (8 storage bindings per stage) instead of the adapter's larger ones. */
  limits8?: boolean;
  data: Record<string, number[]>; // inputs and the loss weights wy, wh, wc
}
interface Result {
  y: Float32Array; hN: Float32Array; cN: Float32Array | null;
  grads: Record<string, Float32Array | null>;
  fwdDispatches: number; bwdDispatches: number; totalDispatches: number;
}

/**
 * Runs one layer and backpropagates L = <y, wy> + <hN, wh> (+ <cN, wc>). Self-contained: it runs in Node (CPU)
 * and, sent as source text, in the page (WebGPU). Dispatch counts are the stats() deltas of forward and backward.
 */
async function runLayer(sg: SeqgpuModule, c: Case): Promise<Result> {
  const g = globalThis as unknown as { __rnnDevs?: Record<string, Awaited<ReturnType<SeqgpuModule['init']>>> };
  g.__rnnDevs ??= {};
  const device = (g.__rnnDevs[c.device + (c.limits8 ? '8' : '')] ??= await sg.init(c.device, { requestAdapterLimits: !c.limits8 }));
  const G = c.cell === 'lstm' ? 4 : c.cell === 'gru' ? 3 : 1;
  const R = c.P > 0 ? c.P : c.H;
  const shapes: Record<string, number[]> = {
    x: [c.T, c.N, c.I], h0: [c.N, R], c0: [c.N, c.H], wIh: [G * c.H, c.I], wHh: [G * c.H, R],
    bIh: [G * c.H], bHh: [G * c.H], wHr: [c.P, c.H], wy: [c.T, c.N, R], wh: [c.N, R], wc: [c.N, c.H],
  };
  const t: Record<string, InstanceType<SeqgpuModule['Tensor']>> = {};
  for (const [k, v] of Object.entries(c.data)) {
    t[k] = sg.tensor(new Float32Array(v), shapes[k], { device, requiresGrad: !['wy', 'wh', 'wc'].includes(k) });
  }
  const lengths = c.lengths ? new Int32Array(c.lengths) : null;
  await sg.rnnAutotuneSettled(device); // an earlier 'auto' call's measurement must not land in these counts
  await device.sync();
  const d0 = device.stats().dispatches;
  const opts = { lengths, reverse: c.reverse, impl: c.impl };
  const bIh = c.bias ? t.bIh : null;
  const bHh = c.bias ? t.bHh : null;
  let out: { y: typeof t.x; hN: typeof t.x; cN?: typeof t.x };
  if (c.cell === 'lstm') out = sg.lstmLayer(t.x, t.h0, t.c0, t.wIh, t.wHh, bIh, bHh, { ...opts, wHr: c.P > 0 ? t.wHr : null });
  else if (c.cell === 'gru') out = sg.gruLayer(t.x, t.h0, t.wIh, t.wHh, bIh, bHh, opts);
  else out = sg.rnnLayer(t.x, t.h0, t.wIh, t.wHh, bIh, bHh, { ...opts, nonlinearity: c.cell === 'rnnTanh' ? 'tanh' : 'relu' });
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
  for (const k of ['x', 'h0', 'c0', 'wIh', 'wHh', 'bIh', 'bHh', 'wHr']) {
    if (t[k] && (k !== 'wHr' || c.P > 0) && (c.bias || !k.startsWith('b'))) grads[k] = t[k].grad ? ((await t[k].grad!.data()) as Float32Array) : null;
  }
  return {
    y: (await out.y.data()) as Float32Array, hN: (await out.hN.data()) as Float32Array,
    cN: out.cN ? ((await out.cN.data()) as Float32Array) : null, grads, fwdDispatches: d1 - d0, bwdDispatches: d3 - d2, totalDispatches: d3 - d0,
  };
}

// ---- case construction and the float64 reference -----------------------------------------------------------

let seed = 12345;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return (seed / 2147483648) * 2 - 1;
};
const fill = (n: number, scale = 0.5): number[] => Array.from({ length: n }, () => Math.fround(rnd() * scale));

function makeCase(cell: Cell, over: Partial<Case> = {}): Case {
  const c: Case = { cell, T: 4, N: 3, I: 3, H: 4, P: 0, reverse: false, lengths: null, bias: true, impl: 'auto', device: 'cpu', data: {}, ...over };
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const R = c.P > 0 ? c.P : c.H;
  const s = 1 / Math.sqrt(c.H);
  c.data = {
    x: fill(c.T * c.N * c.I, 1), h0: fill(c.N * R), wIh: fill(G * c.H * c.I, s), wHh: fill(G * c.H * R, s),
    bIh: fill(G * c.H, s), bHh: fill(G * c.H, s), wy: fill(c.T * c.N * R, 1), wh: fill(c.N * R, 1),
  };
  if (cell === 'lstm') {
    c.data.c0 = fill(c.N * c.H);
    c.data.wc = fill(c.N * c.H, 1);
    if (c.P > 0) c.data.wHr = fill(c.P * c.H, s);
  }
  return c;
}

/** The same layer from the float64 reference functions plus hand-written projection GEMMs (chain rule). */
function reference(c: Case): { y: Float64Array; hN: Float64Array; cN: Float64Array | null; grads: Record<string, Float64Array> } {
  const { T, N, I, H, P } = c;
  const G = c.cell === 'lstm' ? 4 : c.cell === 'gru' ? 3 : 1;
  const d = c.data;
  const xProj = new Float64Array(T * N * G * H);
  for (let r = 0; r < T * N; r++) {
    for (let k = 0; k < G * H; k++) {
      let v = c.bias ? d.bIh[k] : 0;
      for (let i = 0; i < I; i++) v += d.x[r * I + i] * d.wIh[k * I + i];
      xProj[r * G * H + k] = v;
    }
  }
  const f = (k: string): Float64Array => Float64Array.from(d[k]);
  const common = { xProj, h0: f('h0'), wHh: f('wHh'), bHh: c.bias ? f('bHh') : null, lengths: c.lengths ? Int32Array.from(c.lengths) : null, T, N, H, reverse: c.reverse };
  let y: Float64Array, hN: Float64Array, cN: Float64Array | null = null;
  let gr: { dXProj: Float64Array; dh0: Float64Array; dWhh: Float64Array; dbHh: Float64Array | null; dc0?: Float64Array; dWhr?: Float64Array | null };
  if (c.cell === 'lstm') {
    const a = { ...common, c0: f('c0'), wHr: P > 0 ? f('wHr') : null, P };
    const r = lstmRecurrentForward64(a);
    [y, hN, cN] = [r.y, r.hN, r.cN];
    gr = lstmRecurrentBackward64(a, r.saved, f('wy'), f('wh'), f('wc'));
  } else if (c.cell === 'gru') {
    const r = gruRecurrentForward64(common);
    [y, hN] = [r.y, r.hN];
    gr = gruRecurrentBackward64(common, r.saved, f('wy'), f('wh'));
  } else {
    const a = { ...common, nonlinearity: c.cell === 'rnnTanh' ? ('tanh' as const) : ('relu' as const) };
    const r = rnnRecurrentForward64(a);
    [y, hN] = [r.y, r.hN];
    gr = rnnRecurrentBackward64(a, r.saved, f('wy'), f('wh'));
  }
  const dx = new Float64Array(T * N * I);
  const dWih = new Float64Array(G * H * I);
  const dbIh = new Float64Array(G * H);
  for (let r = 0; r < T * N; r++) {
    for (let k = 0; k < G * H; k++) {
      const g = gr.dXProj[r * G * H + k];
      dbIh[k] += g;
      for (let i = 0; i < I; i++) {
        dx[r * I + i] += g * d.wIh[k * I + i];
        dWih[k * I + i] += g * d.x[r * I + i];
      }
    }
  }
  const grads: Record<string, Float64Array> = { x: dx, h0: gr.dh0, wIh: dWih, wHh: gr.dWhh };
  if (c.bias) Object.assign(grads, { bIh: dbIh, bHh: gr.dbHh! });
  if (gr.dc0) grads.c0 = gr.dc0;
  if (gr.dWhr) grads.wHr = gr.dWhr;
  return { y, hN, cN, grads };
}

function expectMatch(label: string, got: Result, want: { y: ArrayLike<number>; hN: ArrayLike<number>; cN: ArrayLike<number> | null; grads: Record<string, ArrayLike<number> | null> }): void {
  expectClose(got.y, want.y, TOL.forward, `${label} y`, 'gpu-vs-cpu');
  expectClose(got.hN, want.hN, TOL.forward, `${label} hN`, 'gpu-vs-cpu');
  if (want.cN) expectClose(got.cN!, want.cN, TOL.forward, `${label} cN`, 'gpu-vs-cpu');
  for (const [k, w] of Object.entries(want.grads)) {
    expect(got.grads[k], `${label} grad ${k} missing`).toBeTruthy();
    expectClose(got.grads[k]!, w!, TOL.grad, `${label} d${k}`, 'gpu-vs-cpu');
  }
}

/** Padded steps: output rows exactly zero and exactly zero gradient to their x rows. */
function expectPaddedZero(label: string, c: Case, got: Result): void {
  if (!c.lengths) return;
  const R = c.P > 0 ? c.P : c.H;
  for (let t = 0; t < c.T; t++) {
    for (let n = 0; n < c.N; n++) {
      if (t < c.lengths[n]) continue;
      for (let j = 0; j < R; j++) expect(Math.abs(got.y[(t * c.N + n) * R + j]), `${label} y[${t},${n},${j}]`).toBe(0); // -0 from a mask is zero
      for (let i = 0; i < c.I; i++) expect(Math.abs(got.grads.x![(t * c.N + n) * c.I + i]), `${label} dx[${t},${n},${i}]`).toBe(0);
    }
  }
}

// Cases shared by both backends: every cell, reverse, unsorted lengths with padding (and a zero length), T=1, H=1.
const CASES: [string, Case][] = [
  ['lstm', makeCase('lstm')],
  ['lstm reverse', makeCase('lstm', { reverse: true })],
  ['lstm lengths', makeCase('lstm', { lengths: [2, 4, 0] })],
  ['lstm lengths reverse', makeCase('lstm', { lengths: [3, 1, 4], reverse: true })],
  ['lstm no bias', makeCase('lstm', { bias: false })],
  ['lstm T=1', makeCase('lstm', { T: 1 })],
  ['lstm H=1', makeCase('lstm', { H: 1 })],
  ['gru', makeCase('gru')],
  ['gru reverse lengths', makeCase('gru', { lengths: [1, 4, 2], reverse: true })],
  ['gru lengths', makeCase('gru', { lengths: [4, 0, 2] })],
  ['gru T=1 H=1', makeCase('gru', { T: 1, H: 1 })],
  ['rnn tanh', makeCase('rnnTanh')],
  ['rnn relu lengths', makeCase('rnnRelu', { lengths: [3, 4, 1] })],
  ['rnn tanh reverse lengths', makeCase('rnnTanh', { lengths: [2, 0, 4], reverse: true })],
  ['rnn relu H=1 no bias', makeCase('rnnRelu', { H: 1, bias: false })],
  // Several step workgroups (N*H > 64) and a full persistent workgroup (N*H = 256, [N, 4H] = 1024 shared floats).
  ['lstm N*H=256 lengths reverse', makeCase('lstm', { T: 3, N: 4, H: 64, lengths: [3, 1, 0, 2], reverse: true })],
  ['gru N*H=250 lengths', makeCase('gru', { T: 3, N: 5, H: 50, lengths: [1, 3, 2, 3, 0] })],
  ['rnn relu N*H=192 reverse', makeCase('rnnRelu', { T: 3, N: 3, H: 64, reverse: true })],
  // The benchmark's small shape (batch 8, T 20, input 8, hidden 32): float32 drift over 20 steps stays in tolerance.
  ['lstm T=20 N=8 I=8 H=32 lengths', makeCase('lstm', { T: 20, N: 8, I: 8, H: 32, lengths: [20, 17, 3, 20, 9, 1, 20, 12] })],
];
// The tiled rung's edges (shaders/rnn/tiled-*.wgsl): H not a multiple of 4 or of the 32-value k chunk, column-quad
// tiles just past one workgroup (C4 = 65 > 64), batch tiles of BN = 1, 2, 4 rows with a partial last tile, and N*H
// just below and above the persistent kernel's 256. Persistent is not run here (most exceed its limit).
const TILED_CASES: [string, Case][] = [
  ['lstm H=5 N=5 lengths', makeCase('lstm', { T: 3, N: 5, H: 5, lengths: [3, 0, 2, 1, 3] })],
  ['lstm H=65 N=2 reverse (two quad tiles)', makeCase('lstm', { T: 3, N: 2, H: 65, reverse: true })],
  ['lstm N*H=264 lengths reverse', makeCase('lstm', { T: 3, N: 4, H: 66, lengths: [1, 3, 0, 2], reverse: true })],
  ['gru H=7 N=9 lengths reverse', makeCase('gru', { T: 3, N: 9, H: 7, lengths: [3, 1, 2, 0, 3, 3, 1, 2, 3], reverse: true })],
  ['gru N*H=255 no bias', makeCase('gru', { T: 2, N: 3, H: 85, bias: false })],
  ['gru N*H=260 lengths', makeCase('gru', { T: 3, N: 4, H: 65, lengths: [3, 2, 0, 1] })],
  ['rnn tanh H=257 N=2 (two quad tiles, 4 units per quad)', makeCase('rnnTanh', { T: 2, N: 2, H: 257 })],
  ['rnn relu N=1 H=9 lengths', makeCase('rnnRelu', { T: 4, N: 1, H: 9, lengths: [3] })],
  ['rnn tanh N=2 H=33 reverse lengths', makeCase('rnnTanh', { T: 3, N: 2, H: 33, lengths: [2, 3], reverse: true })],
];
const PROJ_CASES: [string, Case][] = [
  ['lstm proj', makeCase('lstm', { P: 2 })],
  ['lstm proj lengths reverse', makeCase('lstm', { P: 3, H: 5, lengths: [4, 2, 3], reverse: true })],
  ['lstm proj lengths', makeCase('lstm', { P: 1, H: 3, lengths: [0, 4, 2] })],
  // H and P above the step workgroup's 64 invocations (strided loops), N*H = 240 in one persistent workgroup.
  ['lstm proj H=80 P=70 lengths', makeCase('lstm', { T: 3, N: 3, H: 80, P: 70, lengths: [3, 1, 2] })],
];

describe('rnn ops on the CPU vs the float64 reference', () => {
  for (const [name, c] of [...CASES, ...TILED_CASES, ...PROJ_CASES]) {
    for (const impl of ['fused', 'composed'] as const) {
      it(`${name} (${impl})`, async () => {
        const got = await runLayer(sgCpu, { ...c, impl });
        expectMatch(`${name} ${impl}`, got, reference(c));
      });
    }
  }

  it('padded steps: zero output, zero gradient to their inputs', async () => {
    for (const [name, c] of CASES) {
      for (const impl of ['fused', 'composed'] as const) expectPaddedZero(`${name} ${impl}`, c, await runLayer(sgCpu, { ...c, impl }));
    }
  });

  it('lengths may be an int32 tensor made from host values (same result as the Int32Array)', () => {
    const dev = sgCpu.getDefaultDevice();
    const x = sgCpu.randn([4, 2, 3], { device: dev });
    const w = (shape: number[]): sgCpu.Tensor => sgCpu.mul(sgCpu.randn(shape, { device: dev }), 0.3);
    const [wIh, wHh] = [w([12, 3]), w([12, 4])];
    const a = sgCpu.gruLayer(x, null, wIh, wHh, null, null, { lengths: new Int32Array([3, 1]) });
    const b = sgCpu.gruLayer(x, null, wIh, wHh, null, null, { lengths: sgCpu.tensor(new Int32Array([3, 1])) });
    return Promise.all([a.y.data(), b.y.data()]).then(([ya, yb]) => expect(Array.from(yb)).toEqual(Array.from(ya)));
  });

  it('rejects bad input with the shapes named', () => {
    const dev = sgCpu.getDefaultDevice();
    const z = (shape: number[]): sgCpu.Tensor => sgCpu.zeros(shape, { device: dev });
    const x = z([5, 2, 3]);
    expect(() => sgCpu.lstmLayer(x, z([2, 4]), z([2, 4]), z([16, 4]), z([16, 4]), null, null)).toThrow(/input size mismatch: x \[5, 2, 3\].*\[16, 4\]/);
    expect(() => sgCpu.lstmLayer(x, z([3, 4]), z([2, 4]), z([16, 3]), z([16, 4]), null, null)).toThrow(/h0 must be \[2, 4\].*got \[3, 4\]/);
    expect(() => sgCpu.gruLayer(x, z([2, 4]), z([12, 3]), z([12, 4]), null, null, { lengths: new Int32Array([6, 1]) })).toThrow(/lengths\[0\] = 6 is outside 0\.\.T = 5/);
    expect(() => sgCpu.rnnLayer(x, z([2, 4]), z([4, 3]), z([4, 4]), null, null, { lengths: new Int32Array([1, 2, 3]) })).toThrow(/lengths has 3 entries .* N = 2/);
    expect(() => sgCpu.lstmLayer(z([5, 3]), null, null, z([16, 3]), z([16, 4]), null, null)).toThrow(/x must be \[T, N, inputSize\], got \[5, 3\]/);
  });
});

// ---- WebGPU: every impl vs the CPU op, fused vs composed, dispatch budgets ------------------------------------

describeWebGPU('rnn ops on WebGPU vs the CPU op', (remote) => {
  const gpu = (c: Case): Promise<Result> => remote().evaluate(runLayer, { ...c, device: 'webgpu' });

  for (const [name, c] of CASES) {
    it(`${name}: fused, persistent, tiled and composed match the CPU op; fused equals composed`, async () => {
      const cpu = await runLayer(sgCpu, { ...c, impl: 'fused' });
      const got: Partial<Record<'fused' | 'persistent' | 'tiled' | 'composed', Result>> = {};
      for (const impl of ['fused', 'persistent', 'tiled', 'composed'] as const) {
        got[impl] = await gpu({ ...c, impl });
        expectMatch(`${name} webgpu ${impl}`, got[impl]!, cpu);
        expectPaddedZero(`${name} webgpu ${impl}`, c, got[impl]!);
      }
      expectMatch(`${name} webgpu fused vs composed`, got.fused!, got.composed!);
    });
  }

  for (const [name, c] of TILED_CASES) {
    it(`${name}: tiled and fused match the CPU op`, async () => {
      const cpu = await runLayer(sgCpu, { ...c, impl: 'fused' });
      for (const impl of ['tiled', 'fused'] as const) {
        const got = await gpu({ ...c, impl });
        expectMatch(`${name} webgpu ${impl}`, got, cpu);
        expectPaddedZero(`${name} webgpu ${impl}`, c, got);
      }
      // The tiled kernels fit the default 8 storage bindings.
      expectMatch(`${name} webgpu tiled (8 bindings)`, await gpu({ ...c, impl: 'tiled', limits8: true }), cpu);
    });
  }

  for (const [name, c] of PROJ_CASES) {
    it(`${name}: projSize on the fused, persistent, tiled (= fused projection kernels) and composed paths matches the CPU op`, async () => {
      const cpu = await runLayer(sgCpu, { ...c, impl: 'fused' });
      for (const impl of ['fused', 'persistent', 'tiled', 'composed', 'auto'] as const) {
        const got = await gpu({ ...c, impl });
        expectMatch(`${name} webgpu ${impl}`, got, cpu);
        expectPaddedZero(`${name} webgpu ${impl}`, c, got);
      }
      // The projection kernels fit the default 8 storage bindings (this adapter offers more).
      for (const impl of ['fused', 'persistent'] as const) expectMatch(`${name} webgpu ${impl} (8 bindings)`, await gpu({ ...c, impl, limits8: true }), cpu);
    });
  }

  it("impl 'persistent' refuses N*H > 256 with the sizes named", async () => {
    await expect(gpu(makeCase('rnnTanh', { T: 2, N: 5, H: 60, impl: 'persistent' }))).rejects.toThrow(/persistent' needs N\*H <= 256, got N=5, H=60/);
  });

  // The layer's own cost is measured with y.backward(seed) (no loss ops); the training-step figure adds a
  // three-term loss <y,wy> + <hN,wh> (+ <cN,wc>) and the tape's seed, to show what is left for an optimizer.
  it('dispatch budgets: forward <= T+4 per-step, <= T+5 tiled and <= 4 persistent; layer forward+backward <= 2T+12 (tiled 2T+14)', async () => {
    const T = 8;
    for (const cell of ['lstm', 'lstmProj', 'gru', 'rnnTanh'] as const) {
      const c = cell === 'lstmProj' ? makeCase('lstm', { T, N: 2, H: 4, P: 3, lengths: [8, 5] }) : makeCase(cell, { T, N: 2, H: 4, lengths: [8, 5] });
      const fused = await gpu({ ...c, impl: 'fused', seedY: true });
      const persistent = await gpu({ ...c, impl: 'persistent', seedY: true });
      const tiled = await gpu({ ...c, impl: 'tiled', seedY: true });
      const step = await gpu({ ...c, impl: 'fused' });
      console.log(
        `${cell} T=${T}: per-step forward ${fused.fwdDispatches} + backward ${fused.bwdDispatches}; ` +
          `persistent forward ${persistent.fwdDispatches} + backward ${persistent.bwdDispatches}; ` +
          `tiled forward ${tiled.fwdDispatches} + backward ${tiled.bwdDispatches}; ` +
          `per-step forward + 3-term loss + backward: ${step.totalDispatches} (3T+20 = ${3 * T + 20})`,
      );
      expect(step.totalDispatches).toBeLessThanOrEqual(3 * T + 20 - 4);
      expect(fused.fwdDispatches).toBeLessThanOrEqual(T + 4);
      expect(persistent.fwdDispatches).toBeLessThanOrEqual(4);
      expect(fused.fwdDispatches + fused.bwdDispatches).toBeLessThanOrEqual(2 * T + 12);
      expect(persistent.fwdDispatches + persistent.bwdDispatches).toBeLessThanOrEqual(14);
      // tiled: one W_hh pack per pass (forward, backward) on top of the per-step dispatches.
      expect(tiled.fwdDispatches).toBeLessThanOrEqual(T + 5);
      expect(tiled.fwdDispatches + tiled.bwdDispatches).toBeLessThanOrEqual(2 * T + 14);
    }
  });
});
