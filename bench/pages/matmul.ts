// Matmul suite: GFLOP/s of every seqgpu WebGPU rung (naive, tiled, blocked) and 'auto' at square and skinny
// (RNN-like [B, H] x [H, 4H]) shapes, side by side with tfjs's tf.matMul on its WebGPU backend on the same adapter
// in the same page; then seqgpu's CPU backend against tfjs's CPU backend. Issue #2, "Benchmark".
import { defineSuite, fmt, maxAbsDiff, randomValues, ratio, timeInterleaved, type SuiteContext, type TimeOptions } from './common.ts';
import { tf, tfjsSync, tfjsVersion, useTfjsBackend } from './tfjs.ts';
import * as sg from '../../src/index.ts';

type Rung = 'naive' | 'tiled' | 'blocked';
const RUNGS: readonly Rung[] = ['naive', 'tiled', 'blocked'];
type Variant = Rung | 'auto';
const VARIANTS: readonly Variant[] = [...RUNGS, 'auto'];

interface Shape {
  M: number;
  K: number;
  N: number;
  kind: 'square' | 'skinny';
}

const SHAPES: readonly Shape[] = [
  { M: 128, K: 128, N: 128, kind: 'square' },
  { M: 256, K: 256, N: 256, kind: 'square' },
  { M: 512, K: 512, N: 512, kind: 'square' },
  // [B, H] x [H, 4H]: an LSTM's input/recurrent projection for batch B, hidden H.
  { M: 8, K: 32, N: 128, kind: 'skinny' },
  { M: 16, K: 64, N: 256, kind: 'skinny' },
  { M: 64, K: 128, N: 512, kind: 'skinny' },
];

const label = (s: Shape): string => `[${s.M}, ${s.K}] x [${s.K}, ${s.N}]`;
const flops = (s: Shape): number => 2 * s.M * s.N * s.K;
const gflops = (s: Shape, ms: number): number => flops(s) / (ms * 1e6);

/**
 * Samples per configuration, sized for SwiftShader (~0.05-0.2 GFLOP/s on 2 cores): a 512^3 product takes
 * seconds there, so big shapes get 3-5 samples within a time budget and no warm-up beyond the checked run that
 * precedes the timing (it compiles the pipeline and fills the buffer pool); small ones get more. On a real GPU
 * the iteration caps bind instead.
 */
function timeOptions(s: Shape, quick: boolean): TimeOptions {
  if (quick) return { warmup: 0, iters: 1, minIters: 1, budgetMs: 0 };
  if (flops(s) >= 2 * 256 ** 3) return { warmup: 0, iters: 5, minIters: 3, budgetMs: 4000 };
  if (flops(s) >= 1e6) return { warmup: 2, iters: 9, minIters: 5, budgetMs: 1500 };
  // Tiny products: a sample is mostly submit/sync latency, which is noisy on a loaded host; take many.
  return { warmup: 3, iters: 25, minIters: 11, budgetMs: 1000 };
}

/** f64 reference product of row-major A [M, K] and B [K, N]. */
function reference(s: Shape, a: Float32Array, b: Float32Array): Float64Array {
  const out = new Float64Array(s.M * s.N);
  for (let i = 0; i < s.M; i++) {
    for (let k = 0; k < s.K; k++) {
      const aik = a[i * s.K + k]!;
      const row = k * s.N;
      const o = i * s.N;
      for (let j = 0; j < s.N; j++) out[o + j]! += aik * b[row + j]!;
    }
  }
  return out;
}

/** Accumulating K products of values in [-1, 1) in f32, in any order: errors grow about linearly in K. */
const tolerance = (s: Shape): number => 2e-6 * s.K + 1e-5;

interface Measurement {
  engine: 'seqgpu-webgpu' | 'tfjs-webgpu' | 'seqgpu-cpu' | 'tfjs-cpu';
  variant?: Variant;
  /** The rung 'auto' resolved to. */
  rung?: Rung;
  medianMs: number;
  gflops: number;
  dispatches: number | null;
  maxAbsErr: number;
  /** Per-call time of every sample, in the order taken. */
  samplesMs: number[];
}

