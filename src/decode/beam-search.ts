// Beam search over a step callback (prefixes -> log-probabilities [k, V]), with GNMT's length and coverage penalties
// (Wu et al. 2016), diverse beam search (Vijayakumar et al. 2016, Hamming diversity) and an exact early stop.
// Scores are sums of natural-log probabilities: higher is better. Twins: sampling.ts (greedy, sampling),
// step-output.ts (reading the callback's result), nn/seq2seq.ts (the model's batched on-device beam search).
import { ArgumentError, IndexError, describeValue } from '../errors.ts';
import { type StepOutput, readRows, splitStepOutput } from './step-output.ts';

export interface BeamStepContext {
  /** 0 for the first call (one prefix: [bos] or []), then 1, 2, ... */
  step: number;
  /**
   * For each prefix of this call, the row of the previous call's prefixes it extends (all 0 on the first call).
   * A stateful model reorders its recurrent state with it (state = gather(state, parents)).
   */
  parents: readonly number[];
}

export type BeamStepFn = (prefixes: number[][], context: BeamStepContext) => StepOutput | Promise<StepOutput>;

export interface BeamSearchOptions {
  /** Hypotheses kept per step, over all groups (default 4). */
  beamWidth?: number;
  /** Most tokens generated per hypothesis, EOS included, BOS not (required). */
  maxLength: number;
  /** Starts every prefix (not part of the returned tokens). Without it the first call gets one empty prefix. */
  bosToken?: number;
  /** Ends a hypothesis. Without it every hypothesis runs to maxLength. */
  eosToken?: number;
  /** Vocabulary size, to check bos/eos before the first call (otherwise taken from the first result). */
  vocabSize?: number;
  /** GNMT alpha: score = logProb / lp(Y), lp(Y) = ((5 + |Y|) / 6)^alpha, |Y| counting EOS (default 0: none). */
  lengthPenalty?: number;
  /** GNMT beta >= 0: adds beta * sum_i log(min(sum_j a_ij, 1)); needs attention [k, S] from the callback (default 0). */
  coveragePenalty?: number;
  /** Diverse beam search: beamWidth is split into this many groups of beamWidth / numGroups (default 1). */
  numGroups?: number;
  /** lambda: a token already chosen at this step by an earlier group costs lambda per choice (default 0.5). */
  diversityStrength?: number;
  /**
   * false (default): stop a group only when no live beam can still beat its best finished ones (an upper bound
   * on their final score), so the result equals running to maxLength (for one group). true: stop as soon as a
   * group has beamWidth / numGroups finished hypotheses (faster, may miss a longer, better one).
   */
  earlyStopping?: boolean;
  /** Hypotheses returned, best first (default 1, at most beamWidth). */
  nBest?: number;
  /** Log-softmax each row of the callback's result (for raw scores). Otherwise rows must be log-probs (<= 0). */
  normalize?: boolean;
}

export interface BeamHypothesis {
  /** Generated tokens, BOS excluded, EOS included when the hypothesis ended with it. */
  tokens: number[];
  /** Ranking score: logProb / lp(Y) + cp (equal to logProb without penalties). */
  score: number;
  /** Sum of the log-probabilities of the tokens. */
  logProb: number;
  /** True when ended by EOS, false when cut at maxLength. */
  finished: boolean;
  /** Diverse beam search group it came from (0 without groups). */
  group: number;
}

interface Beam {
  tokens: number[];
  logProb: number;
  /** Attention mass per source position, summed over the generated steps (coverage penalty only). */
  coverage: Float64Array | null;
  /** Row of this beam in the current call's prefixes. */
  row: number;
}

interface Candidate {
  beam: Beam;
  token: number;
  logProb: number;
  coverage: Float64Array | null;
  score: number;
  rank: number;
}

const OP = 'beamSearch';

/** GNMT's length normaliser lp(Y) = ((5 + |Y|) / (5 + 1))^alpha. */
export function gnmtLengthPenalty(length: number, alpha: number): number {
  return alpha === 0 ? 1 : ((5 + length) / 6) ** alpha;
}

/** GNMT's coverage penalty beta * sum_i log(min(c_i, 1)); c_i below 1e-10 counts as 1e-10 so it stays finite. */
export function gnmtCoveragePenalty(coverage: ArrayLike<number> | null, beta: number): number {
  if (!coverage || beta === 0) return 0;
  let s = 0;
  for (let i = 0; i < coverage.length; i++) s += Math.log(Math.max(Math.min(coverage[i], 1), 1e-10));
  return beta * s;
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new ArgumentError(`${OP}: ${name} must be an integer >= ${min}, got ${v}`);
}

