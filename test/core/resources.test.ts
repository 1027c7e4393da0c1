// Bounded resources in any loop (issue 11, part 4), on both backends: the README's training examples hold live
// buffers AND the idle pool flat over many steps; number operands create no buffers; a loop that never awaits is
// submitted automatically; per-size caches stay bounded over many batch sizes and are freed with the device; uploads
// into reused pool buffers never overtake recorded work; and a device lost mid-training fails every later call with
// a DeviceError giving the reason, while a new init('webgpu') trains. bench/long-loop.ts runs the same loops longer.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';

interface LoopArg {
  device: 'cpu' | 'webgpu';
  steps: { mlp: number; lstm: number; ctc: number; seq2seq: number };
}
/** Per example, per step: [liveBuffers, pooledBuffers, bytesAllocated + pooledBytes], sampled after the step. */
type Samples = Record<'mlp' | 'lstm' | 'ctc' | 'seq2seq', number[][]>;

/**
 * Self-contained (it also runs in the harness page): the README's four training loops as written there (the MLP
 * and the LSTM read the loss back every 10 steps, the CTC and seq2seq loops never await), sampling stats each step.
 */
async function readmeLoops(s: typeof sg, arg: LoopArg): Promise<Samples> {
  const device = await s.init(arg.device);
  const sample = (into: number[][]): void => {
    const st = device.stats();
    into.push([st.liveBuffers, st.pooledBuffers, st.bytesAllocated + st.pooledBytes]);
  };
  const out: Samples = { mlp: [], lstm: [], ctc: [], seq2seq: [] };
  {
    const xs = Array.from({ length: 64 }, (_, i) => -3 + (6 * i) / 63);
    const x = s.tensor(xs, [64, 1], { device });
    const y = s.tensor(xs.map(Math.sin), [64, 1], { device });
    const model = new s.nn.Sequential(new s.nn.Linear(1, 32, { device }), new s.nn.Tanh(), new s.nn.Linear(32, 1, { device }));
    const opt = new s.optim.Adam(model.parameters(), { lr: 0.01 });
    for (let step = 0; step < arg.steps.mlp; step++) {
      const loss = s.scope(() => { opt.zeroGrad(); const l = s.mseLoss(model.forward(x), y); l.backward(); opt.step(); return l; });
      if (step % 10 === 0) await loss.item();
      loss.dispose();
      sample(out.mlp);
    }
  }
  {
    const g = new s.Generator(0);
    const series = Array.from({ length: 21 * 8 }, (_, i) => Math.sin(i / 3) + 0.05 * g.normal());
    const x = s.tensor(series.slice(0, 160), [20, 8, 1], { device });
    const y = s.tensor(series.slice(8), [20, 8, 1], { device });
    const lstm = new s.nn.LSTM(1, 32, { device });
    const head = new s.nn.Linear(32, 1, { device });
    const opt = new s.optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.01 });
    for (let step = 0; step < arg.steps.lstm; step++) {
      const loss = s.scope(() => {
        opt.zeroGrad();
        const [o] = lstm.forward(x);
        const l = s.mseLoss(head.forward(o), y);
        l.backward();
        opt.step();
        return l;
      });
      if (step % 10 === 0) await loss.item();
      // The first step of a new shape queues the 'auto' kernel timing (src/ops/rnn-autotune.ts), a one-off whose
      // scratch buffers land in the pool while it runs: let it finish so the samples see the loop's steady state.
      if (step === 0) await s.rnnAutotuneSettled(device);
      loss.dispose();
      sample(out.lstm);
    }
  }
  {
    const [N, C, L, classes] = [4, 3, 24, 5];
    const conv = new s.nn.Conv1d(C, 16, 3, { padding: 'same', device });
    const proj = new s.nn.Conv1d(16, classes, 1, { device });
    const ctc = new s.nn.CTCLoss({ blank: 0, reduction: 'mean' });
    const x = s.randn([N, C, L], { device });
    const targets = s.tensor([[1, 2, 2], [3, 1, 0], [4, 4, 1], [2, 0, 0]], { device, dtype: 'int32' });
    const targetLengths = [3, 2, 3, 1];
    const inputLengths = [L, L, L, L];
    const opt = new s.optim.Adam([...conv.parameters(), ...proj.parameters()], { lr: 0.05 });
    for (let step = 0; step < arg.steps.ctc; step++) {
      s.scope(() => {
        opt.zeroGrad();
        const logits = proj.forward(conv.forward(x).relu());
        const logProbs = s.logSoftmax(s.permute(logits, [2, 0, 1]), -1);
        ctc.forward(logProbs, targets, inputLengths, targetLengths).backward();
        opt.step();
      });
      sample(out.ctc);
    }
  }
  {
    const [BOS, EOS, PAD] = [10, 11, 12];
    const model = new s.nn.Seq2Seq({ srcVocab: 13, tgtVocab: 13, hiddenSize: 32, cell: 'gru', attention: 'luong-dot', bosToken: BOS, eosToken: EOS, padToken: PAD, device });
    const opt = new s.optim.Adam(model.parameters(), { lr: 0.01 });
    const src = [[1, 2, 3], [4, 5, 6, 7], [8, 9, 1]];
    const tgt = src.map((q) => [...q].reverse().concat(EOS));
    for (let step = 0; step < arg.steps.seq2seq; step++) {
      // Full teacher forcing: scheduled sampling draws random tokens, which would make the sampled memory depend on
      // the draw rather than on the step.
      s.scope(() => { opt.zeroGrad(); model.loss(src, tgt, { teacherForcing: 1 }).backward(); opt.step(); });
      sample(out.seq2seq);
    }
  }
  await device.sync();
  return out;
}

