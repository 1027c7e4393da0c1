// Beam search (src/decode/beam-search.ts) and greedy/sampling (sampling.ts) on hand-built step callbacks: the
// lecture's {A, B, C} example recomputed, beam width 1 = greedy, a wide beam = exhaustive search, GNMT length
// and coverage penalties changing the winner, diverse groups, the exact early stop, and bad-input errors.
import { describe, expect, it } from 'vitest';
import { beamSearch, gnmtLengthPenalty, greedyDecode, sampleDecode, sampleToken } from '../../src/decode/index.ts';
import type { BeamStepFn } from '../../src/decode/index.ts';
import { Generator, tensor } from '../../src/index.ts';

const A = 0;
const B = 1;
const L = (ps: number[]): number[] => ps.map(Math.log);

/** A step callback from a table prefix-key -> probabilities; it also records every call's prefixes. */
function tableStep(table: Record<string, number[]>, calls: number[][][] = []): BeamStepFn {
  return (prefixes) => {
    calls.push(prefixes);
    return prefixes.map((p) => {
      const key = p.join(',');
      if (!(key in table)) throw new Error(`unexpected prefix [${key}]`);
      return L(table[key]);
    });
  };
}

/** Deterministic pseudo-random distribution per prefix (hash of the prefix), V entries. */
function hashedStep(V: number, seed: number, peak = 0): BeamStepFn {
  return (prefixes) =>
    prefixes.map((p) => {
      let h = seed >>> 0;
      for (const t of p) h = Math.imul(h ^ (t + 0x9e37), 0x85ebca6b) >>> 0;
      const g = new Generator(h);
      const w = Array.from({ length: V }, () => g.next() + 0.05);
      if (peak) w[g.int(V)] += peak;
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((x) => Math.log(x / s));
    });
}

/** Every sequence up to maxLength (ending at EOS or at maxLength) with its log-probability, best first. */
async function exhaustive(step: BeamStepFn, V: number, maxLength: number, eos?: number): Promise<{ tokens: number[]; logProb: number }[]> {
  const out: { tokens: number[]; logProb: number }[] = [];
  const walk = async (prefix: number[], lp: number): Promise<void> => {
    const rows = (await step([prefix], { step: prefix.length, parents: [0] })) as number[][];
    for (let v = 0; v < V; v++) {
      const tokens = [...prefix, v];
      const l = lp + rows[0][v];
      if (v === eos || tokens.length === maxLength) out.push({ tokens, logProb: l });
      else await walk(tokens, l);
    }
  };
  await walk([], 0);
  return out.sort((a, b) => b.logProb - a.logProb);
}

describe('beamSearch: the lecture example (V = {A, B, C}, k = 2)', () => {
  const table = {
    '': [0.5, 0.3, 0.2],
    '0': [0.4, 0.4, 0.2], // after A
    '1': [0.6, 0.2, 0.2], // after B
    '0,0': [0.3, 0.5, 0.2], // after AA
    '0,1': [0.2, 0.6, 0.2], // after AB
  };

  it('keeps A, B then AA, AB and ends with ABB (log 0.12 = -2.120) ahead of AAB (log 0.1 = -2.303)', async () => {
    const calls: number[][][] = [];
    const hyps = await beamSearch(tableStep(table, calls), { beamWidth: 2, maxLength: 3, nBest: 2 });
    expect(calls).toEqual([[[]], [[A], [B]], [[A, A], [A, B]]]);
    expect(hyps.map((h) => h.tokens)).toEqual([[A, B, B], [A, A, B]]);
    expect(hyps[0].logProb).toBeCloseTo(Math.log(0.5 * 0.4 * 0.6), 12);
    expect(hyps[0].logProb).toBeCloseTo(-2.1203, 4);
    // The lecture writes -2.302 for AAB (it adds rounded terms); exactly it is log(0.1) = -2.3026.
    expect(hyps[1].logProb).toBeCloseTo(Math.log(0.1), 12);
    expect(hyps[0].score).toBe(hyps[0].logProb); // no penalties: the score is the log-probability
  });

  it('B -> A (-1.715) is the best pruned candidate at t = 1: a third beam keeps it', async () => {
    const calls: number[][][] = [];
    const wide = { ...table, '2': [1 / 3, 1 / 3, 1 / 3], '1,0': [1 / 3, 1 / 3, 1 / 3] };
    await beamSearch(tableStep(wide, calls), { beamWidth: 3, maxLength: 3 });
    expect(calls[2]).toEqual([[A, A], [A, B], [B, A]]);
  });

  it('accepts Float32Array rows with a shape, a Tensor [k, V], and an async callback', async () => {
    const base = tableStep(table);
    const asFlat: BeamStepFn = (p, c) => {
      const rows = base(p, c) as number[][];
      return { data: Float32Array.from(rows.flat()), shape: [rows.length, 3] };
    };
    const asTensor: BeamStepFn = async (p, c) => {
      const rows = base(p, c) as number[][];
      return tensor(rows);
    };
    for (const step of [asFlat, asTensor]) {
      const hyps = await beamSearch(step, { beamWidth: 2, maxLength: 3 });
      expect(hyps[0].tokens).toEqual([A, B, B]);
      expect(hyps[0].logProb).toBeCloseTo(Math.log(0.12), 5);
    }
  });
});

