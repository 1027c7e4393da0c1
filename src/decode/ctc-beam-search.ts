// CTC prefix beam search (Hannun et al. 2014, "First-pass large vocabulary continuous speech recognition using
// bi-directional recurrent DNNs"), CPU, log space. Twins: src/decode/ctc-greedy.ts (best path),
// src/backends/cpu/ctc.ts (the loss, whose alpha recursion this search is a pruned version of).
// Two forms: ctcBeamSearch(logProbs tensor [T, N, C], inputLengths, options), as ctcGreedyDecode, and
// ctcBeamSearchRaw(Float32Array | Float64Array, T, N, C, inputLengths, options) for data already on the host.
// Unlike greedy decoding it sums over the paths of a labelling, so it can find a labelling whose single best
// path is not the best path overall.

import { Tensor } from '../tensor.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, DTypeError, DisposedError, IndexError, ShapeError, describeValue } from '../errors.ts';
import { checkOptions, checkRange } from '../nn/check.ts';

export interface CtcLanguageModel {
  /** log P(nextToken | prefix) under the language model (natural log). */
  score(prefix: number[], nextToken: number): number;
  /** multiplies the LM log probability (alpha in shallow fusion) */
  weight: number;
  /** added per emitted token (beta): counters the LM's bias towards short outputs */
  insertionBonus: number;
}

export interface CtcBeamSearchOptions {
  /** Prefixes kept per frame (default 8). */
  beamWidth?: number;
  /** Class index of the blank (default 0). */
  blank?: number;
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
 * Prefix beam search on a tensor, the same calling form as ctcGreedyDecode: logProbs [T, N, C] (log-softmax
 * outputs, float32, any device), inputLengths [N] (Int32Array, number[] or an int32 tensor), options (beamWidth
 * default 8, blank default 0). The search itself runs on the host (it is a pruned sum over paths with a hash map of
 * prefixes, not a data-parallel kernel), so the [T, N, C] block is read back once. Returns, per batch item, up to
 * beamWidth hypotheses, best first.
 */
export async function ctcBeamSearch(
  logProbs: Tensor,
  inputLengths: Int32Array | readonly number[] | Tensor,
  options: CtcBeamSearchOptions = {},
): Promise<CtcBeamHypothesis[][]> {
  const who = 'ctcBeamSearch';
  if (!(logProbs instanceof Tensor)) {
    throw new ArgumentError(`${who}: logProbs must be a Tensor [T, N, C], got ${describeValue(logProbs)}${ArrayBuffer.isView(logProbs) ? ' (for raw arrays use ctcBeamSearchRaw(data, T, N, C, inputLengths, options))' : ''}`);
  }
  if (logProbs.disposed) throw new DisposedError(`${who}: logProbs Tensor#${logProbs.id} ${fmtShape(logProbs.shape)} was used after dispose()`);
  if (logProbs.dtype !== 'float32') throw new DTypeError(`${who}: logProbs must be float32, got ${logProbs.dtype} ${fmtShape(logProbs.shape)}`);
  if (logProbs.ndim !== 3) throw new ShapeError(`${who}: logProbs must be [T, N, C], got ${fmtShape(logProbs.shape)}`);
  checkOptions(who, options);
  const [T, N, C] = logProbs.shape;
  let il: Int32Array;
  if (inputLengths instanceof Tensor) {
    if (inputLengths.dtype !== 'int32') throw new DTypeError(`${who}: inputLengths must be int32, got ${inputLengths.dtype} ${fmtShape(inputLengths.shape)}`);
    il = inputLengths.hostData ?? Int32Array.from(await inputLengths.data());
  } else {
    il = hostLengths(who, inputLengths);
  }
  // Options are checked before the read-back, so a bad call costs nothing on the device.
  checkBeamArgs(who, T, N, C, il, options);
  const data = (await logProbs.data()) as Float32Array;
  return search(data, T, N, C, il, options);
}

/**
 * The raw-array form: logProbs flat [T, N, C] (Float32Array or Float64Array, e.g. exact probabilities in tests),
 * T, N, C, inputLengths [N]. Synchronous; the same search and results as ctcBeamSearch.
 * With an lm, extending a prefix by token c adds weight * lm.score(prefix, c) + insertionBonus to the
 * extension's mass (shallow fusion); merging a repeat into the same prefix adds nothing, since no token is
 * emitted. A large enough beam (>= all prefixes) makes the scores exact: log P(labelling | x).
 */
export function ctcBeamSearchRaw(
  logProbs: Float32Array | Float64Array,
  T: number,
  N: number,
  C: number,
  inputLengths: Int32Array | readonly number[],
  opts: CtcBeamSearchOptions = {},
): CtcBeamHypothesis[][] {
  const who = 'ctcBeamSearchRaw';
  if (!(logProbs instanceof Float32Array || logProbs instanceof Float64Array)) {
    throw new ArgumentError(`${who}: logProbs must be a Float32Array or Float64Array [T, N, C], got ${describeValue(logProbs)}${(logProbs as unknown) instanceof Tensor ? ' (for tensors use ctcBeamSearch(logProbs, inputLengths, options))' : ''}`);
  }
  for (const [name, v] of [['T', T], ['N', N], ['C', C]] as const) checkRange(who, name, v, { min: name === 'C' ? 1 : 0, integer: true });
  if (logProbs.length !== T * N * C) throw new ShapeError(`${who}: logProbs has ${logProbs.length} elements, expected T*N*C = ${T * N * C}`);
  const il = hostLengths(who, inputLengths);
  checkBeamArgs(who, T, N, C, il, opts);
  return search(logProbs, T, N, C, il, opts);
}

function hostLengths(who: string, v: Int32Array | readonly number[]): Int32Array {
  if (!(v instanceof Int32Array) && !Array.isArray(v)) {
    throw new ArgumentError(`${who}: inputLengths must be an Int32Array, a number[] or an int32 tensor, got ${describeValue(v)}`);
  }
  Array.from(v as ArrayLike<number>).forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x)) throw new ArgumentError(`${who}: inputLengths[${i}] = ${describeValue(x)} is not an integer`);
  });
  return Int32Array.from(v);
}

