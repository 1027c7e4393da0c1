// Decoding an nn.Seq2Seq: batched greedy, and beam search with the k beams batched on the device. States are reordered
// by parent with gather on the device; the top candidates are picked on the device by one topk (one dispatch, whatever
// the beam width), and only their ids and scores (2k numbers) come back per step. Coverage penalty or diverse groups
// go through decode/beamSearch.
// Memory stays flat over any number of steps: each step is scoped, only reordered states survive, and the attention
// memory is repeated once per beam count, not copied per step (test/seq2seq/decode-memory.test.ts).
import { Tensor } from '../tensor.ts';
import type { Seq2Seq, DecoderState } from './seq2seq.ts';
import { type AttentionMemory, repeatMemory } from './attention.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { keep, scope } from '../scope.ts';
import { add, mul } from '../ops/elementwise.ts';
import { gather, oneHot } from '../ops/indexing.ts';
import { concat, reshape } from '../ops/shape.ts';
import { logSoftmax } from '../ops/softmax.ts';
import { tensor } from '../ops/creation.ts';
import { ctcFrameArgmax } from '../ops/ctc.ts';
import { TOPK_MAX_K, topk } from '../ops/topk.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { checkOneOf, checkOptions, checkRange } from './check.ts';
import { type BeamHypothesis, type BeamSearchOptions, beamSearch, gnmtLengthPenalty } from '../decode/beam-search.ts';

export type Seq2SeqBeamOptions = Omit<BeamSearchOptions, 'bosToken' | 'eosToken' | 'vocabSize' | 'normalize' | 'maxLength'> & {
  maxLength?: number;
  /** 'device' (default where possible): top-k on the device; 'generic': through decode/beamSearch. */
  impl?: 'device' | 'generic';
};

/** Rows `index` (axis 1) of the recurrent state, on the device. */
function selectRows(state: DecoderState, index: Tensor): DecoderState {
  return { h: gather(state.h, index, 1), c: state.c && gather(state.c, index, 1) };
}

/**
 * Runs a synchronous chunk of decoding without recording and frees what it made but returns. Only synchronous
 * chunks: an async noGrad would leave recording off for unrelated code that runs during the awaits.
 */
function chunk<T>(fn: () => T): T {
  return noGrad(() => scope(fn));
}

type Held = Tensor | DecoderState | AttentionMemory | null | undefined;

function tensorsOf(x: Held): Tensor[] {
  if (!x) return [];
  if (x instanceof Tensor) return [x];
  return 'h' in x ? [x.h, x.c].filter((t): t is Tensor => t !== null) : [x.values, x.keys, x.mask].filter((t): t is Tensor => t !== null);
}

/**
 * Exempts what the decoder holds across awaits from every enclosing scope: an async scope of the caller that closes
 * during our awaits must not free a state we still read. We free these ourselves (release).
 */
function hold<T extends Held>(x: T): T {
  for (const t of tensorsOf(x)) keep(t);
  return x;
}

/** Frees decoder-held tensors; dispose() is idempotent, so aliases (luong-dot keys = values) are fine. */
function release(...xs: Held[]): void {
  for (const x of xs) for (const t of tensorsOf(x)) t.dispose();
}

/** The attention memory for R beams of one source, repeated once per distinct R (the beam fills, and may shrink). */
class BeamMemory {
  private rows = 1;
  private current: AttentionMemory | null;
  constructor(private readonly memory0: AttentionMemory | null) {
    this.current = memory0;
  }
  get(R: number): AttentionMemory | null {
    if (!this.memory0 || R === this.rows) return this.current;
    if (this.current !== this.memory0) release(this.current);
    this.current = R === 1 ? this.memory0 : hold(chunk(() => repeatMemory(this.memory0!, R)));
    this.rows = R;
    return this.current;
  }
  dispose(): void {
    if (this.current !== this.memory0) release(this.current);
  }
}

