// The digit-reversal transduction shared by the attention-vs-none test and scripts/attention-study.ts: data, a
// fixed-budget Adam training run of one nn.Seq2Seq, and held-out token accuracy under greedy decoding. Reversal is
// the task the fixed context vector is worst at: the first output token depends on the last input token and so on,
// so without attention the whole string must survive in one hidden state.
import * as sg from '../../src/index.ts';
import type { Seq2SeqOptions } from '../../src/nn/index.ts';

export const PAD = 0, BOS = 1, EOS = 2, DIGITS = 10, V = 3 + DIGITS;

export interface ReverseData {
  src: number[][];
  tgt: number[][];
}

/** n random digit strings of length minLen..maxLen and their reversals followed by EOS. */
export function reverseBatch(g: sg.Generator, n: number, minLen: number, maxLen: number): ReverseData {
  const src: number[][] = [];
  const tgt: number[][] = [];
  for (let i = 0; i < n; i++) {
    const len = minLen + g.int(maxLen - minLen + 1);
    const s = Array.from({ length: len }, () => 3 + g.int(DIGITS));
    src.push(s);
    tgt.push([...s].reverse().concat(EOS));
  }
  return { src, tgt };
}

/** Fraction of target positions (EOS included) that greedy decoding gets right. */
export async function tokenAccuracy(m: InstanceType<typeof sg.nn.Seq2Seq>, data: ReverseData): Promise<number> {
  const maxLength = Math.max(...data.tgt.map((t) => t.length));
  const out = await m.greedy(data.src, { maxLength });
  let right = 0;
  let total = 0;
  data.tgt.forEach((t, n) => t.forEach((v, i) => {
    total++;
    if (out[n][i] === v) right++;
  }));
  return right / total;
}

export interface RunConfig {
  model: Partial<Seq2SeqOptions> & { hiddenSize: number };
  steps: number;
  batch: number;
  minLen: number;
  maxLen: number;
  lr: number;
  /** Seeds the weights; the batches come from their own generator (dataSeed, default seed + 1), so runs whose models
   * draw different numbers of parameters still see the same data. */
  seed: number;
  dataSeed?: number;
  /** The held-out set: its own seed, so it never overlaps the training stream by construction of the generator. */
  test: ReverseData;
  /** Accuracy is also measured after these steps (the last step is always measured). */
  checkpoints?: number[];
}

export interface RunResult {
  accuracy: number;
  curve: { step: number; accuracy: number }[];
  trainSeconds: number;
}

export async function trainReverse(c: RunConfig): Promise<RunResult> {
  const m = new sg.nn.Seq2Seq({ srcVocab: V, tgtVocab: V, bosToken: BOS, eosToken: EOS, padToken: PAD, generator: new sg.Generator(c.seed), ...c.model });
  const g = new sg.Generator(c.dataSeed ?? c.seed + 1);
  const opt = new sg.optim.Adam(m.parameters(), { lr: c.lr });
  const at = new Set([...(c.checkpoints ?? []), c.steps]);
  const curve: RunResult['curve'] = [];
  let trainMs = 0;
  for (let step = 1; step <= c.steps; step++) {
    const { src, tgt } = reverseBatch(g, c.batch, c.minLen, c.maxLen);
    const t0 = performance.now();
    sg.scope(() => {
      opt.zeroGrad();
      m.loss(src, tgt).backward();
      opt.step();
    });
    trainMs += performance.now() - t0;
    if (at.has(step)) curve.push({ step, accuracy: await tokenAccuracy(m, c.test) });
  }
  opt.dispose(); // the study trains several models in one process: give their buffers back
  m.zeroGrad();
  for (const p of m.parameters()) p.dispose();
  return { accuracy: curve[curve.length - 1].accuracy, curve, trainSeconds: trainMs / 1000 };
}