describe('beamSearch: search quality', () => {
  it('beam width 1 equals greedy decoding', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const step = hashedStep(5, seed);
      const beam = await beamSearch(step, { beamWidth: 1, maxLength: 6, eosToken: 0, bosToken: 4 });
      const greedy = await greedyDecode(step, { maxLength: 6, eosToken: 0, bosToken: 4 });
      expect(beam[0].tokens).toEqual(greedy.tokens);
      expect(beam[0].logProb).toBeCloseTo(greedy.logProb, 12);
    }
  });

  it('a beam as wide as the search space finds the exhaustive best (and n-best) sequences; greedy sometimes does not', async () => {
    let greedyMisses = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const step = hashedStep(3, seed);
      const all = await exhaustive(step, 3, 4, 0);
      const hyps = await beamSearch(step, { beamWidth: 27, maxLength: 4, eosToken: 0, nBest: 5 });
      expect(hyps.map((h) => h.tokens)).toEqual(all.slice(0, 5).map((h) => h.tokens));
      hyps.forEach((h, i) => expect(h.logProb).toBeCloseTo(all[i].logProb, 12));
      const greedy = await greedyDecode(step, { maxLength: 4, eosToken: 0 });
      if (greedy.logProb < all[0].logProb - 1e-12) greedyMisses++;
    }
    expect(greedyMisses).toBeGreaterThan(0);
  });

  it('the exact early stop gives the same n-best as never stopping; earlyStopping: true makes fewer calls', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const step = hashedStep(4, seed, 1.5);
      const all = await exhaustive(step, 4, 5, 0);
      let exactCalls = 0;
      let eagerCalls = 0;
      const counted = (n: () => void): BeamStepFn => (p, c) => (n(), step(p, c));
      const wide = await beamSearch(counted(() => exactCalls++), { beamWidth: 64, maxLength: 5, eosToken: 0, nBest: 3 });
      expect(wide.map((h) => h.tokens)).toEqual(all.slice(0, 3).map((h) => h.tokens));
      await beamSearch(counted(() => eagerCalls++), { beamWidth: 64, maxLength: 5, eosToken: 0, earlyStopping: true });
      expect(eagerCalls).toBeLessThanOrEqual(exactCalls);
    }
  });
});

