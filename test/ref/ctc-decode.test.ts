// Tests of CTC decoding (src/decode): the collapse map, greedy best path, and prefix beam search checked
// against brute force (every path enumerated, probabilities summed per labelling) on tiny inputs, including
// cases where beam search beats greedy, repeats, pruning, and the language-model hook (shallow fusion).
import { describe, expect, it } from 'vitest';
import { collapseCtcPath, ctcBeamSearch, ctcBeamSearchRaw, ctcGreedyDecode } from '../../src/decode/index.ts';
import { init, tensor } from '../../src/index.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** [T][C] probability table -> log-probs [T, 1, C]. */
const logTable = (table: number[][]): Float64Array => Float64Array.from(table.flat().map(Math.log));

/** Random [T][C] probability rows; `peak` > 0 makes one random class take that much of the mass. */
function randomTable(r: () => number, T: number, C: number, peak = 0): number[][] {
  return Array.from({ length: T }, () => {
    const row = Array.from({ length: C }, () => r() + 0.05);
    const s = row.reduce((a, b) => a + b, 0);
    const norm = row.map((v) => ((1 - peak) * v) / s);
    if (peak > 0) norm[Math.floor(r() * C)] += peak;
    return norm;
  });
}

/** Brute force: P(labelling) for every labelling, summing the probabilities of all C^T paths that map to it. */
function labellingProbs(table: number[][], blank: number): Map<string, number> {
  const T = table.length;
  const C = table[0].length;
  const out = new Map<string, number>();
  for (let k = 0; k < C ** T; k++) {
    const path: number[] = [];
    let rest = k;
    let p = 1;
    for (let t = 0; t < T; t++) {
      path.push(rest % C);
      p *= table[t][rest % C];
      rest = Math.floor(rest / C);
    }
    const key = collapseCtcPath(path, blank).join(',');
    out.set(key, (out.get(key) ?? 0) + p);
  }
  return out;
}

function bestLabelling(probs: Map<string, number>): { key: string; p: number } {
  let best = { key: '', p: -1 };
  for (const [key, p] of probs) if (p > best.p) best = { key, p };
  return best;
}

describe('collapseCtcPath', () => {
  it.each([
    [[0, 1, 1, 0, 2, 2, 2, 0], 0, [1, 2]],
    [[1, 0, 1], 0, [1, 1]], // a blank between equal labels keeps both
    [[1, 1, 1], 0, [1]],
    [[0, 0, 0], 0, []],
    [[], 0, []],
    [[2, 2, 0, 0, 1], 2, [0, 1]], // blank 2: label 0 is an ordinary class
    [[0, 2, 0], 2, [0, 0]],
  ])('%j (blank %i) -> %j', (path, blank, want) => {
    expect(collapseCtcPath(path, blank)).toEqual(want);
  });
});

describe('ctcGreedyDecode', () => {
  it('best path per item, honouring inputLengths', () => {
    // T=4, N=2, C=3; item 1 only has 2 valid frames, so its later frames are ignored
    const T = 4, N = 2, C = 3;
    const arg = [[1, 2], [1, 2], [0, 1], [2, 1]]; // arg[t][n]
    const lp = new Float32Array(T * N * C).fill(Math.log(0.1));
    for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) lp[(t * N + n) * C + arg[t][n]] = Math.log(0.8);
    expect(ctcGreedyDecode(lp, T, N, C, Int32Array.of(4, 2), 0)).toEqual([[1, 2], [2]]);
  });
});

