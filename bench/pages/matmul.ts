// Matmul suite (issue 2, issue 10 item 4): GFLOP/s of every seqgpu WebGPU rung this build has and 'auto', its CPU
// backend, TF.js (webgpu, cpu) and jax-js (webgpu, wasm), at square and skinny (RNN-like [B, H] x [H, 4H]) shapes;
// all engines of a shape timed in the same interleaved rounds, same adapter, same page.
import { defineSuite, fmt, maxAbsDiff, randomValues, ratio, timeInterleaved, type Contender, type SuiteContext, type TimeOptions } from './common.ts';
import { tf, tfjsSync, tfjsVersion, useTfjsBackend } from './tfjs.ts';
import { JAX_VERSION, JaxMatmul, jaxDevices } from './jaxjs.ts';
import * as sg from '../../src/index.ts';

/**
 * Rungs to try: those known when this was written (a name this build rejects is skipped and logged), plus any in
 * an exported MATMUL_VARIANTS list of the WebGPU glue.
 */
type Rung = 'naive' | 'tiled' | 'blocked' | 'vec4';
const RUNGS: readonly Rung[] = ['naive', 'tiled', 'blocked', 'vec4'];
type Variant = Rung | 'auto';
const PEERS = ['tfjs-webgpu', 'tfjs-cpu', 'jax-webgpu', 'jax-wasm'] as const;
const seenRungs: string[] = [];

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
  engine: 'seqgpu-webgpu' | 'seqgpu-cpu' | (typeof PEERS)[number];
  variant?: Variant;
  /** The rung 'auto' resolved to. */
  rung?: Rung;
  medianMs: number;
  minMs: number;
  maxMs: number;
  gflops: number;
  dispatches: number | null;
  maxAbsErr: number;
  /** Per-call time of every sample, in the order taken. */
  samplesMs: number[];
}

