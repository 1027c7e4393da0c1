// Real-GPU benchmark, Node side (issue 10 item 5): seqgpu on Dawn's Node binding (the `webgpu` npm package), and
// beside it on the same Dawn device TF.js (tfjs-backend-webgpu) and jax-js (webgpu), where they run there. Same
// engine code as in the browser; navigator.gpu and the GPU* globals come from Dawn. PyTorch's side of the same
// work is bench/real-gpu/torch_bench.py; bench/real-gpu/run.sh runs both in one command and merges them.
// Prints one JSON document (and writes $OUT/real-gpu-node.json when OUT is set).
// Env: SEQGPU_DAWN (path of the webgpu package's index.js, required), SEQGPU_QUICK=1 (tiny shapes: a smoke test on
// SwiftShader), SEQGPU_PEERS (default 'tfjs,jax'; '' for seqgpu only), SEQGPU_BUDGET_S (default 330: later
// sections and peer rows are skipped, and say so, once the budget is spent).
import * as sg from '../../src/index.ts';

type Cell = string | number | boolean | null;
interface Row {
  [k: string]: Cell;
}

const QUICK = process.env.SEQGPU_QUICK === '1';
const PEERS = (process.env.SEQGPU_PEERS ?? 'tfjs,jax').split(',').filter((p) => p);
const t0 = performance.now();
const BUDGET_MS = Number(process.env.SEQGPU_BUDGET_S ?? 330) * 1000;
const left = (): number => BUDGET_MS - (performance.now() - t0);
const notes: string[] = [];
const log = (s: string): void => console.error(`[real-gpu ${((performance.now() - t0) / 1000).toFixed(1)}s] ${s}`);

async function timed(n: number, fn: () => Promise<unknown>): Promise<{ ms: number; min: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await fn();
    times.push(performance.now() - a);
  }
  times.sort((a, b) => a - b);
  return { ms: +times[Math.floor(times.length / 2)]!.toFixed(4), min: +times[0]!.toFixed(4), max: +times[times.length - 1]!.toFixed(4) };
}

// ---- Dawn, then the peers (they look for navigator.gpu when they start) ------------------------------------------

const dawnPath = process.env.SEQGPU_DAWN;
if (!dawnPath) throw new Error('set SEQGPU_DAWN to the webgpu package index.js (bench/real-gpu/run.sh does)');
const dawn = (await import(/* @vite-ignore */ dawnPath)) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
Object.assign(globalThis, dawn.globals);
const gpu = dawn.create([]);
Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node', hardwareConcurrency: 1 }, configurable: true });
const device = await sg.init('webgpu', { gpu });

interface Tf {
  tf: typeof import('@tensorflow/tfjs');
  sync(): Promise<void>;
}
let tfPeer: Tf | null = null;
let jaxPeer: typeof import('../pages/jaxjs.ts') | null = null;
const peerStatus: Record<string, string> = {};
if (PEERS.includes('tfjs')) {
  try {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error("setBackend('webgpu') returned false");
    await tf.ready();
    const be = tf.backend() as unknown as { device: GPUDevice; ensureCommandEncoderReady(): void; endComputePassEncoder(): void; submitQueue(): void };
    tfPeer = {
      tf,
      sync: async () => {
        be.ensureCommandEncoderReady();
        be.endComputePassEncoder();
        be.submitQueue();
        await be.device.queue.onSubmittedWorkDone();
      },
    };
    peerStatus['tfjs-webgpu'] = `runs (tfjs ${tf.version.tfjs ?? tf.version_core}, backend ${tf.getBackend()})`;
  } catch (e) {
    peerStatus['tfjs-webgpu'] = `does not run on Dawn in Node: ${e instanceof Error ? e.message : String(e)}`;
  }
}
if (PEERS.includes('jax')) {
  try {
    jaxPeer = await import('../pages/jaxjs.ts');
    const devs = await jaxPeer.jaxDevices();
    if (!devs.includes('webgpu')) throw new Error(`jax-js init() found ${devs.join(', ') || 'nothing'}, no webgpu`);
    peerStatus['jax-webgpu'] = `runs (jax-js ${jaxPeer.JAX_VERSION})`;
  } catch (e) {
    jaxPeer = null;
    peerStatus['jax-webgpu'] = `does not run on Dawn in Node: ${e instanceof Error ? e.message : String(e)}`;
  }
}
for (const [k, v] of Object.entries(peerStatus)) log(`${k}: ${v}`);

