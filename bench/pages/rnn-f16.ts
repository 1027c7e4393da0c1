// Float16 W_hh for whole-sequence inference (issue 10 item 1, `weightDtype: 'float16'` on lstmLayer/gruLayer):
// the 'tiled' forward with W_hh^T stored as IEEE halves (tiled-forward.wgsl F16 = 1: half the weight bytes read
// per step, unpacked to f32 in the kernel, f32 arithmetic) against the same kernel with float32 weights and against
// 'auto', all three in the same interleaved rounds per configuration. A call ends with device.sync(): the output
// stays on the device, so the figures are the kernels' and not the read-back floor. The float16 output is compared
// with the float32 one before timing (TOL.f16Weights is the tests' bound).
import { defineSuite, fmt, maxAbsDiff, ratio, timeInterleaved, type Contender } from './common.ts';
import * as sg from '../../src/index.ts';

interface Config { cell: 'LSTM' | 'GRU'; N: number; T: number; I: number; H: number }

const CONFIGS: readonly Config[] = [
  { cell: 'LSTM', N: 16, T: 50, I: 8, H: 64 },
  { cell: 'GRU', N: 16, T: 50, I: 8, H: 64 },
  { cell: 'LSTM', N: 8, T: 20, I: 8, H: 256 },
  // W_hh of 16 MB in float32, 8 MB in halves: past the caches, where a step is bound by the bytes it reads.
  { cell: 'LSTM', N: 8, T: 10, I: 8, H: 1024 },
];

const label = (c: Config): string => `${c.cell} N${c.N} T${c.T} I${c.I} H${c.H}`;

defineSuite(
  {
    name: 'rnn-f16',
    title: 'RNN inference with float16 W_hh',
    description:
      'ms per forward call (noGrad, ending with device.sync(); nothing read back) of `lstmLayer`/`gruLayer` with `impl: \'tiled\'` ' +
      'and `weightDtype` \'float32\' or \'float16\', and with `impl: \'auto\'` (float32), in the same interleaved rounds. ' +
      'Weights are seqgpu-style uniform(-1/sqrt(H), 1/sqrt(H)) from a fixed generator.',
  },
  async (ctx) => {
    if (!ctx.adapter) throw new Error('rnn-f16: no WebGPU adapter in this page');
    const dev = await sg.init('webgpu');
    const opts = ctx.quick ? { warmup: 1, iters: 2, minIters: 1, budgetMs: 0 } : { warmup: 2, iters: 15, minIters: 5, budgetMs: 4000 };
    const rows: (string | number | null)[][] = [];
    for (const c of CONFIGS) {
      ctx.log(label(c));
      const G = c.cell === 'LSTM' ? 4 : 3;
      const g = new sg.Generator(11);
      const k = 1 / Math.sqrt(c.H);
      const u = (shape: number[]): sg.Tensor => sg.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g.uniform(-k, k)), shape, { device: dev });
      const x = sg.tensor(Array.from({ length: c.T * c.N * c.I }, (_, i) => Math.sin(i / 7)), [c.T, c.N, c.I], { device: dev });
      const [wIh, wHh, bIh, bHh] = [u([G * c.H, c.I]), u([G * c.H, c.H]), u([G * c.H]), u([G * c.H])];
      const run = (impl: 'auto' | 'tiled', weightDtype: 'float32' | 'float16'): sg.Tensor => sg.noGrad(() => {
        const o = c.cell === 'LSTM'
          ? sg.lstmLayer(x, null, null, wIh, wHh, bIh, bHh, { impl, weightDtype })
          : sg.gruLayer(x, null, wIh, wHh, bIh, bHh, { impl, weightDtype });
        o.hN.dispose();
        (o as { cN?: sg.Tensor | null }).cN?.dispose();
        return o.y;
      });
      const y32 = run('tiled', 'float32');
      const y16 = run('tiled', 'float16');
      const diff = maxAbsDiff(await y16.data(), await y32.data());
      y32.dispose();
      y16.dispose();
      const call = (impl: 'auto' | 'tiled', dt: 'float32' | 'float16') => async (): Promise<void> => {
        run(impl, dt).dispose();
        await dev.sync();
      };
      const contenders: Contender[] = [
        { name: 'auto f32', fn: call('auto', 'float32') },
        { name: 'tiled f32', fn: call('tiled', 'float32') },
        { name: 'tiled f16', fn: call('tiled', 'float16') },
      ];
      const t = await timeInterleaved(contenders, opts);
      const ms = (n: string): number => t.get(n)!.medianMs;
      const spread = (n: string): string => `${fmt(ms(n))} [${fmt(t.get(n)!.minMs)}–${fmt(t.get(n)!.maxMs)}]`;
      rows.push([label(c), spread('auto f32'), spread('tiled f32'), spread('tiled f16'), ratio(ms('tiled f32') / ms('tiled f16')), diff.toExponential(1), `${fmt((G * c.H * c.H * 4) / 1e6)} / ${fmt((G * c.H * c.H * 2) / 1e6)}`]);
      ctx.record({ config: c, maxAbsDiff: diff, timings: Object.fromEntries([...t].map(([n, v]) => [n, { medianMs: v.medianMs, samples: v.samples, dispatchesPerCall: v.dispatchesPerCall }])) });
      for (const w of [x, wIh, wHh, bIh, bHh]) w.dispose();
    }
    ctx.table({
      title: 'ms per forward call, median [min–max]',
      columns: ['config', 'auto f32', 'tiled f32', 'tiled f16', 'f16 speed-up (tiled f32 / tiled f16)', 'max |y f16 - y f32|', 'W_hh MB f32 / f16'],
      rows,
      notes: ['All three columns of a row were timed in the same interleaved rounds. Above 1x the float16 weights are faster than float32 on the same kernel.'],
    });
    ctx.finding(`float16 W_hh vs float32 on the tiled forward: ${rows.map((r) => `${r[0]} ${r[4]}`).join('; ')} (above 1x: float16 faster).`);
  },
);
