// The neural side of the forecasting demo, no DOM: a one-layer LSTM or GRU with a Linear head, trained with Adam
// on next-value prediction over random windows of the (standardised) fitting part of a series, every timestep
// predicting the next value. The training part is split in two: the model fits the first `trainLen - valLen`
// values and is scored (one-step-ahead MSE) on the last `valLen`, which is what early stopping and checkpointing
// look at; the held-out test tail after `trainLen` is never used to choose anything. Forecasts run the model over
// the whole training part (the validation values are known history by then) and feed each prediction back as the
// next input, all on the device, with one read-back at the end.
import type { Device, Tensor } from '../../src/index.ts';
import * as sg from '../../src/index.ts';

export type CellName = 'LSTM' | 'GRU';

export interface RnnConfig {
  cell: CellName;
  hidden: number;
  /** Window length (timesteps per training sequence) and windows per step. */
  window: number;
  batch: number;
  lr: number;
  seed: number;
  /** Values at the end of the training part kept out of fitting, for validation. */
  valLen: number;
}

type State = Tensor | [Tensor, Tensor] | null;

export class RnnForecaster {
  readonly mean: number;
  readonly std: number;
  private readonly z: Float32Array;
  private readonly rnn: sg.nn.LSTM | sg.nn.GRU;
  private readonly head: sg.nn.Linear;
  private readonly opt: sg.optim.Adam;
  private readonly gen: sg.Generator;
  steps = 0;
  /** Values the model fits on (the rest of the training part is its validation set). */
  readonly fitLen: number;

  /** `series` is the whole series; the first `trainLen` values are all the model may see while training. */
  constructor(readonly device: Device, series: ArrayLike<number>, readonly trainLen: number, readonly cfg: RnnConfig) {
    this.fitLen = trainLen - cfg.valLen;
    if (this.fitLen <= cfg.window) throw new Error(`RnnForecaster: ${this.fitLen} fitting values do not fill a window of ${cfg.window}`);
    const fit = Array.from(series).slice(0, this.fitLen);
    this.mean = fit.reduce((a, b) => a + b, 0) / this.fitLen;
    this.std = Math.sqrt(fit.reduce((a, b) => a + (b - this.mean) ** 2, 0) / this.fitLen) || 1;
    this.z = Float32Array.from(series, (v) => (v - this.mean) / this.std);
    this.gen = new sg.Generator(cfg.seed);
    const opts = { device, generator: this.gen };
    this.rnn = cfg.cell === 'LSTM' ? new sg.nn.LSTM(1, cfg.hidden, opts) : new sg.nn.GRU(1, cfg.hidden, opts);
    this.head = new sg.nn.Linear(cfg.hidden, 1, opts);
    this.opt = new sg.optim.Adam([...this.rnn.parameters(), ...this.head.parameters()], { lr: cfg.lr });
  }

  /** The live recurrent layer (for <gate-trace>). */
  get cell(): sg.nn.LSTM | sg.nn.GRU {
    return this.rnn;
  }

  /** The layer's inputs for the `len` standardised values before `end` (default: the end of the training part):
   *  Tensor [len, 1] on the model's device, for <gate-trace> (the caller disposes). */
  traceInput(len: number, end = this.trainLen): Tensor {
    const from = Math.max(0, end - len);
    return sg.tensor(this.z.slice(from, end), [end - from, 1], { device: this.device });
  }

  /** out [T, N, H] and the final state, whichever cell this is. */
  private run(x: Tensor, state: State): [Tensor, State] {
    if (this.rnn instanceof sg.nn.LSTM) {
      const [out, st] = this.rnn.forward(x, state as [Tensor, Tensor] | null);
      return [out, st];
    }
    const [out, h] = this.rnn.forward(x, state as Tensor | null);
    return [out, h];
  }

  /** Predictions for every timestep: [T * N, 1]. */
  private predict(out: Tensor): Tensor {
    const [T, N, H] = out.shape;
    return this.head.forward(sg.reshape(out, [T * N, H]));
  }

  /** One Adam step on `batch` random windows; returns the loss (standardised units; caller reads and disposes). */
  step(): Tensor {
    const { window: T, batch: N } = this.cfg;
    const xs = new Float32Array(T * N);
    const ys = new Float32Array(T * N);
    for (let n = 0; n < N; n++) {
      const start = this.gen.int(this.fitLen - T); // the last target is z[start + T] <= z[fitLen - 1]
      for (let t = 0; t < T; t++) {
        xs[t * N + n] = this.z[start + t];
        ys[t * N + n] = this.z[start + t + 1];
      }
    }
    this.opt.zeroGrad();
    const loss = sg.scope(() => {
      const x = sg.tensor(xs, [T, N, 1], { device: this.device });
      const y = sg.tensor(ys, [T * N, 1], { device: this.device });
      const l = sg.mseLoss(this.predict(this.run(x, null)[0]), y);
      l.backward();
      this.opt.step();
      return l;
    });
    this.steps++;
    return loss;
  }

  /** One-step-ahead MSE (standardised) on the validation part [fitLen, trainLen), the model reading the true
   *  history; the test tail is not touched. */
  async validationLoss(): Promise<number> {
    const n = this.trainLen;
    const from = this.fitLen;
    const loss = sg.noGrad(() =>
      sg.scope(() => {
        const x = sg.tensor(this.z.subarray(0, n - 1), [n - 1, 1, 1], { device: this.device });
        const pred = this.predict(this.run(x, null)[0]); // pred[t] predicts z[t + 1]
        const val = sg.slice(pred, [from - 1, 0], [n - from, 1]);
        const target = sg.tensor(this.z.subarray(from, n), [n - from, 1], { device: this.device });
        return sg.mseLoss(val, target);
      }),
    );
    try {
      return await loss.item();
    } finally {
      loss.dispose();
    }
  }

  /** h-step forecast from the end of the training part, in the series' units. */
  async forecast(h: number): Promise<Float64Array> {
    const preds = sg.noGrad(() =>
      sg.scope(() => {
        const warm = sg.tensor(this.z.subarray(0, this.trainLen), [this.trainLen, 1, 1], { device: this.device });
        let [out, state] = this.run(warm, null);
        let next = sg.slice(this.predict(out), [this.trainLen - 1, 0], [1, 1]); // [1, 1]
        const all = [next];
        for (let k = 1; k < h; k++) {
          [out, state] = this.run(sg.reshape(next, [1, 1, 1]), state);
          next = this.predict(out);
          all.push(next);
        }
        return sg.concat(all, 0); // [h, 1]
      }),
    );
    try {
      const z = await preds.data();
      return Float64Array.from(z, (v) => v * this.std + this.mean);
    } finally {
      preds.dispose();
    }
  }

  dispose(): void {
    this.opt.zeroGrad();
    for (const p of [...this.rnn.parameters(), ...this.head.parameters()]) p.dispose();
  }
}
