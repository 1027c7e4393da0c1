// nn.Seq2Seq on the CPU backend: teacher forcing (ratio 1 = feeding the targets by hand, ratio 0 = the model's own
// argmax, observed through onFeed), padding masks, the on-device beam search against decode/beamSearch and greedy,
// finite-difference gradients of the decoder and attention, scheduled-sampling schedules, and bad-input errors.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import type { Seq2SeqOptions } from '../../src/nn/index.ts';

const { nn } = sg;
const KINDS = ['none', 'luong-dot', 'luong-general', 'bahdanau'] as const;

function model(o: Partial<Seq2SeqOptions> = {}, seed = 1): InstanceType<typeof nn.Seq2Seq> {
  return new nn.Seq2Seq({ srcVocab: 7, tgtVocab: 6, hiddenSize: 8, embedDim: 5, bosToken: 1, eosToken: 2, padToken: 0, generator: new sg.Generator(seed), ...o });
}
const src = [[3, 4, 5, 6], [6, 3]];
const tgt = [[4, 5, 3, 2], [3, 2, 0, 0]];

/** The loss by hand: BOS, then the target tokens, fed through model.step; padded positions left out. */
async function manualLoss(m: InstanceType<typeof nn.Seq2Seq>): Promise<number> {
  const enc = m.encode(src);
  let state = enc.state;
  let total = 0;
  let count = 0;
  for (let t = 0; t < 4; t++) {
    const feed = sg.tensor(Int32Array.from(tgt, (row) => (t === 0 ? 1 : row[t - 1])), [2]);
    const s = m.step(feed, state, enc.memory);
    state = s.state;
    const lp = (await sg.logSoftmax(s.logits, -1).toArray()) as number[][];
    tgt.forEach((row, n) => {
      if (row[t] !== 0) {
        total -= lp[n][row[t]];
        count++;
      }
    });
  }
  return total / count;
}

describe('Seq2Seq: teacher forcing and padding', () => {
  for (const attention of KINDS) {
    it(`ratio 1 gives the same loss as feeding the targets by hand (${attention})`, async () => {
      const m = model({ attention, bidirectional: attention !== 'luong-dot', numLayers: 2 });
      const loss = await m.loss(src, tgt, { teacherForcing: 1 }).item();
      expect(loss).toBeCloseTo(await manualLoss(m), 6);
      // The step loop (onFeed forces it) and the whole-sequence fast path give bit-identical losses on the CPU.
      const loop = await m.loss(src, tgt, { teacherForcing: 1, onFeed: () => {} }).item();
      expect(loop).toBe(loss);
    });
  }

  it('ratio 0 feeds the argmax of the previous step; 0.5 mixes per sequence with a seeded coin', async () => {
    const m = model({ attention: 'bahdanau', cell: 'gru' });
    const fed: sg.Tensor[] = [];
    const { logits } = m.forward(src, tgt, { teacherForcing: 0, onFeed: (_t, tok) => fed.push(tok) });
    const lg = (await logits.toArray()) as number[][][];
    expect(Array.from(await fed[0].data())).toEqual([1, 1]); // BOS
    for (let t = 1; t < 4; t++) {
      const want = lg.map((row) => row[t - 1].indexOf(Math.max(...row[t - 1])));
      expect(Array.from(await fed[t].data())).toEqual(want);
    }
    const mixed: number[][] = [];
    const f2: sg.Tensor[] = [];
    m.forward(src, tgt, { teacherForcing: 0.5, generator: new sg.Generator(3), onFeed: (_t, tok) => f2.push(tok) });
    for (const t of f2) mixed.push(Array.from(await t.data()));
    const truthOrOwn = mixed.slice(1).every((row, i) => row.every((v, n) => v === tgt[n][i] || v === lg[n][i].indexOf(Math.max(...lg[n][i]))));
    expect(truthOrOwn).toBe(true);
  });

  it('padded target positions add no loss; the source lengths mask attention to padding', async () => {
    const m = model({ attention: 'luong-general' });
    const both = await m.loss(src, tgt).item();
    // Changing what sits in the padding of the second target changes nothing.
    const other = await m.loss(src, [tgt[0], [3, 2, 0, 0]].map((r) => r.slice())).item();
    expect(other).toBe(both);
    const { attention } = m.forward(src, tgt);
    const w = (await attention!.toArray()) as number[][][];
    for (const row of w[1]) {
      expect(row[2] + row[3]).toBeLessThan(1e-6); // source 1 has length 2
      expect(row[0] + row[1]).toBeCloseTo(1, 5);
    }
    // A padded source gives the same encoding as the unpadded one alone.
    const alone = await m.loss([[6, 3]], [[3, 2]]).item();
    const padded = await m.loss([[6, 3, 0, 0]], [[3, 2]], { srcLengths: [2] }).item();
    expect(padded).toBeCloseTo(alone, 6);
  });
});