/**
 * Flat after warm-up: over the second half of the run, no count exceeds what the first half (after `warmup` steps)
 * already reached, i.e. memory is bounded, not growing with the step count.
 */
function expectFlat(name: string, rows: number[][], warmup: number): void {
  const half = warmup + Math.floor((rows.length - warmup) / 2);
  const cols = ['liveBuffers', 'pooledBuffers', 'bytes'];
  for (let c = 0; c < cols.length; c++) {
    const early = Math.max(...rows.slice(warmup, half).map((r) => r[c]));
    const late = Math.max(...rows.slice(half).map((r) => r[c]));
    expect(late, `${name}: ${cols[c]} grew from at most ${early} (steps ${warmup}-${half - 1}) to ${late} (steps ${half}-${rows.length - 1})`).toBeLessThanOrEqual(early);
  }
}

function report(device: string, r: Samples): void {
  const line = (k: keyof Samples): string => {
    const last = r[k][r[k].length - 1];
    return `${k} ${r[k].length} steps: live ${last[0]}, pooled ${last[1]}`;
  };
  console.log(`README loops on ${device}: ${(['mlp', 'lstm', 'ctc', 'seq2seq'] as const).map(line).join('; ')}`);
}

/** Self-contained: many batch sizes through a bidirectional LSTM (zero states cached per size), then destroy. */
async function manyBatchSizes(s: typeof sg, arg: { device: 'cpu' | 'webgpu'; sizes: number }): Promise<{ live: number[]; cache: number[]; afterDestroy: number; cacheAfterDestroy: number }> {
  const device = await s.init(arg.device);
  const lstm = new s.nn.LSTM(2, 4, { device, bidirectional: true });
  const live: number[] = [];
  const cache: number[] = [];
  for (let n = 1; n <= arg.sizes; n++) {
    s.scope(() => {
      const [y] = lstm.forward(s.randn([3, n, 2], { device }));
      s.sum(y).backward();
    });
    lstm.zeroGrad();
    await device.sync();
    live.push(device.stats().liveBuffers);
    cache.push(device.backend.cache.size);
  }
  device.destroy();
  return { live, cache, afterDestroy: device.stats().liveBuffers, cacheAfterDestroy: device.backend.cache.size };
}

function checkBatchSizes(r: { live: number[]; cache: number[]; afterDestroy: number; cacheAfterDestroy: number }): void {
  // The cache holds at most 8 zero states (plus the ones row): live buffers stop growing once it is full.
  expect(Math.max(...r.cache)).toBeLessThanOrEqual(9);
  expect(Math.max(...r.live.slice(10))).toBeLessThanOrEqual(r.live[9]);
  expect(r.cacheAfterDestroy).toBe(0);
}

