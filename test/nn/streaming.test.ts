/**
 * Streaming inference (nn/stream.ts, module.stream()): T steps fed one at a time (and in chunks) equal the
 * whole-sequence forward, state carried across calls, reset of all or selected rows, one dispatch per layer per
 * step, and misuse errors. CPU in Node; WebGPU (headless Chromium) against the CPU forward with the tolerance table.
 */
import { describe, expect, it } from 'vitest';
import * as sgPublic from '../../src/index.ts';
import * as internal from '../../src/internal.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';
import { type StreamCase, type StreamCaseResult, runStreamCase } from './stream-case.ts';

const sg = { ...sgPublic, ...internal };

const CASES: (Omit<StreamCase, 'device' | 'seed'> & { name: string })[] = [
  { name: 'LSTM 1 layer', family: 'LSTM', I: 3, H: 5, L: 1, N: 2, pattern: [1, 1, 1, 1], resetRows: [1], T2: 2 },
  { name: 'LSTM 2 layers, chunks', family: 'LSTM', I: 4, H: 6, L: 2, N: 3, pattern: [1, 3, 1, 2], resetRows: [0, 2], T2: 2 },
  { name: 'LSTM projSize 2 layers', family: 'LSTM', I: 3, H: 7, P: 4, L: 2, N: 2, pattern: [1, 2, 1], resetRows: null, T2: 2 },
  { name: 'GRU 2 layers', family: 'GRU', I: 5, H: 6, L: 2, N: 2, pattern: [1, 1, 2, 1], resetRows: [1], T2: 2 },
  { name: 'RNN tanh (H not a multiple of 4)', family: 'RNN', I: 2, H: 7, L: 1, N: 3, pattern: [1, 1, 1], resetRows: [2], T2: 2 },
  { name: 'RNN relu 2 layers batchFirst', family: 'RNN', I: 3, H: 8, L: 2, N: 2, pattern: [2, 1, 1], resetRows: null, T2: 1, relu: true, batchFirst: true },
  // Kernel edges: K = I + R past one 256-value z tile with the x/h boundary inside a tile, more columns than one
  // 64-wide block, and the projection kernel looping over several column blocks.
  { name: 'LSTM tile edges (K 270, H 70)', family: 'LSTM', I: 200, H: 70, L: 1, N: 2, pattern: [1, 1, 1], resetRows: [0], T2: 1 },
  { name: 'LSTM projSize tile edges (K 280, H 130, P 100)', family: 'LSTM', I: 180, H: 130, P: 100, L: 1, N: 1, pattern: [1, 2, 1], resetRows: null, T2: 1 },
  { name: 'GRU H 65 (two column blocks)', family: 'GRU', I: 3, H: 65, L: 2, N: 2, pattern: [1, 1], resetRows: [1], T2: 1 },
  { name: 'LSTM N 6 (a full and a partial block of 4 rows), H 70', family: 'LSTM', I: 4, H: 70, L: 2, N: 6, pattern: [1, 1, 2], resetRows: [1, 5], T2: 1 },
  { name: 'RNN H 257 (C4 65)', family: 'RNN', I: 5, H: 257, L: 1, N: 1, pattern: [1, 1], resetRows: null, T2: 1 },
];

function check(r: StreamCaseResult, ref: StreamCaseResult, tol: { atol: number; rtol: number }, name: string, L: number, kind: 'gpu-vs-cpu' | 'other'): void {
  expectClose(r.yStream, ref.yFull, tol, `${name}: streamed output vs forward`, kind);
  expectClose(r.hStream, ref.hFull, tol, `${name}: streamed h vs forward hN`, kind);
  if (ref.cFull) expectClose(r.cStream!, ref.cFull, tol, `${name}: streamed c vs forward cN`, kind);
  expectClose(r.y2Stream, ref.y2Ref, tol, `${name}: after reset vs forward from the reset state`, kind);
  for (const d of r.stepDispatches) expect(d, `${name}: dispatches per step`).toBe(L);
}

