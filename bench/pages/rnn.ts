// RNN suite (issue #3, "Benchmark"): one training step (forward + MSE loss on the output sequence + backward +
// Adam step, loss read back) and inference (forward, output read back) of a one-layer LSTM and GRU at
// (batch 8, T 20, input 8, hidden 32) and (batch 16, T 50, input 8, hidden 64). seqgpu on WebGPU (every kernel
// rung: persistent, fused, composed) and on its CPU backend, against TensorFlow.js layers (tf.layers.lstm / gru,
// returnSequences, recurrentActivation 'sigmoid', mse, adam, model.trainOnBatch) on its WebGPU backend and its
// CPU backend, same adapter, same page. Reports ms per step (median), ratios and GPU dispatches per step.
import { countDispatches, defineSuite, fmt, maxAbsDiff, randomValues, ratio, timeInterleaved, type Measured, type SuiteContext, type TimeOptions } from './common.ts';
import { tf, tfjsVersion, useTfjsBackend } from './tfjs.ts';
import * as sg from '../../src/index.ts';
import { PERSISTENT_MAX_STATE } from '../../src/internal.ts';

type CellKind = 'LSTM' | 'GRU';
type Impl = 'persistent' | 'fused' | 'composed';
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
/** What impl 'auto' resolves to on WebGPU (ops/rnn.ts pickImpl): persistent when N*H fits one workgroup. */
const autoImpl = (s: Shape): Impl => (s.N * s.H <= PERSISTENT_MAX_STATE ? 'persistent' : 'fused');
/**
 * Rungs timed per shape. The composed rung (per-step op soup, ~60 dispatches per timestep in a training step)
 * costs about what tfjs-webgpu costs; it is timed at the small shape only, to keep the suite within ~5 minutes
 * on SwiftShader (at the large shape a quick run measured 12 s per LSTM step, close to tfjs-webgpu's 14 s).
 */
const implsFor = (s: Shape): Impl[] => (s.N * s.H <= PERSISTENT_MAX_STATE ? ['persistent', 'fused', 'composed'] : ['fused']);

type Engine = 'seqgpu-webgpu' | 'tfjs-webgpu' | 'seqgpu-cpu' | 'tfjs-cpu';
interface Measurement {
  cell: CellKind;
  shape: Shape;
  mode: Mode;
  engine: Engine;
  impl?: Impl;
  medianMs: number;
  minMs: number;
  dispatches: number | null;
  samplesMs: number[];
}

function timeOptions(quick: boolean, slow: boolean): TimeOptions {
  if (quick) return { warmup: 1, iters: 1, minIters: 1, budgetMs: 0, minSampleMs: 0 };
  // tfjs-webgpu and the composed path take seconds per step on SwiftShader: few samples, within a budget.
  // Rounds stop after minIters once the average contender has used budgetMs.
  return slow ? { warmup: 1, iters: 7, minIters: 3, budgetMs: 3000, minSampleMs: 0 } : { warmup: 2, iters: 9, minIters: 5, budgetMs: 1500, minSampleMs: 20 };
}

// ---------------------------------------------------------------------------------------------------------
// seqgpu

interface OurModel {
  rnn: sg.nn.LSTM | sg.nn.GRU;
  opt: sg.optim.Adam;
  x: sg.Tensor;
  target: sg.Tensor;
  device: sg.Device;
}

function ourModel(device: sg.Device, cell: CellKind, s: Shape, impl: Impl | 'auto', xs: Float32Array, ys: Float32Array): OurModel {
  const generator = new sg.Generator(7);
  const rnn = cell === 'LSTM' ? new sg.nn.LSTM(s.I, s.H, { device, generator, impl }) : new sg.nn.GRU(s.I, s.H, { device, generator, impl });
  const opt = new sg.optim.Adam(rnn.parameters(), { lr: 1e-3 });
  const x = sg.tensor(xs, [s.T, s.N, s.I], { device });
  const target = sg.tensor(ys, [s.T, s.N, s.H], { device });
  return { rnn, opt, x, target, device };
}

const forwardOut = (m: OurModel): sg.Tensor => (m.rnn instanceof sg.nn.LSTM ? m.rnn.forward(m.x)[0] : m.rnn.forward(m.x)[0]);

/**
 * One training step; resolves when the loss is on the host (the one read-back of the step). The scope is async so
 * it frees the step's intermediates after the read-back has submitted their work. (Written when the buffer pool
 * still destroyed buffers past its idle cap while recorded work used them; fixed in 5fa59a1, the pattern stays.)
 */
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