/** Greedy decoding of a batch; reads back only the N argmax ids per step. Stops when every row has emitted EOS. */
export async function greedySeq2Seq(model: Seq2Seq, src: Tensor | number[][], options: { maxLength?: number; srcLengths?: ArrayLike<number> } = {}): Promise<number[][]> {
  checkOptions('Seq2Seq.greedy', options);
  const maxLength = checkRange('Seq2Seq.greedy', 'maxLength', options.maxLength ?? 50, { min: 1, integer: true });
  const { bosToken, eosToken } = model.options;
  const enc = chunk(() => model.encode(src, options));
  const memory = hold(enc.memory);
  let state = hold(enc.state);
  const N = enc.lengths.length;
  let feed = hold(tensor(new Int32Array(N).fill(bosToken), [N], { device: model.out.weight.device }));
  try {
    const out: number[][] = Array.from({ length: N }, () => []);
    const ended = new Array<boolean>(N).fill(false);
    for (let t = 0; t < maxLength && !ended.every(Boolean); t++) {
      const r = chunk(() => {
        const s = model.step(feed, state, memory);
        return { state: s.state, ids: ctcFrameArgmax(s.logits) }; // logits and attention weights die in the scope
      });
      const ids = await r.ids.data();
      ids.forEach((v, n) => {
        if (!ended[n]) out[n].push(v);
        if (v === eosToken) ended[n] = true;
      });
      release(feed, state);
      feed = hold(r.ids);
      state = hold(r.state);
    }
    return out;
  } finally {
    release(feed, state, enc.state, memory);
  }
}

/** Beam search over one source sequence; hypotheses best first (tokens without BOS, with EOS when it ended). */
export async function beamSearchSeq2Seq(model: Seq2Seq, src: number[], options: Seq2SeqBeamOptions = {}): Promise<BeamHypothesis[]> {
  const { bosToken, eosToken, tgtVocab: V } = model.options;
  if (!Array.isArray(src)) throw new ArgumentError(`Seq2Seq.beamSearch: src must be one source sequence (number[]), got ${describeValue(src)}`);
  checkOptions('Seq2Seq.beamSearch', options);
  if (options.impl !== undefined) checkOneOf('Seq2Seq.beamSearch', 'impl', options.impl, ['device', 'generic'] as const);
  if (options.maxLength !== undefined) checkRange('beamSearch', 'maxLength', options.maxLength, { min: 1, integer: true });
  if (options.beamWidth !== undefined) checkRange('beamSearch', 'beamWidth', options.beamWidth, { min: 1, integer: true });
  const full: BeamSearchOptions = { ...options, maxLength: options.maxLength ?? 50, bosToken, eosToken, vocabSize: V };
  const generic = options.impl === 'generic' || (options.coveragePenalty ?? 0) > 0 || (options.numGroups ?? 1) > 1;
  const enc = chunk(() => model.encode([src]));
  const state0 = hold(enc.state);
  const memory = new BeamMemory(hold(enc.memory));
  try {
    return await (generic ? genericBeam(model, state0, memory, full) : deviceBeam(model, state0, memory, full));
  } finally {
    memory.dispose();
    release(state0, enc.memory);
  }
}

async function genericBeam(model: Seq2Seq, state0: DecoderState, memory: BeamMemory, options: BeamSearchOptions): Promise<BeamHypothesis[]> {
  const dev = model.out.weight.device;
  let state = state0;
  // What the last step handed to beamSearch: read by it before it calls the next step (or returns).
  const prev: { last: { logProbs: Tensor; attention: Tensor | null } | null } = { last: null };
  try {
    return await beamSearch((prefixes, ctx) => {
      if (prev.last) release(prev.last.logProbs, prev.last.attention);
      const r = chunk(() => {
        const idx = tensor(Int32Array.from(ctx.parents), [ctx.parents.length], { device: dev });
        const feed = tensor(Int32Array.from(prefixes, (p) => p[p.length - 1]), [prefixes.length], { device: dev });
        const s = model.step(feed, selectRows(state, idx), memory.get(prefixes.length)); // parent reorder on the device
        return { state: s.state, logProbs: logSoftmax(s.logits, -1), attention: s.weights };
      });
      if (state !== state0) release(state);
      state = hold(r.state);
      prev.last = { logProbs: hold(r.logProbs), attention: hold(r.attention) };
      return { logProbs: r.logProbs, attention: r.attention ?? undefined };
    }, options);
  } finally {
    if (state !== state0) release(state);
    if (prev.last) release(prev.last.logProbs, prev.last.attention);
  }
}

/**
 * The same selection rules as decode/beamSearch for one group (ties to the lower row, then the lower token; an EOS
 * counts while it ranks among the top k; the exact early stop), with the candidates ranked on the device: one topk
 * over the R*V cumulative log-probabilities picks the best 2k (iterated argmax past topk's largest k). The length
 * penalty is the same for every candidate of a step, so ranking by log-probability is ranking by score.
 */
