// RNN suite (issue 3, issue 10 item 4): one training step (forward + MSE loss on the output sequence + backward +
// Adam, loss read back) and inference (forward, output read back) of a one-layer LSTM and GRU at (N 8, T 20, I 8,
// H 32) and (N 16, T 50, I 8, H 64). Engines, ALL timed in the same interleaved rounds per (cell, shape, mode):
// seqgpu WebGPU ('auto' and every impl the engine accepts at that shape), seqgpu CPU, TF.js (webgpu, cpu), jax-js
// (webgpu, wasm; hand-written PyTorch-maths LSTM/GRU + Adam in one jit: ./jaxjs.ts). Same weights and inputs in
// every engine; first-step losses compared before timing. Reports median and spread per engine, dispatches, and
// ratios against the fastest peer of the same rounds.
import { defineSuite, fmt, maxAbsDiff, randomValues, ratio, timeInterleaved, type Contender, type Measured, type SuiteContext, type TimeOptions } from './common.ts';
import { tf, tfjsVersion, useTfjsBackend } from './tfjs.ts';
import { JAX_VERSION, JaxRnn, jaxDevices, type JaxDevice } from './jaxjs.ts';
import * as sg from '../../src/index.ts';

type CellKind = 'LSTM' | 'GRU';
type Mode = 'train' | 'infer';
interface Shape {
  N: number;
  T: number;
  I: number;
  H: number;
}
const SHAPES: readonly Shape[] = [
  { N: 8, T: 20, I: 8, H: 32 },
  { N: 16, T: 50, I: 8, H: 64 },
];
const CELLS: readonly CellKind[] = ['LSTM', 'GRU'];
const label = (s: Shape): string => `N ${s.N}, T ${s.T}, I ${s.I}, H ${s.H}`;

/**
 * Explicit impls to try besides 'auto': whatever of these the engine accepts at a shape is timed (an impl that
 * throws, e.g. 'persistent' past one workgroup, or a name this build does not know, is skipped and listed). The
 * composed rung (per-step op soup) costs seconds per step at the large shape on SwiftShader: small shape only.
 */
const IMPL_CANDIDATES = ['persistent', 'fused', 'tiled', 'composed'] as const;
const skipAtLarge = new Set<string>(['composed']);

/** Peers, in the order of the tables. */
const PEERS = ['tfjs-webgpu', 'tfjs-cpu', 'jax-webgpu', 'jax-wasm'] as const;
type Peer = (typeof PEERS)[number];

interface Row {
  cell: CellKind;
  shape: Shape;
  mode: Mode;
  /** 'seqgpu-webgpu:<impl>' | 'seqgpu-cpu' | a peer. */
  engine: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  dispatches: number | null;
  samplesMs: number[];
}

function timeOptions(quick: boolean): TimeOptions {
  if (quick) return { warmup: 1, iters: 2, minIters: 2, budgetMs: 0, minSampleMs: 0 };
  // tfjs-webgpu and the composed rung take seconds per call on SwiftShader: few rounds, within a budget per
  // contender; fast contenders repeat within a sample (minSampleMs) so the 0.1 ms clock does not matter.
  return { warmup: 1, iters: 7, minIters: 5, budgetMs: 2500, minSampleMs: 20 };
}

// ---- seqgpu --------------------------------------------------------------------------------------------------

interface OurModel {
  rnn: sg.nn.LSTM | sg.nn.GRU;
  opt: sg.optim.Adam;
  x: sg.Tensor;
  target: sg.Tensor;
}
function ourModel(device: sg.Device, cell: CellKind, s: Shape, impl: string, xs: Float32Array, ys: Float32Array): OurModel {
  const generator = new sg.Generator(7);
  const opts = { device, generator, impl: impl as 'auto' };
  const rnn = cell === 'LSTM' ? new sg.nn.LSTM(s.I, s.H, opts) : new sg.nn.GRU(s.I, s.H, opts);
  return { rnn, opt: new sg.optim.Adam(rnn.parameters(), { lr: 1e-3 }), x: sg.tensor(xs, [s.T, s.N, s.I], { device }), target: sg.tensor(ys, [s.T, s.N, s.H], { device }) };
}
const forwardOut = (m: OurModel): sg.Tensor => m.rnn.forward(m.x)[0];
function ourTrainStep(m: OurModel): Promise<number> {
  return sg.scope(async () => {
    m.opt.zeroGrad();
    const l = sg.mseLoss(forwardOut(m), m.target);
    l.backward();
    m.opt.step();
    return l.item();
  });
}
function ourInfer(m: OurModel): Promise<Float32Array> {
  return sg.noGrad(() => sg.scope(async () => (await forwardOut(m).data()) as Float32Array));
}
function disposeOurs(m: OurModel): void {
  for (const p of m.rnn.parameters()) p.dispose();
  m.opt.dispose?.();
  m.x.dispose();
  m.target.dispose();
}

