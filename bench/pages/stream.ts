// Streaming inference suite (issue 10 item 3): latency per timestep of module.stream().step() (one dispatch per
// layer) against feeding the same timestep through forward() with T = 1 and the carried state (what a user
// would write without the streamer), on WebGPU and on the CPU backend, all contenders of a configuration timed
// in the same interleaved rounds. A step ends with device.sync() (state advanced on the GPU, nothing read back),
// or with reading the output ('+ read': what a real-time app that looks at every output pays). 'stream f16' is the
// same streamer with weightDtype 'float16' (half the weight bytes per step, unpacked to f32 in the kernel), on
// WebGPU only (the CPU backend's f16 path is the reference: it unpacks every weight every step). The step kernels
// (kernels/stream.ts: 'columns', 'ksplit', 'subgroup' where the adapter has subgroups) are also timed forced, in
// the same rounds, beside 'auto' (the streamer's default, timed after its measurement has settled).
import { defineSuite, fmt, maxAbsDiff, ratio, timeInterleaved, type Contender, type Measured } from './common.ts';
import * as sg from '../../src/index.ts';

interface Config {
  family: 'LSTM' | 'GRU';
  N: number;
  I: number;
  H: number;
  L: number;
}

const CONFIGS: readonly Config[] = [
  { family: 'LSTM', N: 1, I: 32, H: 64, L: 1 },
  { family: 'LSTM', N: 1, I: 32, H: 64, L: 2 },
  { family: 'LSTM', N: 1, I: 32, H: 256, L: 1 },
  { family: 'LSTM', N: 1, I: 32, H: 256, L: 2 },
  { family: 'GRU', N: 1, I: 32, H: 256, L: 2 },
  // A batch of streams: each weight read serves several rows (rows per workgroup in stream-step.wgsl).
  { family: 'LSTM', N: 8, I: 32, H: 256, L: 2 },
  // Weights past any cache (17 MB float32, 8.6 MB float16): where a GEMV is bound by the bytes it streams.
  { family: 'LSTM', N: 1, I: 32, H: 1024, L: 1 },
];

const VARIANTS = ['columns', 'ksplit', 'subgroup'] as const;

const label = (c: Config): string => `${c.family} N${c.N} I${c.I} H${c.H} L${c.L}`;

type Model = sg.nn.LSTM | sg.nn.GRU;

function build(c: Config, device: sg.Device): Model {
  const generator = new sg.Generator(5);
  return c.family === 'LSTM'
    ? new sg.nn.LSTM(c.I, c.H, { numLayers: c.L, device, generator })
    : new sg.nn.GRU(c.I, c.H, { numLayers: c.L, device, generator });
}

/** One timestep through forward() with T = 1 and the state carried by hand (the pre-streamer way). */
function forwardStepper(m: Model, c: Config, device: sg.Device): { step: (x: sg.Tensor) => sg.Tensor; dispose: () => void } {
  let state: sg.Tensor[] = m instanceof sg.nn.LSTM
    ? [sg.zeros([c.L, c.N, c.H], { device }), sg.zeros([c.L, c.N, c.H], { device })]
    : [sg.zeros([c.L, c.N, c.H], { device })];
  const step = (x: sg.Tensor): sg.Tensor => {
    const out = sg.noGrad(() => sg.scope(() => {
      const x3 = sg.reshape(x, [1, c.N, c.I]);
      if (m instanceof sg.nn.LSTM) {
        const [y, [h, cc]] = m.forward(x3, [state[0]!, state[1]!]);
        return { y: sg.reshape(y, [c.N, c.H]), s: [h, cc] };
      }
      const [y, h] = m.forward(x3, state[0]!);
      return { y: sg.reshape(y, [c.N, c.H]), s: [h] };
    }));
    for (const t of state) t.dispose();
    state = out.s.map((t) => sg.keep(t));
    return out.y;
  };
  return { step, dispose: () => state.forEach((t) => t.dispose()) };
}