/** Dispatches recorded by each phase of one training step (device.stats(): counted when recorded). */
async function ourPhases(m: OurModel): Promise<Record<string, number>> {
  const d = (): number => m.device.stats().dispatches;
  const r: Record<string, number> = {};
  await sg.scope(async () => {
    let t = d();
    m.opt.zeroGrad();
    r.zeroGrad = d() - t;
    t = d();
    const out = forwardOut(m);
    r.forward = d() - t;
    t = d();
    const l = sg.mseLoss(out, m.target);
    r.loss = d() - t;
    t = d();
    l.backward();
    r.backward = d() - t;
    t = d();
    m.opt.step();
    r.adam = d() - t;
    await m.device.sync();
  });
  return r;
}

function disposeOurs(m: OurModel): void {
  for (const p of m.rnn.parameters()) p.dispose();
  m.x.dispose();
  m.target.dispose();
}

// ---------------------------------------------------------------------------------------------------------
// tfjs

interface TfModel {
  model: import('@tensorflow/tfjs').LayersModel;
  x: import('@tensorflow/tfjs').Tensor;
  y: import('@tensorflow/tfjs').Tensor;
}

/** [T, N, F] time-major values to tfjs's batch-major [N, T, F]. */
function batchMajor(v: Float32Array, T: number, N: number, F: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) for (let f = 0; f < F; f++) out[(n * T + t) * F + f] = v[(t * N + n) * F + f]!;
  return out;
}

/**
 * tf.layers.lstm / gru with returnSequences and recurrentActivation 'sigmoid', MSE directly on the output
 * sequence, adam(1e-3). For LSTM, `weights` (PyTorch layout from our model) are loaded so both engines compute
 * the same function from the same start (tfjs: kernel [I, 4H], recurrentKernel [H, 4H], one bias, gates i,f,c,o
 * as PyTorch's i,f,g,o). tfjs's GRU has only the reset-before form, so it is not the same function as
 * PyTorch's (reset-after) GRU: same shapes and cost class, different maths.
 */
function tfModel(cell: CellKind, s: Shape, xs: Float32Array, ys: Float32Array, weights: Record<string, Float32Array> | null): TfModel {
  const model = tf.sequential();
  const cfg = { units: s.H, returnSequences: true, recurrentActivation: 'sigmoid' as const, inputShape: [s.T, s.I] };
  model.add(cell === 'LSTM' ? tf.layers.lstm(cfg) : tf.layers.gru(cfg));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  if (weights && cell === 'LSTM') {
    const G = 4 * s.H;
    const transpose = (w: Float32Array, rows: number, cols: number): Float32Array => {
      const o = new Float32Array(w.length);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) o[c * rows + r] = w[r * cols + c]!;
      return o;
    };
    const bias = weights.bias_ih_l0!.map((b, i) => b + weights.bias_hh_l0![i]!);
    model.layers[0]!.setWeights([
      tf.tensor2d(transpose(weights.weight_ih_l0!, G, s.I), [s.I, G]),
      tf.tensor2d(transpose(weights.weight_hh_l0!, G, s.H), [s.H, G]),
      tf.tensor1d(bias),
    ]);
  }
  const x = tf.tensor3d(batchMajor(xs, s.T, s.N, s.I), [s.N, s.T, s.I]);
  const y = tf.tensor3d(batchMajor(ys, s.T, s.N, s.H), [s.N, s.T, s.H]);
  return { model, x, y };
}

/** model.trainOnBatch reads its loss with `await data()`: it resolves once the step's GPU work is done. */
async function tfTrainStep(m: TfModel): Promise<number> {
  const l = await m.model.trainOnBatch(m.x, m.y);
  return Array.isArray(l) ? l[0]! : l;
}

async function tfInfer(m: TfModel): Promise<Float32Array> {
  const out = m.model.predict(m.x) as import('@tensorflow/tfjs').Tensor;
  const v = (await out.data()) as Float32Array;
  out.dispose();
  return v;
}

function disposeTf(m: TfModel): void {
  m.model.dispose();
  m.x.dispose();
  m.y.dispose();
}

// ---------------------------------------------------------------------------------------------------------

