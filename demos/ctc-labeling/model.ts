// The CTC demo's model, no DOM: Conv1d front end (local spectral patterns) -> bidirectional GRU (context both ways)
// -> Linear -> log-softmax over blank + 10 digits, trained with nn.CTCLoss and Adam. One step is one scope, so its
// intermediates are freed when it returns; only the loss is read back.
import type { Device, Tensor } from '../../src/index.ts';
import * as sg from '../../src/index.ts';
import { BINS, BLANK, type Batch, CLASS_LABELS, FRAMES } from './data.ts';

export interface CtcConfig {
  channels: number;
  hidden: number;
  batch: number;
  lr: number;
  seed: number;
}

export const DEFAULT_CONFIG: CtcConfig = { channels: 24, hidden: 24, batch: 16, lr: 0.01, seed: 3 };

export class CtcModel {
  readonly conv: sg.nn.Conv1d;
  readonly gru: sg.nn.GRU;
  readonly head: sg.nn.Linear;
  readonly ctc = new sg.nn.CTCLoss({ blank: BLANK, reduction: 'mean', zeroInfinity: true });
  private readonly opt: sg.optim.Adam;

  constructor(readonly device: Device, readonly cfg: CtcConfig = DEFAULT_CONFIG) {
    const generator = new sg.Generator(cfg.seed);
    const o = { device, generator };
    this.conv = new sg.nn.Conv1d(BINS, cfg.channels, 3, { padding: 'same', ...o });
    this.gru = new sg.nn.GRU(cfg.channels, cfg.hidden, { bidirectional: true, ...o });
    this.head = new sg.nn.Linear(2 * cfg.hidden, CLASS_LABELS.length, o);
    this.opt = new sg.optim.Adam(this.parameters(), { lr: cfg.lr });
  }

  parameters(): Tensor[] {
    return [...this.conv.parameters(), ...this.gru.parameters(), ...this.head.parameters()];
  }

  /** x [N, BINS, FRAMES] -> log-probabilities [T, N, C]. */
  forward(x: Tensor): Tensor {
    const h = this.conv.forward(x).relu(); // [N, channels, T]
    const [out] = this.gru.forward(sg.permute(h, [2, 0, 1])); // [T, N, 2H]
    return sg.logSoftmax(this.head.forward(out), -1);
  }

  private inputs(b: Batch): { x: Tensor; targets: Tensor } {
    return {
      x: sg.tensor(b.x, [b.N, BINS, FRAMES], { device: this.device }),
      targets: sg.tensor(b.targets, [b.N, b.maxLen], { device: this.device, dtype: 'int32' }),
    };
  }

  /** One Adam step on a batch; returns the loss tensor (the caller reads and disposes it). */
  step(b: Batch): Tensor {
    this.opt.zeroGrad();
    return sg.scope(() => {
      const { x, targets } = this.inputs(b);
      const loss = this.ctc.forward(this.forward(x), targets, new Array<number>(b.N).fill(FRAMES), b.targetLengths);
      loss.backward();
      this.opt.step();
      return loss;
    });
  }

  /** Log-probabilities [T, N, C] of a batch, read back, and its mean CTC loss. */
  async predict(b: Batch): Promise<{ logProbs: Float32Array; loss: number }> {
    const [lp, loss] = sg.noGrad(() =>
      sg.scope(() => {
        const { x, targets } = this.inputs(b);
        const lp = this.forward(x);
        return [lp, this.ctc.forward(lp, targets, new Array<number>(b.N).fill(FRAMES), b.targetLengths)] as const;
      }),
    );
    try {
      const [data, l] = await Promise.all([lp.data(), loss.item()]);
      return { logProbs: Float32Array.from(data), loss: l };
    } finally {
      lp.dispose();
      loss.dispose();
    }
  }

  dispose(): void {
    this.opt.zeroGrad();
    this.opt.dispose(); // Adam's moments
    for (const p of this.parameters()) p.dispose();
  }
}
