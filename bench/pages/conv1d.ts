// Conv1d suite (issue #4, "Benchmark"): conv1d forward + backward (dx, dw, db) with seqgpu's two forward rungs
// (direct, im2col) and 'auto', side by side with TensorFlow.js's tf.conv1d (+ bias add, gradients via tf.grads)
// on its WebGPU backend, on the same adapter in the same page.
import { defineSuite, fmt, maxAbsDiff, randomValues, ratio, timeInterleaved, type SuiteContext, type TimeOptions } from './common.ts';
import { tf, tfjsSync, tfjsVersion, useTfjsBackend } from './tfjs.ts';
import * as sg from '../../src/index.ts';

type Rung = 'direct' | 'im2col';
type Variant = Rung | 'auto';
const VARIANTS: readonly Variant[] = ['direct', 'im2col', 'auto'];

interface Shape {
  N: number;
  Cin: number;
  L: number;
  Cout: number;
  K: number;
}
/** Temporal-convolution layers: a small one, a TCN-style block, and a wider feature extractor. */
const SHAPES: readonly Shape[] = [
  { N: 8, Cin: 16, L: 128, Cout: 32, K: 5 },
  { N: 16, Cin: 64, L: 256, Cout: 64, K: 3 },
  { N: 4, Cin: 128, L: 128, Cout: 128, K: 5 },
];
const label = (s: Shape): string => `N ${s.N}, Cin ${s.Cin}, L ${s.L}, Cout ${s.Cout}, K ${s.K}`;
/** Forward + dx + dw: three products of 2·N·Cout·L·Cin·K FLOPs each ('same' padding, stride 1). */
const flops = (s: Shape): number => 3 * 2 * s.N * s.Cout * s.L * s.Cin * s.K;

function timeOptions(s: Shape, quick: boolean): TimeOptions {
  if (quick) return { warmup: 0, iters: 1, minIters: 1, budgetMs: 0, minSampleMs: 0 };
  // Seconds per call on SwiftShader above ~1e8 FLOP: the checked run before timing has compiled every pipeline,
  // so no further warm-up, and three rounds.
  return flops(s) > 1e8 ? { warmup: 0, iters: 3, minIters: 3, budgetMs: 0, minSampleMs: 0 } : { warmup: 2, iters: 9, minIters: 5, budgetMs: 1500, minSampleMs: 10 };
}

/** [N, C, L] (seqgpu, PyTorch) to [N, L, C] (tfjs NWC). */
function ncwToNwc(v: Float32Array | ArrayLike<number>, N: number, C: number, L: number): Float32Array {
  const o = new Float32Array(N * C * L);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let l = 0; l < L; l++) o[(n * L + l) * C + c] = v[(n * C + c) * L + l]!;
  return o;
}
/** weight [Cout, Cin, K] (seqgpu) to [K, Cin, Cout] (tfjs). */
function oikToKio(v: Float32Array, Cout: number, Cin: number, K: number): Float32Array {
  const o = new Float32Array(v.length);
  for (let co = 0; co < Cout; co++) for (let ci = 0; ci < Cin; ci++) for (let k = 0; k < K; k++) o[(k * Cin + ci) * Cout + co] = v[(co * Cin + ci) * K + k]!;
  return o;
}

interface Row {
  shape: Shape;
  engine: 'seqgpu' | 'tfjs';
  variant?: Variant;
  rung?: Rung;
  medianMs: number;
  dispatches: number;
  maxAbsErr: number;
  samplesMs: number[];
}

