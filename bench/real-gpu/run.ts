// Real-GPU benchmark in Node: seqgpu on Dawn's Node binding (the `webgpu` npm package), for machines
// without a browser but with a GPU and Vulkan. Same engine code as in the browser; navigator.gpu is
// provided by Dawn. Prints one JSON document (and writes it to $OUT/real-gpu.json when OUT is set).
// Build: `npx vite build -c bench/real-gpu/vite.config.ts`; run: `SEQGPU_DAWN=/path/to/webgpu/index.js node dist-real-gpu/run.js`.
import * as sg from '../../src/index.ts';

interface Row { [k: string]: string | number | null }

/** SEQGPU_QUICK=1: tiny shapes, to smoke-test the script on a software adapter. */
const QUICK = process.env.SEQGPU_QUICK === '1';

async function median(n: number, fn: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function matmulSuite(device: sg.Device): Promise<Row[]> {
  const rows: Row[] = [];
  const shapes: [number, number, number][] = QUICK ? [[64, 64, 64], [8, 128, 32]] : [[256, 256, 256], [1024, 1024, 1024], [2048, 2048, 2048], [16, 256, 64], [64, 512, 128], [8, 128, 32]];
  for (const [M, N, K] of shapes) {
    const a = sg.randn([M, K], { device });
    const b = sg.randn([K, N], { device });
    const row: Row = { shape: `[${M},${K}]x[${K},${N}]` };
    for (const variant of ['naive', 'tiled', 'blocked', 'auto'] as const) {
      const iters = QUICK ? 2 : M * N * K > 1e9 ? 5 : 20;
      const run = async (): Promise<void> => {
        // Several products per submission so per-submit overhead does not hide the kernel.
        const outs = Array.from({ length: 4 }, () => sg.matmul(a, b, { variant }));
        await device.sync();
        outs.forEach((o) => o.dispose());
      };
      await run();
      const ms = (await median(iters, run)) / 4;
      row[variant] = +((2 * M * N * K) / (ms * 1e6)).toFixed(2); // GFLOP/s
    }
    rows.push(row);
    a.dispose();
    b.dispose();
  }
  return rows;
}

async function rnnSuite(device: sg.Device): Promise<Row[]> {
  const rows: Row[] = [];
  const shapes = QUICK ? [{ N: 2, T: 4, I: 3, H: 8 }] : [
    { N: 8, T: 20, I: 8, H: 32 },
    { N: 16, T: 50, I: 8, H: 64 },
    { N: 64, T: 100, I: 64, H: 256 },
  ];
  for (const cell of ['LSTM', 'GRU'] as const) {
    for (const s of shapes) {
      const x = sg.randn([s.T, s.N, s.I], { device });
      const y = sg.randn([s.T, s.N, s.H], { device });
      const m = cell === 'LSTM' ? new sg.nn.LSTM(s.I, s.H, { device }) : new sg.nn.GRU(s.I, s.H, { device });
      const opt = new sg.optim.Adam(m.parameters(), { lr: 1e-3 });
      const step = async (): Promise<void> => {
        const loss = sg.scope(() => {
          opt.zeroGrad();
          const l = sg.mseLoss(m.forward(x)[0], y);
          l.backward();
          opt.step();
          return l;
        });
        await loss.item();
        loss.dispose();
      };
      await step();
      await step();
      const d0 = device.stats().dispatches;
      await step();
      const dispatches = device.stats().dispatches - d0;
      const train = await median(QUICK ? 2 : 15, step);
      const infer = await median(QUICK ? 2 : 15, async () => {
        const out = sg.noGrad(() => m.forward(x)[0]);
        await out.data();
        out.dispose();
      });
      rows.push({ cell, shape: `N ${s.N}, T ${s.T}, I ${s.I}, H ${s.H}`, auto: s.N * s.H <= 256 ? 'persistent' : 'fused', trainMs: +train.toFixed(3), inferMs: +infer.toFixed(3), dispatchesPerStep: dispatches });
      opt.dispose();
      x.dispose();
      y.dispose();
    }
  }
  return rows;
}

async function ctcSuite(device: sg.Device): Promise<Row[]> {
  const rows: Row[] = [];
  const cases = QUICK ? [{ T: 10, N: 2, S: 3, C: 5 }] : [
    { T: 150, N: 64, S: 40, C: 28 },
    { T: 150, N: 64, S: 20, C: 5000 },
  ];
  for (const c of cases) {
    const g = new sg.Generator(1);
    const logits = sg.randn([c.T, c.N, c.C], { device, requiresGrad: true });
    const targets = sg.tensor(Array.from({ length: c.N * c.S }, () => 1 + g.int(c.C - 1)), [c.N, c.S], { device, dtype: 'int32' });
    const inputLengths = Array(c.N).fill(c.T);
    const targetLengths = Array(c.N).fill(c.S);
    // Loss + gradient with respect to the log-probabilities, as warp-ctc times it.
    const lp = sg.noGrad(() => sg.logSoftmax(logits, -1)).detach();
    lp.requiresGrad = true;
    const run = async (): Promise<void> => {
      const loss = sg.scope(() => {
        const l = sg.ctcLoss(lp, targets, inputLengths, targetLengths, { reduction: 'sum' });
        l.backward();
        return l;
      });
      // Wait for the GPU, without reading the [T, N, C] gradient back (warp-ctc's timings exclude that copy).
      await device.sync();
      lp.grad!.dispose();
      lp.grad = null;
      loss.dispose();
    };
    await run();
    const d0 = device.stats().dispatches;
    await run();
    const dispatches = device.stats().dispatches - d0;
    rows.push({ case: `T ${c.T}, N ${c.N}, L ${c.S}, A ${c.C}`, ms: +(await median(QUICK ? 2 : 10, run)).toFixed(3), dispatches });
  }
  return rows;
}

const dawnPath = process.env.SEQGPU_DAWN;
if (!dawnPath) throw new Error('set SEQGPU_DAWN to the webgpu package index.js');
const dawn = (await import(/* @vite-ignore */ dawnPath)) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
Object.assign(globalThis, dawn.globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });
const device = await sg.init('webgpu');
const result = {
  adapter: device.description,
  date: new Date().toISOString(),
  matmulGflops: await matmulSuite(device),
  rnn: await rnnSuite(device),
  ctc: await ctcSuite(device),
};
const json = JSON.stringify(result, null, 1);
console.log(json);
if (process.env.OUT) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${process.env.OUT}/real-gpu.json`, json);
}
process.exit(0);
