// Long-loop suite (issue 11, part 4): the README's four training loops run for many steps on WebGPU (10,000 with
// ?steps=10000; the default counts fit SwiftShader, where a seq2seq step takes over a second), as the
// README writes them (the MLP and LSTM loops read the loss back every 50 steps, the CTC and seq2seq loops never
// await), sampling device.stats() every 100 steps. Memory is bounded when live buffers, pooled (idle) buffers and
// bytes stop changing after warm-up. The short version of the same check is test/core/resources.test.ts.
// By hand: /bench/pages/long-loop.html?steps=2000 (steps per loop); ?quick=1 runs 300.
import { defineSuite, fmt, type SuiteContext } from './common.ts';
import * as sg from '../../src/index.ts';

type Row = { step: number; live: number; pooled: number; bytes: number; pooledBytes: number; submits: number; ms: number };

interface Loop {
  name: string;
  /** Steps on the software adapter (SwiftShader) within a suite of about 15 minutes; ?steps=N sets every loop's. */
  steps: number;
  /** Sets up the model and returns one training step (resolving when the README's loop would continue). */
  setup(device: sg.Device): (step: number) => Promise<void> | void;
}

const LOOPS: Loop[] = [
  {
    name: 'MLP (Train something)',
    steps: 10_000,
    setup(device) {
      const xs = Array.from({ length: 64 }, (_, i) => -3 + (6 * i) / 63);
      const x = sg.tensor(xs, [64, 1], { device });
      const y = sg.tensor(xs.map(Math.sin), [64, 1], { device });
      const model = new sg.nn.Sequential(new sg.nn.Linear(1, 32, { device }), new sg.nn.Tanh(), new sg.nn.Linear(32, 1, { device }));
      const opt = new sg.optim.Adam(model.parameters(), { lr: 0.01 });
      return async (step) => {
        const loss = sg.scope(() => { opt.zeroGrad(); const l = sg.mseLoss(model.forward(x), y); l.backward(); opt.step(); return l; });
        if (step % 50 === 0) await loss.item();
        loss.dispose();
      };
    },
  },
  {
    name: 'LSTM (noisy sine)',
    steps: 1_000,
    setup(device) {
      const g = new sg.Generator(0);
      const series = Array.from({ length: 21 * 8 }, (_, i) => Math.sin(i / 3) + 0.05 * g.normal());
      const x = sg.tensor(series.slice(0, 160), [20, 8, 1], { device });
      const y = sg.tensor(series.slice(8), [20, 8, 1], { device });
      const lstm = new sg.nn.LSTM(1, 32, { device });
      const head = new sg.nn.Linear(32, 1, { device });
      const opt = new sg.optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.01 });
      return async (step) => {
        const loss = sg.scope(() => {
          opt.zeroGrad();
          const [out] = lstm.forward(x);
          const l = sg.mseLoss(head.forward(out), y);
          l.backward();
          opt.step();
          return l;
        });
        if (step % 50 === 0) await loss.item();
        loss.dispose();
      };
    },
  },
  {
    name: 'Conv1d + CTC (never awaits)',
    steps: 3_000,
    setup(device) {
      const [N, C, L, classes] = [4, 3, 24, 5];
      const conv = new sg.nn.Conv1d(C, 16, 3, { padding: 'same', device });
      const proj = new sg.nn.Conv1d(16, classes, 1, { device });
      const ctc = new sg.nn.CTCLoss({ blank: 0, reduction: 'mean' });
      const x = sg.randn([N, C, L], { device });
      const targets = sg.tensor([[1, 2, 2], [3, 1, 0], [4, 4, 1], [2, 0, 0]], { device, dtype: 'int32' });
      const opt = new sg.optim.Adam([...conv.parameters(), ...proj.parameters()], { lr: 0.05 });
      return () => {
        sg.scope(() => {
          opt.zeroGrad();
          const logits = proj.forward(conv.forward(x).relu());
          const logProbs = sg.logSoftmax(sg.permute(logits, [2, 0, 1]), -1);
          ctc.forward(logProbs, targets, [L, L, L, L], [3, 2, 3, 1]).backward();
          opt.step();
        });
      };
    },
  },
  {
    name: 'Seq2Seq GRU + attention (never awaits)',
    steps: 200,
    setup(device) {
      const [BOS, EOS, PAD] = [10, 11, 12];
      const model = new sg.nn.Seq2Seq({ srcVocab: 13, tgtVocab: 13, hiddenSize: 32, cell: 'gru', attention: 'luong-dot', bosToken: BOS, eosToken: EOS, padToken: PAD, device });
      const opt = new sg.optim.Adam(model.parameters(), { lr: 0.01 });
      const src = [[1, 2, 3], [4, 5, 6, 7], [8, 9, 1]];
      const tgt = src.map((s) => [...s].reverse().concat(EOS));
      return (step) => {
        sg.scope(() => { opt.zeroGrad(); model.loss(src, tgt, { teacherForcing: 1 - (step % 30) / 30 }).backward(); opt.step(); });
      };
    },
  },
];

