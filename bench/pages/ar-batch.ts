// ar-batch suite (issue 6, "many series at once"): fitting 10,000 AR(8) models to series of length 200 with
// seqgpu on WebGPU (fitARBatchGpu: one call, read-back included), with our CPU paths (fitARBatch in float64,
// and the same device op on the CPU backend), and with the `arima` npm package (ctsa compiled to WebAssembly)
// one series at a time; then ARIMA on the Nile series: our fitARIMA vs that package vs statsmodels' fixtures.
import { defineSuite, fmt, ratio, timeInterleaved, timeIt, type SuiteContext } from './common.ts';
import * as sg from '../../src/index.ts';
import nileJson from '../../data/nile.json';
import arimaFixtures from '../../test/fixtures/stats/arima.json';

type ArimaCtor = typeof import('arima');

// ctsa prints its estimates (coefficients to 6 significant digits, the log-likelihood) only through
// printf -> console.log, and the emscripten module binds console.log when it is instantiated. So route
// console.log through a switch first, then load the package: `captured` collects its output while set.
let captured: string[] | null = null;
const pageLog = console.log.bind(console);
console.log = (...args: unknown[]): void => {
  if (captured) captured.push(args.map(String).join(' '));
  else pageLog(...args);
};
async function loadArima(): Promise<ArimaCtor> {
  // 'arima/async' compiles the wasm asynchronously: Chrome refuses synchronous compilation of modules > 4 KB.
  // A CommonJS module whose exports are a Promise: Vite's interop puts it under `default`.
  const mod = (await import('arima/async')) as unknown as { default?: Promise<ArimaCtor> };
  if (!mod.default) throw new Error('arima/async: no default export (CommonJS interop changed?)');
  return await mod.default;
}

/** numSeries stationary AR(3)-like paths with varied coefficients and levels (deterministic LCG). */
function makeSeries(numSeries: number, length: number): Float32Array {
  let s = 12345;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const out = new Float32Array(numSeries * length);
  for (let i = 0; i < numSeries; i++) {
    const phi = [0.5 + 0.3 * rnd(), -0.2 + 0.2 * rnd(), 0.1 * rnd()];
    const level = 10 * (i % 7);
    let x1 = 0, x2 = 0, x3 = 0;
    for (let t = -50; t < length; t++) {
      const v = phi[0]! * x1 + phi[1]! * x2 + phi[2]! * x3 + rnd();
      [x3, x2, x1] = [x2, x1, v];
      if (t >= 0) out[i * length + t] = level + v;
    }
  }
  return out;
}

interface ArimaFit {
  coef: Record<string, number>;
  llf: number;
  sigma2: number;
}
/** Fits with verbose output captured and parsed ("AR1  0.254376  0.119434", "Log Likelihood : -630.627"). */
function arimaVerboseFit(ARIMA: ArimaCtor, y: number[], o: { p: number; d: number; q: number; method: number }): ArimaFit {
  captured = [];
  let lines: string[];
  try {
    new ARIMA({ ...o, verbose: true }).train(y).destroy();
  } finally {
    lines = captured.join('\n').split('\n');
    captured = null;
  }
  const coef: Record<string, number> = {};
  let llf = NaN, sigma2 = NaN;
  for (const line of lines) {
    const c = /^(AR\d+|MA\d+|MEAN)\s+(\S+)/.exec(line.trim());
    if (c) coef[c[1]!] = Number(c[2]);
    const l = /Log Likelihood\s*:\s*(\S+)/.exec(line);
    if (l) llf = Number(l[1]);
    const v = /SIGMA\^2\s+(\S+)/.exec(line);
    if (v) sigma2 = Number(v[1]);
  }
  return { coef, llf, sigma2 };
}

const P = 8;
const LENGTH = 200;

