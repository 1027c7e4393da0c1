// The character-level language model of the char-lm demo, no DOM: Embedding -> GRU -> Linear over the characters of
// a small public-domain text, next-character cross-entropy on random windows, Adam. Decoding runs through
// seqgpu's decode.* step-callback API: the callback carries the GRU state on the host between calls and reorders
// it by `context.parents`, so greedy, sampling and beam search share one callback.
import type { Device, Tensor } from '../../src/index.ts';
import type { BeamStepFn } from '../../src/decode/index.ts';
import * as sg from '../../src/index.ts';

export interface CharLmConfig {
  embed: number;
  hidden: number;
  window: number;
  batch: number;
  lr: number;
  seed: number;
}

export const DEFAULT_CONFIG: CharLmConfig = { embed: 16, hidden: 64, window: 32, batch: 16, lr: 0.01, seed: 11 };

/** The text's alphabet: lower-cased, whitespace folded to single spaces. */
export class Vocab {
  readonly chars: string[];
  private readonly index = new Map<string, number>();
  constructor(text: string) {
    this.chars = [...new Set(text)].sort();
    this.chars.forEach((c, i) => this.index.set(c, i));
  }
  get size(): number {
    return this.chars.length;
  }
  encode(s: string): number[] {
    return [...s].map((c) => this.index.get(c) ?? this.index.get(' ') ?? 0);
  }
  decode(ids: readonly number[]): string {
    return ids.map((i) => this.chars[i] ?? '?').join('');
  }
}

export const normalizeText = (raw: string): string => raw.toLowerCase().replace(/\s+/g, ' ').trim();

export class CharLm {
  readonly embedding: sg.nn.Embedding;
  readonly gru: sg.nn.GRU;
  readonly head: sg.nn.Linear;
  private readonly opt: sg.optim.Adam;
  private readonly gen: sg.Generator;

  constructor(readonly device: Device, readonly vocab: Vocab, readonly train: Int32Array, readonly val: Int32Array, readonly cfg: CharLmConfig = DEFAULT_CONFIG) {
    const generator = new sg.Generator(cfg.seed);
    const o = { device, generator };
    this.embedding = new sg.nn.Embedding(vocab.size, cfg.embed, o);
    this.gru = new sg.nn.GRU(cfg.embed, cfg.hidden, o);
    this.head = new sg.nn.Linear(cfg.hidden, vocab.size, o);
    this.opt = new sg.optim.Adam(this.parameters(), { lr: cfg.lr });
    this.gen = new sg.Generator(cfg.seed + 1);
  }

  parameters(): Tensor[] {
    return [...this.embedding.parameters(), ...this.gru.parameters(), ...this.head.parameters()];
  }

  /** ids int32 [T, N] -> logits [T, N, V] and the final state [1, N, H]. */
  private forward(ids: Tensor, h0: Tensor | null): [Tensor, Tensor] {
    const [out, hN] = this.gru.forward(this.embedding.forward(ids), h0);
    return [this.head.forward(out), hN];
  }

  /** Random windows of `text`: inputs and next-character targets, time-major [T, N]. */
  private windows(text: Int32Array, N: number, gen: sg.Generator): { x: Int32Array; y: Int32Array } {
    const T = this.cfg.window;
    const x = new Int32Array(T * N);
    const y = new Int32Array(T * N);
    for (let n = 0; n < N; n++) {
      const start = Math.floor(gen.next() * (text.length - T - 1));
      for (let t = 0; t < T; t++) {
        x[t * N + n] = text[start + t];
        y[t * N + n] = text[start + t + 1];
      }
    }
    return { x, y };
  }

  private loss(x: Int32Array, y: Int32Array, N: number): Tensor {
    const T = this.cfg.window;
    const [logits] = this.forward(sg.tensor(x, [T, N], { device: this.device, dtype: 'int32' }), null);
    return sg.crossEntropy(sg.reshape(logits, [T * N, this.vocab.size]), sg.tensor(y, [T * N], { device: this.device, dtype: 'int32' }));
  }

  /** One Adam step on a fresh batch of windows; returns the loss tensor (caller reads and disposes). */
  step(): Tensor {
    const { x, y } = this.windows(this.train, this.cfg.batch, this.gen);
    this.opt.zeroGrad();
    return sg.scope(() => {
      const l = this.loss(x, y, this.cfg.batch);
      l.backward();
      this.opt.step();
      return l;
    });
  }

  /** Mean cross-entropy on held-out windows (fixed seed, so comparable between calls). */
  async valLoss(): Promise<number> {
    const { x, y } = this.windows(this.val, 16, new sg.Generator(99));
    const l = sg.noGrad(() => sg.scope(() => this.loss(x, y, 16)));
    try {
      return await l.item();
    } finally {
      l.dispose();
    }
  }

  /**
   * A decode step callback that continues `prompt`: the first call runs the prompt through the GRU, later calls run
   * one step for each prefix's last token, starting from the state of the row it extends (context.parents).
   */
  stepFn(prompt: string): BeamStepFn {
    const H = this.cfg.hidden;
    const V = this.vocab.size;
    const promptIds = this.vocab.encode(prompt);
    let state: Float32Array | null = null; // [rows, H] host copy of the GRU state after each row's prefix
    return async (prefixes, ctx) => {
      const k = prefixes.length;
      const [logitsT, hT] = sg.noGrad(() =>
        sg.scope(() => {
          let ids: Int32Array;
          let T: number;
          let h0: Tensor | null = null;
          if (ctx.step === 0 || !state) {
            T = promptIds.length;
            ids = new Int32Array(T * k);
            for (let t = 0; t < T; t++) ids.fill(promptIds[t], t * k, (t + 1) * k);
          } else {
            T = 1;
            ids = Int32Array.from(prefixes, (p) => p[p.length - 1]);
            const h = new Float32Array(k * H);
            ctx.parents.forEach((r, i) => h.set(state!.subarray(r * H, (r + 1) * H), i * H));
            h0 = sg.tensor(h, [1, k, H], { device: this.device });
          }
          const [logits, hN] = this.forward(sg.tensor(ids, [T, k], { device: this.device, dtype: 'int32' }), h0);
          const last = sg.reshape(sg.slice(logits, [T - 1, 0, 0], [1, k, V]), [k, V]);
          return [sg.logSoftmax(last, -1), hN] as const;
        }),
      );
      try {
        const [lp, h] = await Promise.all([logitsT.data(), hT.data()]);
        state = Float32Array.from(h);
        return { data: Float32Array.from(lp), shape: [k, V] };
      } finally {
        logitsT.dispose();
        hT.dispose();
      }
    };
  }

  /** The GRU's inputs for `s`: embedded characters [T, E] (for <gate-trace>; the caller disposes). */
  embed(s: string): Tensor {
    const ids = Int32Array.from(this.vocab.encode(s));
    return sg.noGrad(() => this.embedding.forward(sg.tensor(ids, [ids.length], { device: this.device, dtype: 'int32' })));
  }

  dispose(): void {
    this.opt.zeroGrad();
    this.opt.dispose(); // Adam's moments
    for (const p of this.parameters()) p.dispose();
  }
}