defineSuite(
  {
    name: 'rnn',
    title: 'RNN: LSTM and GRU training step and inference vs TensorFlow.js',
    description:
      'One-layer LSTM and GRU, time-major x [T, N, I] (tfjs: batch-major [N, T, I], the same values). ' +
      '**Training step** = forward over the whole sequence + MSE loss against a fixed [T, N, H] target on the output ' +
      'sequence + backward + Adam step (lr 1e-3), ending when the loss value is on the host (seqgpu: `scope`, ' +
      '`mseLoss`, `backward`, `optim.Adam.step`, `await loss.item()`; tfjs: `tf.layers.lstm`/`gru` with ' +
      "`returnSequences: true, recurrentActivation: 'sigmoid'`, `compile({ optimizer: tf.train.adam(1e-3), loss: " +
      "'meanSquaredError' })`, `await model.trainOnBatch(x, y)`, which reads its loss with `await data()`). " +
      '**Inference** = forward, output sequence read back (`await out.data()` for both; seqgpu under `noGrad`). ' +
      'Configurations of one shape are timed in interleaved rounds (median per step). Dispatches: ' +
      '`dispatchWorkgroups` calls per step, counted by wrapping GPUComputePassEncoder for both engines. The LSTM ' +
      "runs the same function in both engines (tfjs gets our initial weights; outputs compared); tfjs's GRU has only " +
      "the reset-before form (PyTorch's is reset-after), so the GRU rows compare cost, not identical maths.",
  },
  async (ctx) => {
    ctx.log(`tfjs ${tfjsVersion()}`);
    const all: Measurement[] = [];
    const phases: { cell: CellKind; shape: Shape; impl: Impl; counts: Record<string, number> }[] = [];
    const checks: string[] = [];
    const put = (m: Omit<Measurement, 'minMs' | 'medianMs' | 'samplesMs' | 'dispatches'>, t: Measured, dispatches: number | null): void => {
      const full: Measurement = { ...m, medianMs: t.medianMs, minMs: t.minMs, dispatches, samplesMs: t.samples };
      all.push(full);
      ctx.record({ ...full, shape: { ...m.shape }, samplesMs: t.samples.map((x) => +x.toPrecision(4)) });
      ctx.log(`${m.cell} ${label(m.shape)} ${m.mode} ${m.engine}${m.impl ? ` ${m.impl}` : ''}: ${fmt(t.medianMs)} ms, ${dispatches ?? '–'} dispatches`);
    };
    const inputs = SHAPES.map((s, i) => ({ xs: randomValues(s.T * s.N * s.I, 10 + i), ys: randomValues(s.T * s.N * s.H, 20 + i).map((v) => 0.5 * v) }));

    // ---- WebGPU: every seqgpu rung and tfjs-webgpu, per (cell, shape), interleaved.
    if (ctx.adapter) {
      const dev = await sg.init('webgpu');
      const cpuRef = await sg.init('cpu');
      await useTfjsBackend('webgpu');
      for (const cell of CELLS) {
        for (const [si, s] of SHAPES.entries()) {
          const { xs, ys } = inputs[si]!;
          const impls = implsFor(s);
          // Correctness before timing: every rung's output against the CPU reference, and tfjs's LSTM against ours.
          const ref = ourModel(cpuRef, cell, s, 'auto', xs, ys);
          const refOut = await ourInfer(ref);
          const weights: Record<string, Float32Array> = {};
          for (const [k, p] of ref.rnn.namedParameters()) weights[k] = (await p.data()) as Float32Array;
          disposeOurs(ref);
          const ours = new Map(impls.map((impl) => [impl, ourModel(dev, cell, s, impl, xs, ys)]));
          for (const [impl, m] of ours) {
            const err = maxAbsDiff(await ourInfer(m), refOut);
            checks.push(`${cell} ${label(s)} seqgpu-webgpu ${impl} vs seqgpu-cpu: max |Δ output| ${err.toExponential(1)}`);
            if (!(err < 1e-4)) ctx.finding(`WRONG RESULT: ${cell} ${label(s)} ${impl}: output differs from the CPU reference by ${err.toExponential(2)}.`);
            await ourTrainStep(m); // the first step also creates Adam's state (2 fills per parameter): not counted
            phases.push({ cell, shape: s, impl, counts: await ourPhases(m) });
          }
          const theirs = tfModel(cell, s, xs, ys, weights);
          if (cell === 'LSTM') {
            const err = maxAbsDiff(batchMajor(await tfInfer(theirs), s.N, s.T, s.H), refOut);
            checks.push(`${cell} ${label(s)} tfjs-webgpu vs seqgpu-cpu (same weights): max |Δ output| ${err.toExponential(1)}`);
          }
          for (const mode of ['train', 'infer'] as const) {
            ctx.log(`${cell} ${label(s)} ${mode}: timing ${impls.join(', ')}, tfjs-webgpu`);
            const timed = await timeInterleaved(
              [
                ...[...ours].map(([impl, m]) => ({ name: impl, fn: () => (mode === 'train' ? ourTrainStep(m) : ourInfer(m)) })),
                { name: 'tfjs', fn: () => (mode === 'train' ? tfTrainStep(theirs) : tfInfer(theirs)) },
              ],
              timeOptions(ctx.quick, true),
            );
            for (const impl of impls) {
              const t = timed.get(impl)!;
              put({ cell, shape: s, mode, engine: 'seqgpu-webgpu', impl }, t, t.dispatchesPerCall);
            }
            const t = timed.get('tfjs')!;
            put({ cell, shape: s, mode, engine: 'tfjs-webgpu' }, t, t.dispatchesPerCall);
          }
          for (const m of ours.values()) disposeOurs(m);
          disposeTf(theirs);
        }
      }
      dev.destroy();
    }

    // ---- CPU backends.
    const cpu = await sg.init('cpu');
    await useTfjsBackend('cpu');
    for (const cell of CELLS) {
      for (const [si, s] of SHAPES.entries()) {
        const { xs, ys } = inputs[si]!;
        const ours = ourModel(cpu, cell, s, 'auto', xs, ys);
        const weights: Record<string, Float32Array> = {};
        for (const [k, p] of ours.rnn.namedParameters()) weights[k] = (await p.data()) as Float32Array;
        const theirs = tfModel(cell, s, xs, ys, weights);
        if (cell === 'LSTM') {
          const err = maxAbsDiff(batchMajor(await tfInfer(theirs), s.N, s.T, s.H), await ourInfer(ours));
          checks.push(`${cell} ${label(s)} tfjs-cpu vs seqgpu-cpu (same weights): max |Δ output| ${err.toExponential(1)}`);
        }
        for (const mode of ['train', 'infer'] as const) {
          ctx.log(`${cell} ${label(s)} ${mode}: timing seqgpu-cpu, tfjs-cpu`);
          const timed = await timeInterleaved(
            [
              { name: 'ours', fn: () => (mode === 'train' ? ourTrainStep(ours) : ourInfer(ours)) },
              { name: 'tfjs', fn: () => (mode === 'train' ? tfTrainStep(theirs) : tfInfer(theirs)) },
            ],
            timeOptions(ctx.quick, false),
          );
          put({ cell, shape: s, mode, engine: 'seqgpu-cpu' }, timed.get('ours')!, null);
          put({ cell, shape: s, mode, engine: 'tfjs-cpu' }, timed.get('tfjs')!, null);
        }
        disposeOurs(ours);
        disposeTf(theirs);
      }
    }
    for (const c of checks) ctx.log(c);
    report(ctx, all, phases, checks);
  },
);

