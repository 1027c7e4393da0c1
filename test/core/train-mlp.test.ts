// End to end: a small MLP learns a noisy sine with Adam on each backend, the loss falls below a
// stated threshold, and after N identical steps GPU and CPU weights agree within tolerance.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';

/** Self-contained trainer (runs in Node and in the page). Same seed => same data and init on both backends. */
async function train(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; steps: number }): Promise<{ losses: number[]; weights: Record<string, number[]> }> {
  const device = await s.init(arg.device);
  const g = new s.Generator(7);
  const n = 64;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = -3 + (6 * i) / (n - 1);
    xs.push(x);
    ys.push(Math.sin(x) + 0.05 * g.normal());
  }
  const x = s.tensor(xs, [n, 1], { device });
  const y = s.tensor(ys, [n, 1], { device });
  const init = { device, generator: new s.Generator(42) };
  const model = new s.nn.Sequential(new s.nn.Linear(1, 32, init), new s.nn.Tanh(), new s.nn.Linear(32, 32, init), new s.nn.Tanh(), new s.nn.Linear(32, 1, init));
  const opt = new s.optim.Adam(model.parameters(), { lr: 0.01 });
  const losses: number[] = [];
  for (let step = 0; step < arg.steps; step++) {
    const loss = s.scope(() => {
      opt.zeroGrad();
      const l = s.mseLoss(model.forward(x), y);
      l.backward();
      opt.step();
      return l;
    });
    if (step % 25 === 0 || step === arg.steps - 1) losses.push(await loss.item());
    loss.dispose();
  }
  const weights: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(model.stateDict())) weights[k] = Array.from(await v.data());
  return { losses, weights };
}

const STEPS = 300;
const LOSS_TARGET = 0.02; // the noise floor is 0.05^2 = 0.0025; an untrained model sits near 0.5

describe('MLP regression on cpu', () => {
  it(`reaches MSE < ${LOSS_TARGET} in ${STEPS} Adam steps`, async () => {
    const r = await train(sg, { device: 'cpu', steps: STEPS });
    expect(r.losses[0]).toBeGreaterThan(0.1);
    expect(r.losses[r.losses.length - 1]).toBeLessThan(LOSS_TARGET);
  });
});

describeWebGPU('MLP regression on webgpu', (remote) => {
  it(`reaches MSE < ${LOSS_TARGET} and its weights track the CPU run`, async () => {
    const gpu = await remote().evaluate(train, { device: 'webgpu' as const, steps: STEPS });
    expect(gpu.losses[gpu.losses.length - 1]).toBeLessThan(LOSS_TARGET);
    // Identical steps on both backends: float32 rounding differences grow slowly through Adam, so a
    // short run is compared tightly and the long run loosely.
    const shortGpu = await remote().evaluate(train, { device: 'webgpu' as const, steps: 20 });
    const shortCpu = await train(sg, { device: 'cpu', steps: 20 });
    for (const k of Object.keys(shortCpu.weights)) {
      expectClose(shortGpu.weights[k], shortCpu.weights[k], { atol: 1e-4, rtol: 1e-3 }, `weights ${k} after 20 steps`, 'gpu-vs-cpu');
    }
    const cpu = await train(sg, { device: 'cpu', steps: STEPS });
    for (const k of Object.keys(cpu.weights)) {
      expectClose(gpu.weights[k], cpu.weights[k], { atol: 5e-3, rtol: 5e-2 }, `weights ${k} after ${STEPS} steps`, 'gpu-vs-cpu');
    }
  });
});
