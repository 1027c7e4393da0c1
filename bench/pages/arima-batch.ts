// arima-batch suite (issue 13 part 5): ARIMA by exact maximum likelihood for 256 / 1024 series of length 200 at
// once. seqgpu WebGPU: stats.fitARIMABatchGpu (batched BFGS on the host, every round's likelihoods in one
// armaLoglik dispatch, float32). Beside it in the same interleaved rounds: the same batched optimiser on the CPU
// backend (the float64 twin kernel), fitARIMA one series at a time (float64, the reference), and the `arima` npm
// package (ctsa in WebAssembly, exact ML, one series per call). Twin suite: ar-batch (batched AR least squares).
import { defineSuite, fmt, ratio, timeInterleaved, type Contender } from './common.ts';
import * as sg from '../../src/index.ts';

type ArimaCtor = typeof import('arima');

async function loadArima(): Promise<ArimaCtor> {
  // 'arima/async' compiles the wasm asynchronously (Chrome refuses synchronous compiles of modules > 4 KB).
  const mod = (await import('arima/async')) as unknown as { default?: Promise<ArimaCtor> };
  if (!mod.default) throw new Error('arima/async: no default export (CommonJS interop changed?)');
  return await mod.default;
}

/** numSeries ARIMA(p, d, q) paths, coefficients varied by series (LCG + Box-Muller), float32-rounded. */
function makeArima(numSeries: number, length: number, p: number, d: number, q: number, seed = 5): number[][] {
  let st = seed >>> 0;
  const u = (): number => {
    st = (Math.imul(st, 1664525) + 1013904223) >>> 0;
    return (st + 0.5) / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: numSeries }, (_, i) => {
    const phi = p === 1 ? [0.3 + 0.4 * u()] : p === 2 ? [0.4 + 0.3 * u(), -0.3 + 0.2 * u()] : [];
    const theta = q >= 1 ? [-0.2 + 0.6 * u()] : [];
    const x: number[] = [];
    const e: number[] = [];
    for (let t = 0; t < length + 50; t++) {
      const et = gauss();
      let v = et;
      phi.forEach((c, j) => (v += c * (x[t - j - 1] ?? 0)));
      theta.forEach((c, j) => (v += c * (e[t - j - 1] ?? 0)));
      x.push(v);
      e.push(et);
    }
    let y = x.slice(50).map((v) => v + (d === 0 ? 10 * (i % 3) : 0));
    for (let k = 0; k < d; k++) {
      let acc = 5;
      y = y.map((v) => (acc += v));
    }
    return y.map((v) => Math.fround(v));
  });
}

const LENGTH = 200;
const ORDERS = [
  { p: 1, d: 0, q: 1 },
  { p: 2, d: 1, q: 1 },
] as const;