defineSuite(
  {
    name: 'matmul',
    title: 'Matmul vs TensorFlow.js and jax-js',
    description:
      'GFLOP/s = 2·M·N·K / median time of one product, inputs resident on the device, output left on the device ' +
      '(WebGPU: each sample ends when the queue is drained — `device.sync()` for seqgpu, `submitQueue()` + ' +
      '`onSubmittedWorkDone()` for tfjs, `blockUntilReady()` for jax-js — nothing is read back; CPU: the call ' +
      'returns the result). Peers: TensorFlow.js `tf.matMul` (webgpu and cpu backends) and jax-js `np.matmul` ' +
      '(webgpu and wasm devices). Every engine and every seqgpu rung of a shape — GPU and CPU alike — is timed in ' +
      'the same interleaved rounds. Every output is checked once against an f64 reference before timing.',
  },
  async (ctx) => {
    const results = new Map<string, Measurement[]>();
    const put = (s: Shape, m: Measurement): void => {
      const key = label(s);
      results.set(key, [...(results.get(key) ?? []), m]);
      ctx.record({ shape: [s.M, s.K, s.N], kind: s.kind, flops: flops(s), ...m, samplesMs: m.samplesMs.map((x) => +x.toPrecision(4)) });
      const what = m.variant ? `${m.engine} ${m.variant}${m.rung ? `→${m.rung}` : ''}` : m.engine;
      ctx.log(`${label(s)} ${what}: ${fmt(m.medianMs)} ms [${fmt(m.minMs)}–${fmt(m.maxMs)}], ${fmt(m.gflops)} GFLOP/s, err ${m.maxAbsErr.toExponential(1)}`);
    };
    const inputs = SHAPES.map((s, i) => ({ a: randomValues(s.M * s.K, 2 * i + 1), b: randomValues(s.K * s.N, 2 * i + 2) }));
    const refs = SHAPES.map((s, i) => reference(s, inputs[i]!.a, inputs[i]!.b));
    const jaxDevs = await jaxDevices();
    ctx.log(`tfjs ${tfjsVersion()}, jax-js ${JAX_VERSION} (${jaxDevs.join(', ')})`);

    // The rung 'auto' picks, and the rungs this build has; internal, so looked up softly.
    type Pick = (M: number, N: number, K: number) => string;
    let pick: Pick | null = null;
    let rungs: string[] = [...RUNGS];
    try {
      const mod = (await import('../../src/backends/webgpu/matmul.ts')) as Record<string, unknown>;
      pick = (mod.pickMatmulVariant as Pick | undefined) ?? null;
      const listed = mod.MATMUL_VARIANTS ?? mod.MATMUL_RUNGS;
      if (Array.isArray(listed)) rungs = [...new Set([...rungs, ...(listed as string[])])];
    } catch {
      pick = null;
    }
    const variants = [...rungs, 'auto'];
    seenRungs.push(...rungs);

    const dev = ctx.adapter ? await sg.init('webgpu') : null;
    const cpu = await sg.init('cpu');
    for (const [i, s] of SHAPES.entries()) {
      const contenders: Contender[] = [];
      const errs = new Map<string, number>();
      const cleanup: (() => unknown)[] = [];
      const check = (name: string, v: ArrayLike<number>): void => void errs.set(name, maxAbsDiff(v, refs[i]!));
      // seqgpu WebGPU: every rung (a rung this build rejects is skipped) and 'auto'.
      if (dev) {
        const a = sg.tensor(inputs[i]!.a, [s.M, s.K], { device: dev });
        const b = sg.tensor(inputs[i]!.b, [s.K, s.N], { device: dev });
        cleanup.push(() => (a.dispose(), b.dispose()));
        for (const variant of variants) {
          try {
            const c = sg.matmul(a, b, { variant: variant as Variant });
            check(`seqgpu-webgpu:${variant}`, await c.data());
            c.dispose();
          } catch (e) {
            ctx.log(`${label(s)} rung ${variant} skipped: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
            continue;
          }
          contenders.push({
            name: `seqgpu-webgpu:${variant}`,
            fn: async () => {
              const c = sg.matmul(a, b, { variant: variant as Variant });
              await dev.sync();
              c.dispose();
            },
          });
        }
      }
      {
        const a = sg.tensor(inputs[i]!.a, [s.M, s.K], { device: cpu });
        const b = sg.tensor(inputs[i]!.b, [s.K, s.N], { device: cpu });
        cleanup.push(() => (a.dispose(), b.dispose()));
        const c0 = sg.matmul(a, b);
        check('seqgpu-cpu', await c0.data());
        c0.dispose();
        contenders.push({
          name: 'seqgpu-cpu',
          fn: async () => {
            const c = sg.matmul(a, b);
            await cpu.sync();
            c.dispose();
          },
        });
      }
      for (const backend of dev ? (['webgpu', 'cpu'] as const) : (['cpu'] as const)) {
        await useTfjsBackend(backend);
        const ta = tf.tensor2d(inputs[i]!.a, [s.M, s.K]);
        const tb = tf.tensor2d(inputs[i]!.b, [s.K, s.N]);
        const tc = tf.matMul(ta, tb);
        check(`tfjs-${backend}`, await tc.data());
        tc.dispose();
        cleanup.push(async () => {
          await useTfjsBackend(backend);
          ta.dispose();
          tb.dispose();
        });
        contenders.push({
          name: `tfjs-${backend}`,
          prepare: () => useTfjsBackend(backend),
          fn: async () => {
            const c = tf.matMul(ta, tb);
            if (backend === 'webgpu') await tfjsSync();
            else await c.data(); // the CPU backend computes eagerly; data() returns its array
            c.dispose();
          },
        });
      }
      for (const d of jaxDevs) {
        const m = new JaxMatmul(d, inputs[i]!.a, inputs[i]!.b, s.M, s.K, s.N);
        check(`jax-${d}`, await m.value());
        cleanup.push(() => m.dispose());
        contenders.push({ name: `jax-${d}`, fn: () => m.run() });
      }
      ctx.log(`${label(s)}: timing ${contenders.map((c) => c.name).join(', ')}`);
      const timed = await timeInterleaved(contenders, timeOptions(s, ctx.quick));
      for (const [name, t] of timed) {
        const [engine, variant] = name.split(':') as [Measurement['engine'], Variant | undefined];
        put(s, {
          engine,
          variant,
          rung: variant === 'auto' && pick ? (pick(s.M, s.N, s.K) as Rung) : undefined,
          medianMs: t.medianMs,
          minMs: t.minMs,
          maxMs: t.maxMs,
          gflops: gflops(s, t.medianMs),
          dispatches: engine.endsWith('webgpu') ? t.dispatchesPerCall : null,
          maxAbsErr: errs.get(name)!,
          samplesMs: t.samples,
        });
      }
      for (const f of cleanup) await f();
    }
    dev?.destroy();
    report(ctx, results);
  },
);

function report(ctx: SuiteContext, results: Map<string, Measurement[]>): void {
  const get = (s: Shape, engine: string, variant?: string): Measurement | undefined =>
    results.get(label(s))?.find((m) => m.engine === engine && (variant === undefined || m.variant === variant));
  const gf = (m: Measurement | undefined): string => (m ? `${fmt(m.gflops)} [${fmt(flops2(m, 'max'))}–${fmt(flops2(m, 'min'))}]` : '–');

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
  const rungs = [...new Set(seenRungs)];
  const rows = SHAPES.map((s) => {
    const ours = rungs.map((r) => get(s, 'seqgpu-webgpu', r));
    const best = ours.reduce<Measurement | undefined>((x, m) => (m && (!x || m.gflops > x.gflops) ? m : x), undefined);
    const auto = get(s, 'seqgpu-webgpu', 'auto');
    const peers = PEERS.map((p) => get(s, p)).filter((m): m is Measurement => !!m);
    const fastest = [...peers].sort((a, b) => b.gflops - a.gflops)[0];
    return { s, ours, best, auto, fastest, tw: get(s, 'tfjs-webgpu'), jw: get(s, 'jax-webgpu'), oc: get(s, 'seqgpu-cpu') };
  });
  if (ctx.adapter) {
    ctx.table({
      title: 'GFLOP/s, median [min–max] (higher is better); every column of a row timed in the same rounds',
      columns: ['shape', 'MFLOP', ...rungs.map((r) => `seqgpu ${r}`), 'seqgpu auto (rung)', 'seqgpu cpu', ...PEERS, 'auto / tfjs-webgpu', 'auto / jax-webgpu', 'auto / fastest peer (which)'],
      rows: rows.map((r) => [
        label(r.s),
        fmt(flops(r.s) / 1e6),
        ...r.ours.map((m) => (m ? (m === r.best ? `**${gf(m)}**` : gf(m)) : null)),
        r.auto ? `${gf(r.auto)}${r.auto.rung ? ` (${r.auto.rung})` : ''}` : null,
        gf(r.oc),
        ...PEERS.map((p) => gf(get(r.s, p))),
        r.auto && r.tw ? ratio(r.auto.gflops / r.tw.gflops) : null,
        r.auto && r.jw ? ratio(r.auto.gflops / r.jw.gflops) : null,
        r.auto && r.fastest ? `${ratio(r.auto.gflops / r.fastest.gflops)} (${r.fastest.engine})` : null,
      ]),
      notes: [
        'Best seqgpu WebGPU rung in bold. Ratios above 1x mean seqgpu is faster. [min–max] is the GFLOP/s of the slowest ' +
          'and fastest sample. Dispatches per product: ' +
          rows.map((r) => `${label(r.s)} seqgpu auto ${r.auto?.dispatches ?? '–'}, tfjs ${r.tw?.dispatches ?? '–'}, jax ${r.jw?.dispatches ?? '–'}`).join('; ') + '.',
      ],
    });
    for (const r of rows.filter((x) => x.s.kind === 'square' && x.s.M >= 256)) {
      if (!r.auto) continue;
      const beat = (m: Measurement | undefined): string => (m ? `${m.engine} ${ratio(r.auto!.gflops / m.gflops)} ${r.auto!.gflops > m.gflops ? 'MET' : 'MISSED'}` : '');
      ctx.finding(`${label(r.s)}: seqgpu 'auto' (${r.auto.rung ?? '?'}) ${fmt(r.auto.gflops)} GFLOP/s; faster than the WebGPU peers: ${[beat(r.tw), beat(r.jw)].filter((x) => x).join('; ')}.`);
    }
    for (const r of rows) {
      if (r.auto && r.best && r.auto.rung !== r.best.variant && r.auto.gflops < 0.9 * r.best.gflops) {
        ctx.finding(`'auto' picks ${r.auto.rung ?? '?'} at ${label(r.s)} (${fmt(r.auto.gflops)} GFLOP/s) where ${r.best.variant} reaches ${fmt(r.best.gflops)} GFLOP/s.`);
      }
    }
  } else {
    ctx.finding('No WebGPU adapter in this browser: only the CPU engines ran.');
  }
}

/** GFLOP/s of a measurement's slowest ('max' ms) or fastest ('min' ms) sample. */
function flops2(m: Measurement, which: 'min' | 'max'): number {
  return (m.gflops * m.medianMs) / (which === 'min' ? m.minMs : m.maxMs);
}