defineSuite(
  {
    name: 'conv1d',
    title: 'Conv1d forward + backward vs TensorFlow.js',
    description:
      "One call = forward y = conv1d(x, w, b) with 'same' padding and stride 1, then backward with a fixed upstream " +
      'gradient dy: dx, dw and db (seqgpu: `conv1d(x, w, b, { padding: \'same\', variant })`, `y.backward(dy)`, ' +
      '`await device.sync()`; tfjs: `tf.grads((x, w, b) => tf.add(tf.conv1d(x, w, 1, \'same\'), b))([x, w, b], dy)` ' +
      'in its NWC layout with the same values, then submit + `onSubmittedWorkDone()`). Nothing is read back in the ' +
      'timed calls. seqgpu forward rungs: direct (one gather dispatch) and im2col (unfold + the matmul ladder + ' +
      "scatter/bias); backward is the same three gather kernels for both. 'auto' is the rung the library picks. " +
      'GFLOP/s counts forward + dx + dw as three products of 2·N·Cout·L·Cin·K. Every output (y, dx, dw, db) is ' +
      'checked against the CPU reference before timing.',
  },
  async (ctx) => {
    const rows: Row[] = [];
    if (!ctx.adapter) {
      ctx.finding('No WebGPU adapter in this browser: nothing to compare.');
      return;
    }
    ctx.log(`tfjs ${tfjsVersion()}`);
    type Pick = (g: { N: number; Cin: number; Cout: number; K: number; Lout: number; groups: number }) => Rung;
    let pick: Pick | null = null;
    try {
      pick = (await import('../../src/backends/webgpu/conv1d.ts')).pickConv1dVariant as unknown as Pick;
    } catch {
      pick = null;
    }
    const dev = await sg.init('webgpu');
    const cpu = await sg.init('cpu');
    await useTfjsBackend('webgpu');
    for (const [i, s] of SHAPES.entries()) {
      const xv = randomValues(s.N * s.Cin * s.L, 300 + i);
      const wv = randomValues(s.Cout * s.Cin * s.K, 400 + i).map((v) => v / Math.sqrt(s.Cin * s.K));
      const bv = randomValues(s.Cout, 500 + i);
      const dyv = randomValues(s.N * s.Cout * s.L, 600 + i);
      // Reference on the CPU backend (float64 loops).
      const ref = await (async () => {
        const x = sg.tensor(xv, [s.N, s.Cin, s.L], { device: cpu, requiresGrad: true });
        const w = sg.tensor(wv, [s.Cout, s.Cin, s.K], { device: cpu, requiresGrad: true });
        const b = sg.tensor(bv, [s.Cout], { device: cpu, requiresGrad: true });
        const y = sg.conv1d(x, w, b, { padding: 'same' });
        y.backward(sg.tensor(dyv, [s.N, s.Cout, s.L], { device: cpu }));
        return { y: await y.data(), dx: await x.grad!.data(), dw: await w.grad!.data(), db: await b.grad!.data() };
      })();
      const x = sg.tensor(xv, [s.N, s.Cin, s.L], { device: dev, requiresGrad: true });
      const w = sg.tensor(wv, [s.Cout, s.Cin, s.K], { device: dev, requiresGrad: true });
      const b = sg.tensor(bv, [s.Cout], { device: dev, requiresGrad: true });
      const dy = sg.tensor(dyv, [s.N, s.Cout, s.L], { device: dev });
      const clear = (): void => {
        for (const t of [x, w, b]) {
          t.grad?.dispose();
          t.grad = null;
        }
      };
      const ours = (variant: Variant) => (): Promise<void> =>
        sg.scope(async () => {
          clear();
          sg.conv1d(x, w, b, { padding: 'same', variant }).backward(dy);
          await dev.sync();
        });
      const tx = tf.tensor3d(ncwToNwc(xv, s.N, s.Cin, s.L), [s.N, s.L, s.Cin]);
      const tw = tf.tensor3d(oikToKio(wv, s.Cout, s.Cin, s.K), [s.K, s.Cin, s.Cout]);
      const tb = tf.tensor1d(bv);
      const tdy = tf.tensor3d(ncwToNwc(dyv, s.N, s.Cout, s.L), [s.N, s.L, s.Cout]);
      const f = (xx: import('@tensorflow/tfjs').Tensor, ww: import('@tensorflow/tfjs').Tensor, bb: import('@tensorflow/tfjs').Tensor) =>
        tf.add(tf.conv1d(xx as import('@tensorflow/tfjs').Tensor3D, ww as import('@tensorflow/tfjs').Tensor3D, 1, 'same'), bb);
      const theirs = async (): Promise<void> => {
        const gs = tf.grads(f)([tx, tw, tb], tdy);
        await tfjsSync();
        tf.dispose(gs);
      };

      // Checks: every output of every contender against the CPU reference (tfjs's mapped back to NCW / OIK).
      const errs = new Map<string, number>();
      for (const variant of VARIANTS) {
        await sg.scope(async () => {
          clear();
          const y = sg.conv1d(x, w, b, { padding: 'same', variant });
          y.backward(dy);
          const e = Math.max(
            maxAbsDiff(await y.data(), ref.y),
            maxAbsDiff(await x.grad!.data(), ref.dx),
            maxAbsDiff(await w.grad!.data(), ref.dw),
            maxAbsDiff(await b.grad!.data(), ref.db) / (s.N * s.L), // db sums N*L values
          );
          errs.set(variant, e);
        });
      }
      {
        const y = f(tx, tw, tb);
        const [gx, gw, gb] = tf.grads(f)([tx, tw, tb], tdy);
        const yN = ncwToNwc(await y.data(), s.N, s.L, s.Cout); // NWC -> NCW is the same index map with C and L swapped
        const gxN = ncwToNwc(await gx!.data(), s.N, s.L, s.Cin);
        const gwv = (await gw!.data()) as Float32Array;
        const gwN = new Float32Array(gwv.length);
        for (let k = 0; k < s.K; k++) for (let ci = 0; ci < s.Cin; ci++) for (let co = 0; co < s.Cout; co++) gwN[(co * s.Cin + ci) * s.K + k] = gwv[(k * s.Cin + ci) * s.Cout + co]!;
        errs.set(
          'tfjs',
          Math.max(maxAbsDiff(yN, ref.y), maxAbsDiff(gxN, ref.dx), maxAbsDiff(gwN, ref.dw), maxAbsDiff(await gb!.data(), ref.db) / (s.N * s.L)),
        );
        tf.dispose([y, gx!, gw!, gb!]);
      }

      ctx.log(`${label(s)}: timing ${VARIANTS.join(', ')}, tfjs`);
      const timed = await timeInterleaved(
        [...VARIANTS.map((v) => ({ name: v, fn: ours(v) })), { name: 'tfjs', fn: theirs }],
        timeOptions(s, ctx.quick),
      );
      for (const variant of VARIANTS) {
        const t = timed.get(variant)!;
        const rung = variant === 'auto' && pick ? pick({ N: s.N, Cin: s.Cin, Cout: s.Cout, K: s.K, Lout: s.L, groups: 1 }) : undefined;
        rows.push({ shape: s, engine: 'seqgpu', variant, rung, medianMs: t.medianMs, dispatches: t.dispatchesPerCall, maxAbsErr: errs.get(variant)!, samplesMs: t.samples });
      }
      const t = timed.get('tfjs')!;
      rows.push({ shape: s, engine: 'tfjs', medianMs: t.medianMs, dispatches: t.dispatchesPerCall, maxAbsErr: errs.get('tfjs')!, samplesMs: t.samples });
      for (const r of rows.filter((r) => r.shape === s)) {
        ctx.record({ ...r, shape: { ...s }, samplesMs: r.samplesMs.map((v) => +v.toPrecision(4)) });
        ctx.log(`${label(s)} ${r.engine}${r.variant ? ` ${r.variant}` : ''}: ${fmt(r.medianMs)} ms, ${fmt(r.dispatches)} dispatches, err ${r.maxAbsErr.toExponential(1)}`);
      }
      clear();
      for (const t of [x, w, b, dy]) t.dispose();
      tf.dispose([tx, tw, tb, tdy]);
    }
    dev.destroy();
    report(ctx, rows);
  },
);