// ---- tfjs ----------------------------------------------------------------------------------------------------

type TfTensor = import('@tensorflow/tfjs').Tensor;
interface TfModel {
  backend: 'webgpu' | 'cpu';
  model: import('@tensorflow/tfjs').LayersModel;
  x: TfTensor;
  y: TfTensor;
}
/** [T, N, F] time-major values to tfjs's batch-major [N, T, F] (and back with T and N swapped). */
function batchMajor(v: Float32Array, T: number, N: number, F: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) for (let f = 0; f < F; f++) out[(n * T + t) * F + f] = v[(t * N + n) * F + f]!;
  return out;
}
const transpose = (w: Float32Array, rows: number, cols: number): Float32Array => {
  const o = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) o[c * rows + r] = w[r * cols + c]!;
  return o;
};
/**
 * tf.layers.lstm / gru (returnSequences, recurrentActivation 'sigmoid'), mse, adam(1e-3), built on `backend`
 * (made active first: a model's variables and its optimizer's state live on the backend active at creation).
 * LSTM: our weights loaded (kernel [I, 4H], recurrentKernel [H, 4H], one bias = b_ih + b_hh; gates i,f,c,o).
 * tfjs's GRU is reset-before only, not PyTorch's reset-after: its GRU rows compare cost, not identical maths.
 */
async function tfModel(backend: 'webgpu' | 'cpu', cell: CellKind, s: Shape, xs: Float32Array, ys: Float32Array, w: Record<string, Float32Array>): Promise<TfModel> {
  await useTfjsBackend(backend);
  const model = tf.sequential();
  const cfg = { units: s.H, returnSequences: true, recurrentActivation: 'sigmoid' as const, inputShape: [s.T, s.I] };
  model.add(cell === 'LSTM' ? tf.layers.lstm(cfg) : tf.layers.gru(cfg));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  if (cell === 'LSTM') {
    const G = 4 * s.H;
    model.layers[0]!.setWeights([
      tf.tensor2d(transpose(w.weight_ih_l0!, G, s.I), [s.I, G]),
      tf.tensor2d(transpose(w.weight_hh_l0!, G, s.H), [s.H, G]),
      tf.tensor1d(w.bias_ih_l0!.map((b, i) => b + w.bias_hh_l0![i]!)),
    ]);
  }
  return { backend, model, x: tf.tensor3d(batchMajor(xs, s.T, s.N, s.I), [s.N, s.T, s.I]), y: tf.tensor3d(batchMajor(ys, s.T, s.N, s.H), [s.N, s.T, s.H]) };
}
async function tfTrainStep(m: TfModel): Promise<number> {
  const l = await m.model.trainOnBatch(m.x, m.y);
  return Array.isArray(l) ? l[0]! : l;
}
async function tfInfer(m: TfModel): Promise<Float32Array> {
  const out = m.model.predict(m.x) as TfTensor;
  const v = (await out.data()) as Float32Array;
  out.dispose();
  return v;
}
async function disposeTf(m: TfModel): Promise<void> {
  await useTfjsBackend(m.backend);
  m.model.dispose();
  m.x.dispose();
  m.y.dispose();
}

// ---- the suite -----------------------------------------------------------------------------------------------

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

/**
 * impl 'auto' picks by a cost measured on the adapter the first time it sees a shape (ops/rnn-autotune.ts, where
 * this build has it): wait for that measurement before timing, so it does not run inside a timed sample, and say
 * what it chose. Looked up softly: a build without it times 'auto' as it is.
 */
type AutoApi = { rnnAutotuneSettled?: (d: sg.Device) => Promise<void>; rnnAutoChoice?: (d: sg.Device, f: 'lstm' | 'gru', s: { D: number; T: number; N: number; H: number; P: number }) => { choice: string | null; times: Record<string, number> } | null };
const autoApi = sg as unknown as AutoApi;
async function autoChoice(device: sg.Device, cell: CellKind, s: Shape): Promise<string> {
  await autoApi.rnnAutotuneSettled?.(device);
  const c = autoApi.rnnAutoChoice?.(device, cell === 'LSTM' ? 'lstm' : 'gru', { D: 1, T: s.T, N: s.N, H: s.H, P: 0 });
  return c?.choice ? `${c.choice} (measured: ${Object.entries(c.times).map(([k, v]) => `${k} ${fmt(v)} ms`).join(', ')})` : 'no measured choice reported';
}