describe('streaming inference on the CPU', () => {
  for (const c of CASES) {
    it(`${c.name}: steps and chunks equal forward; reset ${c.resetRows ? `rows ${c.resetRows.join(',')}` : 'all'}`, async () => {
      const r = await runStreamCase(sg, { ...c, device: 'cpu', seed: 7 });
      // The same float64 maths in a different summation order, rounded to float32: equal to a few ulps.
      check(r, r, { atol: 1e-6, rtol: 1e-5 }, c.name, c.L, 'other');
    });
  }

  it('misuse: bidirectional, shapes, dtype, device, rows, disposed', async () => {
    const dev = await sg.init('cpu');
    const other = await sg.init('cpu');
    const g = new sg.Generator(1);
    expect(() => new sg.nn.GRU(3, 4, { bidirectional: true, device: dev, generator: g }).stream()).toThrow(sg.ArgumentError);
    expect(() => new sg.nn.GRU(3, 4, { bidirectional: true, device: dev, generator: g }).stream()).toThrow(/bidirectional layer cannot stream/);
    const lstm = new sg.nn.LSTM(3, 4, { numLayers: 2, device: dev, generator: g });
    expect(() => lstm.stream({ batch: 0 })).toThrow(sg.ArgumentError);
    expect(() => lstm.stream({ batch: 2, state: sg.zeros([2, 2, 4], { device: dev }) })).toThrow(/pair \[h0, c0\]/);
    expect(() => lstm.stream({ batch: 2, state: [sg.zeros([2, 3, 4], { device: dev }), sg.zeros([2, 2, 4], { device: dev })] })).toThrow(sg.ShapeError);
    const s = lstm.stream({ batch: 2 });
    expect(() => s.step(sg.zeros([2, 5], { device: dev }))).toThrow(/does not match \[batch = 2, inputSize = 3\]/);
    expect(() => s.step(sg.zeros([3, 3], { device: dev }))).toThrow(sg.ShapeError);
    expect(() => s.step(sg.zeros([1, 2, 3], { device: dev }))).toThrow(sg.ShapeError);
    expect(() => s.step(sg.zeros([2, 3], { device: other }))).toThrow(sg.DeviceError);
    expect(() => s.step(sg.zeros([2, 3], { device: dev, dtype: 'int32' }))).toThrow(sg.DTypeError);
    expect(() => s.step([1, 2, 3] as unknown as sgPublic.Tensor)).toThrow(sg.ArgumentError);
    expect(() => s.chunk(sg.zeros([4, 2, 2], { device: dev }))).toThrow(/chunk\(\) input \[4, 2, 2\] does not match \[T, batch = 2, inputSize = 3\]/);
    expect(() => s.reset([2])).toThrow(sg.IndexError);
    expect(() => s.reset([0.5])).toThrow(sg.ArgumentError);
    const disposedX = sg.zeros([2, 3], { device: dev });
    disposedX.dispose();
    expect(() => s.step(disposedX)).toThrow(sg.DisposedError);
    // A state handle outlives later steps (each step writes new buffers) and the streamer's own dispose.
    const h = s.state.h[1];
    const before = Array.from(await h.data());
    s.step(sg.ones([2, 3], { device: dev }));
    expect(Array.from(await h.data())).toEqual(before);
    s.dispose();
    expect(Array.from(await h.data())).toEqual(before);
    expect(() => s.step(sg.zeros([2, 3], { device: dev }))).toThrow(sg.DisposedError);
    expect(() => s.state).toThrow(/after dispose\(\)/);
    s.dispose(); // twice is fine
  });

  it('an unbatched step ([I] with batch 1) and an initial state; no tensor is left behind', async () => {
    const dev = await sg.init('cpu');
    const g = new sg.Generator(3);
    const gru = new sg.nn.GRU(2, 3, { device: dev, generator: g });
    const h0 = sg.randn([1, 1, 3], { device: dev, generator: g });
    const x = sg.randn([2, 1, 2], { device: dev, generator: g });
    const [yRef] = gru.forward(x, h0);
    const live = dev.stats().liveBuffers;
    const s = gru.stream({ state: h0 });
    const y0 = s.step(sg.reshape(sg.slice(x, [0, 0, 0], [1, 1, 2]), [2]));
    expect(y0.shape).toEqual([3]);
    const y1 = s.step(sg.reshape(sg.slice(x, [1, 0, 0], [1, 1, 2]), [1, 2]));
    expectClose([...(await y0.data()), ...(await y1.data())], await yRef.data(), { atol: 1e-6, rtol: 1e-5 }, 'unbatched GRU stream');
    s.dispose();
    y0.dispose();
    y1.dispose();
    // Only the two input slices made above stay alive: the state, packed weights and step temporaries are freed.
    expect(dev.stats().liveBuffers).toBeLessThanOrEqual(live + 2);
  });
});

describeWebGPU('streaming inference on WebGPU', (remote) => {
  for (const c of CASES) {
    it(`${c.name}: GPU stream vs CPU forward`, async () => {
      // 'columns' forced: 'auto' switches kernels once its measurement lands (streaming-variants.test.ts covers it).
      const gpu = await remote().evaluate(runStreamCase, { ...c, device: 'webgpu', seed: 7, impl: 'columns' }, { timeoutMs: 110_000 });
      const cpu = await runStreamCase(sg, { ...c, device: 'cpu', seed: 7 });
      check(gpu, cpu, TOL.forward, c.name, c.L, 'gpu-vs-cpu');
    });
  }

  it('LSTM projSize with hiddenSize 2049, past the projection kernel\'s limit: steps fall back to the whole-sequence op', async () => {
    const c: StreamCase = { family: 'LSTM', I: 1, H: 2049, P: 1, L: 1, N: 1, pattern: [1, 1], resetRows: null, T2: 1, device: 'webgpu', seed: 3 };
    const gpu = await remote().evaluate(runStreamCase, c, { timeoutMs: 110_000 });
    const cpu = await runStreamCase(sg, { ...c, device: 'cpu' });
    for (const d of gpu.stepDispatches) expect(d).toBeGreaterThan(1); // the fallback: more than one dispatch
    check({ ...gpu, stepDispatches: [] }, cpu, TOL.forward, 'LSTM H 2049 P 1 (fallback)', 1, 'gpu-vs-cpu');
  });
});
