// Gradient flow through time, measured with seqgpu's own backward pass (no DOM): the "recall the first token"
// task (a token out of K at t = 0, then T - 1 distractor tokens, the target is the first token, read from h_T),
// a vanilla RNN, an LSTM and a GRU cell, and ||dL/dh_t|| for t = 1..T.
// How dL/dh_t is obtained: each step's hidden state gets a zero "probe" added, h_t = cell(x_t, h_{t-1}) + p_t, with
// p_t a leaf that requiresGrad. Since h_t depends on p_t with identity Jacobian, p_t.grad = dL/dh_t: the total
// gradient, through every later step, computed by the cells' fused BPTT kernels (each nn.*Cell is seqgpu's
// fused layer op with T = 1) on whichever device the model lives on. No hook in src/ is needed.
// Twins: demos/gradient-flow (the view), test/nn/gradient-flow.test.ts (CPU vs WebGPU, decay sanity).
import type * as Seqgpu from '../../index.ts';
import type { Device } from '../../device.ts';
import type { Tensor } from '../../tensor.ts';

type SeqgpuModule = typeof Seqgpu;
export type FlowCell = 'rnn' | 'lstm' | 'gru';
export const FLOW_CELLS: readonly FlowCell[] = ['rnn', 'lstm', 'gru'];

export interface RecallConfig {
  /** Distance from the token to recall to the read-out: sequence length T (t = 1..T). */
  T: number;
  /** Number of distinct tokens to recall (chance accuracy = 1/K). */
  K: number;
  hidden: number;
  batch: number;
  lr: number;
  /** Clip the global gradient norm at this value; null = no clipping. */
  clip: number | null;
  seed: number;
  /** Scale of the RNN's recurrent weights at init (>1 explodes, <1 vanishes); null = the default init. */
  recurrentScale: number | null;
  /** The vanilla RNN's nonlinearity: tanh saturates (its gradient vanishes even with large weights); with ReLU
   *  and a spectral radius above 1 the gradient grows with distance: the exploding case. */
  rnnNonlinearity?: 'tanh' | 'relu';
}

export const DEFAULT_RECALL: RecallConfig = { T: 20, K: 4, hidden: 16, batch: 16, lr: 0.01, clip: null, seed: 3, recurrentScale: null };

/** One batch of the recall task: one-hot inputs [T][N*(K+1)] (K recall tokens + 1 distractor channel) and labels. */
export function recallBatch(cfg: RecallConfig, gen: Seqgpu.Generator): { xs: Float32Array[]; labels: Int32Array } {
  const D = cfg.K + 1;
  const N = cfg.batch;
  const labels = new Int32Array(N);
  const xs: Float32Array[] = [];
  for (let t = 0; t < cfg.T; t++) xs.push(new Float32Array(N * D));
  for (let n = 0; n < N; n++) {
    const a = Math.min(cfg.K - 1, Math.floor(gen.next() * cfg.K));
    labels[n] = a;
    xs[0][n * D + a] = 1;
    // Distractors: the extra channel with a random sign-free amplitude, so the cell must ignore it.
    for (let t = 1; t < cfg.T; t++) xs[t][n * D + cfg.K] = gen.next();
  }
  return { xs, labels };
}

export interface FlowStep {
  loss: number;
  /** Accuracy on this batch (argmax of the read-out = first token). */
  accuracy: number;
  /** ||dL/dh_t|| (Frobenius over batch and hidden units) for t = 1..T. */
  gradNorms: number[];
  /** Global parameter-gradient norm before clipping. */
  paramGradNorm: number;
}

type AnyCell = Seqgpu.nn.RNNCell | Seqgpu.nn.LSTMCell | Seqgpu.nn.GRUCell;

/** A cell + linear read-out trained on the recall task, reporting dL/dh_t every step. */
export class RecallModel {
  readonly cell: AnyCell;
  readonly head: Seqgpu.nn.Linear;
  private readonly opt: Seqgpu.optim.Adam;
  private readonly gen: Seqgpu.Generator;
  steps = 0;