defineSuite(
  {
    name: 'arima-batch',
    title: 'Batched ARIMA fits: WebGPU likelihoods + batched BFGS vs fitARIMA and the arima package',
    description:
      'Exact-ML ARIMA(1,0,1) with a mean and ARIMA(2,1,1) fitted to 256 and 1024 synthetic series of length 200. ' +
      'seqgpu WebGPU: `stats.fitARIMABatchGpu(rows, order)`: per series four BFGS lanes (Hannan-Rissanen and zero ' +
      'starts, as fitARIMA, plus Hannan-Rissanen with MA / AR mirrored); every round evaluates all lanes\' central-difference stencils (or all line-search ' +
      'steps) in ONE armaLoglik dispatch and reads back one [2, C] vector; the reported llf / sigma2 are recomputed ' +
      'in float64 on the host at the final point. Same optimiser on the CPU backend (float64 kernel twin). seqgpu ' +
      'CPU: `stats.fitARIMA` per series (float64 BFGS, the reference). Peer: `arima` npm 0.2.8 (ctsa, wasm), exact ' +
      'ML (method 0), one series per call. All contenders in the same interleaved rounds (common.ts timeInterleaved).',
  },
  async (ctx) => {
    const sizes = (ctx.params.get('sizes') ?? (ctx.quick ? '32' : '256,1024')).split(',').map(Number);
    const rounds = Number(ctx.params.get('rounds') ?? (ctx.quick ? 1 : 3));
    const ARIMA = await loadArima();
    const gpu = ctx.adapter ? await sg.init('webgpu') : null;
    const cpu = await sg.init('cpu');
    for (const order of ORDERS) {
      const rows: (string | number | null)[][] = [];
      for (const S of sizes) {
        const data = makeArima(S, LENGTH, order.p, order.d, order.q);
        const label = `ARIMA(${order.p},${order.d},${order.q}) x ${S}`;
        // Untimed reference fits (also the accuracy yardstick) and a warm-up of the GPU pipelines.
        const refs = data.map((y) => sg.stats.fitARIMA(y, order));
        if (gpu) await sg.stats.fitARIMABatchGpu(data.slice(0, 4), order, { device: gpu });
        let gpuFit: sg.stats.ARIMABatchResult | null = null;
        let cpuBatch: sg.stats.ARIMABatchResult | null = null;
        const contenders: Contender[] = [
          { name: 'fitARIMA', fn: () => data.map((y) => sg.stats.fitARIMA(y, order)) },
          { name: 'batch-cpu', fn: async () => void (cpuBatch = await sg.stats.fitARIMABatchGpu(data, order, { device: cpu })) },
          {
            name: 'arima',
            fn: () => {
              for (const y of data) new ARIMA({ ...order, method: 0, verbose: false }).train(y).destroy();
            },
          },
        ];
        if (gpu) contenders.unshift({ name: 'webgpu', fn: async () => void (gpuFit = await sg.stats.fitARIMABatchGpu(data, order, { device: gpu })) });
        ctx.log(`${label}: ${rounds} interleaved rounds of ${contenders.map((c) => c.name).join(', ')}`);
        const m = await timeInterleaved(contenders, { warmup: 0, iters: rounds, minIters: rounds, minSampleMs: 0 });
        const ref = m.get('fitARIMA')!.medianMs;
        const accuracy = (r: sg.stats.ARIMABatchResult | null): { coef: number; llf: number; conv: number } => {
          if (!r) return { coef: NaN, llf: NaN, conv: NaN };
          let coef = 0, llf = 0, conv = 0;
          refs.forEach((f, s) => {
            for (let i = 0; i < r.k - 1; i++) coef = Math.max(coef, Math.abs(r.params[s * r.k + i]! - f.params[i]!) / Math.max(1, Math.abs(f.params[i]!)));
            llf = Math.max(llf, f.llf - r.llf[s]!); // > 0: the batch found a lower likelihood than fitARIMA
            conv += r.converged[s]!;
          });
          return { coef, llf, conv: conv / S };
        };
        const fitsPerS = (ms: number): string => fmt((S / ms) * 1000);
        const add = (engine: string, name: string, r: sg.stats.ARIMABatchResult | null, notes: string): void => {
          const t = m.get(name)!;
          const a = accuracy(r);
          rows.push([engine, S, `${fmt(t.medianMs)} [${fmt(t.minMs)}-${fmt(t.maxMs)}]`, fitsPerS(t.medianMs), ratio(ref / t.medianMs),
            r ? `${a.coef.toExponential(1)} / ${a.llf.toExponential(1)}` : '0 (reference)', r ? `${(100 * a.conv).toFixed(0)}%` : '-', notes]);
          ctx.record({ case: label, engine: name, numSeries: S, length: LENGTH, medianMs: t.medianMs, samplesMs: t.samples, maxCoefDiff: a.coef, maxLlfShortfall: a.llf, converged: a.conv, dispatches: r?.dispatches, evaluations: r?.evaluations });
        };
        if (gpu) add('seqgpu WebGPU `fitARIMABatchGpu` (float32 likelihoods)', 'webgpu', gpuFit, gpuFit ? `${(gpuFit as sg.stats.ARIMABatchResult).dispatches} dispatches, ${(gpuFit as sg.stats.ARIMABatchResult).evaluations} likelihoods` : '');
        add('seqgpu batched BFGS, CPU backend (float64 kernel)', 'batch-cpu', cpuBatch, cpuBatch ? `${(cpuBatch as sg.stats.ARIMABatchResult).dispatches} rounds` : '');
        add('seqgpu `fitARIMA`, one series at a time (float64)', 'fitARIMA', null, 'reference');
        const ta = m.get('arima')!;
        rows.push(['`arima` npm (wasm, exact ML), one series per call', S, `${fmt(ta.medianMs)} [${fmt(ta.minMs)}-${fmt(ta.maxMs)}]`, fitsPerS(ta.medianMs), ratio(ref / ta.medianMs), 'not compared', '-', 'ctsa']);
        ctx.record({ case: label, engine: 'arima-wasm', numSeries: S, medianMs: ta.medianMs, samplesMs: ta.samples });
        ctx.log(`${label}: ${[...m].map(([k, v]) => `${k} ${fmt(v.medianMs)} ms`).join(', ')}`);
        if (gpu) ctx.finding(`${label}: WebGPU ${fitsPerS(m.get('webgpu')!.medianMs)} fits/s, fitARIMA ${fitsPerS(ref)} fits/s, arima npm ${fitsPerS(ta.medianMs)} fits/s on this adapter.`);
      }
      ctx.table({
        title: `ARIMA(${order.p},${order.d},${order.q})${order.d === 0 ? ' with a mean' : ''}, series of length ${LENGTH}`,
        columns: ['engine', 'series', 'ms per batch, median [min-max]', 'fits/s', 'speed vs fitARIMA', 'max rel. coef diff / llf shortfall vs fitARIMA', 'converged', 'notes'],
        rows,
        notes: [
          'llf shortfall = max over series of (fitARIMA llf - batch llf): positive means the batch stopped at a lower ' +
            'likelihood. Coefficient differences are |x - ref| / max(1, |ref|) over const, ar, ma.',
        ],
      });
    }
  },
);