function checkToken(name: string, v: number | undefined, vocab: number): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v < vocab)) {
    throw new IndexError(`${OP}: ${name} ${v} is outside the vocabulary 0..${vocab - 1}`);
  }
}

/** Runs beam search; returns up to nBest hypotheses, best score first. */
export async function beamSearch(step: BeamStepFn, options: BeamSearchOptions): Promise<BeamHypothesis[]> {
  if (typeof step !== 'function') throw new ArgumentError(`${OP}: step must be a function (prefixes, context) -> log-probabilities, got ${describeValue(step)}`);
  if (options === null || typeof options !== 'object') throw new ArgumentError(`${OP}: options must be an object with maxLength, got ${describeValue(options)}`);
  const width = options.beamWidth ?? 4;
  const maxLength = options.maxLength;
  const groups = options.numGroups ?? 1;
  const alpha = options.lengthPenalty ?? 0;
  const beta = options.coveragePenalty ?? 0;
  const lambda = options.diversityStrength ?? 0.5;
  const nBest = options.nBest ?? 1;
  const exactStop = !(options.earlyStopping ?? false);
  const { bosToken, eosToken } = options;
  checkInt('beamWidth', width, 1);
  checkInt('maxLength', maxLength, 1);
  checkInt('numGroups', groups, 1);
  checkInt('nBest', nBest, 1);
  if (width % groups !== 0) throw new ArgumentError(`${OP}: beamWidth ${width} must be a multiple of numGroups ${groups}`);
  if (nBest > width) throw new ArgumentError(`${OP}: nBest ${nBest} exceeds beamWidth ${width}`);
  if (typeof alpha !== 'number' || typeof lambda !== 'number') throw new ArgumentError(`${OP}: lengthPenalty and diversityStrength must be numbers`);
  if (!(lambda >= 0)) throw new ArgumentError(`${OP}: diversityStrength must be >= 0, got ${lambda}`);
  if (!(beta >= 0)) throw new ArgumentError(`${OP}: coveragePenalty must be >= 0, got ${beta}`);
  if (!Number.isFinite(alpha) || !Number.isFinite(lambda)) throw new ArgumentError(`${OP}: lengthPenalty and diversityStrength must be finite`);
  let vocab = options.vocabSize;
  if (vocab !== undefined) {
    checkInt('vocabSize', vocab, 1);
    checkToken('bosToken', bosToken, vocab);
    checkToken('eosToken', eosToken, vocab);
  }
  const per = width / groups;
  const scoreOf = (logProb: number, length: number, coverage: Float64Array | null): number =>
    logProb / gnmtLengthPenalty(length, alpha) + gnmtCoveragePenalty(coverage, beta);
  // Upper bound on the final score of a live beam: log-probs are <= 0, so logProb can only fall; with alpha >= 0
  // dividing by the largest lp (at maxLength) is most favourable; coverage can only rise, at most to 0.
  const bound = (b: Beam): number => b.logProb / gnmtLengthPenalty(alpha >= 0 ? maxLength : b.tokens.length + 1, alpha);

  const root: Beam = { tokens: [], logProb: 0, coverage: null, row: 0 };
  const live: Beam[][] = Array.from({ length: groups }, () => [root]);
  const finished: BeamHypothesis[][] = Array.from({ length: groups }, () => []);
  const done: boolean[] = new Array<boolean>(groups).fill(false);
  let parents: number[] = [0];
  let sourceLength: number | undefined; // attention width, fixed by the first step
  let prefixes: number[][] = [bosToken === undefined ? [] : [bosToken]];

  for (let t = 0; t < maxLength && prefixes.length > 0; t++) {
    const { logProbs, attention } = splitStepOutput(await step(prefixes.map((p) => [...p]), { step: t, parents }));
    const lp = await readRows(OP, `step ${t} log-probabilities`, logProbs, prefixes.length, vocab);
    if (vocab === undefined) {
      vocab = lp.cols;
      checkToken('bosToken', bosToken, vocab);
      checkToken('eosToken', eosToken, vocab);
    }
    const V = vocab;
    const rowLogProbs = normalizeRows(lp.data, prefixes.length, V, options.normalize ?? false, t);
    let att: { data: ArrayLike<number>; cols: number } | null = null;
    if (beta > 0) {
      if (!attention) throw new ArgumentError(`${OP}: coveragePenalty needs the step callback to return { logProbs, attention }`);
      att = await readRows(OP, `step ${t} attention`, attention, prefixes.length, sourceLength);
      sourceLength = att.cols;
    }
    const chosenAtStep = new Float64Array(V); // tokens picked by earlier groups at this step (Hamming diversity)
    const nextPrefixes: number[][] = [];
    const nextParents: number[] = [];
    for (let g = 0; g < groups; g++) {
      if (done[g]) continue;
      const cands: Candidate[] = [];
      for (const beam of live[g]) {
        const cov = att ? addCoverage(beam.coverage, att.data, att.cols, beam.row) : null;
        for (let v = 0; v < V; v++) {
          const l = rowLogProbs[beam.row * V + v];
          if (l === Number.NEGATIVE_INFINITY) continue; // an impossible token never enters a beam
          const logProb = beam.logProb + l;
          const score = scoreOf(logProb, beam.tokens.length + 1, cov);
          cands.push({ beam, token: v, logProb, coverage: cov, score, rank: score - lambda * chosenAtStep[v] });
        }
      }
      // Stable sort: ties keep the earlier beam, then the lower token id (deterministic on every backend).
      cands.sort((a, b) => b.rank - a.rank);
      const next: Beam[] = [];
      let taken = 0; // non-EOS candidates taken: live ones, and at the last step those cut at maxLength
      for (let i = 0; i < cands.length && taken < per; i++) {
        const c = cands[i];
        const tokens = [...c.beam.tokens, c.token];
        if (c.token === eosToken) {
          // As in Hugging Face's beam scorer, an EOS only counts while it ranks among the group's top `per`.
          if (i < per) {
            finished[g].push({ tokens, score: c.score, logProb: c.logProb, finished: true, group: g });
            chosenAtStep[c.token]++;
          }
          continue;
        }
        taken++;
        chosenAtStep[c.token]++;
        if (tokens.length === maxLength) {
          finished[g].push({ tokens, score: c.score, logProb: c.logProb, finished: false, group: g });
          continue;
        }
        next.push({ tokens, logProb: c.logProb, coverage: c.coverage, row: nextPrefixes.length });
        nextPrefixes.push(bosToken === undefined ? tokens : [bosToken, ...tokens]);
        nextParents.push(c.beam.row);
      }
      live[g] = next;
      finished[g].sort((a, b) => b.score - a.score);
      finished[g].length = Math.min(finished[g].length, per);
      const full = finished[g].length >= per;
      const worst = full ? finished[g][per - 1].score : Number.NEGATIVE_INFINITY;
      if (next.length === 0 || (full && (!exactStop || next.every((b) => bound(b) <= worst)))) {
        done[g] = true;
        // Rows already added for this group stay in the call (their results are ignored) only if we dropped
        // them here; remove them so the callback never computes unused prefixes.
        const firstRow = next.length ? next[0].row : nextPrefixes.length;
        nextPrefixes.length = firstRow;
        nextParents.length = firstRow;
        live[g] = [];
      }
    }
    prefixes = nextPrefixes;
    parents = nextParents;
  }
  const all = finished.flat().sort((a, b) => b.score - a.score);
  return all.slice(0, nBest);
}