function report(
  ctx: SuiteContext,
  all: Measurement[],
  phases: { cell: CellKind; shape: Shape; impl: Impl; counts: Record<string, number> }[],
  checks: string[],
): void {
  const get = (cell: CellKind, s: Shape, mode: Mode, engine: Engine, impl?: Impl): Measurement | undefined =>
    all.find((m) => m.cell === cell && m.shape === s && m.mode === mode && m.engine === engine && (impl === undefined || m.impl === impl));
  const ms = (m: Measurement | undefined): string => fmt(m?.medianMs);

  for (const mode of ['train', 'infer'] as const) {
    const rows: (string | null)[][] = [];
    for (const cell of CELLS) {
      for (const s of SHAPES) {
        const auto = get(cell, s, mode, 'seqgpu-webgpu', autoImpl(s));
        const fused = get(cell, s, mode, 'seqgpu-webgpu', 'fused');
        const pers = get(cell, s, mode, 'seqgpu-webgpu', 'persistent');
        const comp = get(cell, s, mode, 'seqgpu-webgpu', 'composed');
        const tw = get(cell, s, mode, 'tfjs-webgpu');
        const oc = get(cell, s, mode, 'seqgpu-cpu');
        const tc = get(cell, s, mode, 'tfjs-cpu');
        const fastestPeer = [tw, tc].filter((m): m is Measurement => !!m).sort((a, b) => a.medianMs - b.medianMs)[0];
        rows.push([
          cell,
          label(s),
          pers ? ms(pers) : 'n/a',
          ms(fused),
          comp ? ms(comp) : 'not run',
          ms(tw),
          ms(oc),
          ms(tc),
          auto && tw ? ratio(tw.medianMs / auto.medianMs) : null,
          auto && fastestPeer ? ratio(fastestPeer.medianMs / auto.medianMs) : null,
          oc && tc ? ratio(tc.medianMs / oc.medianMs) : null,
          `${auto?.dispatches != null ? fmt(auto.dispatches) : '–'} / ${tw?.dispatches != null ? fmt(tw.dispatches) : '–'}`,
          auto?.dispatches && tw?.dispatches ? ratio(tw.dispatches / auto.dispatches) : null,
        ]);
      }
    }
    ctx.table({
      title: mode === 'train' ? 'Training step (forward + MSE + backward + Adam): ms per step, median' : 'Inference (forward, output read back): ms per call, median',
      columns: [
        'cell', 'shape', 'seqgpu persistent', 'seqgpu fused', 'seqgpu composed', 'tfjs-webgpu', 'seqgpu cpu', 'tfjs cpu',
        'tfjs-webgpu / seqgpu auto', 'fastest peer / seqgpu auto', 'tfjs cpu / seqgpu cpu', 'dispatches auto / tfjs', 'fewer dispatches',
      ],
      rows,
      notes: [
        "seqgpu columns are WebGPU kernel rungs (ops/rnn.ts impl); 'auto' is persistent where N·H ≤ 256 (the small shape), " +
          'fused otherwise; composed is the readable matmul + pointwise rung. Ratios above 1x mean seqgpu (auto, or its CPU ' +
          'backend in the CPU column) is faster. "Fastest peer" is the faster of tfjs-webgpu and tfjs-cpu at that row.',
      ],
    });
  }

  // Dispatches per phase of one training step, per rung.
  ctx.table({
    title: 'seqgpu dispatches per training-step phase (device.stats())',
    columns: ['cell', 'shape', 'impl', 'forward', 'MSE loss', 'backward', 'Adam', 'total', 'issue budget 3T + 20'],
    rows: phases.map((p) => {
      const total = Object.values(p.counts).reduce((a, b) => a + b, 0);
      return [p.cell, label(p.shape), p.impl, p.counts.forward ?? 0, p.counts.loss ?? 0, p.counts.backward ?? 0, p.counts.adam ?? 0, total, 3 * p.shape.T + 20];
    }),
  });
  ctx.table({ title: 'Correctness checks (before timing)', columns: ['check'], rows: checks.map((c) => [c]) });

  // Targets (issue #3), judged on the training step with impl 'auto'.
  if (!ctx.adapter) {
    ctx.finding('No WebGPU adapter: only the CPU comparison ran.');
  }
  const verdict = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
  for (const cell of CELLS) {
    for (const s of SHAPES) {
      const auto = get(cell, s, 'train', 'seqgpu-webgpu', autoImpl(s));
      const tw = get(cell, s, 'train', 'tfjs-webgpu');
      const oc = get(cell, s, 'train', 'seqgpu-cpu');
      const tc = get(cell, s, 'train', 'tfjs-cpu');
      const parts: string[] = [];
      if (auto && tw) {
        const sp = tw.medianMs / auto.medianMs;
        parts.push(`≥10x faster than tfjs-webgpu: ${verdict(sp >= 10)} (${ratio(sp)})`);
        if (auto.dispatches && tw.dispatches) {
          const fd = tw.dispatches / auto.dispatches;
          parts.push(`≥20x fewer dispatches: ${verdict(fd >= 20)} (${fmt(auto.dispatches)} vs ${fmt(tw.dispatches)}, ${ratio(fd)})`);
        }
        const peers = [tw, tc].filter((m): m is Measurement => !!m).sort((a, b) => a.medianMs - b.medianMs);
        const best = peers[0]!;
        parts.push(`faster than the fastest peer (${best.engine}, ${fmt(best.medianMs)} ms): ${verdict(auto.medianMs < best.medianMs)} (${fmt(auto.medianMs)} ms, ${ratio(best.medianMs / auto.medianMs)})`);
      }
      if (oc && tc) parts.push(`CPU faster than tfjs cpu: ${verdict(oc.medianMs < tc.medianMs)} (${ratio(tc.medianMs / oc.medianMs)})`);
      ctx.finding(`${cell} training, ${label(s)} (seqgpu auto = ${autoImpl(s)}): ${parts.join('; ')}.`);
    }
  }
}
