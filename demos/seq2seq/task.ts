// The seq2seq demo's task and models, no DOM: ISO dates "2024-03-07" to "07/03/2024" (a reordering the attention
// should learn as a clean alignment), a GRU encoder-decoder with Luong attention, trained with teacher forcing or
// with scheduled sampling (teacher forcing decaying linearly), greedy and beam decoding, attention weights, and a
// beam-search step function built from the model's own encode/step for the beam tree.
import type { Device, Tensor } from '../../src/index.ts';
import * as sg from '../../src/index.ts';

export const CHARS = [...'0123456789-/'];
export const [BOS, EOS, PAD] = [12, 13, 14];
export const VOCAB = 15;
export const LABELS = [...CHARS, '<s>', '</s>', '·'];

export const encode = (s: string): number[] => [...s].map((ch) => CHARS.indexOf(ch));
export const decodeTokens = (t: number[]): string => t.filter((x) => x < CHARS.length).map((x) => CHARS[x]).join('');

export function randomDate(g: sg.Generator): string {
  const y = 1900 + g.int(200);
  const m = 1 + g.int(12);
  const d = 1 + g.int(31); // a format conversion, not a calendar: 1999-02-31 is a fine input
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${y}-${p(m)}-${p(d)}`;
}

export const convert = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export type Regime = 'teacher-forcing' | 'scheduled-sampling';

export class DateModel {
  readonly model: sg.nn.Seq2Seq;
  private readonly opt: sg.optim.Adam;
  private readonly gen: sg.Generator;
  private readonly schedule: (step: number) => number;
  steps = 0;

  constructor(readonly device: Device, readonly regime: Regime, totalSteps: number, seed = 5) {
    this.gen = new sg.Generator(seed);
    this.model = new sg.nn.Seq2Seq({
      srcVocab: VOCAB,
      tgtVocab: VOCAB,
      hiddenSize: 48,
      embedDim: 16,
      cell: 'gru',
      attention: 'luong-dot',
      bosToken: BOS,
      eosToken: EOS,
      padToken: PAD,
      device,
      generator: new sg.Generator(seed + 100),
    });
    this.opt = new sg.optim.Adam(this.model.parameters(), { lr: 0.01 });
    // Scheduled sampling (Bengio et al. 2015): feed the model's own prediction with probability 1 - eps_i.
    this.schedule = regime === 'teacher-forcing' ? () => 1 : sg.train.linearDecay({ start: 1, end: 0.5, steps: Math.max(1, totalSteps) });
  }

  /** The teacher-forcing ratio of the next step. */
  get ratio(): number {
    return this.schedule(this.steps);
  }

  /** One Adam step on a fresh batch; returns the loss (the caller reads and disposes it). */
  step(batch = 32): Tensor {
    const src: number[][] = [];
    const tgt: number[][] = [];
    for (let i = 0; i < batch; i++) {
      const iso = randomDate(this.gen);
      src.push(encode(iso));
      tgt.push([...encode(convert(iso)), EOS]);
    }
    const teacherForcing = this.ratio;
    this.opt.zeroGrad();
    const loss = sg.scope(() => {
      const l = this.model.loss(src, tgt, { teacherForcing });
      l.backward();
      this.opt.step();
      return l;
    });
    this.steps++;
    return loss;
  }

  /** Exact-match accuracy of greedy decoding (free running) on the given dates. */
  async accuracy(dates: string[]): Promise<number> {
    const out = await this.model.greedy(dates.map(encode), { maxLength: 12 });
    let ok = 0;
    out.forEach((t, i) => (ok += decodeTokens(t) === convert(dates[i]) ? 1 : 0));
    return ok / dates.length;
  }

  async greedy(iso: string): Promise<number[]> {
    return (await this.model.greedy([encode(iso)], { maxLength: 12 }))[0];
  }

  /** Attention weights [T][S] of the model reading `iso` while producing `tokens` (teacher-forced on them). */
  async attention(iso: string, tokens: number[]): Promise<number[][]> {
    if (!tokens.length) return [];
    const w = sg.noGrad(() => sg.scope(() => this.model.forward([encode(iso)], [tokens], { teacherForcing: 1 }).attention));
    if (!w) return [];
    try {
      const data = await w.data();
      const [, T, S] = w.shape;
      return Array.from({ length: T }, (_, t) => Array.from(data.subarray(t * S, (t + 1) * S)));
    } finally {
      w.dispose();
    }
  }

  /**
   * A step function for decode.beamSearch over one source: the encoder runs once; each call reorders the decoder
   * state and attention memory by `parents` on the device and returns log-probabilities [k, V] as a Tensor.
   * `release()` frees what the search kept alive.
   */
  beamStep(iso: string): { step: sg.decode.BeamStepFn; release: () => void } {
    const m = this.model;
    const chunk = <T>(fn: () => T): T => sg.noGrad(() => sg.scope(fn));
    const held: Tensor[] = [];
    const hold = <T extends Tensor | null>(t: T): T => {
      if (t) held.push(sg.keep(t));
      return t;
    };
    const enc = chunk(() => m.encode([encode(iso)]));
    let state = { h: hold(enc.state.h), c: hold(enc.state.c) };
    const mem0 = enc.memory!;
    const memory = { values: hold(mem0.values), keys: hold(mem0.keys), mask: hold(mem0.mask) };
    const step: sg.decode.BeamStepFn = (prefixes, ctx) =>
      chunk(() => {
        const k = prefixes.length;
        const idx = sg.tensor([...ctx.parents], [k], { device: this.device, dtype: 'int32' });
        const st = { h: sg.gather(state.h, idx, 1), c: state.c && sg.gather(state.c, idx, 1) };
        const mem = { values: sg.gather(memory.values, idx, 0), keys: sg.gather(memory.keys, idx, 0), mask: memory.mask && sg.gather(memory.mask, idx, 0) };
        const last = sg.tensor(prefixes.map((p) => p[p.length - 1]), [k], { device: this.device, dtype: 'int32' });
        const out = m.step(last, st, mem);
        // The next call reorders from this call's rows; memory rows are per source, so its reorder is cheap to redo.
        state = { h: hold(out.state.h), c: hold(out.state.c) };
        Object.assign(memory, { values: hold(mem.values), keys: hold(mem.keys), mask: hold(mem.mask) });
        return sg.logSoftmax(out.logits, -1);
      });
    return {
      step,
      release: () => {
        for (const t of held) t.dispose();
        held.length = 0;
      },
    };
  }

  dispose(): void {
    this.opt.zeroGrad();
    for (const p of this.model.parameters()) p.dispose();
  }
}