describe('beamSearch: GNMT penalties and diverse groups', () => {
  // Tokens: EOS = 0, then 1 and 2. Stopping at once has p = 0.4; the long path A A A EOS has p = 0.35 * 0.95^3.
  const step: BeamStepFn = (prefixes) =>
    prefixes.map((p) => {
      if (p.length === 0) return L([0.4, 0.35, 0.25]);
      if (p[0] === 2) return L([0.5, 0.25, 0.25]);
      return L(p.length < 3 ? [0.025, 0.95, 0.025] : [0.95, 0.025, 0.025]);
    });

  it('length normalisation (alpha = 1) turns the winner from the short [EOS] into the long 1 1 1 EOS', async () => {
    const plain = await beamSearch(step, { beamWidth: 2, maxLength: 4, eosToken: 0 });
    expect(plain[0].tokens).toEqual([0]);
    expect(plain[0].logProb).toBeCloseTo(Math.log(0.4), 12);
    const normed = await beamSearch(step, { beamWidth: 2, maxLength: 4, eosToken: 0, lengthPenalty: 1 });
    expect(normed[0].tokens).toEqual([1, 1, 1, 0]);
    const lp = Math.log(0.35) + 3 * Math.log(0.95);
    expect(normed[0].logProb).toBeCloseTo(lp, 12);
    expect(normed[0].score).toBeCloseTo(lp / gnmtLengthPenalty(4, 1), 12);
    expect(gnmtLengthPenalty(4, 1)).toBeCloseTo(9 / 6, 15);
  });

  it('the coverage penalty prefers the hypothesis that attended to every source position', async () => {
    // Two tokens equally likely; token 1 attends to source position 0 only, token 2 to positions 0 and 1.
    const cov: BeamStepFn = (prefixes) => ({
      logProbs: prefixes.map(() => L([0.2, 0.4, 0.4])),
      attention: prefixes.map((p) => (p.length === 0 ? [0.5, 0.5] : p[p.length - 1] === 1 ? [1, 0] : [0.5, 0.5])),
    });
    const plain = await beamSearch(cov, { beamWidth: 2, maxLength: 2, nBest: 2 });
    expect(plain[0].tokens).toEqual([1, 1]); // a tie broken towards the lower token id
    const hyps = await beamSearch(cov, { beamWidth: 4, maxLength: 2, nBest: 4, coveragePenalty: 0.5 });
    // [2, x]: the attention of step 0 ([0.5, 0.5]) and step 1 ([0.5, 0.5] after a 2) covers both positions.
    expect(hyps[0].tokens).toEqual([2, 1]);
    expect(hyps[0].score).toBeCloseTo(2 * Math.log(0.4), 12);
    const last = hyps.find((h) => h.tokens.join() === '1,1')!;
    expect(last.score).toBeCloseTo(2 * Math.log(0.4) + 0.5 * (Math.log(1) + Math.log(0.5)), 12);
  });

  it('diverse groups return distinct hypotheses where plain beam search returns near-duplicates', async () => {
    // One token dominates every step, so the plain beams differ only in their last tokens.
    const peaked: BeamStepFn = (prefixes) => prefixes.map(() => L([0.7, 0.1, 0.1, 0.1]));
    const plain = await beamSearch(peaked, { beamWidth: 3, maxLength: 3, nBest: 3 });
    expect(plain.map((h) => h.tokens[0])).toEqual([0, 0, 0]);
    const diverse = await beamSearch(peaked, { beamWidth: 3, maxLength: 3, nBest: 3, numGroups: 3, diversityStrength: 5 });
    expect(new Set(diverse.map((h) => h.tokens.join())).size).toBe(3);
    expect(new Set(diverse.map((h) => h.tokens[0])).size).toBe(3);
    expect(new Set(diverse.map((h) => h.group))).toEqual(new Set([0, 1, 2]));
    // Scores stay true log-probabilities: the diversity term only steers the choice.
    for (const h of diverse) expect(h.score).toBeCloseTo(h.tokens.reduce((s, t) => s + Math.log([0.7, 0.1, 0.1, 0.1][t]), 0), 12);
  });
});