defineSuite(
  {
    name: 'stream',
    title: 'Streaming inference: latency per timestep',
    description:
      'ms per timestep of `module.stream({ batch: N }).step(x)` (ONE dispatch per layer: shaders/rnn/stream-step.wgsl) against ' +
      'forward() with T = 1 and the state carried by hand, on WebGPU and on the CPU backend; every contender of a configuration ' +
      'in the same interleaved rounds. "sync": the step waits for the GPU (device.sync(), nothing read back); "+ read": the ' +
      'output is read back every step. Dispatches are counted per step on the GPU.',
  },
  async (ctx) => {
    const gpu = ctx.adapter ? await sg.init('webgpu') : null;
    const cpu = await sg.init('cpu');
    const opts = ctx.quick ? { warmup: 1, iters: 2, minIters: 1, budgetMs: 0 } : { warmup: 3, iters: 41, minIters: 11, budgetMs: 2500 };
    const rows: (string | number | null)[][] = [];
    const variantRows: (string | number | null)[][] = [];
    for (const c of CONFIGS) {
      ctx.log(label(c));
      const x = sg.tensor(Array.from({ length: c.N * c.I }, (_, i) => Math.sin(i)), [c.N, c.I], { device: cpu });
      const contenders: Contender[] = [];
      const cleanup: (() => void)[] = [];
      let maxDiff: number | null = null;
      let f16Diff: number | null = null;
      let variantDiff: number | null = null;
      let autoChoice: string | null = null;
      const variants: string[] = [];
      const recorded = new Map<string, number>();
      for (const dev of [gpu, cpu]) {
        if (!dev) continue;
        const kind = dev.kind;
        const m = build(c, dev);
        const xd = await x.to(dev);
        const s = m.stream({ batch: c.N });
        const s16 = kind === 'webgpu' ? m.stream({ batch: c.N, weightDtype: 'float16', impl: 'columns' }) : null;
        const forced = kind === 'webgpu'
          ? VARIANTS.filter((v) => v !== 'subgroup' || dev.backend.features.includes('subgroups')).map((v) => ({ v, s: m.stream({ batch: c.N, impl: v }) }))
          : [];
        const f = forwardStepper(m, c, dev);
        // Same weights and input: one step of each path agrees (checked before timing, state then reset).
        const a = await s.step(xd).data();
        const b = await f.step(xd).data();
        const d = maxAbsDiff(a, b);
        maxDiff = Math.max(maxDiff ?? 0, d);
        if (s16) {
          f16Diff = maxAbsDiff(await s16.step(xd).data(), a);
          s16.reset();
        }
        for (const { v, s: sv } of forced) {
          variantDiff = Math.max(variantDiff ?? 0, maxAbsDiff(await sv.step(xd).data(), a));
          sv.reset();
          variants.push(v);
        }
        if (kind === 'webgpu') {
          await sg.streamAutotuneSettled(dev); // 'auto' has measured this shape: the timed steps run its choice
          // Per layer (layer 0 reads I inputs, the others H): "layer 0 / layer 1".
          const layerI = Array.from({ length: c.L }, (_, l) => (l === 0 ? c.I : c.H));
          autoChoice = layerI.map((I) => sg.streamAutoChoice(dev, { cell: c.family === 'LSTM' ? 'lstm' : 'gru', N: c.N, I, H: c.H, P: 0, wDtype: 'float32' })?.choice ?? '?').join(' / ');
        }
        s.reset();
        await dev.sync(); // the reset's dispatches are encoded now, not counted against the first timed step
        // Dispatches of one step as the engine records them (device.stats(): deterministic); the page's encode-time
        // counter (Measured.dispatchesPerCall) goes to the JSON.
        const d0 = dev.stats().dispatches;
        s.step(xd).dispose();
        const d1 = dev.stats().dispatches;
        f.step(xd).dispose();
        const d2 = dev.stats().dispatches;
        await dev.sync();
        s.reset();
        await dev.sync();
        recorded.set(`${kind} stream`, d1 - d0);
        recorded.set(`${kind} forward T=1`, d2 - d1);
        contenders.push({ name: `${kind} stream`, fn: async () => { s.step(xd).dispose(); await dev.sync(); } });
        if (kind === 'webgpu') contenders.push({ name: `${kind} stream + read`, fn: async () => { const y = s.step(xd); await y.data(); y.dispose(); } });
        if (s16) contenders.push({ name: `${kind} stream f16`, fn: async () => { s16.step(xd).dispose(); await dev.sync(); } });
        for (const { v, s: sv } of forced) contenders.push({ name: `${kind} stream ${v}`, fn: async () => { sv.step(xd).dispose(); await dev.sync(); } });
        contenders.push({ name: `${kind} forward T=1`, fn: async () => { f.step(xd).dispose(); await dev.sync(); } });
        cleanup.push(() => { s.dispose(); s16?.dispose(); forced.forEach(({ s: sv }) => sv.dispose()); f.dispose(); m.parameters().forEach((p) => p.dispose()); });
      }
      const t: Map<string, Measured> = await timeInterleaved(contenders, opts);
      cleanup.forEach((f) => f());
      const ms = (k: string): number | null => t.get(k)?.medianMs ?? null;
      const disp = (k: string): number | null => recorded.get(k) ?? null;
      const gs = ms('webgpu stream');
      const gf = ms('webgpu forward T=1');
      rows.push([
        label(c), gs, ms('webgpu stream + read'), gf, ratio(gs && gf ? gf / gs : null), ms('webgpu stream columns'), ms('webgpu stream f16'),
        f16Diff === null ? null : f16Diff.toExponential(1),
        disp('webgpu stream'), disp('webgpu forward T=1'), ms('cpu stream'), ms('cpu forward T=1'), maxDiff === null ? null : maxDiff.toExponential(1),
      ]);
      const vms = (v: string): number | null => ms(`webgpu stream ${v}`);
      variantRows.push([
        label(c), autoChoice, gs, vms('columns'), vms('ksplit'), vms('subgroup'),
        variantDiff === null ? null : variantDiff.toExponential(1),
      ]);
      ctx.record({ config: c, autoChoice, variants, variantDiff, dispatchesPerStep: Object.fromEntries(recorded), timings: Object.fromEntries([...t].map(([k, v]) => [k, { medianMs: v.medianMs, samples: v.samples, dispatchesPerCall: v.dispatchesPerCall }])), maxDiff, f16Diff });
    }
    ctx.table({
      title: 'ms per timestep (median)',
      columns: ['config', 'GPU stream auto (sync)', 'GPU stream + read', 'GPU forward T=1', 'stream speed-up', 'GPU stream columns f32', 'GPU stream columns f16', 'max |f16 - f32| (1 step)', 'GPU dispatches/step: stream', 'forward T=1', 'CPU stream', 'CPU forward T=1', 'max |stream - forward| (1 step)'],
      rows,
      notes: ['GPU stream columns f32 / f16: the \'columns\' kernel forced, with weightDtype \'float32\' and \'float16\' (weight matrices as binary16, f32 arithmetic), in the same rounds, so that only the weight dtype differs; max |f16 - f32| is one step of the two streamers on the same input.', 'GPU dispatches per step as the engine records them (device.stats(), one step of each path before timing); the forward T=1 state of a GRU is one tensor, of an LSTM two. The JSON also has the page\'s encode-time count averaged over the timed calls.'],
    });
    ctx.table({
      title: 'Step kernels: ms per timestep (median, GPU, sync)',
      columns: ['config', "'auto' chose (per layer)", 'auto', 'columns', 'ksplit', 'subgroup', 'max |variant - auto| (1 step)'],
      rows: variantRows,
      notes: ["Each kernel forced with stream({ impl }), in the same rounds as the table above; 'auto' is the streamer's default after its on-device measurement (ops/stream-autotune.ts). columns: an invocation per column and up to 4 rows; ksplit: 4 invocations per column (a quarter of k each, summed in workgroup memory), one row per workgroup; subgroup: ksplit summed by subgroup shuffles (empty where the adapter lacks subgroups)."],
    });
    const best = rows.filter((r) => typeof r[1] === 'number' && typeof r[3] === 'number');
    if (best.length) ctx.finding(`stream step vs forward T=1 on WebGPU: ${best.map((r) => `${r[0]} ${fmt(r[3] as number)} -> ${fmt(r[1] as number)} ms`).join('; ')}.`);
    const half = rows.filter((r) => typeof r[5] === 'number' && typeof r[6] === 'number');
    if (half.length) ctx.finding(`float16 weights vs float32 (GPU, 'columns' kernel, sync): ${half.map((r) => `${r[0]} ${fmt(r[5] as number)} -> ${fmt(r[6] as number)} ms`).join('; ')}.`);
  },
);