defineSuite(
  {
    name: 'ar-batch',
    title: 'Batched AR(8) fitting and ARIMA vs the arima package',
    description:
      'Fitting AR(8) with a constant by least squares to 10,000 series of length 200 (synthetic AR(3)-like paths, ' +
      'levels 0..60). seqgpu WebGPU: `stats.fitARBatchGpu(tensor, 8)` on a resident tensor, one call including the ' +
      'read-back of params, sigma2 and status: the fused one-dispatch kernel on time-major [200, 10000] and on rows ' +
      '[10000, 200], and the staged five-dispatch rung, in interleaved rounds. seqgpu CPU: `stats.fitARBatch` (float64 plain arrays) ' +
      'and the same device op on the CPU backend. Peer: the `arima` npm package 0.2.8 (ctsa in WebAssembly), which ' +
      'fits one series per call; it is timed on a subset and extrapolated to 10,000 (said so in the table). ' +
      'Median of repeated runs; accuracy is the largest |param difference| against fitARBatch over all series.',
  },
  async (ctx) => {
    const numSeries = ctx.quick ? 1000 : 10_000;
    const data = makeSeries(numSeries, LENGTH);
    const shape: [number, number] = [numSeries, LENGTH];
    const t = ctx.quick ? { warmup: 1, iters: 2, minIters: 1 } : { warmup: 1, iters: 5, minIters: 3, budgetMs: 60_000 };
    const rows: (string | number | null)[][] = [];
    const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
      let m = 0;
      for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
      return m;
    };

    // Reference: float64 CPU path.
    let ref = sg.stats.fitARBatch({ data, shape }, P);
    const tCpu = await timeIt(() => {
      ref = sg.stats.fitARBatch({ data, shape }, P);
    }, t);
    ctx.log(`fitARBatch (CPU, float64): ${fmt(tCpu.medianMs)} ms`);
    ctx.record({ engine: 'seqgpu-cpu-fitARBatch', numSeries, length: LENGTH, p: P, medianMs: tCpu.medianMs, samplesMs: tCpu.samples });

    let tGpu: number | null = null;
    if (ctx.adapter) {
      // The ladder on resident tensors: fused (1 dispatch) on time-major [T, S] (coalesced) and on rows [S, T]
      // (strided), and the staged naive rung (5 dispatches), all in the same interleaved rounds.
      const dev = await sg.init('webgpu');
      const x = sg.tensor(data, shape, { device: dev });
      const tmData = new Float32Array(data.length);
      for (let s = 0; s < numSeries; s++) for (let i = 0; i < LENGTH; i++) tmData[i * numSeries + s] = data[s * LENGTH + i]!;
      const xt = sg.tensor(tmData, [LENGTH, numSeries], { device: dev });
      const variants = [
        { name: 'fused, time-major [T, S]', run: () => sg.stats.fitARBatchGpu(xt, P, { layout: 'time-major' }) },
        { name: 'fused, rows [S, T]', run: () => sg.stats.fitARBatchGpu(x, P) },
        { name: 'staged (naive rung), rows [S, T]', run: () => sg.stats.fitARBatchGpu(x, P, { variant: 'staged' }) },
      ];
      const results = new Map<string, sg.stats.ARBatchResult>();
      const counts = new Map<string, { dispatches: number; submits: number }>();
      for (const v of variants) {
        await v.run();
        const d0 = dev.stats();
        results.set(v.name, await v.run());
        const d1 = dev.stats();
        counts.set(v.name, { dispatches: d1.dispatches - d0.dispatches, submits: d1.submits - d0.submits });
      }
      const m = await timeInterleaved(variants.map((v) => ({ name: v.name, fn: async () => void results.set(v.name, await v.run()) })), t);
      for (const v of variants) {
        const timing = m.get(v.name)!;
        const got = results.get(v.name)!;
        const c = counts.get(v.name)!;
        const err = maxDiff(got.params, ref.params);
        if (tGpu === null) tGpu = timing.medianMs;
        ctx.log(`fitARBatchGpu ${v.name} (WebGPU): ${fmt(timing.medianMs)} ms, max |dparam| ${err.toExponential(2)}, failed ${got.failed.length}, ${c.dispatches} dispatches`);
        ctx.record({ engine: `seqgpu-webgpu ${v.name}`, numSeries, medianMs: timing.medianMs, samplesMs: timing.samples, maxParamDiff: err, failed: got.failed.length, dispatches: c.dispatches, submits: c.submits });
        rows.push([`seqgpu WebGPU \`fitARBatchGpu\`, ${v.name}`, numSeries, fmt(timing.medianMs), ratio(tCpu.medianMs / timing.medianMs), err.toExponential(1), `${c.dispatches} dispatch${c.dispatches === 1 ? '' : 'es'}, ${c.submits} submits`]);
      }
      x.dispose();
      xt.dispose();
    }
    rows.push(['seqgpu CPU `fitARBatch` (float64)', numSeries, fmt(tCpu.medianMs), '1x', '0 (reference)', 'plain loops']);

    // The device op on the CPU backend: the reference kernels, float32 storage.
    const cpu = await sg.init('cpu');
    const xc = sg.tensor(data, shape, { device: cpu });
    let gotCpu = await sg.stats.fitARBatchGpu(xc, P);
    const tOp = await timeIt(async () => {
      gotCpu = await sg.stats.fitARBatchGpu(xc, P);
    }, t);
    const errOp = maxDiff(gotCpu.params, ref.params);
    ctx.record({ engine: 'seqgpu-cpu-backend-op', numSeries, medianMs: tOp.medianMs, samplesMs: tOp.samples, maxParamDiff: errOp });
    rows.push(['seqgpu CPU backend, same op', numSeries, fmt(tOp.medianMs), ratio(tCpu.medianMs / tOp.medianMs), errOp.toExponential(1), 'reference kernels']);

    // The arima package, one series per call; a subset, extrapolated.
    const ARIMA = await loadArima();
    const subset = ctx.quick ? 4 : 40;
    for (const method of [1, 0] as const) {
      const name = method === 1 ? 'conditional sum of squares (method 1)' : 'exact ML (method 0, default)';
      let worst = 0;
      const t0 = performance.now();
      for (let i = 0; i < subset; i++) {
        const y = Array.from(data.subarray(i * LENGTH, (i + 1) * LENGTH));
        new ARIMA({ p: P, d: 0, q: 0, method, verbose: false }).train(y).destroy();
      }
      const perSeries = (performance.now() - t0) / subset;
      // Accuracy on a few series (verbose parsing is slower, so it is not timed): AR coefficients vs OLS.
      for (let i = 0; i < Math.min(subset, 5); i++) {
        const fit = arimaVerboseFit(ARIMA, Array.from(data.subarray(i * LENGTH, (i + 1) * LENGTH)), { p: P, d: 0, q: 0, method });
        for (let j = 1; j <= P; j++) worst = Math.max(worst, Math.abs((fit.coef[`AR${j}`] ?? NaN) - ref.params[i * (P + 1) + j]!));
      }
      const est = perSeries * numSeries;
      ctx.log(`arima ${name}: ${fmt(perSeries)} ms/series -> ${fmt(est)} ms for ${numSeries} (extrapolated)`);
      ctx.record({ engine: `arima-wasm-method${method}`, subset, perSeriesMs: perSeries, extrapolatedMs: est, maxArParamDiffVsOLS: worst });
      rows.push([`\`arima\` npm (wasm), ${name}, one by one`, `${subset} timed, extrapolated`, fmt(est), ratio(tCpu.medianMs / est), `${worst.toExponential(1)} (AR terms, 5 series)`, `${fmt(perSeries)} ms per series`]);
    }
    xc.dispose();

    ctx.table({
      title: `AR(${P}) with a constant, ${numSeries} series x ${LENGTH}`,
      columns: ['engine', 'series', 'ms (median)', 'speed vs CPU fitARBatch', 'max |param - fitARBatch|', 'notes'],
      rows,
      notes: [
        'Parameter differences: float32 normal equations on the device (tolerance in the tests: atol 1e-4 + rtol 1e-3); ' +
          'the arima package fits by likelihood (exact or CSS with its own mean handling) rather than OLS, so its AR ' +
          'coefficients differ from OLS by estimation method, not by error; its coefficients are parsed from its verbose ' +
          'print (6 significant digits).',
      ],
    });
    if (tGpu !== null) ctx.finding(`WebGPU (fused kernel, time-major) fits ${numSeries} AR(${P}) models in ${fmt(tGpu)} ms: ${ratio(tCpu.medianMs / tGpu)} the speed of the float64 CPU path on this adapter.`);

    await nileArima(ctx, ARIMA);
  },
);