function report(ctx: SuiteContext, rows: Row[]): void {
  const get = (s: Shape, engine: Row['engine'], variant?: Variant): Row | undefined =>
    rows.find((r) => r.shape === s && r.engine === engine && (variant === undefined || r.variant === variant));
  const gf = (s: Shape, r: Row | undefined): string => (r ? fmt(flops(s) / (r.medianMs * 1e6)) : '–');
  ctx.table({
    title: 'WebGPU: forward + backward, ms per call (median)',
    columns: ['shape', 'MFLOP', 'seqgpu direct', 'seqgpu im2col', 'seqgpu auto (rung)', 'tfjs-webgpu', 'best rung / tfjs', 'auto / tfjs', 'GFLOP/s auto / tfjs', 'dispatches auto / tfjs'],
    rows: SHAPES.map((s) => {
      const d = get(s, 'seqgpu', 'direct');
      const i = get(s, 'seqgpu', 'im2col');
      const a = get(s, 'seqgpu', 'auto');
      const t = get(s, 'tfjs');
      const best = [d, i].filter((r): r is Row => !!r).sort((p, q) => p.medianMs - q.medianMs)[0];
      return [
        label(s),
        fmt(flops(s) / 1e6),
        d ? (d === best ? `**${fmt(d.medianMs)}**` : fmt(d.medianMs)) : null,
        i ? (i === best ? `**${fmt(i.medianMs)}**` : fmt(i.medianMs)) : null,
        a ? `${fmt(a.medianMs)}${a.rung ? ` (${a.rung})` : ''}` : null,
        t ? fmt(t.medianMs) : null,
        best && t ? ratio(t.medianMs / best.medianMs) : null,
        a && t ? ratio(t.medianMs / a.medianMs) : null,
        `${gf(s, a)} / ${gf(s, t)}`,
        `${a ? fmt(a.dispatches) : '–'} / ${t ? fmt(t.dispatches) : '–'}`,
      ];
    }),
    notes: ['Fastest seqgpu rung in bold. Ratios above 1x mean seqgpu is faster than tfjs-webgpu.'],
  });
  for (const r of rows) {
    const tol = 1e-4 * Math.sqrt(r.shape.Cin * r.shape.K * r.shape.N * r.shape.L) + 1e-4;
    if (!(r.maxAbsErr <= tol)) {
      ctx.finding(`WRONG RESULT: ${r.engine}${r.variant ? ` ${r.variant}` : ''} at ${label(r.shape)}: max |error| ${r.maxAbsErr.toExponential(2)} (tolerance ${tol.toExponential(1)}).`);
    }
  }
  ctx.table({
    title: 'Largest |error| against the CPU reference (y, dx, dw; db divided by the N·L terms it sums)',
    columns: ['shape', 'direct', 'im2col', 'auto', 'tfjs-webgpu'],
    rows: SHAPES.map((s) => [label(s), ...(['direct', 'im2col', 'auto'] as const).map((v) => get(s, 'seqgpu', v)?.maxAbsErr.toExponential(1) ?? null), get(s, 'tfjs')?.maxAbsErr.toExponential(1) ?? null]),
  });
  const lost = SHAPES.filter((s) => {
    const a = get(s, 'seqgpu', 'auto');
    const t = get(s, 'tfjs');
    return a && t && a.medianMs > t.medianMs;
  });
  ctx.finding(
    lost.length === 0
      ? "seqgpu ('auto') is faster than tfjs-webgpu's conv1d forward + backward at every shape measured."
      : `seqgpu ('auto') is slower than tfjs-webgpu at: ${lost.map((s) => `${label(s)} (${ratio(get(s, 'tfjs')!.medianMs / get(s, 'seqgpu', 'auto')!.medianMs)})`).join('; ')}.`,
  );
  for (const s of SHAPES) {
    const a = get(s, 'seqgpu', 'auto');
    const d = get(s, 'seqgpu', 'direct');
    const i = get(s, 'seqgpu', 'im2col');
    const best = [d, i].filter((r): r is Row => !!r).sort((p, q) => p.medianMs - q.medianMs)[0];
    if (a && best && a.rung && a.rung !== best.variant && a.medianMs > 1.15 * best.medianMs) {
      ctx.finding(`'auto' picks ${a.rung} at ${label(s)} (${fmt(a.medianMs)} ms) where ${best.variant} takes ${fmt(best.medianMs)} ms.`);
    }
  }
}