async function deviceBeam(model: Seq2Seq, state0: DecoderState, memory: BeamMemory, o: BeamSearchOptions): Promise<BeamHypothesis[]> {
  const k = o.beamWidth ?? 4;
  const nBest = o.nBest ?? 1;
  const alpha = o.lengthPenalty ?? 0;
  checkRange('beamSearch', 'beamWidth', k, { min: 1, integer: true });
  checkRange('beamSearch', 'maxLength', o.maxLength, { min: 1, integer: true });
  checkRange('beamSearch', 'nBest', nBest, { min: 1, integer: true });
  if (nBest > k) throw new ArgumentError(`beamSearch: nBest ${nBest} exceeds beamWidth ${k}`);
  checkRange('beamSearch', 'lengthPenalty', alpha, { finite: true });
  const V = model.options.tgtVocab;
  const eos = o.eosToken;
  const dev = model.out.weight.device;
  const exactStop = !(o.earlyStopping ?? false);
  // Held across steps, and only these: the beams' state, their last tokens and cumulative log-probs [R, 1].
  let state = state0;
  let feed = hold(tensor(Int32Array.of(o.bosToken!), [1], { device: dev }));
  let cum = hold(tensor(new Float32Array(1), [1, 1], { device: dev }));
  let beams: { tokens: number[]; logProb: number }[] = [{ tokens: [], logProb: 0 }];
  const finished: BeamHypothesis[] = [];
  try {
    for (let t = 0; t < o.maxLength && beams.length > 0; t++) {
      const R = beams.length;
      const M = Math.min(2 * k, R * V);
      const picked = chunk(() => {
        const s = model.step(feed, state, memory.get(R));
        let flat = reshape(add(logSoftmax(s.logits, -1), cum), [1, R * V]);
        if (M <= TOPK_MAX_K) {
          // One dispatch: value descending, ties to the lower flat index = lower row, then lower token.
          const top = topk(flat, M);
          return { state: s.state, idx: top.indices, vals: top.values };
        }
        const scores = flat;
        const ids: Tensor[] = [];
        for (let i = 0; i < M; i++) {
          const id = ctcFrameArgmax(flat); // [1], ties to the lowest index = lower row, then lower token
          ids.push(id);
          if (i + 1 < M) flat = add(flat, mul(oneHot(id, R * V), -1e30));
        }
        const idx = concat(ids, 0);
        // Logits, attention weights and the masked copies die with the scope; the new state waits for its reorder.
        return { state: s.state, idx, vals: gather(reshape(scores, [R * V]), idx, 0) };
      });
      hold(picked.state);
      const [idsHost, valsHost] = await Promise.all([hold(picked.idx).data(), hold(picked.vals).data()]);
      const lp = gnmtLengthPenalty(t + 1, alpha);
      const next: { tokens: number[]; logProb: number; row: number; flat: number }[] = [];
      let taken = 0;
      for (let i = 0; i < M && taken < k; i++) {
        const row = Math.floor(idsHost[i] / V);
        const token = idsHost[i] % V;
        const logProb = valsHost[i];
        if (logProb <= -1e29) break; // only masked or impossible candidates remain
        const tokens = [...beams[row].tokens, token];
        if (token === eos) {
          if (i < k) finished.push({ tokens, score: logProb / lp, logProb, finished: true, group: 0 });
          continue;
        }
        taken++;
        if (tokens.length === o.maxLength) finished.push({ tokens, score: logProb / lp, logProb, finished: false, group: 0 });
        else next.push({ tokens, logProb, row, flat: i });
      }
      finished.sort((a, b) => b.score - a.score);
      finished.length = Math.min(finished.length, k);
      const worst = finished.length >= k ? finished[k - 1].score : Number.NEGATIVE_INFINITY;
      const bound = (lpv: number, len: number): number => lpv / gnmtLengthPenalty(alpha >= 0 ? o.maxLength : len + 1, alpha);
      const stop = next.length === 0 || (finished.length >= k && (!exactStop || next.every((b) => bound(b.logProb, b.tokens.length) <= worst)));
      if (!stop) {
        const reordered = chunk(() => {
          const parents = tensor(Int32Array.from(next, (b) => b.row), [next.length], { device: dev });
          const chosen = tensor(Int32Array.from(next, (b) => b.flat), [next.length], { device: dev });
          return {
            state: selectRows(picked.state, parents),
            cum: reshape(gather(picked.vals, chosen, 0), [next.length, 1]),
            feed: tensor(Int32Array.from(next, (b) => b.tokens[b.tokens.length - 1]), [next.length], { device: dev }),
          };
        });
        if (state !== state0) release(state);
        release(feed, cum);
        state = hold(reordered.state);
        cum = hold(reordered.cum);
        feed = hold(reordered.feed);
      }
      release(picked.state, picked.idx, picked.vals);
      beams = stop ? [] : next;
    }
    return finished.sort((a, b) => b.score - a.score).slice(0, nBest);
  } finally {
    if (state !== state0) release(state);
    release(feed, cum);
  }
}
