// Decoding an nn.Seq2Seq: batched greedy, and beam search with the k beams batched on the device. Recurrent states
// are reordered by parent index with gather on the device; the top candidates are picked on the device by iterated
// argmax, and only their ids and scores (2k numbers) come back per step. With a coverage penalty or diverse groups
// it runs through decode/beamSearch instead (which reads the [k, V] log-probabilities each step).
import { Tensor } from '../tensor.ts';
import type { Seq2Seq, DecoderState } from './seq2seq.ts';
import type { AttentionMemory } from './attention.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { keep, scope } from '../scope.ts';
import { add, mul } from '../ops/elementwise.ts';
import { gather, oneHot } from '../ops/indexing.ts';
import { concat, reshape } from '../ops/shape.ts';
import { logSoftmax } from '../ops/softmax.ts';
import { tensor } from '../ops/creation.ts';
import { ctcFrameArgmax } from '../ops/ctc.ts';
import { type BeamHypothesis, type BeamSearchOptions, beamSearch, gnmtLengthPenalty } from '../decode/beam-search.ts';

export type Seq2SeqBeamOptions = Omit<BeamSearchOptions, 'bosToken' | 'eosToken' | 'vocabSize' | 'normalize' | 'maxLength'> & {
  maxLength?: number;
  /** 'device' (default where possible): top-k on the device; 'generic': through decode/beamSearch. */
  impl?: 'device' | 'generic';
};

/** Rows `index` of the state (axis 1) and of the memory (axis 0), on the device. */
function selectRows(state: DecoderState, memory: AttentionMemory | null, index: Tensor): { state: DecoderState; memory: AttentionMemory | null } {
  return {
    state: { h: gather(state.h, index, 1), c: state.c && gather(state.c, index, 1) },
    memory: memory && { values: gather(memory.values, index, 0), keys: gather(memory.keys, index, 0), mask: memory.mask && gather(memory.mask, index, 0) },
  };
}

/**
 * Runs a synchronous chunk of decoding without recording and frees what it made but returns. Only synchronous
 * chunks: an async noGrad would leave recording off for unrelated code that runs during the awaits.
 */
function chunk<T>(fn: () => T): T {
  return noGrad(() => scope(fn));
}

function keepAll(state: DecoderState, memory: AttentionMemory | null): void {
  keep(state.h);
  if (state.c) keep(state.c);
  if (memory) {
    keep(memory.values);
    keep(memory.keys);
    if (memory.mask) keep(memory.mask);
  }
}

/** Greedy decoding of a batch; reads back only the N argmax ids per step. Stops when every row has emitted EOS. */
export async function greedySeq2Seq(model: Seq2Seq, src: Tensor | number[][], options: { maxLength?: number; srcLengths?: ArrayLike<number> } = {}): Promise<number[][]> {
  const maxLength = options.maxLength ?? 50;
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new Error(`Seq2Seq.greedy: maxLength must be an integer >= 1, got ${maxLength}`);
  const { bosToken, eosToken } = model.options;
  {
    let enc = chunk(() => model.encode(src, options));
    const N = enc.lengths.length;
    const dev = model.out.weight.device;
    let feed = tensor(new Int32Array(N).fill(bosToken), [N], { device: dev });
    const out: number[][] = Array.from({ length: N }, () => []);
    const ended = new Array<boolean>(N).fill(false);
    for (let t = 0; t < maxLength && !ended.every(Boolean); t++) {
      const r = chunk(() => {
        const s = model.step(feed, enc.state, enc.memory);
        return { state: s.state, ids: ctcFrameArgmax(s.logits) };
      });
      const ids = await r.ids.data();
      ids.forEach((v, n) => {
        if (!ended[n]) out[n].push(v);
        if (v === eosToken) ended[n] = true;
      });
      feed.dispose();
      feed = r.ids;
      enc = { ...enc, state: r.state };
    }
    return out;
  }
}

/** Beam search over one source sequence; hypotheses best first (tokens without BOS, with EOS when it ended). */
export async function beamSearchSeq2Seq(model: Seq2Seq, src: number[], options: Seq2SeqBeamOptions = {}): Promise<BeamHypothesis[]> {
  const { bosToken, eosToken, tgtVocab: V } = model.options;
  const full: BeamSearchOptions = { ...options, maxLength: options.maxLength ?? 50, bosToken, eosToken, vocabSize: V };
  const generic = options.impl === 'generic' || (options.coveragePenalty ?? 0) > 0 || (options.numGroups ?? 1) > 1;
  const enc = chunk(() => model.encode([src]));
  keepAll(enc.state, enc.memory);
  return generic ? genericBeam(model, enc.state, enc.memory, full) : deviceBeam(model, enc.state, enc.memory, full);
}

