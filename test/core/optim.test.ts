// Optimizers against torch.optim (fixtures from scripts/fixtures/gen_optim.py) on both backends,
// plus clipGradNorm and the learning-rate schedules.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import fixture from '../fixtures/optim/optim.json';

// Three float32 steps against float64 torch: a few ulps of the parameter scale.
const TOL_OPTIM = { atol: 2e-6, rtol: 1e-5 };

type Fixture = typeof fixture;

/** Self-contained (runs in the page too): applies each fixture config and returns params per step. */
async function runOptimizers(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; fx: Fixture }): Promise<number[][][]> {
  const device = await s.init(arg.device);
  const out: number[][][] = [];
  for (const c of arg.fx.cases) {
    const p = s.tensor(arg.fx.p0, { device, requiresGrad: true });
    const o = c.options as unknown as Record<string, number | boolean | number[]>;
    const opt =
      c.optimizer === 'SGD'
        ? new s.optim.SGD([p], { lr: o.lr as number, momentum: o.momentum as number, dampening: o.dampening as number, weightDecay: o.weight_decay as number, nesterov: o.nesterov as boolean })
        : new (c.optimizer === 'Adam' ? s.optim.Adam : s.optim.AdamW)([p], {
            lr: o.lr as number, betas: o.betas as [number, number] | undefined, eps: o.eps as number | undefined, weightDecay: o.weight_decay as number | undefined,
          });
    const steps: number[][] = [];
    for (const g of arg.fx.grads) {
      p.grad = s.tensor(g, { device });
      opt.step();
      steps.push(Array.from(await p.data()));
    }
    out.push(steps);
  }
  return out;
}

function check(results: number[][][], kind: 'gpu-vs-cpu' | 'other'): void {
  fixture.cases.forEach((c, i) =>
    c.steps.forEach((ref, t) => expectClose(results[i][t], ref, TOL_OPTIM, `${c.optimizer} ${JSON.stringify(c.options)} step ${t + 1}`, kind)),
  );
}

describe('optimizers on cpu match torch.optim', () => {
  it('SGD (momentum, dampening, nesterov, weight decay), Adam, AdamW', async () => {
    check(await runOptimizers(sg, { device: 'cpu', fx: fixture }), 'other');
  });
});

describeWebGPU('optimizers on webgpu match torch.optim', (remote) => {
  it('fused kernels give the same parameters', async () => {
    check(await remote().evaluate(runOptimizers, { device: 'webgpu' as const, fx: fixture }), 'gpu-vs-cpu');
  });
});

describe('optimizer state', () => {
  it('dispose() frees the moments and a later step starts afresh', async () => {
    const device = await sg.init('cpu');
    const p = sg.tensor([1, 2, 3], { device, requiresGrad: true });
    const opt = new sg.optim.Adam([p], { lr: 0.1 });
    p.grad = sg.tensor([1, 1, 1], { device });
    const before = device.stats().liveBuffers;
    opt.step();
    expect(device.stats().liveBuffers).toBe(before + 2); // m and v
    opt.dispose();
    expect(device.stats().liveBuffers).toBe(before);
    expect(opt.stepCount).toBe(0);
    opt.step();
    expect(device.stats().liveBuffers).toBe(before + 2);
  });
});

describe('clipGradNorm', () => {
  it('scales gradients to the max norm and returns the norm before clipping', async () => {
    const a = sg.tensor([3, 0], { requiresGrad: true });
    const b = sg.tensor([[0, 4]], { requiresGrad: true });
    a.grad = sg.tensor([3, 0]);
    b.grad = sg.tensor([[0, 4]]);
    const norm = sg.optim.clipGradNorm([a, b], 1);
    expect(await norm.item()).toBeCloseTo(5, 5);
    expectClose(await a.grad.data(), [0.6, 0], { atol: 1e-6, rtol: 1e-5 }, 'clipped a');
    expectClose(await b.grad!.data(), [0, 0.8], { atol: 1e-6, rtol: 1e-5 }, 'clipped b');
  });
  it('leaves small gradients unchanged', async () => {
    const a = sg.tensor([0.3, 0.4], { requiresGrad: true });
    a.grad = sg.tensor([0.3, 0.4]);
    sg.optim.clipGradNorm([a], 1);
    expectClose(await a.grad.data(), [0.3, 0.4], { atol: 1e-6, rtol: 1e-5 }, 'unclipped');
  });
});

describe('learning-rate schedules', () => {
  it('warmup then cosine', () => {
    const f = sg.optim.warmupCosine({ peak: 1, warmup: 4, total: 14, min: 0.1 });
    expect(f(0)).toBeCloseTo(0.25);
    expect(f(3)).toBeCloseTo(1);
    expect(f(4)).toBeCloseTo(1);
    expect(f(9)).toBeCloseTo(0.55); // halfway through the decay: min + (peak - min) / 2
    expect(f(14)).toBeCloseTo(0.1);
    expect(f(100)).toBeCloseTo(0.1);
  });
  it('warmup then linear decay', () => {
    const f = sg.optim.warmupLinear({ peak: 2, warmup: 2, total: 12 });
    expect(f(0)).toBeCloseTo(1);
    expect(f(2)).toBeCloseTo(2);
    expect(f(7)).toBeCloseTo(1);
    expect(f(12)).toBeCloseTo(0);
  });
  it('step decay, and the scheduler drives an optimizer', () => {
    const f = sg.optim.stepDecay({ base: 1, stepSize: 3, gamma: 0.5 });
    expect([0, 2, 3, 5, 6].map(f)).toEqual([1, 1, 0.5, 0.5, 0.25]);
    const p = sg.tensor([1], { requiresGrad: true });
    const opt = new sg.optim.SGD([p], { lr: 123 });
    const sched = new sg.optim.LRScheduler(opt, f);
    expect(opt.lr).toBe(1);
    sched.step();
    sched.step();
    sched.step();
    expect(opt.lr).toBe(0.5);
  });
});