describe('bounded resources on cpu', () => {
  it('the README training loops hold live buffers and the pool flat', async () => {
    const r = await readmeLoops(sg, { device: 'cpu', steps: { mlp: 200, lstm: 60, ctc: 60, seq2seq: 40 } });
    report('cpu', r);
    expectFlat('mlp', r.mlp, 2);
    expectFlat('lstm', r.lstm, 2);
    expectFlat('ctc', r.ctc, 2);
    expectFlat('seq2seq', r.seq2seq, 2);
  });
  it('number operands allocate nothing beyond the result', async () => {
    const device = await sg.init('cpu');
    const x = sg.randn([4], { device });
    const before = device.stats().liveBuffers;
    const y = sg.div(sg.sub(sg.mul(sg.add(x, 1), 3), 0.5), 2);
    expect(device.stats().liveBuffers - before).toBe(4); // the four results, no scalar tensors
    y.dispose();
  });
  it('per-size caches stay bounded across many batch sizes and are freed with the device', async () => {
    const r = await manyBatchSizes(sg, { device: 'cpu', sizes: 24 });
    checkBatchSizes(r);
    expect(r.afterDestroy).toBe(r.live[r.live.length - 1] - r.cache[r.cache.length - 1]);
  });
});

describeWebGPU('bounded resources on webgpu', (remote) => {
  it('the README training loops hold live buffers and the pool flat', async () => {
    const r = await remote().evaluate(readmeLoops, { device: 'webgpu' as const, steps: { mlp: 300, lstm: 100, ctc: 100, seq2seq: 40 } }, { timeoutMs: 110_000 });
    report('webgpu', r);
    expectFlat('mlp', r.mlp, 2);
    expectFlat('lstm', r.lstm, 2);
    expectFlat('ctc', r.ctc, 2);
    expectFlat('seq2seq', r.seq2seq, 2);
  }, 120_000);

  it('number operands upload no buffer: a step of scalar ops leaves the pool as it was', async () => {
    const r = await remote().evaluate(async (s) => {
      const device = await s.init('webgpu');
      const x = s.randn([4], { device });
      const counts: number[][] = [];
      for (let i = 0; i < 20; i++) {
        const y = s.scope(() => s.mean(s.div(s.sub(s.mul(s.add(x, 1), 3), 0.5), 2)));
        await y.item();
        y.dispose();
        const st = device.stats();
        counts.push([st.liveBuffers, st.pooledBuffers]);
      }
      return counts;
    });
    expect(new Set(r.slice(1).map((c) => c.join(','))).size).toBe(1);
  });

  it('a loop that never awaits is submitted automatically, and gets the same results', async () => {
    const r = await remote().evaluate(async (s) => {
      const run = async (autoSubmitCommands: number | undefined) => {
        const device = await s.init('webgpu', { autoSubmitCommands });
        const g = { device, generator: new s.Generator(3) };
        const model = new s.nn.Sequential(new s.nn.Linear(4, 16, g), new s.nn.Tanh(), new s.nn.Linear(16, 1, g));
        const opt = new s.optim.Adam(model.parameters(), { lr: 0.01 });
        const x = s.randn([8, 4], g);
        const t = s.randn([8, 1], g);
        await device.sync();
        const before = device.stats();
        const backend = device.backend as unknown as { autoSubmits: number };
        const autoBefore = backend.autoSubmits;
        for (let i = 0; i < 60; i++) {
          s.scope(() => { opt.zeroGrad(); s.mseLoss(model.forward(x), t).backward(); opt.step(); });
        }
        const autoSubmits = backend.autoSubmits - autoBefore;
        const recorded = device.stats().dispatches - before.dispatches;
        const loss = await s.mseLoss(model.forward(x), t).item();
        const after = device.stats();
        device.destroy();
        return { autoSubmits, recorded, submits: after.submits - before.submits, loss };
      };
      return { auto: await run(undefined), small: await run(64), never: await run(1e9) };
    }, undefined, { timeoutMs: 110_000 });
    // 60 steps of ~28 dispatches: about 1,700 commands, so at least 3 automatic submits at the default bound.
    expect(r.auto.recorded).toBeGreaterThan(1500);
    expect(r.auto.autoSubmits).toBeGreaterThanOrEqual(Math.floor(r.auto.recorded / 512) - 1);
    expect(r.auto.submits).toBe(r.auto.autoSubmits + 1); // plus the read's
    expect(r.small.autoSubmits).toBeGreaterThanOrEqual(Math.floor(r.small.recorded / 64) - 1);
    expect(r.never.autoSubmits).toBe(0);
    expect(r.never.submits).toBe(1);
    // The same kernels in the same order: submitting in pieces changes nothing.
    expect(r.auto.loss).toBe(r.never.loss);
    expect(r.small.loss).toBe(r.never.loss);
  }, 120_000);

  it('uploads into reused pool buffers never overtake recorded work (tiny auto-submit bound, no awaits)', async () => {
    // Each step uploads fresh data into buffers the previous steps freed, while their readers may still be
    // recorded and unsubmitted: the result must equal the CPU's.
    const fn = async (s: typeof sg, arg: { device: 'cpu' | 'webgpu' }) => {
      const device = await s.init(arg.device, { autoSubmitCommands: 3 });
      let acc = s.zeros([6], { device });
      for (let i = 0; i < 40; i++) {
        const next = s.scope(() => {
          const a = s.tensor(Array.from({ length: 6 }, (_, j) => (i * 7 + j) % 5), [6], { device });
          const b = s.tensor(Array.from({ length: 6 }, (_, j) => (i + 2 * j) % 3), [6], { device });
          return s.add(acc, s.mul(s.add(a, 1), b));
        });
        acc.dispose();
        acc = next;
      }
      return Array.from(await acc.data());
    };
    const gpu = await remote().evaluate(fn, { device: 'webgpu' as const });
    const cpu = await fn(sg, { device: 'cpu' });
    expect(gpu).toEqual(cpu);
  });

  it('per-size caches stay bounded across many batch sizes and are freed with the device', async () => {
    const r = await remote().evaluate(manyBatchSizes, { device: 'webgpu' as const, sizes: 16 }, { timeoutMs: 110_000 });
    checkBatchSizes(r);
  }, 120_000);

  it('a device lost mid-training fails every later call with a DeviceError giving the reason; a new init trains', async () => {
    const r = await remote().evaluate(async (s) => {
      const outcome = (f: () => unknown): Promise<string> =>
        Promise.resolve()
          .then(f)
          .then(() => 'NO ERROR', (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
      const train = (device: sg.Device) => {
        const model = new s.nn.Sequential(new s.nn.Linear(2, 8, { device }), new s.nn.Tanh(), new s.nn.Linear(8, 1, { device }));
        const opt = new s.optim.Adam(model.parameters(), { lr: 0.01 });
        const x = s.randn([8, 2], { device });
        const y = s.randn([8, 1], { device });
        return () => s.scope(() => { opt.zeroGrad(); const l = s.mseLoss(model.forward(x), y); l.backward(); opt.step(); return l; });
      };
      const device = await s.init('webgpu');
      const step = train(device);
      const first = await step().item();
      const recorded = step(); // recorded, not submitted
      (device.backend as unknown as { device: GPUDevice }).device.destroy(); // the GPU goes away mid-training
      const read = await outcome(() => recorded.item());
      const later = [
        await outcome(() => step()),
        await outcome(() => s.tensor([1, 2], { device })),
        await outcome(() => device.sync()),
        await outcome(() => s.randn([2], { device }).data()),
      ];
      const fresh = await s.init('webgpu');
      const step2 = train(fresh);
      let loss = 0;
      for (let i = 0; i < 3; i++) loss = await step2().item();
      return { first, read, later, loss };
    });
    expect(Number.isFinite(r.first)).toBe(true);
    expect(r.read).toMatch(/^DeviceError: WebGPU device lost \(destroyed\)/);
    for (const m of r.later) expect(m).toMatch(/^DeviceError: WebGPU device lost \(destroyed\).*call init\('webgpu'\) again/);
    expect(Number.isFinite(r.loss)).toBe(true);
  });
});