interface ArimaCase {
  name: string;
  order: number[];
  paramNames: string[];
  params: number[];
  llf: number;
}

/** ARIMA on the Nile series: fitARIMA vs the arima package vs statsmodels (test/fixtures/stats/arima.json). */
async function nileArima(ctx: SuiteContext, ARIMA: ArimaCtor): Promise<void> {
  const nile = (nileJson as { values: number[] }).values;
  const cases = (arimaFixtures as { cases: ArimaCase[] }).cases.filter((c) => c.name.startsWith('nile_') && !c.name.endsWith('c'));
  const rows: (string | number | null)[][] = [];
  for (const c of cases) {
    const [p = 0, d = 0, q = 0] = c.order;
    let ours = sg.stats.fitARIMA(nile, { p, d, q });
    const tOurs = await timeIt(() => {
      ours = sg.stats.fitARIMA(nile, { p, d, q });
    }, { warmup: 1, iters: ctx.quick ? 2 : 10, minIters: 2 });
    let peer = arimaVerboseFit(ARIMA, nile, { p, d, q, method: 0 });
    const tPeer = await timeIt(() => {
      new ARIMA({ p, d, q, method: 0, verbose: false }).train(nile).destroy();
    }, { warmup: 1, iters: ctx.quick ? 2 : 10, minIters: 2 });
    peer = arimaVerboseFit(ARIMA, nile, { p, d, q, method: 0 });
    // The package prints MA terms with the opposite sign (x_t - phi x_{t-1} = a_t - theta a_{t-1}).
    const peerParams = c.paramNames.map((n) => {
      const ar = /^ar\.L(\d+)$/.exec(n);
      const ma = /^ma\.L(\d+)$/.exec(n);
      if (ar) return peer.coef[`AR${ar[1]}`] ?? NaN;
      if (ma) return -(peer.coef[`MA${ma[1]}`] ?? NaN);
      return n === 'sigma2' ? peer.sigma2 : NaN;
    });
    const fmtParams = (v: readonly number[]): string => v.map((x) => fmt(x, 5)).join(', ');
    const dev = (v: readonly number[]): number => Math.max(...v.map((x, i) => Math.abs(x - c.params[i]!) / Math.max(1, Math.abs(c.params[i]!))));
    rows.push([`ARIMA(${p},${d},${q})`, 'statsmodels 0.13.5', `${c.paramNames.join(', ')} = ${fmtParams(c.params)}`, fmt(c.llf, 7), '–', '–']);
    rows.push(['', 'seqgpu `fitARIMA`', fmtParams(ours.params), fmt(ours.llf, 7), dev(ours.params).toExponential(1), fmt(tOurs.medianMs)]);
    rows.push(['', '`arima` npm (wasm, exact ML)', fmtParams(peerParams), fmt(peer.llf, 7), dev(peerParams).toExponential(1), fmt(tPeer.medianMs)]);
    ctx.record({ case: c.name, statsmodels: { params: c.params, llf: c.llf }, seqgpu: { params: ours.params, llf: ours.llf, medianMs: tOurs.medianMs }, arima: { params: peerParams, llf: peer.llf, medianMs: tPeer.medianMs } });
    ctx.log(`${c.name}: llf statsmodels ${c.llf}, ours ${ours.llf}, arima ${peer.llf}; ms ours ${fmt(tOurs.medianMs)}, arima ${fmt(tPeer.medianMs)}`);
  }
  ctx.table({
    title: 'ARIMA on the Nile series (100 yearly flows): accuracy and speed',
    columns: ['model', 'engine', 'params', 'llf', 'max rel. param diff vs statsmodels', 'ms (median)'],
    rows,
    notes: [
      'statsmodels: ARIMA(...).fit() fixtures (exact diffuse Kalman likelihood). The arima package prints estimates to ' +
        '6 significant digits (its sigma2 and llf too), so differences below ~1e-6 relative are print rounding; its MA ' +
        'sign is flipped to statsmodels\' convention. Relative differences are |x - ref| / max(1, |ref|).',
    ],
  });
}
