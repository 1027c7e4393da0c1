// Save and resume: 20 training steps equal 10 steps, a checkpoint (weights + optimizer state + scheduler
// position in one safetensors file), a load into freshly built objects and 10 more steps, bit for bit on the CPU.
import { describe, expect, it } from 'vitest';
import { Generator, init, mseLoss, nn, optim, scope, tensor, FormatError, type Device } from '../../src/index.ts';

type Opt = 'adam' | 'adamw' | 'sgd';

function build(device: Device, kind: Opt) {
  const g = new Generator(0);
  const model = new nn.Sequential(new nn.Linear(3, 8, { device }), new nn.Tanh(), new nn.Linear(8, 1, { device }));
  // Same initial weights every time (fresh objects get them overwritten by the checkpoint anyway).
  const init0: Record<string, { data: number[]; shape: number[] }> = {};
  for (const [name, p] of model.namedParameters()) init0[name] = { data: Array.from({ length: p.size }, () => g.normal() * 0.5), shape: [...p.shape] };
  model.loadStateDict(init0);
  const params = model.parameters();
  const opt = kind === 'sgd' ? new optim.SGD(params, { lr: 0.05, momentum: 0.9, nesterov: true })
    : kind === 'adamw' ? new optim.AdamW(params, { lr: 0.01 }) : new optim.Adam(params, { lr: 0.01, weightDecay: 1e-3 });
  const sched = new optim.LRScheduler(opt, optim.warmupCosine({ peak: 0.02, warmup: 5, total: 20 }));
  return { model, opt, sched };
}

function data(device: Device) {
  const g = new Generator(1);
  const xs = Array.from({ length: 16 * 3 }, () => g.normal());
  const ys = Array.from({ length: 16 }, (_, i) => Math.sin(xs[3 * i]) + xs[3 * i + 1] * xs[3 * i + 2]);
  return { x: tensor(xs, [16, 3], { device }), y: tensor(ys, [16, 1], { device }) };
}

function train(o: ReturnType<typeof build>, d: ReturnType<typeof data>, steps: number): void {
  for (let i = 0; i < steps; i++) {
    scope(() => {
      o.opt.zeroGrad();
      mseLoss(o.model.forward(d.x), d.y).backward();
      o.opt.step();
      o.sched.step();
    });
  }
}

async function weights(m: nn.Module): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [k, p] of m.namedParameters()) out[k] = Array.from(await p.data());
  return out;
}

describe('save and resume on the CPU', () => {
  for (const kind of ['adam', 'adamw', 'sgd'] as const) {
    it(`${kind}: 20 steps == 10 + checkpoint + load into fresh objects + 10, bit for bit`, async () => {
      const device = await init('cpu');
      const d = data(device);
      const straight = build(device, kind);
      train(straight, d, 20);

      const first = build(device, kind);
      train(first, d, 10);
      const bytes = await optim.saveCheckpoint({ model: first.model, optimizer: first.opt, scheduler: first.sched }, { note: 'epoch 1' });
      const resumed = build(device, kind);
      const meta = optim.loadCheckpoint(bytes, { model: resumed.model, optimizer: resumed.opt, scheduler: resumed.sched });
      expect(meta).toEqual({ note: 'epoch 1' });
      expect(resumed.opt.stepCount).toBe(10);
      expect(resumed.sched.lastStep).toBe(10);
      expect(resumed.opt.lr).toBe(first.opt.lr);
      train(resumed, d, 10);

      const a = await weights(straight.model);
      const b = await weights(resumed.model);
      for (const k of Object.keys(a)) expect(Float32Array.from(b[k]), k).toEqual(Float32Array.from(a[k]));
      // And the optimizer state itself.
      const sa = straight.opt.stateDict();
      const sb = resumed.opt.stateDict();
      expect(Object.keys(sb.tensors).sort()).toEqual(Object.keys(sa.tensors).sort());
      for (const k of Object.keys(sa.tensors)) expect(await sb.tensors[k].data(), k).toEqual(await sa.tensors[k].data());
      expect(sb.scalars).toEqual(sa.scalars);
    });
  }

  it('stateDict names follow PyTorch (state.<i>.exp_avg / exp_avg_sq / momentum_buffer) and loadStateDict copies', async () => {
    const device = await init('cpu');
    const d = data(device);
    const o = build(device, 'adam');
    train(o, d, 2);
    const sd = o.opt.stateDict();
    expect(Object.keys(sd.tensors)).toEqual(['state.0.exp_avg', 'state.0.exp_avg_sq', 'state.1.exp_avg', 'state.1.exp_avg_sq', 'state.2.exp_avg', 'state.2.exp_avg_sq', 'state.3.exp_avg', 'state.3.exp_avg_sq']);
    expect(sd.scalars.step).toBe(2);
    const other = build(device, 'adam');
    other.opt.loadStateDict(sd);
    const m0 = Array.from(await sd.tensors['state.0.exp_avg'].data());
    train(other, d, 1); // updates other's copy, not o's
    expect(Array.from(await o.opt.stateDict().tensors['state.0.exp_avg'].data())).toEqual(m0);
    const s = build(device, 'sgd');
    train(s, d, 1);
    expect(Object.keys(s.opt.stateDict().tensors)[0]).toBe('state.0.momentum_buffer');
  });

  it('rejects a state for other parameters, and a file without optimizer state, with FormatError', async () => {
    const device = await init('cpu');
    const o = build(device, 'adam');
    expect(() => o.opt.loadStateDict({ tensors: { 'state.9.exp_avg': tensor([1], [1], { device }) }, scalars: { step: 1, lr: 0.1 } })).toThrow(FormatError);
    expect(() => o.opt.loadStateDict({ tensors: { 'state.0.exp_avg': tensor([1], [1], { device }) }, scalars: { step: 1, lr: 0.1 } })).toThrow(/shape/);
    const bytes = await optim.saveCheckpoint({ model: o.model });
    expect(() => optim.loadCheckpoint(bytes, { model: o.model, optimizer: o.opt })).toThrow(/no optimizer state/);
  });
});