async function genericBeam(model: Seq2Seq, state0: DecoderState, memory0: AttentionMemory | null, options: BeamSearchOptions): Promise<BeamHypothesis[]> {
  const dev = model.out.weight.device;
  let state = state0;
  let memory = memory0;
  return beamSearch((prefixes, ctx) =>
    chunk(() => {
      const idx = tensor(Int32Array.from(ctx.parents), [ctx.parents.length], { device: dev });
      const rows = selectRows(state, memory, idx); // parent reorder on the device
      const feed = tensor(Int32Array.from(prefixes, (p) => p[p.length - 1]), [prefixes.length], { device: dev });
      const s = model.step(feed, rows.state, rows.memory);
      state = s.state;
      memory = rows.memory;
      keepAll(state, memory);
      return { logProbs: logSoftmax(s.logits, -1), attention: s.weights ?? undefined };
    }), options);
}

/**
 * The same selection rules as decode/beamSearch for one group (ties to the lower row, then the lower token; an EOS
 * counts while it ranks among the top k; the exact early stop), with the candidates ranked on the device: iterated
 * argmax over the R*V cumulative log-probabilities picks the best 2k. The length penalty is the same for every
 * candidate of a step, so ranking by log-probability is ranking by score.
 */
async function deviceBeam(model: Seq2Seq, state0: DecoderState, memory0: AttentionMemory | null, o: BeamSearchOptions): Promise<BeamHypothesis[]> {
  const k = o.beamWidth ?? 4;
  const nBest = o.nBest ?? 1;
  const alpha = o.lengthPenalty ?? 0;
  if (!Number.isInteger(k) || k < 1) throw new Error(`beamSearch: beamWidth must be an integer >= 1, got ${k}`);
  if (!Number.isInteger(o.maxLength) || o.maxLength < 1) throw new Error(`beamSearch: maxLength must be an integer >= 1, got ${o.maxLength}`);
  if (!Number.isInteger(nBest) || nBest < 1 || nBest > k) throw new Error(`beamSearch: nBest must be in 1..beamWidth ${k}, got ${nBest}`);
  const V = model.options.tgtVocab;
  const eos = o.eosToken;
  const dev = model.out.weight.device;
  const exactStop = !(o.earlyStopping ?? false);
  let state = state0;
  let memory = memory0;
  let feed = keep(tensor(Int32Array.of(o.bosToken!), [1], { device: dev }));
  let cum = keep(tensor(new Float32Array(1), [1, 1], { device: dev })); // cumulative log-prob per row [R, 1]
  let beams: { tokens: number[]; logProb: number }[] = [{ tokens: [], logProb: 0 }];
  const finished: BeamHypothesis[] = [];
  for (let t = 0; t < o.maxLength && beams.length > 0; t++) {
    const R = beams.length;
    const M = Math.min(2 * k, R * V);
    const picked = chunk(() => {
      const s = model.step(feed, state, memory);
      let flat = reshape(add(logSoftmax(s.logits, -1), cum), [1, R * V]);
      const scores = flat;
      const ids: Tensor[] = [];
      for (let i = 0; i < M; i++) {
        const id = ctcFrameArgmax(flat); // [1], ties to the lowest index = lower row, then lower token
        ids.push(id);
        if (i + 1 < M) flat = add(flat, mul(oneHot(id, R * V), -1e30));
      }
      const idx = concat(ids, 0);
      return { s, idx, vals: gather(reshape(scores, [R * V]), idx, 0) };
    });
    const [idsHost, valsHost] = await Promise.all([picked.idx.data(), picked.vals.data()]);
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
    const oldFeed = feed;
    const oldCum = cum;
    if (!stop) {
      const reordered = chunk(() => {
        const parents = tensor(Int32Array.from(next, (b) => b.row), [next.length], { device: dev });
        const r = selectRows(picked.s.state, memory, parents);
        const chosen = tensor(Int32Array.from(next, (b) => b.flat), [next.length], { device: dev });
        return { ...r, cum: reshape(gather(picked.vals, chosen, 0), [next.length, 1]) };
      });
      if (state !== state0) dropState(state);
      state = reordered.state;
      memory = reordered.memory;
      keepAll(state, memory);
      cum = keep(reordered.cum);
      feed = keep(tensor(Int32Array.from(next, (b) => b.tokens[b.tokens.length - 1]), [next.length], { device: dev }));
      oldFeed.dispose();
      oldCum.dispose();
    }
    for (const t of [picked.s.logits, picked.idx, picked.vals]) t.dispose();
    beams = stop ? [] : next;
  }
  return finished.sort((a, b) => b.score - a.score).slice(0, nBest);
}

function dropState(s: DecoderState): void {
  s.h.dispose();
  s.c?.dispose();
}