defineSuite(
  {
    name: 'matmul',
    title: 'Matmul',
    description:
      'GFLOP/s = 2·M·N·K / median time of one product, inputs resident on the device, output left on the device ' +
      '(WebGPU: each sample ends when the queue is drained — `device.sync()` for seqgpu, `submitQueue()` + ' +
      '`onSubmittedWorkDone()` for tfjs — nothing is read back; CPU: the call returns the result). ' +
      'Peer: TensorFlow.js `tf.matMul` on its WebGPU backend on the same adapter in the same page, and on its CPU backend. ' +
      'Every output is checked once against an f64 reference before timing.',
  },
  async (ctx) => {
    const results = new Map<string, Measurement[]>();
    const put = (s: Shape, m: Measurement): void => {
      const key = label(s);
      results.set(key, [...(results.get(key) ?? []), m]);
      ctx.record({ shape: [s.M, s.K, s.N], kind: s.kind, flops: flops(s), ...m, samplesMs: m.samplesMs.map((x) => +x.toPrecision(4)) });
      const what = m.variant ? `${m.engine} ${m.variant}${m.rung ? `→${m.rung}` : ''}` : m.engine;
      ctx.log(`${label(s)} ${what}: ${fmt(m.medianMs)} ms, ${fmt(m.gflops)} GFLOP/s, err ${m.maxAbsErr.toExponential(1)}`);
    };
    const inputs = SHAPES.map((s, i) => ({ a: randomValues(s.M * s.K, 2 * i + 1), b: randomValues(s.K * s.N, 2 * i + 2) }));
    const refs = SHAPES.map((s, i) => reference(s, inputs[i]!.a, inputs[i]!.b));
    ctx.log(`tfjs ${tfjsVersion()}`);

    // The rung 'auto' picks; internal, so looked up softly (the label is cosmetic).
    type Pick = (M: number, N: number, K: number) => Rung;
    let pick: Pick | null = null;
    try {
      pick = (await import('../../src/backends/webgpu/matmul.ts')).pickMatmulVariant as Pick;
    } catch {
      pick = null;
    }

    // ---- WebGPU: the seqgpu rungs and tfjs, shape by shape, timed in interleaved rounds.
    if (ctx.adapter) {
      const dev = await sg.init('webgpu');
      await useTfjsBackend('webgpu');
      for (const [i, s] of SHAPES.entries()) {
        const a = sg.tensor(inputs[i]!.a, [s.M, s.K], { device: dev });
        const b = sg.tensor(inputs[i]!.b, [s.K, s.N], { device: dev });
        const ta = tf.tensor2d(inputs[i]!.a, [s.M, s.K]);
        const tb = tf.tensor2d(inputs[i]!.b, [s.K, s.N]);
        // The checked run is each contender's first: it compiles the pipeline and uploads the inputs.
        const errs = new Map<string, number>();
        for (const variant of VARIANTS) {
          const c = sg.matmul(a, b, { variant });
          errs.set(variant, maxAbsDiff(await c.data(), refs[i]!));
          c.dispose();
        }
        const tc = tf.matMul(ta, tb);
        errs.set('tfjs', maxAbsDiff(await tc.data(), refs[i]!));
        tc.dispose();
        const d0 = dev.stats().dispatches;
        const timed = await timeInterleaved(
          [
            ...VARIANTS.map((variant) => ({
              name: variant,
              fn: async () => {
                const c = sg.matmul(a, b, { variant });
                await dev.sync();
                c.dispose();
              },
            })),
            {
              name: 'tfjs',
              fn: async () => {
                const c = tf.matMul(ta, tb);
                await tfjsSync();
                c.dispose();
              },
            },
          ],
          timeOptions(s, ctx.quick),
        );
        const ours = VARIANTS.map((v) => timed.get(v)!);
        const statDispatches = (dev.stats().dispatches - d0) / ours.reduce((n, t) => n + t.calls, 0);
        const encoderDispatches = ours.reduce((n, t) => n + t.dispatchesPerCall * t.calls, 0) / ours.reduce((n, t) => n + t.calls, 0);
        if (statDispatches !== encoderDispatches) {
          ctx.log(`note: device.stats() counted ${statDispatches} dispatches per product, the encoder ${encoderDispatches}`);
        }
        for (const variant of VARIANTS) {
          const t = timed.get(variant)!;
          put(s, {
            engine: 'seqgpu-webgpu',
            variant,
            rung: variant === 'auto' && pick ? pick(s.M, s.N, s.K) : undefined,
            medianMs: t.medianMs,
            gflops: gflops(s, t.medianMs),
            dispatches: t.dispatchesPerCall,
            maxAbsErr: errs.get(variant)!,
            samplesMs: t.samples,
          });
        }
        const t = timed.get('tfjs')!;
        put(s, {
          engine: 'tfjs-webgpu',
          medianMs: t.medianMs,
          gflops: gflops(s, t.medianMs),
          dispatches: t.dispatchesPerCall,
          maxAbsErr: errs.get('tfjs')!,
          samplesMs: t.samples,
        });
        a.dispose();
        b.dispose();
        ta.dispose();
        tb.dispose();
      }
      dev.destroy();
    }

    // ---- CPU backends, interleaved the same way.
    const cpu = await sg.init('cpu');
    await useTfjsBackend('cpu');
    for (const [i, s] of SHAPES.entries()) {
      const a = sg.tensor(inputs[i]!.a, [s.M, s.K], { device: cpu });
      const b = sg.tensor(inputs[i]!.b, [s.K, s.N], { device: cpu });
      const ta = tf.tensor2d(inputs[i]!.a, [s.M, s.K]);
      const tb = tf.tensor2d(inputs[i]!.b, [s.K, s.N]);
      const c0 = sg.matmul(a, b);
      const err = maxAbsDiff(await c0.data(), refs[i]!);
      c0.dispose();
      const tc = tf.matMul(ta, tb);
      const terr = maxAbsDiff(await tc.data(), refs[i]!);
      tc.dispose();
      const timed = await timeInterleaved(
        [
          {
            name: 'seqgpu',
            fn: async () => {
              const c = sg.matmul(a, b);
              await cpu.sync();
              c.dispose();
            },
          },
          {
            name: 'tfjs',
            fn: async () => {
              const c = tf.matMul(ta, tb);
              await c.data(); // the CPU backend computes eagerly; data() returns its array
              c.dispose();
            },
          },
        ],
        // JIT warm-up matters more than on the GPU: at least two untimed calls whatever the size.
        { ...timeOptions(s, ctx.quick), warmup: 2 },
      );
      const t = timed.get('seqgpu')!;
      const tt = timed.get('tfjs')!;
      put(s, { engine: 'seqgpu-cpu', medianMs: t.medianMs, gflops: gflops(s, t.medianMs), dispatches: null, maxAbsErr: err, samplesMs: t.samples });
      put(s, { engine: 'tfjs-cpu', medianMs: tt.medianMs, gflops: gflops(s, tt.medianMs), dispatches: null, maxAbsErr: terr, samplesMs: tt.samples });
      a.dispose();
      b.dispose();
      ta.dispose();
      tb.dispose();
    }

    report(ctx, results);
  },
);