describe('beamSearch: bad input', () => {
  const ok = hashedStep(3, 1);
  it('rejects beamWidth < 1, maxLength < 1, groups that do not divide the beam, nBest > beamWidth', async () => {
    await expect(beamSearch(ok, { beamWidth: 0, maxLength: 3 })).rejects.toThrow(/beamWidth must be an integer >= 1, got 0/);
    await expect(beamSearch(ok, { beamWidth: 2, maxLength: 0 })).rejects.toThrow(/maxLength must be an integer >= 1, got 0/);
    await expect(beamSearch(ok, { beamWidth: 3, maxLength: 2, numGroups: 2 })).rejects.toThrow(/multiple of numGroups/);
    await expect(beamSearch(ok, { beamWidth: 2, maxLength: 2, nBest: 3 })).rejects.toThrow(/nBest 3 exceeds beamWidth 2/);
    await expect(greedyDecode(ok, { maxLength: 0 })).rejects.toThrow(/maxLength/);
  });
  it('rejects a step callback returning the wrong shape, NaN or positive values', async () => {
    await expect(beamSearch(() => [L([0.5, 0.5]), L([0.5, 0.5])], { maxLength: 2 })).rejects.toThrow(/must have 1 row\(s\).*got 2/);
    await expect(beamSearch(() => ({ data: new Float32Array(4), shape: [2, 2] }), { maxLength: 2 })).rejects.toThrow(/shape \[1, V\].*\[2, 2\]/);
    await expect(beamSearch(() => tensor([[-1, -1, -1]]), { maxLength: 2, vocabSize: 4 })).rejects.toThrow(/shape \[1, 4\].*\[1, 3\]/);
    let t = 0;
    const growing: BeamStepFn = (p) => p.map(() => L(t++ === 0 ? [0.5, 0.5] : [0.2, 0.3, 0.5]));
    await expect(beamSearch(growing, { beamWidth: 2, maxLength: 3 })).rejects.toThrow(/step 1 .*shape \[2, 2\].*\[2, 3\]/);
    await expect(beamSearch(() => [[Number.NaN, 0]], { maxLength: 2 })).rejects.toThrow(/NaN at row 0, column 0/);
    await expect(beamSearch(() => [[1, 2]], { maxLength: 2 })).rejects.toThrow(/log-probabilities \(pass normalize/);
    const hyps = await beamSearch(() => [[1, 2]], { maxLength: 1, normalize: true });
    expect(hyps[0].tokens).toEqual([1]);
  });
  it('rejects bos/eos tokens outside the vocabulary', async () => {
    await expect(beamSearch(ok, { maxLength: 2, eosToken: 3 })).rejects.toThrow(/eosToken 3 is outside the vocabulary 0..2/);
    await expect(beamSearch(ok, { maxLength: 2, bosToken: -1, vocabSize: 3 })).rejects.toThrow(/bosToken -1 is outside/);
    await expect(greedyDecode(ok, { maxLength: 2, eosToken: 7 })).rejects.toThrow(/eosToken 7 is outside/);
    await expect(beamSearch(ok, { maxLength: 2, coveragePenalty: 1 })).rejects.toThrow(/coveragePenalty needs .*attention/);
  });
});

describe('sampling', () => {
  it('temperature 0 is argmax; top-k 1 is argmax; samples follow the distribution; seeded runs repeat', () => {
    const lp = L([0.1, 0.6, 0.3]);
    expect(sampleToken(lp, { temperature: 0 })).toBe(1);
    expect(sampleToken(lp, { topK: 1, generator: new Generator(3) })).toBe(1);
    const g = new Generator(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleToken(lp, { generator: g })]++;
    expect(counts[0] / 20000).toBeCloseTo(0.1, 1);
    expect(counts[1] / 20000).toBeCloseTo(0.6, 1);
    const top2 = [0, 0, 0];
    for (let i = 0; i < 5000; i++) top2[sampleToken(lp, { topK: 2, generator: g })]++;
    expect(top2[0]).toBe(0);
    // temperature 2 flattens: p ~ sqrt(p) renormalised
    const hot = [0, 0, 0];
    for (let i = 0; i < 20000; i++) hot[sampleToken(lp, { temperature: 2, generator: g })]++;
    const s = Math.sqrt(0.1) + Math.sqrt(0.6) + Math.sqrt(0.3);
    expect(hot[0] / 20000).toBeCloseTo(Math.sqrt(0.1) / s, 1);
    expect(() => sampleToken(lp, { temperature: -1 })).toThrow(/temperature/);
  });
  it('sampleDecode repeats with the same seed and reports the model log-probability', async () => {
    const step = hashedStep(4, 9);
    const a = await sampleDecode(step, { maxLength: 5, eosToken: 0, generator: new Generator(1), temperature: 1.5, topK: 3 });
    const b = await sampleDecode(step, { maxLength: 5, eosToken: 0, generator: new Generator(1), temperature: 1.5, topK: 3 });
    expect(a).toEqual(b);
    let lp = 0;
    for (let i = 0; i < a.tokens.length; i++) lp += (step([a.tokens.slice(0, i)], { step: i, parents: [0] }) as number[][])[0][a.tokens[i]];
    expect(a.logProb).toBeCloseTo(lp, 12);
  });
});
