// The tape, scopes and cost visibility: gradient accumulation, noGrad, detach, one backward per
// graph, scopes that free intermediates so a loop holds steady memory, and (on WebGPU) a whole
// training step recorded into one submission with no read-back until the user asks.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';

describe('autograd on cpu', () => {
  it('accumulates gradients where paths meet and across backward calls', async () => {
    const x = sg.tensor([1, 2, 3], { requiresGrad: true });
    const y = sg.sum(sg.add(sg.mul(x, x), sg.mul(x, 3))); // dy/dx = 2x + 3
    y.backward();
    expect(Array.from(await x.grad!.data())).toEqual([5, 7, 9]);
    sg.sum(sg.mul(x, 2)).backward(); // accumulates, as in PyTorch
    expect(Array.from(await x.grad!.data())).toEqual([7, 9, 11]);
  });
  it('noGrad records nothing; detach cuts the tape', () => {
    const x = sg.tensor([1, 2], { requiresGrad: true });
    const y = sg.noGrad(() => sg.mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(sg.mul(x, 2).detach().requiresGrad).toBe(false);
  });
  it('a graph can be backpropagated once', () => {
    const x = sg.tensor([1, 2], { requiresGrad: true });
    const y = sg.sum(sg.tanh(x));
    y.backward();
    expect(() => y.backward()).toThrow(/already freed/);
  });
  it('backward on a tensor that needs no grad says so', () => {
    expect(() => sg.sum(sg.tensor([1, 2])).backward()).toThrow(/does not require grad/);
  });
  it('scope frees intermediates and keeps the result; a training loop holds steady memory', async () => {
    const device = await sg.init('cpu');
    const model = new sg.nn.Sequential(new sg.nn.Linear(3, 8, { device }), new sg.nn.Tanh(), new sg.nn.Linear(8, 1, { device }));
    const opt = new sg.optim.Adam(model.parameters(), { lr: 0.01 });
    const x = sg.randn([16, 3], { device });
    const t = sg.randn([16, 1], { device });
    const live: number[] = [];
    for (let i = 0; i < 6; i++) {
      sg.scope(() => {
        opt.zeroGrad();
        const loss = sg.mseLoss(model.forward(x), t);
        loss.backward();
        opt.step();
      });
      live.push(device.stats().liveBuffers);
    }
    // After the first step (optimizer state is created once) the count is flat.
    expect(new Set(live.slice(1)).size).toBe(1);
    const kept = sg.scope(() => sg.add(x, 1));
    expect(kept.disposed).toBe(false);
  });
});

describeWebGPU('cost visibility on webgpu', (remote) => {
  it('a whole training step is one submit and nothing is read back until asked', async () => {
    const r = await remote().evaluate(async (s) => {
      const device = await s.init('webgpu');
      const model = new s.nn.Sequential(new s.nn.Linear(4, 16, { device }), new s.nn.Tanh(), new s.nn.Linear(16, 1, { device }));
      const opt = new s.optim.Adam(model.parameters(), { lr: 0.01 });
      const x = s.randn([8, 4], { device });
      const t = s.randn([8, 1], { device });
      const step = () =>
        s.scope(() => {
          opt.zeroGrad();
          const loss = s.mseLoss(model.forward(x), t);
          loss.backward();
          opt.step();
          return loss;
        });
      (step()).dispose();
      await device.sync();
      const before = device.stats();
      const loss = step();
      const recorded = device.stats();
      const value = await loss.item(); // the one read: flushes the step
      loss.dispose();
      const after = device.stats();
      return { before, recorded, after, value };
    });
    expect(r.recorded.submits).toBe(r.before.submits); // recording a step submits nothing
    expect(r.after.submits - r.before.submits).toBe(1); // one submission for forward + backward + Adam + the read copy
    const dispatches = r.after.dispatches - r.before.dispatches;
    expect(dispatches).toBeGreaterThan(10);
    expect(dispatches).toBeLessThan(60);
    console.log(`MLP training step on WebGPU: ${dispatches} dispatches, 1 submit`);
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.after.liveBuffers).toBe(r.before.liveBuffers);
  });
  it('buffers freed past the pool cap are destroyed only after the work using them is submitted', async () => {
    // poolLimitBytes 0 retires every freed buffer: scopes free intermediates (the step's activations)
    // before the step is submitted, so destroying them at once would be "used in submit while destroyed".
    const r = await remote().evaluate(async (s) => {
      const losses: number[][] = [];
      for (const poolLimitBytes of [0, undefined]) {
        const device = await s.init('webgpu', { poolLimitBytes });
        const g = { device, generator: new s.Generator(5) };
        const lstm = new s.nn.LSTM(3, 8, g);
        const opt = new s.optim.Adam(lstm.parameters(), { lr: 0.01 });
        const x = s.randn([5, 2, 3], g);
        const y = s.randn([5, 2, 8], g);
        const run: number[] = [];
        for (let i = 0; i < 4; i++) {
          const loss = s.scope(() => {
            opt.zeroGrad();
            const l = s.mseLoss(lstm.forward(x)[0], y);
            l.backward();
            opt.step();
            return l;
          });
          run.push(await loss.item());
          loss.dispose();
        }
        await device.sync(); // surfaces any uncaptured validation error
        run.push(device.stats().pooledBytes);
        losses.push(run);
      }
      return losses;
    });
    const [retiring, pooling] = r;
    expect(retiring[4]).toBe(0); // nothing kept idle
    expect(pooling[4]).toBeGreaterThan(0);
    expect(retiring.slice(0, 4)).toEqual(pooling.slice(0, 4)); // same results either way
  });
});