function checkBeamArgs(who: string, T: number, N: number, C: number, il: Int32Array, opts: CtcBeamSearchOptions): void {
  if (il.length !== N) throw new ShapeError(`${who}: inputLengths has ${il.length} entries, N is ${N}`);
  il.forEach((len, n) => {
    if (len < 0 || len > T) throw new IndexError(`${who}: inputLengths[${n}] = ${len} is outside [0, ${T}]`);
  });
  checkOptions(who, opts);
  checkRange(who, 'beamWidth', opts.beamWidth ?? DEFAULT_BEAM_WIDTH, { min: 1, integer: true });
  const blank = opts.blank ?? 0;
  if (typeof blank !== 'number' || !Number.isInteger(blank)) throw new ArgumentError(`${who}: blank must be an integer, got ${describeValue(blank)}`);
  if (blank < 0 || blank >= C) throw new IndexError(`${who}: blank ${blank} is outside [0, ${C})`);
  if (opts.pruneThreshold !== undefined) checkRange(who, 'pruneThreshold', opts.pruneThreshold, {});
  const lm = opts.lm;
  if (lm !== undefined) {
    if (lm === null || typeof lm !== 'object' || typeof lm.score !== 'function') {
      throw new ArgumentError(`${who}: lm must be an object with a score(prefix, next) function, got ${describeValue(lm)}`);
    }
    checkRange(who, 'lm.weight', lm.weight, { finite: true });
    checkRange(who, 'lm.insertionBonus', lm.insertionBonus, { finite: true });
  }
}

const DEFAULT_BEAM_WIDTH = 8;

function search(
  logProbs: Float32Array | Float64Array, T: number, N: number, C: number, inputLengths: Int32Array, opts: CtcBeamSearchOptions,
): CtcBeamHypothesis[][] {
  const beamWidth = opts.beamWidth ?? DEFAULT_BEAM_WIDTH;
  const blank = opts.blank ?? 0;
  const { lm } = opts;
  const threshold = opts.pruneThreshold ?? NEG_INF;
  const results: CtcBeamHypothesis[][] = [];
  for (let n = 0; n < N; n++) {
    const len = inputLengths[n];
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