describe('ctcBeamSearchRaw against brute force', () => {
  it('finds "a" where greedy returns the empty labelling (T=2, P(blank)=0.6 every frame)', () => {
    const table = [[0.6, 0.4], [0.6, 0.4]];
    const lp = logTable(table);
    expect(ctcGreedyDecode(lp, 2, 1, 2, Int32Array.of(2), 0)).toEqual([[]]); // best path (-,-): 0.36
    const probs = labellingProbs(table, 0); // "a": a-, -a, aa = 0.24 + 0.24 + 0.16 = 0.64
    expect(bestLabelling(probs).key).toBe('1');
    expect(probs.get('1')).toBeCloseTo(0.64, 14);
    const [hyps] = ctcBeamSearchRaw(lp, 2, 1, 2, Int32Array.of(2), { beamWidth: 2, blank: 0 });
    expect(hyps[0].tokens).toEqual([1]);
    expect(hyps[0].score).toBeCloseTo(Math.log(0.64), 12);
    expect(hyps[1].tokens).toEqual([]);
    expect(hyps[1].score).toBeCloseTo(Math.log(0.36), 12);
  });

  it('a wide beam is exact: every labelling with its probability, and they sum to 1', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const r = rng(seed);
      const T = 4, C = 3, blank = seed % C;
      const table = randomTable(r, T, C);
      const probs = labellingProbs(table, blank);
      const [hyps] = ctcBeamSearchRaw(logTable(table), T, 1, C, Int32Array.of(T), { beamWidth: 1000, blank });
      expect(hyps.length).toBe(probs.size);
      let sum = 0;
      for (const h of hyps) {
        expect(h.score).toBeCloseTo(Math.log(probs.get(h.tokens.join(',')) ?? 0), 12);
        sum += Math.exp(h.score);
      }
      expect(sum).toBeCloseTo(1, 12);
      for (let i = 1; i < hyps.length; i++) expect(hyps[i - 1].score).toBeGreaterThanOrEqual(hyps[i].score);
    }
  });

  it('on random tiny inputs where greedy misses the best labelling, a beam of 4 finds it', () => {
    let beaten = 0;
    for (let seed = 100; seed < 400; seed++) {
      const r = rng(seed);
      const T = 5, C = 3;
      const table = randomTable(r, T, C);
      const lp = logTable(table);
      const best = bestLabelling(labellingProbs(table, 0));
      const greedy = ctcGreedyDecode(lp, T, 1, C, Int32Array.of(T), 0)[0].join(',');
      if (greedy === best.key) continue;
      const [hyps] = ctcBeamSearchRaw(lp, T, 1, C, Int32Array.of(T), { beamWidth: 4, blank: 0 });
      if (hyps[0].tokens.join(',') === best.key) {
        beaten++;
        // mass of paths pruned along the way is lost, so a narrow beam's score is a lower bound
        expect(hyps[0].score).toBeLessThanOrEqual(Math.log(best.p) + 1e-12);
      }
    }
    // a narrow beam is still a heuristic; what matters is that such cases exist and are found
    expect(beaten).toBeGreaterThan(10);
  });

  it('repeated labels: [a, -, a] decodes to "aa"; [a, a, -] to "a"', () => {
    const hi = 0.9, lo = 0.1;
    const aa = [[lo, hi], [hi, lo], [lo, hi]]; // frames favour a, blank, a
    const [h1] = ctcBeamSearchRaw(logTable(aa), 3, 1, 2, Int32Array.of(3), { beamWidth: 3, blank: 0 });
    expect(h1[0].tokens).toEqual([1, 1]);
    expect(h1[0].score).toBeCloseTo(Math.log(labellingProbs(aa, 0).get('1,1') ?? 0), 12);
    const a = [[lo, hi], [lo, hi], [hi, lo]];
    const [h2] = ctcBeamSearchRaw(logTable(a), 3, 1, 2, Int32Array.of(3), { beamWidth: 3, blank: 0 });
    expect(h2[0].tokens).toEqual([1]);
    expect(h2[0].score).toBeCloseTo(Math.log(labellingProbs(a, 0).get('1') ?? 0), 12);
  });

  it('honours inputLengths per batch item', () => {
    const T = 3, N = 2, C = 2;
    const r = rng(7);
    const lp = new Float64Array(T * N * C);
    for (let i = 0; i < T * N; i++) {
      const p = 0.1 + 0.8 * r();
      lp[i * C] = Math.log(p);
      lp[i * C + 1] = Math.log(1 - p);
    }
    const out = ctcBeamSearchRaw(lp, T, N, C, Int32Array.of(3, 2), { beamWidth: 100, blank: 0 });
    const item1 = [0, 1].map((t) => [0, 1].map((c) => Math.exp(lp[(t * N + 1) * C + c])));
    const probs = labellingProbs(item1, 0);
    expect(out[1].length).toBe(probs.size);
    for (const h of out[1]) expect(h.score).toBeCloseTo(Math.log(probs.get(h.tokens.join(',')) ?? 0), 12);
  });
});

describe('ctcBeamSearchRaw with beamWidth 1', () => {
  it('equals greedy on peaked outputs (argmax mass >= 0.9 per frame)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const T = 8, C = 4, N = 1;
      const table = randomTable(r, T, C, 0.9);
      const lp = logTable(table);
      const greedy = ctcGreedyDecode(lp, T, N, C, Int32Array.of(T), 0)[0];
      const [hyps] = ctcBeamSearchRaw(lp, T, N, C, Int32Array.of(T), { beamWidth: 1, blank: 0 });
      expect(hyps[0].tokens).toEqual(greedy);
    }
  });

  it('is not greedy in general: it keeps the most probable prefix, not the best path', () => {
    // blank 0, a 1, b 2. Best path a,b -> "ab" (0.5*0.4 = 0.2). But after frame 1 the prefix "a" holds
    // a- and aa: 0.5*0.35 + 0.5*0.25 = 0.3 > 0.2, so a one-wide beam keeps "a" (whose total, 0.375, is higher).
    const table = [[0.3, 0.5, 0.2], [0.35, 0.25, 0.4]];
    const lp = logTable(table);
    expect(ctcGreedyDecode(lp, 2, 1, 3, Int32Array.of(2), 0)).toEqual([[1, 2]]);
    const [hyps] = ctcBeamSearchRaw(lp, 2, 1, 3, Int32Array.of(2), { beamWidth: 1, blank: 0 });
    expect(hyps[0].tokens).toEqual([1]);
    expect(hyps[0].score).toBeCloseTo(Math.log(0.3), 12); // "-a" (0.075) was pruned at frame 1
    expect(labellingProbs(table, 0).get('1')).toBeCloseTo(0.375, 14);
  });
});