describe('Seq2Seq: decoding', () => {
  for (const attention of KINDS) {
    it(`on-device beam search matches decode/beamSearch; beam 1 matches greedy (${attention})`, async () => {
      const m = model({ attention, tgtVocab: 6 }, 4);
      for (const s of [[3, 4, 5], [6, 6, 3, 4]]) {
        const dev = await m.beamSearch(s, { beamWidth: 3, maxLength: 6, nBest: 3, lengthPenalty: 0.6 });
        const gen = await m.beamSearch(s, { beamWidth: 3, maxLength: 6, nBest: 3, lengthPenalty: 0.6, impl: 'generic' });
        expect(dev.map((h) => h.tokens)).toEqual(gen.map((h) => h.tokens));
        dev.forEach((h, i) => expect(h.score).toBeCloseTo(gen[i].score, 4));
        const one = await m.beamSearch(s, { beamWidth: 1, maxLength: 6 });
        const [greedy] = await m.greedy([s], { maxLength: 6 });
        expect(one[0].tokens).toEqual(greedy);
      }
    });
  }

  it('coverage penalty and diverse groups run through the generic path with the attention weights', async () => {
    const m = model({ attention: 'bahdanau' }, 5);
    const hyps = await m.beamSearch([3, 4, 5], { beamWidth: 4, maxLength: 5, nBest: 4, numGroups: 2, diversityStrength: 2, coveragePenalty: 0.2 });
    expect(hyps.length).toBeGreaterThan(0);
    expect(new Set(hyps.map((h) => h.tokens.join())).size).toBe(hyps.length);
  });
});

describe('Seq2Seq: gradients against finite differences', () => {
  for (const attention of ['bahdanau', 'luong-general'] as const) {
    it(`decoder, attention and bridge parameters (${attention}, bidirectional LSTM)`, async () => {
      const m = model({ attention, bidirectional: true, hiddenSize: 4, embedDim: 3 }, 7);
      const f = (): sg.Tensor => m.loss(src, tgt, { teacherForcing: 1, onFeed: () => {} });
      m.zeroGrad();
      f().backward();
      const names = attention === 'bahdanau'
        ? ['attention.v', 'attention.query_proj.weight', 'attention.key_proj.weight', 'decoder.weight_ih_l0', 'out.weight', 'bridge_h.weight', 'encoder.weight_hh_l0_reverse']
        : ['attention.key_proj.weight', 'combine.weight', 'decoder.weight_hh_l0', 'bridge_c.weight', 'tgt_embedding.weight'];
      const params = new Map(m.namedParameters());
      for (const name of names) {
        const p = params.get(name)!;
        const g = await p.grad!.data();
        const base = Float32Array.from(await p.data());
        for (const i of [0, Math.floor(p.size / 2), p.size - 1]) {
          const eps = 1e-2;
          const at = async (d: number): Promise<number> => {
            const v = base.slice();
            v[i] += d;
            p.assign(sg.tensor(v, [...p.shape]));
            return f().item();
          };
          const fd = ((await at(eps)) - (await at(-eps))) / (2 * eps);
          p.assign(sg.tensor(base, [...p.shape]));
          expect(Math.abs(fd - g[i]), `${name}[${i}]: fd ${fd} vs autograd ${g[i]}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(g[i]));
        }
      }
    });
  }
});

describe('scheduled sampling schedules', () => {
  it('linear, exponential and inverse-sigmoid decay from 1 as in Bengio et al. (2015)', () => {
    const lin = sg.train.linearDecay({ steps: 100, end: 0.1 });
    expect([lin(0), lin(50), lin(100), lin(1000)]).toEqual([1, 0.55, 0.1, 0.1].map((x) => expect.closeTo(x, 12)));
    const ex = sg.train.exponentialDecay({ k: 0.99 });
    expect(ex(0)).toBe(1);
    expect(ex(100)).toBeCloseTo(0.99 ** 100, 12);
    const inv = sg.train.inverseSigmoidDecay({ k: 10 });
    expect(inv(0)).toBeCloseTo(10 / 11, 12);
    expect(inv(10 * Math.log(10))).toBeCloseTo(0.5, 12); // i = k ln k is the midpoint
    expect(inv(1e6)).toBe(0);
    expect(sg.train.teacherForcingSchedule('constant', { value: 0.3 })(7)).toBe(0.3);
    expect(() => sg.train.exponentialDecay({ k: 1.5 })).toThrow(/k must be in \(0, 1\)/);
    expect(() => sg.train.inverseSigmoidDecay({ k: 0.5 })).toThrow(/k must be/);
    expect(() => lin(-1)).toThrow(/step must be/);
  });
});

describe('Seq2Seq: bad input', () => {
  it('names out-of-vocabulary tokens, bad ratios, mismatched batches, bad tokens in the options', async () => {
    const m = model();
    expect(() => m.loss([[3, 9]], [[2]])).toThrow(/src token 9 at \[0, 1\] is outside the vocabulary 0..6/);
    expect(() => m.loss([[3]], [[2, 6]])).toThrow(/tgt token 6 at \[0, 1\] is outside the vocabulary 0..5/);
    expect(() => m.loss([[3]], [[2]], { teacherForcing: 1.5 })).toThrow(/teacherForcing must be in \[0, 1\]/);
    expect(() => m.loss([[3], [4]], [[2]])).toThrow(/2 sources but 1 targets/);
    expect(() => m.loss([[3, 4]], [[2]], { srcLengths: [3] })).toThrow(/length 3, outside 1..2/);
    expect(() => model({ eosToken: 6 })).toThrow(/eosToken 6 is outside the target vocabulary/);
    expect(() => model({ attention: 'luong-dot', bidirectional: true })).toThrow(/luong-dot.*query size 8 must equal key size 16/);
    await expect(m.beamSearch([3], { beamWidth: 0 })).rejects.toThrow(/beamWidth must be an integer >= 1/);
    await expect(m.beamSearch([3], { maxLength: 0 })).rejects.toThrow(/maxLength must be an integer >= 1/);
    await expect(m.beamSearch([3, 8])).rejects.toThrow(/src token 8/);
    const noPad = model({ padToken: undefined });
    expect(() => noPad.loss(src, [[4, 2], [3]])).toThrow(/need a padToken/);
  });
});
