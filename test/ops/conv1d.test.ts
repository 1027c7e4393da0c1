// conv1d, maxPool1d and avgPool1d through the op API on every backend: the shared suite (CPU finite differences,
// WebGPU vs CPU for both forward rungs and all gradients), PyTorch fixtures, dispatch counts and bad-input errors.
// Twins: src/ops/conv1d.ts, src/ops/pool1d.ts, test/ref/conv1d.test.ts (the reference itself).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';
import { describeWebGPU } from '../browser/remote.ts';

// Each geometry runs through both WebGPU rungs; the CPU ignores `variant`, so both halves share one reference.
const geometries: { name: string; x: number[]; w: number[]; bias: boolean; opts: string }[] = [
  { name: 'basic', x: [2, 3, 9], w: [4, 3, 3], bias: true, opts: '{}' },
  { name: 'stride 2, padding 1', x: [2, 3, 10], w: [2, 3, 3], bias: true, opts: '{ stride: 2, padding: 1 }' },
  { name: 'stride 3, padding 2, K 4', x: [1, 2, 11], w: [3, 2, 4], bias: true, opts: '{ stride: 3, padding: 2 }' },
  { name: "padding 'same', dilation 2", x: [1, 3, 8], w: [2, 3, 3], bias: true, opts: "{ padding: 'same', dilation: 2 }" },
  { name: "padding 'valid'", x: [2, 2, 6], w: [2, 2, 3], bias: true, opts: "{ padding: 'valid' }" },
  { name: 'dilation 3, padding 2', x: [1, 2, 12], w: [3, 2, 3], bias: true, opts: '{ dilation: 3, padding: 2 }' },
  { name: 'groups 2', x: [2, 4, 8], w: [6, 2, 3], bias: true, opts: '{ groups: 2, padding: 1 }' },
  { name: 'depthwise (groups = Cin)', x: [2, 3, 8], w: [6, 1, 3], bias: true, opts: '{ groups: 3, padding: 1 }' },
  { name: 'no bias', x: [2, 3, 7], w: [2, 3, 2], bias: false, opts: '{}' },
  { name: 'K = 1', x: [2, 4, 5], w: [3, 4, 1], bias: true, opts: '{}' },
  { name: 'K = 1, stride 2, groups 2', x: [1, 4, 7], w: [2, 2, 1], bias: true, opts: '{ stride: 2, groups: 2 }' },
  { name: 'causal, dilation 2', x: [2, 2, 9], w: [3, 2, 3], bias: true, opts: '{ causal: true, dilation: 2 }' },
];

function convCase(g: (typeof geometries)[number], variant: 'direct' | 'im2col'): OpCase {
  // The run function travels as source text to the page, so the options are spliced in as a literal.
  const src = `(s, xs) => s.conv1d(xs[0], xs[1], ${g.bias ? 'xs[2]' : 'null'}, { ...${g.opts}, variant: '${variant}' })`;
  return {
    name: `conv1d ${variant}: ${g.name}`,
    inputs: [{ shape: g.x }, { shape: g.w }, ...(g.bias ? [{ shape: [g.w[0]] }] : [])],
    run: new Function(`return ${src}`)() as OpCase['run'],
  };
}

const poolCases: OpCase[] = [
  { name: 'maxPool1d k3 (stride = kernel)', inputs: [{ shape: [2, 3, 10] }], run: (s, xs) => s.maxPool1d(xs[0], 3) },
  { name: 'maxPool1d k3 s2 p1', inputs: [{ shape: [2, 2, 9] }], run: (s, xs) => s.maxPool1d(xs[0], 3, { stride: 2, padding: 1 }) },
  { name: 'maxPool1d k2 s1 (overlapping windows)', inputs: [{ shape: [1, 2, 6] }], run: (s, xs) => s.maxPool1d(xs[0], 2, { stride: 1 }) },
  { name: 'avgPool1d k3', inputs: [{ shape: [2, 3, 10] }], run: (s, xs) => s.avgPool1d(xs[0], 3) },
  { name: 'avgPool1d k4 s1 p2', inputs: [{ shape: [1, 2, 7] }], run: (s, xs) => s.avgPool1d(xs[0], 4, { stride: 1, padding: 2 }) },
  {
    name: 'hand-worked: conv [1,2,3,4] * [1,-1] + 0.5, then maxPool k2',
    inputs: [{ shape: [1, 1, 4], values: [1, 2, 3, 4], grad: false }, { shape: [1, 1, 2], values: [1, -1], grad: false }, { shape: [1], values: [0.5], grad: false }],
    run: (s, xs) => [s.conv1d(xs[0], xs[1], xs[2]), s.maxPool1d(s.conv1d(xs[0], xs[1], xs[2], { padding: 1 }), 2)],
    // cross-correlation (no flip): x[o] - x[o+1] + 0.5 = -0.5 at every o. Padded x = [0,1,2,3,4,0] gives
    // [-0.5, -0.5, -0.5, -0.5, 4.5]; max over windows [0,1] and [2,3] (the odd last one dropped) = [-0.5, -0.5]
    expect: [[-0.5, -0.5, -0.5], [-0.5, -0.5]],
  },
];