async function runLoop(ctx: SuiteContext, loop: Loop, steps: number): Promise<Row[]> {
  const device = await sg.init('webgpu');
  const step = loop.setup(device);
  const rows: Row[] = [];
  const t0 = performance.now();
  const sample = (i: number): void => {
    const s = device.stats();
    rows.push({ step: i, live: s.liveBuffers, pooled: s.pooledBuffers, bytes: s.bytesAllocated, pooledBytes: s.pooledBytes, submits: s.submits, ms: performance.now() - t0 });
  };
  for (let i = 0; i < steps; i++) {
    await step(i);
    if ((i + 1) % 100 === 0 || i === 0) {
      // The never-awaiting loops are sampled without waiting too: a sync() here would change what is measured.
      sample(i + 1);
      if ((i + 1) % 1000 === 0) ctx.log(`${loop.name}: ${i + 1} steps, live ${rows.at(-1)!.live}, pooled ${rows.at(-1)!.pooled}`);
    }
  }
  await device.sync();
  sample(steps);
  device.destroy();
  return rows;
}

const span = (xs: number[]): string => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
};

defineSuite(
  {
    name: 'long-loop',
    title: 'Long loops: memory over thousands of training steps',
    description:
      'The README training loops on WebGPU as written there (MLP 10,000 steps; the slower loops fewer on the software ' +
      'adapter: ?steps=N sets all), sampling device.stats() every 100 steps. ' +
      'Bounded memory: live buffers, idle pool buffers and bytes are the same after warm-up (step 100) as at the end.',
  },
  async (ctx) => {
    if (!ctx.adapter) throw new Error('long-loop needs WebGPU');
    const override = ctx.params.get('steps');
    const rows: (string | number)[][] = [];
    for (const loop of LOOPS) {
      const steps = ctx.quick ? 300 : override ? Number(override) : loop.steps;
      const r = await runLoop(ctx, loop, steps);
      const after = r.filter((x) => x.step >= 100);
      const last = r[r.length - 1];
      const at100 = after[0];
      rows.push([
        loop.name, steps, span(after.map((x) => x.live)), span(after.map((x) => x.pooled)),
        `${at100.pooled} → ${last.pooled}`, span(after.map((x) => x.bytes + x.pooledBytes)), last.submits, fmt(last.ms / steps),
      ]);
      ctx.record({ loop: loop.name, steps, samples: r });
      const grew = last.pooled > Math.max(...after.slice(0, Math.max(1, after.length >> 1)).map((x) => x.pooled));
      ctx.finding(`${loop.name}: ${grew ? 'the idle pool GREW' : 'flat'} over ${steps} steps (pooled buffers ${span(after.map((x) => x.pooled))} after step 100; live ${span(after.map((x) => x.live))}).`);
    }
    ctx.table({
      columns: ['loop', 'steps', 'live buffers (after step 100)', 'pooled buffers (after step 100)', 'pooled: step 100 → end', 'bytes live + pooled', 'submits', 'ms / step'],
      rows,
      notes: [
        'Sampled every 100 steps without waiting for the GPU. The never-awaiting loops are submitted by the automatic ' +
          'bound (512 recorded commands), so their submit count is the dispatch count / 512, not the step count.',
      ],
    });
  },
);