defineSuite(
  {
    name: 'rnn',
    title: 'RNN: LSTM and GRU training step and inference vs TensorFlow.js and jax-js',
    description:
      'One-layer LSTM and GRU, x [T, N, I] time-major (tfjs: batch-major, same values). **Training step** = forward over ' +
      'the sequence + MSE against a fixed [T, N, H] target + backward + Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), ' +
      'ending when the loss is on the host (seqgpu: `mseLoss`, `backward`, `optim.Adam`, `await loss.item()`; tfjs: ' +
      "`tf.layers.lstm`/`gru` (`returnSequences`, `recurrentActivation: 'sigmoid'`), adam, `await model.trainOnBatch`; " +
      'jax-js: forward written by hand with PyTorch\'s maths (gates i,f,g,o; GRU reset-after with b_ih and b_hh), the ' +
      'time loop unrolled in one `jit` together with `valueAndGrad` and the same Adam update, `await loss.data()`). ' +
      '**Inference** = forward, output read back (`await data()`; seqgpu under `noGrad`; jax-js jitted forward). ' +
      'All engines — GPU and CPU — run in the SAME interleaved rounds per (cell, shape, mode), the order shuffled each ' +
      'round (fixed seed), so the ratios divide figures taken at the same moments. Every engine starts from the same weights ' +
      '(seqgpu\'s `Generator(7)` init, copied); the first-step losses are compared before timing (tfjs GRU excepted: ' +
      'reset-before maths). Dispatches: `dispatchWorkgroups` calls per call, counted by wrapping ' +
      'GPUComputePassEncoder for every engine.',
  },
  async (ctx) => {
    const jaxDevs = await jaxDevices();
    ctx.log(`tfjs ${tfjsVersion()}, jax-js ${JAX_VERSION} (devices: ${jaxDevs.join(', ')})`);
    const gpu = ctx.adapter ? await sg.init('webgpu') : null;
    const cpu = await sg.init('cpu');
    const rows: Row[] = [];
    const checks: string[] = [];
    const skipped: string[] = [];
    const inputs = SHAPES.map((s, i) => ({ xs: randomValues(s.T * s.N * s.I, 10 + i), ys: randomValues(s.T * s.N * s.H, 20 + i).map((v) => 0.5 * v) }));

    for (const cell of CELLS) {
      for (const [si, s] of SHAPES.entries()) {
        const { xs, ys } = inputs[si]!;
        // Reference: seqgpu CPU (float64 arithmetic): its weights go to every engine, its outputs/losses are the yardstick.
        const ref = ourModel(cpu, cell, s, 'auto', xs, ys);
        const refOut = await ourInfer(ref);
        const w: Record<string, Float32Array> = {};
        for (const [k, p] of ref.rnn.namedParameters()) w[k] = (await p.data()) as Float32Array;
        const refLoss = await ourTrainStep(ref);
        disposeOurs(ref);
        const large = s.N * s.H > 256;

        // seqgpu WebGPU: 'auto' plus every explicit impl this build accepts here (first step checked against the CPU).
        const ours = new Map<string, OurModel>();
        if (gpu) {
          for (const impl of ['auto', ...IMPL_CANDIDATES]) {
            if (large && skipAtLarge.has(impl)) {
              skipped.push(`${cell} ${label(s)} ${impl}: not timed at this shape (seconds per step on SwiftShader)`);
              continue;
            }
            let m: OurModel | undefined;
            try {
              m = ourModel(gpu, cell, s, impl, xs, ys);
              const err = maxAbsDiff(await ourInfer(m), refOut);
              const l = await ourTrainStep(m);
              checks.push(`${cell} ${label(s)} seqgpu-webgpu ${impl}: max |Δ output| ${err.toExponential(1)}, first-step loss rel. diff ${relDiff(l, refLoss).toExponential(1)}`);
              if (!(err < 1e-4)) ctx.finding(`WRONG RESULT: ${cell} ${label(s)} seqgpu-webgpu ${impl}: output differs from the CPU reference by ${err.toExponential(2)}.`);
              if (impl === 'auto') checks.push(`${cell} ${label(s)} seqgpu-webgpu auto chose: ${await autoChoice(gpu, cell, s)}`);
              ours.set(impl, m);
            } catch (e) {
              if (m) disposeOurs(m);
              skipped.push(`${cell} ${label(s)} ${impl}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
            }
          }
        }
        const ourCpu = ourModel(cpu, cell, s, 'auto', xs, ys);
        await ourTrainStep(ourCpu);

        // Peers, same weights; first-step losses against seqgpu-cpu's.
        const tfs = new Map<Peer, TfModel>();
        for (const b of ctx.adapter ? (['webgpu', 'cpu'] as const) : (['cpu'] as const)) {
          const m = await tfModel(b, cell, s, xs, ys, w);
          const out = batchMajor(await tfInfer(m), s.N, s.T, s.H);
          const l = await tfTrainStep(m);
          checks.push(
            `${cell} ${label(s)} tfjs-${b}: ` +
              (cell === 'LSTM' ? `max |Δ output| ${maxAbsDiff(out, refOut).toExponential(1)}, first-step loss rel. diff ${relDiff(l, refLoss).toExponential(1)}` : `first-step loss ${l.toPrecision(6)} vs ${refLoss.toPrecision(6)} (reset-before GRU: different function)`),
          );
          tfs.set(`tfjs-${b}`, m);
        }
        const jaxs = new Map<Peer, JaxRnn>();
        for (const d of jaxDevs) {
          const m = new JaxRnn(d as JaxDevice, cell, s.H, w as never, xs, [s.T, s.N, s.I], ys);
          const err = maxAbsDiff(await m.infer(), refOut);
          const l = await m.train();
          const rd = relDiff(l, refLoss);
          checks.push(`${cell} ${label(s)} jax-${d}: max |Δ output| ${err.toExponential(1)}, first-step loss ${l.toPrecision(8)} vs ${refLoss.toPrecision(8)}, rel. diff ${rd.toExponential(1)}`);
          if (!(rd < 1e-5)) ctx.finding(`NOT THE SAME WORK: ${cell} ${label(s)} jax-${d} first-step loss differs from seqgpu's by ${rd.toExponential(2)} relative.`);
          jaxs.set(`jax-${d}`, m);
        }

        for (const mode of ['train', 'infer'] as const) {
          const contenders: Contender[] = [];
          for (const [impl, m] of ours) contenders.push({ name: `seqgpu-webgpu:${impl}`, fn: () => (mode === 'train' ? ourTrainStep(m) : ourInfer(m)) });
          // The floor any WebGPU inference pays here: one dispatch over an output-sized tensor and its read back.
          const floorIn = mode === 'infer' && gpu ? sg.tensor(ys, [s.T, s.N, s.H], { device: gpu }) : null;
          if (floorIn) contenders.push({ name: 'seqgpu-webgpu:floor', fn: () => sg.noGrad(() => sg.scope(async () => (await sg.mul(floorIn, 2).data()) as Float32Array)) });
          contenders.push({ name: 'seqgpu-cpu', fn: () => (mode === 'train' ? ourTrainStep(ourCpu) : ourInfer(ourCpu)) });
          for (const [name, m] of tfs) contenders.push({ name, prepare: () => useTfjsBackend(m.backend), fn: () => (mode === 'train' ? tfTrainStep(m) : tfInfer(m)) });
          for (const [name, m] of jaxs) contenders.push({ name, fn: () => (mode === 'train' ? m.train() : m.infer()) });
          ctx.log(`${cell} ${label(s)} ${mode}: ${contenders.map((c) => c.name).join(', ')}`);
          const timed = await timeInterleaved(contenders, timeOptions(ctx.quick));
          floorIn?.dispose();
          for (const [engine, t] of timed) {
            const r = toRow(cell, s, mode, engine, t);
            rows.push(r);
            ctx.record({ ...r, shape: { ...s }, samplesMs: t.samples.map((x) => +x.toPrecision(4)) });
            ctx.log(`  ${engine}: ${fmt(t.medianMs)} ms [${fmt(t.minMs)}–${fmt(t.maxMs)}], ${r.dispatches === null ? '–' : fmt(r.dispatches)} dispatches`);
          }
        }
        for (const m of ours.values()) disposeOurs(m);
        disposeOurs(ourCpu);
        for (const m of tfs.values()) await disposeTf(m);
        for (const m of jaxs.values()) m.dispose();
      }
    }
    gpu?.destroy();
    for (const c of checks) ctx.log(c);
    report(ctx, rows, checks, skipped);
  },
);

function toRow(cell: CellKind, s: Shape, mode: Mode, engine: string, t: Measured): Row {
  const gpuEngine = engine.startsWith('seqgpu-webgpu') || engine.endsWith('-webgpu');
  return { cell, shape: s, mode, engine, medianMs: t.medianMs, minMs: t.minMs, maxMs: t.maxMs, dispatches: gpuEngine ? t.dispatchesPerCall : null, samplesMs: t.samples };
}

function report(ctx: SuiteContext, rows: Row[], checks: string[], skipped: string[]): void {
  const get = (cell: CellKind, s: Shape, mode: Mode, engine: string): Row | undefined => rows.find((r) => r.cell === cell && r.shape === s && r.mode === mode && r.engine === engine);
  const spread = (r: Row | undefined): string => (r ? `${fmt(r.medianMs)} [${fmt(r.minMs)}–${fmt(r.maxMs)}]` : '–');
  const verdict = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
  const impls = [...new Set(rows.filter((r) => r.engine.startsWith('seqgpu-webgpu:')).map((r) => r.engine.slice('seqgpu-webgpu:'.length)))];

  for (const mode of ['train', 'infer'] as const) {
    const table: (string | null)[][] = [];
    for (const cell of CELLS) {
      for (const s of SHAPES) {
        const auto = get(cell, s, mode, 'seqgpu-webgpu:auto');
        const peers = PEERS.map((p) => get(cell, s, mode, p)).filter((r): r is Row => !!r);
        const fastest = [...peers].sort((a, b) => a.medianMs - b.medianMs)[0];
        const ourCpu = get(cell, s, mode, 'seqgpu-cpu');
        table.push([
          cell,
          label(s),
          ...impls.map((i) => spread(get(cell, s, mode, `seqgpu-webgpu:${i}`))),
          spread(ourCpu),
          ...PEERS.map((p) => spread(get(cell, s, mode, p))),
          fastest ? fastest.engine : null,
          auto && fastest ? ratio(fastest.medianMs / auto.medianMs) : null,
          ourCpu && fastest ? ratio(fastest.medianMs / ourCpu.medianMs) : null,
          `${auto?.dispatches != null ? fmt(auto.dispatches) : '–'} / ${PEERS.filter((p) => p.endsWith('webgpu')).map((p) => { const r = get(cell, s, mode, p); return r?.dispatches != null ? fmt(r.dispatches) : '–'; }).join(' / ')}`,
        ]);
      }
    }
    ctx.table({
      title: mode === 'train' ? 'Training step (forward + MSE + backward + Adam): ms per step, median [min–max]' : 'Inference (forward, output read back): ms per call, median [min–max]',
      columns: ['cell', 'shape', ...impls.map((i) => `seqgpu webgpu ${i}`), 'seqgpu cpu', ...PEERS, 'fastest peer', 'fastest peer / seqgpu webgpu auto', 'fastest peer / seqgpu cpu', 'dispatches: seqgpu auto / tfjs-webgpu / jax-webgpu'],
      rows: table,
      notes: [
        'All columns of a row were timed in the same interleaved rounds (5-7 rounds, one sample per engine per round). ' +
          'Ratios above 1x mean seqgpu is faster than the fastest of the four peer configurations at that row. ' +
          "'auto' is what a user gets; the other seqgpu columns are explicit kernel rungs (`impl`). " +
          "'floor' (inference only) is not an RNN: one elementwise dispatch over a [T, N, H] tensor and its read back, " +
          'the least any WebGPU inference of that output pays on this adapter.',
      ],
    });
  }
  ctx.table({ title: 'Same work: correctness and first-step losses (before timing), against seqgpu-cpu', columns: ['check'], rows: checks.map((c) => [c]) });
  if (skipped.length) ctx.table({ title: 'seqgpu impls not timed', columns: ['cell, shape, impl: why'], rows: skipped.map((c) => [c]) });

  if (!ctx.adapter) ctx.finding('No WebGPU adapter: only the CPU engines ran.');
  for (const mode of ['train', 'infer'] as const) {
    for (const cell of CELLS) {
      for (const s of SHAPES) {
        const auto = get(cell, s, mode, 'seqgpu-webgpu:auto');
        const peers = PEERS.map((p) => get(cell, s, mode, p)).filter((r): r is Row => !!r).sort((a, b) => a.medianMs - b.medianMs);
        const best = peers[0];
        if (!auto || !best) continue;
        const sameEngine = (p: string): string => {
          const r = get(cell, s, mode, p);
          return r ? `${p} ${ratio(r.medianMs / auto.medianMs)}` : '';
        };
        ctx.finding(
          `${cell} ${mode === 'train' ? 'training step' : 'inference'}, ${label(s)}: seqgpu WebGPU auto ${fmt(auto.medianMs)} ms vs fastest peer ${best.engine} ` +
            `${fmt(best.medianMs)} ms: faster than the fastest peer ${verdict(auto.medianMs < best.medianMs)} (${ratio(best.medianMs / auto.medianMs)}); ` +
            `on the same adapter: ${[sameEngine('tfjs-webgpu'), sameEngine('jax-webgpu')].filter((x) => x).join(', ')}.`,
        );
      }
    }
  }
}
