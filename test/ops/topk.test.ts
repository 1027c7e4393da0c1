// topk: the CPU kernel against a sort-based reference (ties to the lower index, k = n, NaN last, [rows, n] taken
// flat), the WebGPU kernel against the CPU in the page, one dispatch per call, the gradient and bad-k errors.
// Twins: src/ops/topk.ts, src/backends/cpu/topk.ts, shaders/reduce/topk.wgsl.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';

/** Sort-based reference: stable sort of the flat indices by value descending (NaN last), first k. */
function reference(xs: Float32Array, k: number): { values: number[]; indices: number[] } {
  const order = [...xs.keys()].sort((a, b) => {
    const va = xs[a];
    const vb = xs[b];
    if (Number.isNaN(va) !== Number.isNaN(vb)) return Number.isNaN(va) ? 1 : -1;
    if (!Number.isNaN(va) && va !== vb) return vb - va;
    return a - b;
  });
  const indices = order.slice(0, k);
  return { values: indices.map((i) => xs[i]), indices };
}

/** Deterministic inputs: random, heavy ties, k = n, [rows, n], infinities and NaN. */
function cases(): { name: string; shape: number[]; values: number[]; k: number }[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const random = (n: number) => Array.from({ length: n }, rand);
  const ties = (n: number) => Array.from({ length: n }, () => Math.floor((rand() + 1) * 3)); // values 0..5
  return [
    { name: 'random 10, k 3', shape: [10], values: random(10), k: 3 },
    { name: 'ties, 40, k 12', shape: [40], values: ties(40), k: 12 },
    { name: 'all equal, k = n', shape: [17], values: new Array(17).fill(0.5), k: 17 },
    { name: 'random k = n', shape: [33], values: random(33), k: 33 },
    { name: '[5, 300] with ties, k 10', shape: [5, 300], values: ties(1500), k: 10 },
    { name: '[3, 1000] random, k 64', shape: [3, 1000], values: random(3000), k: 64 },
    { name: '-inf, +inf, -0, +0, NaN', shape: [8], values: [0, -Infinity, NaN, -0, Infinity, 1, -Infinity, NaN], k: 8 },
    { name: 'single element', shape: [1], values: [3], k: 1 },
  ];
}

async function runTopk(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; shape: number[]; values: number[]; k: number }) {
  const dev = await s.init(arg.device);
  const x = s.tensor(Float32Array.from(arg.values), arg.shape, { device: dev });
  const before = dev.stats().dispatches;
  const r = s.topk(x, arg.k);
  const dispatches = dev.stats().dispatches - before;
  return { values: Array.from(await r.values.data()), indices: Array.from(await r.indices.data()), dispatches };
}

describe('topk (cpu)', () => {
  for (const c of cases()) {
    it(`matches the sort-based reference: ${c.name}`, async () => {
      const got = await runTopk(sg, { device: 'cpu', ...c });
      const want = reference(Float32Array.from(c.values), c.k);
      expect(got.indices).toEqual(want.indices);
      expect(got.values).toEqual(want.values);
      expect(got.dispatches).toBe(1);
    });
  }

  it('values carry a gradient to the picked entries', async () => {
    const dev = await sg.init('cpu');
    const x = sg.tensor(Float32Array.from([1, 4, 2, 4, 3]), [5], { device: dev, requiresGrad: true });
    const { values } = sg.topk(x, 2);
    sg.sum(sg.mul(values, sg.tensor(Float32Array.from([10, 1]), [2], { device: dev }))).backward();
    expect(Array.from(await x.grad!.data())).toEqual([0, 10, 0, 1, 0]);
  });

  it('rejects a bad k, naming it', async () => {
    const dev = await sg.init('cpu');
    const x = sg.zeros([2, 100], { device: dev });
    expect(() => sg.topk(x, 65)).toThrow(/k = 65/);
    expect(() => sg.topk(x, 0)).toThrow(/k = 0/);
    expect(() => sg.topk(sg.zeros([3], { device: dev }), 4)).toThrow(/k = 4/);
    expect(() => sg.topk(x, 1.5)).toThrow(/k = 1.5/);
  });
});

describeWebGPU('topk (webgpu)', (remote) => {
  for (const c of cases()) {
    it(`matches the CPU, in one dispatch: ${c.name}`, async () => {
      const gpu = await remote().evaluate(async (s, a) => {
        const dev = await s.init(a.device);
        const x = s.tensor(Float32Array.from(a.values), a.shape, { device: dev });
        const before = dev.stats().dispatches;
        const r = s.topk(x, a.k);
        const dispatches = dev.stats().dispatches - before;
        return { values: Array.from(await r.values.data()), indices: Array.from(await r.indices.data()), dispatches };
      }, { device: 'webgpu' as const, ...c });
      const cpu = await runTopk(sg, { device: 'cpu', ...c });
      expect(gpu.indices).toEqual(cpu.indices);
      expect(gpu.values).toEqual(cpu.values);
      expect(gpu.dispatches).toBe(1);
    });
  }
});