function report(ctx: SuiteContext, results: Map<string, Measurement[]>): void {
  const get = (s: Shape, engine: Measurement['engine'], variant?: Variant): Measurement | undefined =>
    results.get(label(s))?.find((m) => m.engine === engine && (variant === undefined || m.variant === variant));

  // Correctness first: a fast wrong answer is not a result.
  for (const s of SHAPES) {
    for (const m of results.get(label(s)) ?? []) {
      if (!(m.maxAbsErr <= tolerance(s))) {
        ctx.finding(
          `WRONG RESULT: ${m.engine}${m.variant ? ` ${m.variant}` : ''} at ${label(s)}: max |error| ${m.maxAbsErr.toExponential(2)} ` +
            `against the f64 reference (tolerance ${tolerance(s).toExponential(1)}).`,
        );
      }
    }
  }

  if (ctx.adapter) {
    const rows = SHAPES.map((s) => {
      const tfjs = get(s, 'tfjs-webgpu');
      const rungs = RUNGS.map((r) => get(s, 'seqgpu-webgpu', r));
      const best = rungs.reduce<Measurement | undefined>((x, m) => (m && (!x || m.gflops > x.gflops) ? m : x), undefined);
      const auto = get(s, 'seqgpu-webgpu', 'auto');
      return {
        s,
        tfjs,
        best,
        auto,
        cells: [
          label(s),
          fmt(flops(s) / 1e6),
          ...rungs.map((m) => (m ? (m === best ? `**${fmt(m.gflops)}**` : fmt(m.gflops)) : null)),
          auto ? `${fmt(auto.gflops)}${auto.rung ? ` (${auto.rung})` : ''}` : null,
          tfjs ? fmt(tfjs.gflops) : null,
          best && tfjs ? ratio(best.gflops / tfjs.gflops) : null,
          auto && tfjs ? ratio(auto.gflops / tfjs.gflops) : null,
          `${best?.dispatches ?? '–'} / ${tfjs?.dispatches ?? '–'}`,
        ],
      };
    });
    ctx.table({
      title: 'WebGPU: GFLOP/s (higher is better)',
      columns: ['shape', 'MFLOP', 'naive', 'tiled', 'blocked', 'auto (rung)', 'tfjs-webgpu', 'best rung / tfjs', 'auto / tfjs', 'dispatches ours / tfjs'],
      rows: rows.map((r) => r.cells),
      notes: [
        'Best rung in bold. Ratios above 1x mean seqgpu is faster. Dispatches: compute passes\' dispatchWorkgroups calls ' +
          'for one product (counted by wrapping GPUComputePassEncoder.prototype.dispatchWorkgroups).',
      ],
    });
    // 'auto' runs the same kernel as the rung it picks: how far apart the two land measures the timing noise.
    const spread = rows
      .map((r) => {
        const twin = r.auto?.rung ? get(r.s, 'seqgpu-webgpu', r.auto.rung) : undefined;
        return twin && r.auto ? { r, d: Math.abs(Math.log(r.auto.gflops / twin.gflops)) } : undefined;
      })
      .filter((x) => x !== undefined)
      .sort((x, y) => y.d - x.d)[0];
    const noise = spread ? Math.exp(spread.d) - 1 : 0;
    const lost = rows.filter((r) => r.best && r.tfjs && r.best.gflops < r.tfjs.gflops);
    const close = rows.filter((r) => r.best && r.tfjs && r.best.gflops >= r.tfjs.gflops && r.best.gflops < (1 + noise) * r.tfjs.gflops);
    if (lost.length === 0) ctx.finding('Target met: the best seqgpu rung matches or beats tfjs-webgpu at every shape measured.');
    else {
      ctx.finding(
        `Target missed at ${lost.length} of ${rows.length} shapes: ` +
          lost.map((r) => `${label(r.s)} (best rung ${r.best!.variant} at ${ratio(r.best!.gflops / r.tfjs!.gflops)} of tfjs)`).join('; ') + '.',
      );
    }
    if (spread) {
      ctx.finding(
        `Timing noise: 'auto' and the rung it picks run the same kernel, and differ by up to ${fmt(noise * 100, 2)}% ` +
          `(at ${label(spread.r.s)}); read differences smaller than that as ties.` +
          (close.length ? ` By that measure the lead over tfjs is within noise at ${close.map((r) => label(r.s)).join(', ')}.` : ''),
      );
    }
    const autoLost = rows.filter((r) => r.auto && r.tfjs && r.auto.gflops < r.tfjs.gflops);
    if (autoLost.length) {
      ctx.finding(
        `With the default 'auto' pick, seqgpu is slower than tfjs-webgpu at: ` +
          autoLost.map((r) => `${label(r.s)} (auto → ${r.auto!.rung ?? '?'}, ${ratio(r.auto!.gflops / r.tfjs!.gflops)})`).join('; ') + '.',
      );
    }
    for (const r of rows) {
      if (r.auto && r.best && r.auto.rung !== r.best.variant && r.auto.gflops < 0.9 * r.best.gflops) {
        ctx.finding(
          `'auto' picks ${r.auto.rung ?? '?'} at ${label(r.s)} (${fmt(r.auto.gflops)} GFLOP/s) where ${r.best.variant} ` +
            `reaches ${fmt(r.best.gflops)} GFLOP/s.`,
        );
      }
    }
  } else {
    ctx.finding('No WebGPU adapter in this browser: the WebGPU table is missing.');
  }

  const cpuRows = SHAPES.map((s) => {
    const ours = get(s, 'seqgpu-cpu');
    const theirs = get(s, 'tfjs-cpu');
    return { s, ours, theirs, cells: [label(s), fmt(ours?.gflops), fmt(theirs?.gflops), ours && theirs ? ratio(ours.gflops / theirs.gflops) : null] };
  });
  ctx.table({
    title: 'CPU backends: GFLOP/s',
    columns: ['shape', 'seqgpu cpu', 'tfjs cpu', 'seqgpu / tfjs'],
    rows: cpuRows.map((r) => r.cells),
    notes: ['Both single-threaded JavaScript in the page\'s main thread (tfjs\'s CPU backend, not its WASM backend).'],
  });
  const cpuLost = cpuRows.filter((r) => r.ours && r.theirs && r.ours.gflops < r.theirs.gflops);
  if (cpuLost.length) {
    ctx.finding(`seqgpu's CPU backend is slower than tfjs's at: ${cpuLost.map((r) => `${label(r.s)} (${ratio(r.ours!.gflops / r.theirs!.gflops)})`).join('; ')}.`);
  } else {
    ctx.finding("seqgpu's CPU backend matches or beats tfjs's CPU backend at every shape measured.");
  }
}
