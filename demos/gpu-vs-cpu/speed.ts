// The speed table of the GPU-vs-CPU page: training steps per second and GPU dispatches per step for
// each model family on each backend, plus TensorFlow.js's LSTM (tf.layers.lstm + adam) where it loads.
// Small shapes on purpose (the page must stay usable on a software adapter); bench/ has the real study.
import * as sg from '../../src/index.ts';

export interface SpeedRow {
  model: string;
  backend: string;
  stepsPerSecond: number;
  dispatchesPerStep: number | null;
  note?: string;
}

type Step = () => sg.Tensor;

/** A training-step factory per model: builds the model on a device and returns one step (loss tensor out). */
const MODELS: { name: string; build: (d: sg.Device) => Step }[] = [
  {
    name: 'MLP 1-32-32-1 (N 64)',
    build: (device) => {
      const x = sg.randn([64, 1], { device });
      const y = sg.randn([64, 1], { device });
      const m = new sg.nn.Sequential(new sg.nn.Linear(1, 32, { device }), new sg.nn.Tanh(), new sg.nn.Linear(32, 32, { device }), new sg.nn.Tanh(), new sg.nn.Linear(32, 1, { device }));
      const opt = new sg.optim.Adam(m.parameters(), { lr: 1e-3 });
      return () => trainStep(opt, () => sg.mseLoss(m.forward(x), y));
    },
  },
  ...(['LSTM', 'GRU'] as const).map((cell) => ({
    name: `${cell} (N 8, T 20, I 8, H 32)`,
    build: (device: sg.Device): Step => {
      const x = sg.randn([20, 8, 8], { device });
      const y = sg.randn([20, 8, 32], { device });
      const m = cell === 'LSTM' ? new sg.nn.LSTM(8, 32, { device }) : new sg.nn.GRU(8, 32, { device });
      const opt = new sg.optim.Adam(m.parameters(), { lr: 1e-3 });
      return () => trainStep(opt, () => sg.mseLoss(m.forward(x)[0], y));
    },
  })),
  {
    name: 'Conv1d + CTC (N 4, C 8, L 32, 10 classes)',
    build: (device) => {
      const x = sg.randn([4, 8, 32], { device });
      const conv = new sg.nn.Conv1d(8, 10, 3, { padding: 'same', device });
      const targets = sg.tensor([[1, 2, 3], [4, 5, 0], [6, 6, 7], [8, 0, 0]], { device, dtype: 'int32' });
      const opt = new sg.optim.Adam(conv.parameters(), { lr: 1e-3 });
      const lens = [32, 32, 32, 32];
      return () => trainStep(opt, () => sg.ctcLoss(sg.logSoftmax(sg.permute(conv.forward(x), [2, 0, 1]), -1), targets, lens, [3, 2, 3, 1]));
    },
  },
];

function trainStep(opt: sg.optim.Optimizer, loss: () => sg.Tensor): sg.Tensor {
  return sg.scope(() => {
    opt.zeroGrad();
    const l = loss();
    l.backward();
    opt.step();
    return l;
  });
}

async function timeSteps(step: Step, device: sg.Device | null, steps: number, signal: AbortSignal): Promise<{ sps: number; dispatches: number | null }> {
  (await runOne(step)).valueOf(); // warm-up: pipelines compile, optimizer state appears
  const times: number[] = [];
  let dispatches: number | null = null;
  for (let i = 0; i < steps && !signal.aborted; i++) {
    const before = device?.stats().dispatches ?? 0;
    const t0 = performance.now();
    await runOne(step);
    times.push(performance.now() - t0);
    if (device && device.kind === 'webgpu') dispatches = device.stats().dispatches - before;
  }
  times.sort((a, b) => a - b);
  return { sps: 1000 / times[Math.floor(times.length / 2)], dispatches };
}

async function runOne(step: Step): Promise<number> {
  const loss = step();
  const v = await loss.item(); // the step ends when its loss is on the host
  loss.dispose();
  return v;
}

/** Measures every model on each available backend, then tfjs's LSTM; rows arrive through onRow. */
export async function measureSpeeds(onRow: (r: SpeedRow) => void, signal: AbortSignal, steps = 5): Promise<void> {
  const backends: sg.Device[] = [await sg.init('cpu')];
  try {
    backends.unshift(await sg.init('webgpu'));
  } catch {
    // no WebGPU: the CPU rows still come
  }
  for (const m of MODELS) {
    for (const device of backends) {
      if (signal.aborted) return;
      const step = m.build(device);
      const r = await timeSteps(step, device, steps, signal);
      onRow({ model: m.name, backend: `seqgpu ${device.kind}`, stepsPerSecond: r.sps, dispatchesPerStep: r.dispatches });
    }
  }
  if (!signal.aborted) await measureTfjs(onRow, signal, steps);
}

/** tf.layers.lstm (recurrentActivation sigmoid, as PyTorch) + adam on tfjs's WebGPU backend, counting its dispatches. */
async function measureTfjs(onRow: (r: SpeedRow) => void, signal: AbortSignal, steps: number): Promise<void> {
  const name = 'LSTM (N 8, T 20, I 8, H 32)';
  let count = 0;
  const proto = GPUComputePassEncoder.prototype;
  const original = proto.dispatchWorkgroups;
  try {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-webgpu');
    for (const backend of ['webgpu', 'cpu']) {
      if (signal.aborted) return;
      if (!(await tf.setBackend(backend).catch(() => false))) continue;
      await tf.ready();
      const model = tf.sequential();
      // glorotNormal recurrent init: tfjs's default orthogonal one warns about its own slowness at this size.
      model.add(tf.layers.lstm({ units: 32, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotNormal', inputShape: [20, 8] }));
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
      const x = tf.randomNormal([8, 20, 8]);
      const y = tf.randomNormal([8, 20, 32]);
      const step = async (): Promise<void> => {
        await model.trainOnBatch(x, y); // reads its loss with data()
      };
      proto.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...a: Parameters<typeof original>) {
        count++;
        return original.apply(this, a);
      } as typeof original;
      await step();
      const times: number[] = [];
      let perStep = 0;
      for (let i = 0; i < steps && !signal.aborted; i++) {
        const c0 = count;
        const t0 = performance.now();
        await step();
        times.push(performance.now() - t0);
        perStep = count - c0;
      }
      proto.dispatchWorkgroups = original;
      times.sort((a, b) => a - b);
      onRow({ model: name, backend: `tfjs ${backend}`, stepsPerSecond: 1000 / times[Math.floor(times.length / 2)], dispatchesPerStep: backend === 'webgpu' ? perStep : null });
      model.dispose();
      x.dispose();
      y.dispose();
    }
  } catch (e) {
    onRow({ model: name, backend: 'tfjs', stepsPerSecond: Number.NaN, dispatchesPerStep: null, note: `TensorFlow.js did not load: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    proto.dispatchWorkgroups = original;
  }
}