// ---- matmul --------------------------------------------------------------------------------------------------------

async function matmulSuite(): Promise<Row[]> {
  const rows: Row[] = [];
  const sizes = QUICK ? [64] : [1024, 2048, 4096];
  for (const n of sizes) {
    if (left() < 30_000) {
      notes.push(`matmul ${n}^3 and larger: not run (time budget)`);
      break;
    }
    const flops = 2 * n ** 3;
    const iters = QUICK ? 2 : n >= 4096 ? 5 : 10;
    const row: Row = { shape: `[${n},${n}]x[${n},${n}]` };
    const gf = (ms: number): number => +(flops / (ms * 1e6)).toPrecision(4);
    // Several products per submission so per-submit overhead does not hide the kernel (the same for every engine).
    const P = 4;
    const a = sg.randn([n, n], { device });
    const b = sg.randn([n, n], { device });
    for (const variant of ['naive', 'tiled', 'blocked', 'vec4', 'auto'] as const) {
      if (variant === 'naive' && n >= 4096 && !QUICK) continue; // seconds per product: not worth the budget
      const run = async (): Promise<void> => {
        const outs = Array.from({ length: P }, () => sg.matmul(a, b, { variant }));
        await device.sync();
        outs.forEach((o) => o.dispose());
      };
      try {
        await run();
      } catch (e) {
        notes.push(`seqgpu matmul rung ${variant}: not in this build (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
        continue;
      }
      row[`seqgpu ${variant}`] = gf((await timed(iters, run)).ms / P);
    }
    a.dispose();
    b.dispose();
    if (tfPeer) {
      const { tf } = tfPeer;
      const ta = tf.randomNormal([n, n]);
      const tb = tf.randomNormal([n, n]);
      const run = async (): Promise<void> => {
        const outs = Array.from({ length: P }, () => tf.matMul(ta, tb));
        await tfPeer!.sync();
        outs.forEach((o) => o.dispose());
      };
      await run();
      row['tfjs-webgpu'] = gf((await timed(iters, run)).ms / P);
      ta.dispose();
      tb.dispose();
    }
    if (jaxPeer) {
      const m = new jaxPeer.JaxMatmul('webgpu', Float32Array.from({ length: n * n }, () => Math.random() - 0.5), Float32Array.from({ length: n * n }, () => Math.random() - 0.5), n, n, n);
      await m.run();
      row['jax-webgpu'] = gf((await timed(iters, () => m.run())).ms);
      m.dispose();
      notes.push('jax-webgpu matmul: one product per timed call (jax-js submits each op itself)');
    }
    log(JSON.stringify(row));
    rows.push(row);
  }
  return rows;
}

// ---- RNN -----------------------------------------------------------------------------------------------------------

interface Shape {
  N: number;
  T: number;
  I: number;
  H: number;
  layers: number;
}
const RNN_SHAPES: Shape[] = QUICK
  ? [{ N: 2, T: 4, I: 3, H: 8, layers: 1 }, { N: 2, T: 4, I: 8, H: 8, layers: 3 }]
  : [
      { N: 8, T: 20, I: 8, H: 32, layers: 1 },
      { N: 16, T: 50, I: 8, H: 64, layers: 1 },
      { N: 64, T: 100, I: 64, H: 256, layers: 1 },
      { N: 64, T: 100, I: 64, H: 1024, layers: 3 },
    ];
const shapeLabel = (s: Shape): string => `N ${s.N}, T ${s.T}, I ${s.I}, H ${s.H}${s.layers > 1 ? `, ${s.layers} layers` : ''}`;

function rand(n: number, seed: number): Float32Array {
  let x = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32 - 0.5;
  });
}

async function rnnSuite(): Promise<Row[]> {
  const rows: Row[] = [];
  const pending: { cell: 'LSTM' | 'GRU'; s: Shape; row: Row; xs: Float32Array; ys: Float32Array; iters: number }[] = [];
  for (const cell of ['LSTM', 'GRU'] as const) {
    for (const s of RNN_SHAPES) {
      if (left() < 20_000) {
        notes.push(`${cell} ${shapeLabel(s)}: not run (time budget)`);
        continue;
      }
      const big = s.H >= 1024;
      const iters = QUICK ? 2 : big ? 5 : 15;
      const xs = rand(s.T * s.N * s.I, 1);
      const ys = rand(s.T * s.N * s.H, 2);
      const x = sg.tensor(xs, [s.T, s.N, s.I], { device });
      const y = sg.tensor(ys, [s.T, s.N, s.H], { device });
      const opts = { device, numLayers: s.layers, generator: new sg.Generator(7) };
      const m = cell === 'LSTM' ? new sg.nn.LSTM(s.I, s.H, opts) : new sg.nn.GRU(s.I, s.H, opts);
      const opt = new sg.optim.Adam(m.parameters(), { lr: 1e-3 });
      const step = (): Promise<number> =>
        sg.scope(async () => {
          opt.zeroGrad();
          const l = sg.mseLoss(m.forward(x)[0], y);
          l.backward();
          opt.step();
          return l.item();
        });
      const firstLoss = await step();
      await (sg as unknown as { rnnAutotuneSettled?: (d: sg.Device) => Promise<void> }).rnnAutotuneSettled?.(device);
      await step();
      const d0 = device.stats().dispatches;
      await step();
      const dispatches = device.stats().dispatches - d0;
      const train = await timed(iters, step);
      const infer = await timed(iters, () => sg.noGrad(() => sg.scope(async () => m.forward(x)[0].data())));
      // Float16 W_hh (the 'tiled' forward reading halves): where a step is bound by weight bytes, this is where it pays.
      const inferF16 = await timed(iters, () => sg.noGrad(() => sg.scope(async () => m.forward(x, null, { weightDtype: 'float16' })[0].data())));
      const row: Row = { cell, shape: shapeLabel(s), seqgpuTrainMs: train.ms, seqgpuTrainMinMs: train.min, seqgpuTrainMaxMs: train.max, seqgpuInferMs: infer.ms, seqgpuInferF16Ms: inferF16.ms, dispatchesPerStep: dispatches, seqgpuFirstLoss: firstLoss };
      pending.push({ cell, s, row, xs, ys, iters });
      log(JSON.stringify(row));
      rows.push(row);
      for (const p of m.parameters()) p.dispose();
      opt.dispose();
      x.dispose();
      y.dispose();
    }
  }
  // Peers second, so that a slow peer (jax-js's jit of an unrolled T = 100 loop, TF.js's thousands of dispatches)
  // can only cost its own rows, never seqgpu's.
  for (const { cell, s, row, xs, ys, iters } of pending) {
    if (left() < 30_000) {
      notes.push(`peers at ${cell} ${shapeLabel(s)}: not run (time budget)`);
      continue;
    }
    // Peers: one-layer shapes only (jaxjs.ts writes one layer; tfjs gets the same for symmetry), same weights.
    if (s.layers === 1 && (tfPeer || jaxPeer)) {
      const w: Record<string, Float32Array> = {};
      const fresh = cell === 'LSTM' ? new sg.nn.LSTM(s.I, s.H, { device, generator: new sg.Generator(7) }) : new sg.nn.GRU(s.I, s.H, { device, generator: new sg.Generator(7) });
      for (const [k, p] of fresh.namedParameters()) w[k] = (await p.data()) as Float32Array;
      for (const p of fresh.parameters()) p.dispose();
      if (jaxPeer && left() > 30_000) {
        try {
          const j = new jaxPeer.JaxRnn('webgpu', cell, s.H, w as never, xs, [s.T, s.N, s.I], ys);
          const a = performance.now();
          row.jaxFirstLoss = await j.train();
          const firstMs = performance.now() - a;
          if (firstMs < 60_000) {
            row.jaxTrainMs = (await timed(iters, () => j.train())).ms;
            await j.infer();
            row.jaxInferMs = (await timed(iters, () => j.infer())).ms;
          } else notes.push(`jax-webgpu ${cell} ${shapeLabel(s)}: first step (jit compile) took ${(firstMs / 1000).toFixed(0)} s: not timed`);
          j.dispose();
        } catch (e) {
          notes.push(`jax-webgpu ${cell} ${shapeLabel(s)}: failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (tfPeer && left() > 30_000) {
        const { tf } = tfPeer;
        try {
          const model = tf.sequential();
          const cfg = { units: s.H, returnSequences: true, recurrentActivation: 'sigmoid' as const, inputShape: [s.T, s.I] };
          model.add(cell === 'LSTM' ? tf.layers.lstm(cfg) : tf.layers.gru(cfg));
          model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
          const bm = (v: Float32Array, F: number): Float32Array => {
            const o = new Float32Array(v.length);
            for (let t = 0; t < s.T; t++) for (let n = 0; n < s.N; n++) for (let f = 0; f < F; f++) o[(n * s.T + t) * F + f] = v[(t * s.N + n) * F + f]!;
            return o;
          };
          const tx = tf.tensor3d(bm(xs, s.I), [s.N, s.T, s.I]);
          const ty = tf.tensor3d(bm(ys, s.H), [s.N, s.T, s.H]);
          const tstep = async (): Promise<void> => void (await model.trainOnBatch(tx, ty));
          const a = performance.now();
          await tstep();
          const firstMs = performance.now() - a;
          if (firstMs < 20_000) {
            row.tfjsTrainMs = (await timed(Math.min(iters, 5), tstep)).ms;
            row.tfjsInferMs = (await timed(Math.min(iters, 5), async () => {
              const o = model.predict(tx) as import('@tensorflow/tfjs').Tensor;
              await o.data();
              o.dispose();
            })).ms;
          } else notes.push(`tfjs-webgpu ${cell} ${shapeLabel(s)}: first step took ${(firstMs / 1000).toFixed(0)} s: not timed`);
          model.dispose();
          tx.dispose();
          ty.dispose();
        } catch (e) {
          notes.push(`tfjs-webgpu ${cell} ${shapeLabel(s)}: failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    log(JSON.stringify(row));
  }
  return rows;
}

// ---- Streaming: one timestep of one layer (PyTorch's side: torch_bench.py stream_rows) ------------------------------

async function streamSuite(): Promise<Row[]> {
  const rows: Row[] = [];
  const configs = QUICK ? [{ N: 1, I: 3, H: 8 }] : [{ N: 1, I: 64, H: 256 }, { N: 1, I: 64, H: 1024 }, { N: 8, I: 64, H: 1024 }];
  const variants: ('columns' | 'ksplit' | 'subgroup')[] = ['columns', 'ksplit', ...(device.backend.features.includes('subgroups') ? ['subgroup' as const] : [])];
  for (const c of configs) {
    if (left() < 20_000) {
      notes.push(`stream N ${c.N}, I ${c.I}, H ${c.H}: not run (time budget)`);
      continue;
    }
    const m = new sg.nn.LSTM(c.I, c.H, { device, generator: new sg.Generator(5) });
    const x = sg.randn([c.N, c.I], { device, generator: new sg.Generator(6) });
    const row: Row = { config: `LSTM N ${c.N}, I ${c.I}, H ${c.H}` };
    const time = async (opts: sg.nn.StreamOptions): Promise<number> => {
      const s = m.stream({ batch: c.N, ...opts });
      const step = async (): Promise<void> => {
        s.step(x).dispose();
        await device.sync();
      };
      await step(); // 'auto': queues its measurement
      await sg.streamAutotuneSettled(device);
      const ms = (await timed(QUICK ? 3 : 50, step)).ms;
      s.dispose();
      return ms;
    };
    row.auto = await time({});
    row.autoChoice = sg.streamAutoChoice(device, { cell: 'lstm', N: c.N, I: c.I, H: c.H, P: 0, wDtype: 'float32' })?.choice ?? null;
    for (const v of variants) {
      row[v] = await time({ impl: v });
      row[`${v} f16`] = await time({ impl: v, weightDtype: 'float16' });
    }
    rows.push(row);
    log(JSON.stringify(row));
    m.parameters().forEach((p) => p.dispose());
    x.dispose();
  }
  return rows;
}

// ---- CTC (seqgpu only: no peer has a CTC loss on WebGPU) ------------------------------------------------------------

async function ctcSuite(): Promise<Row[]> {
  const rows: Row[] = [];
  const cases = QUICK ? [{ T: 10, N: 2, S: 3, C: 5 }] : [
    { T: 150, N: 64, S: 40, C: 28 },
    { T: 150, N: 64, S: 20, C: 5000 },
  ];
  for (const c of cases) {
    if (left() < 15_000) {
      notes.push(`CTC T ${c.T}, N ${c.N}, L ${c.S}, A ${c.C}: not run (time budget)`);
      continue;
    }
    const g = new sg.Generator(1);
    const logits = sg.randn([c.T, c.N, c.C], { device });
    const targets = sg.tensor(Array.from({ length: c.N * c.S }, () => 1 + g.int(c.C - 1)), [c.N, c.S], { device, dtype: 'int32' });
    const inputLengths = Array(c.N).fill(c.T);
    const targetLengths = Array(c.N).fill(c.S);
    // Loss + gradient with respect to the log-probabilities, as warp-ctc times it (gradient left on the GPU).
    const lp = sg.noGrad(() => sg.logSoftmax(logits, -1)).detach();
    lp.requiresGrad = true;
    const run = async (): Promise<void> => {
      const loss = sg.scope(() => {
        const l = sg.ctcLoss(lp, targets, inputLengths, targetLengths, { reduction: 'sum' });
        l.backward();
        return l;
      });
      await device.sync();
      lp.grad!.dispose();
      lp.grad = null;
      loss.dispose();
    };
    await run();
    const d0 = device.stats().dispatches;
    await run();
    const dispatches = device.stats().dispatches - d0;
    rows.push({ case: `T ${c.T}, N ${c.N}, L ${c.S}, A ${c.C}`, ms: (await timed(QUICK ? 2 : 10, run)).ms, dispatches });
    log(JSON.stringify(rows[rows.length - 1]));
    for (const t of [logits, targets, lp]) t.dispose();
  }
  return rows;
}

const result = {
  engine: 'seqgpu (Dawn in Node)',
  adapter: device.description,
  date: new Date().toISOString(),
  quick: QUICK,
  node: process.version,
  peers: peerStatus,
  matmulGflops: await matmulSuite(),
  ctc: await ctcSuite(), // seconds; before the RNN peers, which may use up the budget
  stream: await streamSuite(),
  rnn: await rnnSuite(),
  notes,
  wallS: +((performance.now() - t0) / 1000).toFixed(1),
};
const json = JSON.stringify(result, null, 1);
console.log(json);
if (process.env.OUT) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${process.env.OUT}/real-gpu-node.json`, json);
}
process.exit(0);