describe('ctcBeamSearchRaw options', () => {
  // T=1, blank 0, a 1, b 2: acoustics prefer "a" (0.45) over "b" (0.40)
  const table = [[0.15, 0.45, 0.4]];
  const lp = logTable(table);
  const run = (opts: Parameters<typeof ctcBeamSearchRaw>[5]) => ctcBeamSearchRaw(lp, 1, 1, 3, Int32Array.of(1), opts)[0];

  it('the lm hook changes the result: an LM that prefers b after the empty prefix', () => {
    expect(run({ beamWidth: 3, blank: 0 })[0].tokens).toEqual([1]);
    const seen: Array<[number[], number]> = [];
    const lm = {
      score(prefix: number[], next: number): number {
        seen.push([prefix, next]);
        return Math.log(next === 2 ? 0.9 : 0.1);
      },
      weight: 1,
      insertionBonus: 0,
    };
    const hyps = run({ beamWidth: 3, blank: 0, lm });
    expect(hyps[0].tokens).toEqual([2]);
    expect(hyps[0].score).toBeCloseTo(Math.log(0.4 * 0.9), 12);
    expect(hyps[1].tokens).toEqual([]); // 0.15: no token emitted, no LM factor
    expect(seen).toEqual([[[], 1], [[], 2]]); // asked once per extension, with the prefix being extended
  });

  it('weight scales the LM log probability and insertionBonus is added per emitted token', () => {
    const lm = { score: (_p: number[], next: number) => Math.log(next === 2 ? 0.9 : 0.1), weight: 0.5, insertionBonus: -3 };
    const hyps = run({ beamWidth: 3, blank: 0, lm });
    // every extension pays -3, so the empty labelling wins
    expect(hyps[0].tokens).toEqual([]);
    const b = hyps.find((h) => h.tokens.join(',') === '2');
    expect(b?.score).toBeCloseTo(Math.log(0.4) + 0.5 * Math.log(0.9) - 3, 12);
  });

  it('pruneThreshold skips unlikely non-blank classes', () => {
    const hyps = run({ beamWidth: 3, blank: 0, pruneThreshold: Math.log(0.42) });
    expect(hyps.map((h) => h.tokens)).toEqual([[1], []]);
  });

  it('errors', () => {
    expect(() => run({ beamWidth: 0, blank: 0 })).toThrow(/beamWidth must be an integer >= 1, got 0/);
    expect(() => run({ beamWidth: 1, blank: 3 })).toThrow(/blank 3 is outside \[0, 3\)/);
    expect(() => ctcBeamSearchRaw(lp, 1, 1, 3, Int32Array.of(2), { beamWidth: 1, blank: 0 })).toThrow(/inputLengths\[0\] = 2 is outside \[0, 1\]/);
  });
});

describe('ctcBeamSearch (tensor form, as ctcGreedyDecode)', () => {
  it('takes logProbs [T, N, C] as a tensor and gives what the raw form gives', async () => {
    const dev = await init('cpu');
    const r = rng(11);
    const T = 4, N = 2, C = 3;
    const lp = Float32Array.from([...randomTable(r, T, C), ...randomTable(r, T, C)].flat().map(Math.log));
    // two tables stacked per item: reorder to time-major [T, N, C]
    const tm = new Float32Array(T * N * C);
    for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) tm[(t * N + n) * C + c] = lp[(n * T + t) * C + c];
    const raw = ctcBeamSearchRaw(tm, T, N, C, Int32Array.of(4, 3), { beamWidth: 5, blank: 0 });
    const viaTensor = await ctcBeamSearch(tensor(tm, [T, N, C], { device: dev }), [4, 3], { beamWidth: 5 });
    expect(viaTensor).toEqual(raw);
    const viaLengthTensor = await ctcBeamSearch(tensor(tm, [T, N, C], { device: dev }), tensor(Int32Array.of(4, 3), { device: dev }), { beamWidth: 5, blank: 0 });
    expect(viaLengthTensor).toEqual(raw);
  });
});