defineOpSuite('conv1d', [
  ...geometries.map((g) => convCase(g, 'direct')),
  ...geometries.map((g) => convCase(g, 'im2col')),
  ...poolCases,
]);

// ---------- PyTorch fixtures through the op API (CPU) ----------

type Num = number | null;
interface ConvFixture {
  name: string; N: number; Cin: number; L: number; Cout: number; K: number; stride: number;
  padding: number | 'same' | 'valid'; dilation: number; groups: number; causal: boolean;
  x: number[]; w: number[]; b: number[] | null; dy: number[]; y: number[]; dx: number[]; dw: number[]; db: number[] | null;
}
interface PoolFixture {
  name: string; kind: 'max' | 'avg'; N: number; C: number; L: number; kernel: number; stride: Num; padding: number;
  x: number[]; dy: number[]; y: number[]; dx: number[];
}
const fixtureDir = join(__dirname, '..', 'fixtures', 'conv1d');

describe('conv1d op vs PyTorch fixtures (cpu)', () => {
  const fixtures = JSON.parse(readFileSync(join(fixtureDir, 'conv1d.json'), 'utf8')) as ConvFixture[];
  for (const f of fixtures) {
    it(f.name, async () => {
      const dev = await sg.init('cpu');
      const x = sg.tensor(f.x, [f.N, f.Cin, f.L], { device: dev, requiresGrad: true });
      const w = sg.tensor(f.w, [f.Cout, f.Cin / f.groups, f.K], { device: dev, requiresGrad: true });
      const b = f.b ? sg.tensor(f.b, [f.Cout], { device: dev, requiresGrad: true }) : null;
      const y = sg.conv1d(x, w, b, { stride: f.stride, padding: f.padding, dilation: f.dilation, groups: f.groups, causal: f.causal });
      expectClose(await y.data(), f.y, TOL.forward, `${f.name} y`);
      y.backward(sg.tensor(f.dy, [...y.shape], { device: dev }));
      expectClose(await x.grad!.data(), f.dx, TOL.grad, `${f.name} dx`);
      expectClose(await w.grad!.data(), f.dw, TOL.grad, `${f.name} dw`);
      if (b) expectClose(await b.grad!.data(), f.db!, TOL.grad, `${f.name} db`);
    });
  }
  const pools = JSON.parse(readFileSync(join(fixtureDir, 'pool1d.json'), 'utf8')) as PoolFixture[];
  for (const f of pools) {
    it(f.name, async () => {
      const dev = await sg.init('cpu');
      const x = sg.tensor(f.x, [f.N, f.C, f.L], { device: dev, requiresGrad: true });
      const opts = { stride: f.stride ?? undefined, padding: f.padding };
      const y = f.kind === 'max' ? sg.maxPool1d(x, f.kernel, opts) : sg.avgPool1d(x, f.kernel, opts);
      expectClose(await y.data(), f.y, TOL.forward, `${f.name} y`);
      y.backward(sg.tensor(f.dy, [...y.shape], { device: dev }));
      expectClose(await x.grad!.data(), f.dx, TOL.grad, `${f.name} dx`);
    });
  }
});