  constructor(private readonly sg: SeqgpuModule, readonly device: Device, readonly kind: FlowCell, readonly cfg: RecallConfig) {
    const o = { device, generator: new sg.Generator(cfg.seed) };
    const D = cfg.K + 1;
    this.cell = kind === 'lstm' ? new sg.nn.LSTMCell(D, cfg.hidden, o) : kind === 'gru' ? new sg.nn.GRUCell(D, cfg.hidden, o) : new sg.nn.RNNCell(D, cfg.hidden, { ...o, nonlinearity: cfg.rnnNonlinearity ?? 'tanh' });
    this.head = new sg.nn.Linear(cfg.hidden, cfg.K, o);
    if (kind === 'rnn' && cfg.recurrentScale !== null) {
      // Scaling the default init sets the spectral radius, and with it whether the product of Jacobians shrinks or
      // grows: entries U(±1/sqrt(H)) have variance 1/(3H), so the radius is about sqrt(1/3); times sqrt(3)·s gives ~s.
      const w = this.cell.weight_hh;
      const scaled = sg.noGrad(() => sg.mul(w, cfg.recurrentScale! * Math.sqrt(3)));
      w.assign(scaled);
      scaled.dispose();
    }
    this.opt = new sg.optim.Adam(this.parameters(), { lr: cfg.lr });
    this.gen = new sg.Generator(cfg.seed + 1000);
  }

  parameters(): Tensor[] {
    return [...this.cell.parameters(), ...this.head.parameters()];
  }

  /**
   * Forward over the batch with a probe on every h_t, backward, optional clip, optional Adam step. With
   * `update = false` it only measures (the parameters do not change). All reads happen after the graph is freed.
   */
  async step(update = true, batch = recallBatch(this.cfg, this.gen)): Promise<FlowStep> {
    const sg = this.sg;
    const { T, hidden: H, batch: N, K } = this.cfg;
    const D = K + 1;
    const device = this.device;
    this.opt.zeroGrad();
    const [lossT, norms, correct, pnorm] = sg.scope(() => {
      const probes: Tensor[] = [];
      let h: Tensor | null = null;
      let c: Tensor | null = null;
      for (let t = 0; t < T; t++) {
        const x = sg.tensor(batch.xs[t], [N, D], { device });
        let hNew: Tensor;
        if (this.cell instanceof sg.nn.LSTMCell) {
          const state: [Tensor, Tensor] | null = h && c ? [h, c] : null;
          [hNew, c] = this.cell.forward(x, state);
        } else {
          hNew = (this.cell as Seqgpu.nn.RNNCell | Seqgpu.nn.GRUCell).forward(x, h);
        }
        const p = sg.tensor(new Float32Array(N * H), [N, H], { device, requiresGrad: true });
        probes.push(p);
        h = sg.add(hNew, p); // identity in value and Jacobian: p.grad = dL/dh_t
      }
      const logits = this.head.forward(h!);
      const labels = sg.tensor(batch.labels, [N], { device, dtype: 'int32' });
      const loss = sg.crossEntropy(logits, labels);
      loss.backward();
      const out = sg.noGrad(() => {
        const sq = probes.map((p) => (p.grad ? sg.sum(sg.mul(p.grad, p.grad)) : sg.tensor([0], [], { device })));
        const norms = sg.sqrt(sg.stack(sq));
        return [norms, sg.mul(logits, 1)] as const; // a detached copy of the read-out, for the accuracy
      });
      const pn = this.cfg.clip !== null ? sg.optim.clipGradNorm(this.parameters(), this.cfg.clip) : globalNorm(sg, this.parameters());
      if (update) this.opt.step();
      return [loss, out[0], out[1], pn] as const;
    });
    try {
      const [l, g, pred, pg] = await Promise.all([lossT.item(), norms.data(), correct.data(), pnorm.item()]);
      if (update) this.steps++;
      let hits = 0;
      for (let n = 0; n < N; n++) {
        let best = 0;
        for (let k = 1; k < K; k++) if (pred[n * K + k] > pred[n * K + best]) best = k;
        if (best === batch.labels[n]) hits++;
      }
      return { loss: l, accuracy: hits / N, gradNorms: Array.from(g, Number), paramGradNorm: pg };
    } finally {
      for (const t of [lossT, norms, correct, pnorm]) t.dispose();
    }
  }

  dispose(): void {
    this.opt.zeroGrad();
    this.opt.dispose();
    for (const p of this.parameters()) p.dispose();
  }
}

function globalNorm(sg: SeqgpuModule, params: Tensor[]): Tensor {
  return sg.noGrad(() => {
    const gs = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
    let sq = sg.sum(sg.mul(gs[0], gs[0]));
    for (const g of gs.slice(1)) sq = sg.add(sq, sg.sum(sg.mul(g, g)));
    return sg.sqrt(sq);
  });
}

/** log10 with a floor, for plotting norms that span many decades. */
export const log10Floor = (v: number, floor = 1e-12): number => Math.log10(Math.max(floor, v));
