// The learning task shared by the CPU and WebGPU learning tests: next-value prediction on a noisy periodic series
// with a one-layer LSTM or GRU and a Linear head, trained with Adam. Built from the public API only, and kept
// self-contained (a single function with no imports) so the WebGPU test can ship its source into the page.
import type { SeqgpuModule } from '../browser/remote.ts';

export interface TaskConfig {
  cell: 'LSTM' | 'GRU';
  hidden: number;
  T: number;
  N: number;
  steps: number;
  lr: number;
  seed: number;
  /** Device to train on (the page passes 'webgpu'). */
  device: 'cpu' | 'webgpu';
  /** Also return every parameter after training (to compare CPU and GPU runs). */
  returnParams?: boolean;
}
export interface TaskResult {
  losses: number[];
  params: Record<string, Float32Array>;
}

/**
 * Trains and returns the loss after every step. Series: sin(2πt/12) + 0.5 sin(2πt/7 + 1) + N(0, 0.1²); windows
 * start at seeded random offsets each step; every timestep predicts the next value (MSE). The mean predictor
 * scores about 0.63; a model that learned the pattern approaches the noise floor 0.01.
 */
export async function trainNextValue(sg: SeqgpuModule, cfg: TaskConfig): Promise<TaskResult> {
  const device = await sg.init(cfg.device);
  const gen = new sg.Generator(cfg.seed);
  const len = 600;
  const series = new Float32Array(len);
  for (let t = 0; t < len; t++) series[t] = Math.sin((2 * Math.PI * t) / 12) + 0.5 * Math.sin((2 * Math.PI * t) / 7 + 1) + 0.1 * gen.normal();
  const rnn = cfg.cell === 'LSTM'
    ? new sg.nn.LSTM(1, cfg.hidden, { device, generator: gen })
    : new sg.nn.GRU(1, cfg.hidden, { device, generator: gen });
  const head = new sg.nn.Linear(cfg.hidden, 1, { device, generator: gen });
  const params = [...rnn.parameters(), ...head.parameters()];
  const opt = new sg.optim.Adam(params, { lr: cfg.lr });
  const losses: number[] = [];
  for (let step = 0; step < cfg.steps; step++) {
    // x [T, N, 1] and target [T, N, 1] from N windows (time-major).
    const xs = new Float32Array(cfg.T * cfg.N);
    const ys = new Float32Array(cfg.T * cfg.N);
    for (let n = 0; n < cfg.N; n++) {
      const start = gen.int(len - cfg.T - 1);
      for (let t = 0; t < cfg.T; t++) {
        xs[t * cfg.N + n] = series[start + t];
        ys[t * cfg.N + n] = series[start + t + 1];
      }
    }
    const loss = sg.scope(() => {
      opt.zeroGrad();
      const x = sg.tensor(xs, [cfg.T, cfg.N, 1], { device });
      const y = sg.tensor(ys, [cfg.T * cfg.N, 1], { device });
      const out = rnn instanceof sg.nn.LSTM ? rnn.forward(x)[0] : rnn.forward(x)[0];
      const pred = head.forward(sg.reshape(out, [cfg.T * cfg.N, cfg.hidden]));
      const l = sg.mseLoss(pred, y);
      l.backward();
      opt.step();
      return sg.keep(l.detach());
    });
    losses.push(await loss.item());
    loss.dispose();
  }
  const out: Record<string, Float32Array> = {};
  if (cfg.returnParams) {
    for (const [k, p] of rnn.namedParameters()) out[`rnn.${k}`] = (await p.data()) as Float32Array;
    for (const [k, p] of head.namedParameters()) out[`head.${k}`] = (await p.data()) as Float32Array;
  }
  return { losses, params: out };
}