describe('conv1d / pooling bad input', () => {
  it('names the offending shapes and values', async () => {
    const dev = await sg.init('cpu');
    const x = sg.tensor(new Float32Array(2 * 3 * 5), [2, 3, 5], { device: dev });
    expect(() => sg.conv1d(x, sg.tensor(new Float32Array(4 * 3 * 2), [4, 3, 2], { device: dev }), null, { groups: 2 })).toThrow(/in channels 3 .* not divisible by groups 2/);
    expect(() => sg.conv1d(x, sg.tensor(new Float32Array(3 * 3 * 2), [3, 3, 2], { device: dev }), null, { groups: 3 })).toThrow(/weight \[3, 3, 2\] expects 3 input channels per group/);
    expect(() => sg.conv1d(x, sg.tensor(new Float32Array(2 * 3 * 7), [2, 3, 7], { device: dev }))).toThrow(/kernel spans 7 positions .* padded input has only 5/);
    expect(() => sg.conv1d(x, sg.tensor(new Float32Array(2 * 3 * 3), [2, 3, 3], { device: dev }), null, { padding: 'same', stride: 2 })).toThrow(/'same' needs stride 1/);
    expect(() => sg.conv1d(x, sg.tensor(new Float32Array(2 * 3 * 3), [2, 3, 3], { device: dev }), sg.tensor([1, 2, 3], { device: dev }))).toThrow(/bias must be \[2\], got \[3\]/);
    expect(() => sg.conv1d(sg.tensor(new Float32Array(6), [2, 3], { device: dev }), x)).toThrow(/input must be \[N, Cin, L\], got \[2, 3\]/);
    expect(() => sg.maxPool1d(x, 6)).toThrow(/kernel 6 is longer than the padded input 5/);
    expect(() => sg.avgPool1d(x, 2, { padding: 2 })).toThrow(/padding 2 is more than half the kernel 2/);
  });
});

describeWebGPU('conv1d dispatch counts (webgpu)', (remote) => {
  it('direct forward = 1 dispatch, im2col forward = 3, backward = 3 (dx, dw, db)', async () => {
    const counts = await remote().evaluate(async (s) => {
      const dev = await s.init('webgpu');
      const x = s.randn([2, 4, 16], { device: dev, requiresGrad: true });
      const w = s.randn([8, 4, 3], { device: dev, requiresGrad: true });
      const b = s.randn([8], { device: dev, requiresGrad: true });
      const measure = (fn: () => unknown): number => {
        const before = dev.stats().dispatches;
        fn();
        return dev.stats().dispatches - before;
      };
      const direct = measure(() => s.noGrad(() => s.conv1d(x, w, b, { variant: 'direct' })));
      const im2col = measure(() => s.noGrad(() => s.conv1d(x, w, b, { variant: 'im2col' })));
      const y = s.conv1d(x, w, b, { variant: 'direct' });
      const g = s.randn([...y.shape], { device: dev });
      const backward = measure(() => y.backward(g));
      await dev.sync();
      return { direct, im2col, backward };
    });
    expect(counts).toEqual({ direct: 1, im2col: 3, backward: 3 });
  });
});

describe('nn.Conv1d / MaxPool1d / AvgPool1d', () => {
  it("has PyTorch's parameter names and shapes and forwards through the ops", async () => {
    const dev = await sg.init('cpu');
    const m = new sg.nn.Conv1d(4, 6, 3, { groups: 2, padding: 'same', device: dev });
    expect(m.namedParameters().map(([n, p]) => [n, [...p.shape]])).toEqual([['weight', [6, 2, 3]], ['bias', [6]]]);
    const x = sg.randn([2, 4, 7], { device: dev });
    const want = sg.conv1d(x, m.weight, m.bias, { groups: 2, padding: 'same' });
    expectClose(await m.forward(x).data(), await want.data(), TOL.forward, 'nn.Conv1d forward');
    const noBias = new sg.nn.Conv1d(2, 3, 2, { bias: false, causal: true, device: dev });
    expect(noBias.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(noBias.forward(sg.randn([1, 2, 5], { device: dev })).shape).toEqual([1, 3, 5]);
    expect(new sg.nn.MaxPool1d(2).forward(x).shape).toEqual([2, 4, 3]);
    expect(new sg.nn.AvgPool1d(3, { stride: 1, padding: 1 }).forward(x).shape).toEqual([2, 4, 7]);
    expect(() => new sg.nn.Conv1d(3, 4, 3, { groups: 2, device: dev })).toThrow(/divisible by groups 2/);
  });
});
