// CTC prefix beam search (Hannun et al. 2014, "First-pass large vocabulary continuous speech recognition using
// bi-directional recurrent DNNs"), CPU, log space. Twins: src/decode/ctc-greedy.ts (best path),
// src/backends/cpu/ctc.ts (the loss, whose alpha recursion this search is a pruned version of).
// Unlike greedy decoding it sums over the paths of a labelling, so it can find a labelling whose single best
// path is not the best path overall.

export interface CtcLanguageModel {
  /** log P(nextToken | prefix) under the language model (natural log). */
  score(prefix: number[], nextToken: number): number;
  /** multiplies the LM log probability (alpha in shallow fusion) */
  weight: number;
  /** added per emitted token (beta): counters the LM's bias towards short outputs */
  insertionBonus: number;
}

export interface CtcBeamSearchOptions {
  beamWidth: number;
  blank: number;
  /** log-probability floor: at a frame, non-blank classes below it are not tried (blank always is) */
  pruneThreshold?: number;
  lm?: CtcLanguageModel;
}

export interface CtcBeamHypothesis {
  tokens: number[];
  /** log of the prefix's total mass: log(P_blank + P_nonblank), LM terms included when an lm is given */
  score: number;
}

/**
 * A prefix carries two masses because the next symbol's effect depends on how the prefix ended:
 * pb = log P(paths so far collapse to `tokens` and end in blank), pnb = ... end in the last token.
 * Emitting the last token again extends the prefix only after a blank ([a, -, a] = "aa"); right after an `a`
 * it merges into the same prefix ([a, a] = "a").
 */
interface Beam {
  tokens: number[];
  pb: number;
  pnb: number;
}

const NEG_INF = Number.NEGATIVE_INFINITY;

function logAddExp(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

const total = (b: Beam): number => logAddExp(b.pb, b.pnb);

/** Deterministic order: higher mass first, then shorter, then lexicographically smaller token list. */
function compareBeams(x: Beam, y: Beam): number {
  const d = total(y) - total(x);
  if (d !== 0 && !Number.isNaN(d)) return d;
  if (x.tokens.length !== y.tokens.length) return x.tokens.length - y.tokens.length;
  for (let i = 0; i < x.tokens.length; i++) if (x.tokens[i] !== y.tokens[i]) return x.tokens[i] - y.tokens[i];
  return 0;
}

/** Candidate set for one frame, keyed by the token list, so paths that collapse alike share one entry. */
class BeamSet {
  private readonly map = new Map<string, Beam>();
  get(tokens: number[]): Beam {
    const key = tokens.join(',');
    let b = this.map.get(key);
    if (b === undefined) {
      b = { tokens, pb: NEG_INF, pnb: NEG_INF };
      this.map.set(key, b);
    }
    return b;
  }
  best(k: number): Beam[] {
    return [...this.map.values()].filter((b) => total(b) > NEG_INF).sort(compareBeams).slice(0, k);
  }
}

/**
 * logProbs: [T, N, C]. Returns, per batch item, up to beamWidth hypotheses sorted by score (best first).
 * With an lm, extending a prefix by token c adds weight * lm.score(prefix, c) + insertionBonus to the
 * extension's mass (shallow fusion); merging a repeat into the same prefix adds nothing, since no token is
 * emitted. A large enough beam (>= all prefixes) makes the scores exact: log P(labelling | x).
 */
export function ctcBeamSearch(
  logProbs: Float32Array | Float64Array,
  T: number,
  N: number,
  C: number,
  inputLengths: Int32Array,
  opts: CtcBeamSearchOptions,
): CtcBeamHypothesis[][] {
  const { beamWidth, blank, lm } = opts;
  const threshold = opts.pruneThreshold ?? NEG_INF;
  if (logProbs.length !== T * N * C) throw new Error(`ctcBeamSearch: logProbs has ${logProbs.length} elements, expected T*N*C = ${T * N * C}`);
  if (inputLengths.length !== N) throw new Error(`ctcBeamSearch: inputLengths has ${inputLengths.length} entries, N is ${N}`);
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new Error(`ctcBeamSearch: beamWidth must be an integer >= 1, got ${beamWidth}`);
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) throw new Error(`ctcBeamSearch: blank ${blank} is outside [0, ${C})`);

  const results: CtcBeamHypothesis[][] = [];
  for (let n = 0; n < N; n++) {
    const len = inputLengths[n];
    if (len < 0 || len > T) throw new Error(`ctcBeamSearch: inputLengths[${n}] = ${len} is outside [0, ${T}]`);
    // Before any frame: the empty prefix, "ending in blank" with probability 1 so any token may follow.
    let beams: Beam[] = [{ tokens: [], pb: 0, pnb: NEG_INF }];
    for (let t = 0; t < len; t++) {
      const next = new BeamSet();
      const base = (t * N + n) * C;
      for (const beam of beams) {
        const prefixTotal = total(beam);
        const last = beam.tokens.length > 0 ? beam.tokens[beam.tokens.length - 1] : -1;
        // blank: the prefix is unchanged and now ends in blank, whatever it ended in before
        const same = next.get(beam.tokens);
        same.pb = logAddExp(same.pb, prefixTotal + logProbs[base + blank]);
        for (let c = 0; c < C; c++) {
          if (c === blank) continue;
          const lp = logProbs[base + c];
          if (lp < threshold) continue;
          const fusion = lm === undefined ? 0 : lm.weight * lm.score(beam.tokens, c) + lm.insertionBonus;
          const ext = next.get([...beam.tokens, c]);
          if (c === last) {
            // a new copy of the last token needs a blank in between; right after the token it merges instead
            ext.pnb = logAddExp(ext.pnb, beam.pb + lp + fusion);
            same.pnb = logAddExp(same.pnb, beam.pnb + lp);
          } else {
            ext.pnb = logAddExp(ext.pnb, prefixTotal + lp + fusion);
          }
        }
      }
      beams = next.best(beamWidth);
    }
    results.push(beams.map((b) => ({ tokens: b.tokens, score: total(b) })));
  }
  return results;
}