/** Row-wise log-softmax when asked; otherwise checks the rows are log-probabilities (<= 0, small slack). */
function normalizeRows(data: ArrayLike<number>, rows: number, V: number, normalize: boolean, t: number): Float64Array {
  const out = Float64Array.from(data);
  for (let r = 0; r < rows; r++) {
    const base = r * V;
    if (normalize) {
      let m = Number.NEGATIVE_INFINITY;
      for (let v = 0; v < V; v++) m = Math.max(m, out[base + v]);
      let s = 0;
      for (let v = 0; v < V; v++) s += Math.exp(out[base + v] - m);
      const lse = m + Math.log(s);
      for (let v = 0; v < V; v++) out[base + v] -= lse;
    } else {
      for (let v = 0; v < V; v++) {
        if (out[base + v] > 1e-4) {
          throw new ArgumentError(`${OP}: step ${t} returned ${out[base + v]} > 0 at row ${r}, token ${v}; rows must be log-probabilities (pass normalize: true for raw scores)`);
        }
      }
    }
  }
  return out;
}

function addCoverage(prev: Float64Array | null, att: ArrayLike<number>, S: number, row: number): Float64Array {
  const out = new Float64Array(S);
  for (let i = 0; i < S; i++) out[i] = (prev ? prev[i] : 0) + att[row * S + i];
  return out;
}
