/**
 * The k-split streaming step kernels (kernels/stream.ts variants): 'ksplit' (4 invocations per column, summed
 * through workgroup memory) and 'subgroup' (the same, summed by subgroup shuffles), each forced on WebGPU and
 * checked against the CPU forward at the kernel's edges (columns around the 32-wide block, K and I not multiples of
 * the 4 slices, several rows, float16 weights); 'auto' measures them on the device, checks the subgroup kernel
 * against 'ksplit' before it may pick it, and keeps one dispatch per layer per step. Misuse is refused.
 */
import { describe, expect, it } from 'vitest';
import * as sgPublic from '../../src/index.ts';
import * as internal from '../../src/internal.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';
import { type StreamCase, type StreamCaseResult, runStreamCase } from './stream-case.ts';

const sg = { ...sgPublic, ...internal };

type Impl = 'columns' | 'ksplit' | 'subgroup';
const CASES: (Omit<StreamCase, 'device' | 'seed' | 'impl'> & { name: string })[] = [
  { name: 'LSTM H 31 (one partial block), I 5, 2 layers, chunks', family: 'LSTM', I: 5, H: 31, L: 2, N: 3, pattern: [1, 2, 1], resetRows: [1], T2: 1 },
  { name: 'GRU H 33 (a full block and one column), I 6', family: 'GRU', I: 6, H: 33, L: 1, N: 2, pattern: [1, 1], resetRows: null, T2: 1 },
  { name: 'RNN relu H 130 (C4 33), I 7', family: 'RNN', I: 7, H: 130, L: 1, N: 1, pattern: [1, 1], resetRows: null, T2: 1, relu: true },
  { name: 'LSTM K 270 (I 203), float16 weights', family: 'LSTM', I: 203, H: 67, L: 1, N: 2, pattern: [1, 1], resetRows: [0], T2: 1, weightDtype: 'float16' },
];

function check(r: StreamCaseResult, ref: StreamCaseResult, name: string, L: number): void {
  expectClose(r.yStream, ref.yFull, TOL.forward, `${name}: streamed output vs forward`, 'gpu-vs-cpu');
  expectClose(r.hStream, ref.hFull, TOL.forward, `${name}: h`, 'gpu-vs-cpu');
  if (ref.cFull) expectClose(r.cStream!, ref.cFull, TOL.forward, `${name}: c`, 'gpu-vs-cpu');
  expectClose(r.y2Stream, ref.y2Ref, TOL.forward, `${name}: after reset`, 'gpu-vs-cpu');
  for (const d of r.stepDispatches) expect(d, `${name}: dispatches per step`).toBe(L);
}

describe('streaming variants: misuse', () => {
  it('an unknown impl, and a k-split impl with projSize, are refused by name', async () => {
    const dev = await sg.init('cpu');
    const g = new sg.Generator(1);
    const gru = new sg.nn.GRU(2, 3, { device: dev, generator: g });
    expect(() => gru.stream({ impl: 'fast' as 'auto' })).toThrow(/impl must be 'auto', 'columns', 'ksplit', 'subgroup', got string "fast"/);
    const proj = new sg.nn.LSTM(2, 6, { projSize: 3, device: dev, generator: g });
    for (const impl of ['ksplit', 'subgroup'] as const) expect(() => proj.stream({ impl })).toThrow(sg.ArgumentError);
    expect(() => proj.stream({ impl: 'ksplit' })).toThrow(/impl 'ksplit' has no projection/);
    expect(proj.stream({ impl: 'columns' }).impl).toBe('columns');
  });
});

describeWebGPU('streaming variants on WebGPU', (remote) => {
  // 'columns' is what streaming.test.ts and streaming-f16.test.ts run at their own edges (64-wide blocks, rows).
  for (const impl of ['ksplit', 'subgroup'] as Impl[]) {
    for (const c of CASES) {
      it(`${impl}: ${c.name}`, async () => {
        const hasSubgroups = await remote().evaluate(async (sgp) => (await sgp.init('webgpu')).backend.features.includes('subgroups'));
        if (impl === 'subgroup' && !hasSubgroups) return; // 'ksplit' is the same work split: checked above
        const gpu = await remote().evaluate(runStreamCase, { ...c, device: 'webgpu', seed: 13, impl }, { timeoutMs: 110_000 });
        const cpu = await runStreamCase(sg, { ...c, device: 'cpu', seed: 13 });
        check(gpu, cpu, `${impl}: ${c.name}`, c.L);
      });
    }
  }

  it("'auto': measures on the device, checks 'subgroup' against 'ksplit' before choosing it, then streams with the choice", async () => {
    const r = await remote().evaluate(async (sgp) => {
      const device = await sgp.init('webgpu');
      const lstm = new sgp.nn.LSTM(6, 40, { device, generator: new sgp.Generator(2) });
      const s = lstm.stream({ batch: 1 });
      const x = sgp.randn([3, 1, 6], { device, generator: new sgp.Generator(3) });
      const [yRef] = lstm.forward(x);
      const first = await s.step(sgp.reshape(sgp.slice(x, [0, 0, 0], [1, 1, 6]), [1, 6])).data(); // 'columns', queues the measurement
      await sgp.streamAutotuneSettled(device);
      const choice = sgp.streamAutoChoice(device, { cell: 'lstm', N: 1, I: 6, H: 40, P: 0, wDtype: 'float32' });
      const before = device.stats().dispatches;
      const rest = await s.chunk(sgp.slice(x, [1, 0, 0], [2, 1, 6])).data();
      const step = s.step(sgp.zeros([1, 6], { device }));
      const stepDispatches = device.stats().dispatches - before;
      step.dispose();
      return {
        choice: choice?.choice ?? null, times: choice?.times ?? {}, subgroupChecked: choice?.subgroupChecked ?? null,
        hasSubgroups: device.backend.features.includes('subgroups'), y: [...first, ...rest], yRef: Array.from(await yRef.data()), stepDispatches,
      };
    });
    expect(['columns', 'ksplit', 'subgroup']).toContain(r.choice);
    expect(Object.keys(r.times).sort()).toEqual(r.hasSubgroups && r.subgroupChecked ? ['columns', 'ksplit', 'subgroup'] : ['columns', 'ksplit']);
    if (r.hasSubgroups) expect(r.subgroupChecked, 'the subgroup kernel matched ksplit on this adapter').toBe(true);
    expectClose(r.y, r.yRef, TOL.forward, "'auto' stream vs forward on the GPU", 'other');
    expect(r.stepDispatches, 'the chunk (2 steps: the whole-sequence op) and one step').toBeGreaterThan(1);
  });
});
