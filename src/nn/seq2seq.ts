// nn.Seq2Seq: Embedding -> LSTM/GRU encoder (stacked, optionally bidirectional) -> bridge -> decoder started from the
// encoder's final state, with optional Bahdanau or Luong attention; teacher forcing / scheduled sampling in training.
// Layouts are batch-first for users (src [N, S], tgt [N, T], logits [N, T, V]); the recurrent ops run time-major.
// Twins: attention.ts, seq2seq-decode.ts (greedy and on-device beam search), decode/beam-search.ts, train/scheduled-sampling.ts.
import { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { Linear } from './linear.ts';
import { Embedding } from './embedding.ts';
import { GRU, LSTM } from './rnn.ts';
import { Attention, type AttentionKind, type AttentionMemory } from './attention.ts';
import type { InitOptions } from './init.ts';
import { type Generator, defaultGenerator } from '../random.ts';
import { tanh } from '../ops/elementwise.ts';
import { cast, where } from '../ops/indexing.ts';
import { concat, permute, reshape, slice, stack } from '../ops/shape.ts';
import { sum } from '../ops/reduce.ts';
import { tensor } from '../ops/creation.ts';
import { crossEntropy } from '../ops/loss.ts';
import { ctcFrameArgmax } from '../ops/ctc.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, DTypeError, DeviceError, IndexError, ShapeError, describeValue } from '../errors.ts';
import { checkBool, checkOneOf, checkOptions, checkPosInt, checkRange, checkTokenId } from './check.ts';
import type { Device } from '../device.ts';
import { type Seq2SeqBeamOptions, beamSearchSeq2Seq, greedySeq2Seq } from './seq2seq-decode.ts';
import type { BeamHypothesis } from '../decode/beam-search.ts';

export type RecurrentCell = 'lstm' | 'gru';
/** How a bidirectional encoder's two final states per layer become the decoder's one: tanh(Linear([fwd; bwd])) or fwd + bwd. */
export type BridgeKind = 'linear' | 'sum';

export interface Seq2SeqOptions extends InitOptions {
  srcVocab: number;
  tgtVocab: number;
  hiddenSize: number;
  /** Embedding size of both sides (default hiddenSize). */
  embedDim?: number;
  cell?: RecurrentCell;
  /** Layers of the encoder and of the decoder (the decoder's layer l starts from the encoder's layer l). */
  numLayers?: number;
  bidirectional?: boolean;
  /** Bidirectional only (default 'linear'; c of an LSTM goes through its own Linear without tanh). */
  bridge?: BridgeKind;
  attention?: AttentionKind | 'none';
  attnDim?: number;
  bosToken: number;
  eosToken: number;
  /** Pads targets (and sources given as ragged arrays): padded target positions add no loss. */
  padToken?: number;
}

/** Decoder recurrent state [numLayers, N, H] (c for LSTM only). */
export interface DecoderState {
  h: Tensor;
  c: Tensor | null;
}

export interface EncodedSource {
  state: DecoderState;
  /** Attention memory over the encoder outputs (null without attention). */
  memory: AttentionMemory | null;
  lengths: Int32Array;
}

export interface StepOut {
  logits: Tensor; // [N, V]
  state: DecoderState;
  weights: Tensor | null; // [N, S]
}

export interface Seq2SeqForwardOptions {
  /** Source lengths [N] for a padded src tensor (ragged number[][] sources carry their own). */
  srcLengths?: ArrayLike<number>;
  /** Probability of feeding the ground-truth previous token at each step, per sequence (default 1). */
  teacherForcing?: number;
  /** Draws the teacher-forcing coin flips (default the global generator). */
  generator?: Generator;
  /** Called with the decoder input tokens (int32 [N]) of every step, e.g. to see what was fed. */
  onFeed?: (step: number, tokens: Tensor) => void;
}

export interface Seq2SeqOutput {
  logits: Tensor; // [N, T, V]
  attention: Tensor | null; // [N, T, S]
}

type Tokens = Tensor | number[][];

/** int32 [N, L] from ragged rows padded with `pad` (and the lengths), or a host-made int32 tensor as is. */
export function tokenBatch(what: string, x: Tokens, vocab: number, pad: number, device?: Device): { t: Tensor; host: Int32Array; N: number; L: number; lengths: Int32Array } {
  if (x instanceof Tensor) {
    if (x.dtype !== 'int32') throw new DTypeError(`Seq2Seq: ${what} must be int32 token ids, got ${x.dtype} ${fmtShape(x.shape)}`);
    if (x.ndim !== 2) throw new ShapeError(`Seq2Seq: ${what} must be [N, L], got ${fmtShape(x.shape)}`);
    if (device && x.device !== device) throw new DeviceError(`Seq2Seq: ${what} is on ${x.device}, the model on ${device}`);
    if (!x.hostData) throw new ArgumentError(`Seq2Seq: ${what} must be made from host values (tensor(Int32Array...) or number[][]) so its ids can be checked, got ${x} computed on the device`);
    const [N, L] = x.shape;
    if (N === 0 || L === 0) throw new ShapeError(`Seq2Seq: ${what} ${fmtShape(x.shape)} is empty`);
    checkIds(what, x.hostData, vocab, L);
    return { t: x, host: x.hostData, N, L, lengths: new Int32Array(N).fill(L) };
  }
  if (!Array.isArray(x) || x.length === 0) throw new ArgumentError(`Seq2Seq: ${what} must be a non-empty number[][] or an int32 tensor, got ${Array.isArray(x) ? 'an empty array' : describeValue(x)}`);
  x.forEach((r, n) => {
    if (!Array.isArray(r)) throw new ArgumentError(`Seq2Seq: ${what} row ${n} must be an array of token ids, got ${describeValue(r)}`);
    // Before any conversion: an Int32Array would turn 1.5 into 1 and NaN into 0 silently.
    r.forEach((v, i) => checkTokenId('Seq2Seq', `${what} token`, v, vocab, `at [${n}, ${i}]`));
  });
  const N = x.length;
  const L = Math.max(...x.map((r) => r.length));
  if (L === 0) throw new ShapeError(`Seq2Seq: every ${what} sequence is empty`);
  const host = new Int32Array(N * L).fill(pad);
  const lengths = new Int32Array(N);
  x.forEach((r, n) => {
    lengths[n] = r.length;
    host.set(r, n * L);
  });
  checkIds(what, host, vocab, L);
  return { t: tensor(host, [N, L], { device }), host, N, L, lengths };
}

function checkIds(what: string, ids: Int32Array, vocab: number, L: number): void {
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (!(Number.isInteger(v) && v >= 0 && v < vocab)) {
      throw new IndexError(`Seq2Seq: ${what} token ${v} at [${Math.floor(i / L)}, ${i % L}] is outside the vocabulary 0..${vocab - 1}`);
    }
  }
}

/** Every option on its own, then the combinations that cannot work together: all before any weight is drawn. */
function checkSeq2SeqOptions(o: Seq2SeqOptions): void {
  const who = 'Seq2Seq';
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new ArgumentError(`${who}: options must be an object with srcVocab, tgtVocab, hiddenSize, bosToken and eosToken, got ${describeValue(o)}`);
  checkPosInt(who, 'srcVocab', o.srcVocab);
  checkPosInt(who, 'tgtVocab', o.tgtVocab);
  checkPosInt(who, 'hiddenSize', o.hiddenSize);
  if (o.embedDim !== undefined) checkPosInt(who, 'embedDim', o.embedDim);
  if (o.numLayers !== undefined) checkPosInt(who, 'numLayers', o.numLayers);
  if (o.cell !== undefined) checkOneOf(who, 'cell', o.cell, ['lstm', 'gru'] as const);
  checkBool(who, 'bidirectional', o.bidirectional);
  if (o.bridge !== undefined) checkOneOf(who, 'bridge', o.bridge, ['linear', 'sum'] as const);
  if (o.attention !== undefined) checkOneOf(who, 'attention', o.attention, ['none', 'bahdanau', 'luong-dot', 'luong-general'] as const);
  if (o.attnDim !== undefined) checkPosInt(who, 'attnDim', o.attnDim);
  checkTokenId(who, 'bosToken', o.bosToken, o.tgtVocab, '', 'target vocabulary');
  checkTokenId(who, 'eosToken', o.eosToken, o.tgtVocab, '', 'target vocabulary');
  if (o.padToken !== undefined) {
    checkTokenId(who, 'padToken', o.padToken, o.tgtVocab, '', 'target vocabulary');
    // Padded positions add no loss: if EOS were the pad, the model would never be taught to stop.
    if (o.padToken === o.eosToken) throw new ArgumentError(`${who}: padToken and eosToken are both ${o.padToken}; the loss ignores padToken, so EOS would never be learned`);
  }
  const bidirectional = o.bidirectional ?? false;
  const attention = o.attention ?? 'none';
  if (o.bridge !== undefined && !bidirectional) throw new ArgumentError(`${who}: bridge '${o.bridge}' joins the two directions of a bidirectional encoder; set bidirectional: true or leave bridge unset`);
  if (o.attnDim !== undefined && attention !== 'bahdanau') throw new ArgumentError(`${who}: attnDim is the width of Bahdanau's additive layer; attention '${attention}' does not use it`);
  if (attention === 'luong-dot' && bidirectional) {
    throw new ArgumentError(`${who}: attention 'luong-dot': query size ${o.hiddenSize} must equal key size ${2 * o.hiddenSize} (the bidirectional encoder's output); use 'luong-general' or bidirectional: false`);
  }
}

export class Seq2Seq extends Module {
  readonly cell: RecurrentCell;
  readonly numLayers: number;
  readonly hiddenSize: number;
  readonly bidirectional: boolean;
  readonly attentionKind: AttentionKind | 'none';
  readonly srcEmbedding: Embedding;
  readonly tgtEmbedding: Embedding;
  readonly encoder: LSTM | GRU;
  readonly decoder: LSTM | GRU;
  readonly bridgeH: Linear | null;
  readonly bridgeC: Linear | null;
  readonly attention: Attention | null;
  /** Luong: h~ = tanh(W_c [context; h]). */
  readonly combine: Linear | null;
  readonly out: Linear;

  constructor(readonly options: Seq2SeqOptions) {
    super();
    checkSeq2SeqOptions(options);
    const o = options;
    const H = o.hiddenSize;
    const E = o.embedDim ?? H;
    this.cell = o.cell ?? 'lstm';
    this.numLayers = o.numLayers ?? 1;
    this.hiddenSize = H;
    this.bidirectional = o.bidirectional ?? false;
    this.attentionKind = o.attention ?? 'none';
    const D = this.bidirectional ? 2 : 1;
    const K = D * H; // encoder output size
    const Rnn = this.cell === 'lstm' ? LSTM : GRU;
    this.srcEmbedding = this.module('src_embedding', new Embedding(o.srcVocab, E, o));
    this.tgtEmbedding = this.module('tgt_embedding', new Embedding(o.tgtVocab, E, o));
    this.encoder = this.module('encoder', new Rnn(E, H, { ...o, numLayers: this.numLayers, bidirectional: this.bidirectional }));
    const bahdanau = this.attentionKind === 'bahdanau';
    // Bahdanau feeds the context into the recurrence: its decoder input is [embedding; context].
    this.decoder = this.module('decoder', new Rnn(E + (bahdanau ? K : 0), H, { ...o, numLayers: this.numLayers, bidirectional: false }));
    const linearBridge = this.bidirectional && (o.bridge ?? 'linear') === 'linear';
    this.bridgeH = linearBridge ? this.module('bridge_h', new Linear(2 * H, H, o)) : null;
    this.bridgeC = linearBridge && this.cell === 'lstm' ? this.module('bridge_c', new Linear(2 * H, H, o)) : null;
    this.attention = this.attentionKind === 'none' ? null : this.module('attention', new Attention(this.attentionKind, H, K, { ...o, attnDim: o.attnDim }));
    const luong = this.attention !== null && !bahdanau;
    this.combine = luong ? this.module('combine', new Linear(K + H, H, o)) : null;
    this.out = this.module('out', new Linear(bahdanau ? H + K : H, o.tgtVocab, o));
  }

  get padToken(): number {
    return this.options.padToken ?? 0;
  }

  /** Runs the encoder; src [N, S] (or ragged rows). Returns the decoder's initial state and the attention memory. */
  encode(src: Tokens, options: { srcLengths?: ArrayLike<number> } = {}): EncodedSource {
    const b = tokenBatch('src', src, this.options.srcVocab, this.padToken, this.out.weight.device);
    const lengths = options.srcLengths ? Int32Array.from(options.srcLengths) : b.lengths;
    if (lengths.length !== b.N) throw new ShapeError(`Seq2Seq: srcLengths has ${lengths.length} entries for ${b.N} sources`);
    lengths.forEach((l, n) => {
      if (!(l >= 1 && l <= b.L)) throw new IndexError(`Seq2Seq: source ${n} has length ${l}, outside 1..${b.L}`);
    });
    const x = permute(this.srcEmbedding.forward(b.t), [1, 0, 2]); // [S, N, E]
    const full = lengths.every((l) => l === b.L);
    const rnnOpts = { lengths: full ? null : lengths };
    const [outputs, hN, cN] = this.encoder instanceof LSTM
      ? ((r) => [r[0], r[1][0], r[1][1]] as const)(this.encoder.forward(x, null, rnnOpts))
      : ((r) => [r[0], r[1], null] as const)(this.encoder.forward(x, null, rnnOpts));
    const state: DecoderState = { h: this.bridge(hN, this.bridgeH, true), c: cN && this.bridge(cN, this.bridgeC, false) };
    const memory = this.attention ? this.attention.prepare(permute(outputs, [1, 0, 2]), full ? null : lengths) : null;
    return { state, memory, lengths };
  }

  /** [L*D, N, H] -> [L, N, H]: as is (one direction), fwd + bwd ('sum'), or tanh(Linear([fwd; bwd])) per layer. */
  private bridge(s: Tensor, lin: Linear | null, squash: boolean): Tensor {
    if (!this.bidirectional) return s;
    const [, N, H] = s.shape;
    const L = this.numLayers;
    const pairs = reshape(s, [L, 2, N, H]);
    if (!lin) return reshape(sum(pairs, 1), [L, N, H]);
    const cat = reshape(permute(pairs, [0, 2, 1, 3]), [L, N, 2 * H]); // [fwd; bwd] per layer and sequence
    const y = lin.forward(cat);
    return squash ? tanh(y) : y;
  }

  /** One decoder step: tokens int32 [N] (the previous outputs) -> logits [N, V], the new state, attention [N, S]. */
  step(tokens: Tensor, state: DecoderState, memory: AttentionMemory | null): StepOut {
    const N = tokens.shape[0];
    const emb = this.tgtEmbedding.forward(tokens); // [N, E]
    let ctx: Tensor | null = null;
    let weights: Tensor | null = null;
    let x = emb;
    if (this.attentionKind === 'bahdanau') {
      // Bahdanau scores with the previous top-layer state s_{i-1}, before the recurrence.
      const top = reshape(slice(state.h, [this.numLayers - 1, 0, 0], [1, N, this.hiddenSize]), [N, this.hiddenSize]);
      const a = this.attention!.forward(top, memory!);
      ctx = reshape(a.context, [N, -1]);
      weights = reshape(a.weights, [N, -1]);
      x = concat([emb, ctx], 1);
    }
    const x3 = reshape(x, [1, N, x.shape[1]]);
    let o: Tensor;
    let next: DecoderState;
    if (this.decoder instanceof LSTM) {
      const [y, [h, c]] = this.decoder.forward(x3, [state.h, state.c!]);
      o = y;
      next = { h, c };
    } else {
      const [y, h] = this.decoder.forward(x3, state.h);
      o = y;
      next = { h, c: null };
    }
    const r = this.readout(reshape(o, [N, 1, this.hiddenSize]), memory, ctx && reshape(ctx, [N, 1, -1]));
    return { logits: reshape(r.logits, [N, -1]), state: next, weights: weights ?? (r.weights && reshape(r.weights, [N, -1])) };
  }

  /** Decoder outputs o [N, T, H] -> logits [N, T, V] (Luong attends here; Bahdanau brings its context). */
  private readout(o: Tensor, memory: AttentionMemory | null, ctx: Tensor | null): { logits: Tensor; weights: Tensor | null } {
    if (this.attentionKind === 'bahdanau') return { logits: this.out.forward(concat([o, ctx!], 2)), weights: null };
    if (this.attention && this.combine) {
      const a = this.attention.forward(o, memory!);
      const ht = tanh(this.combine.forward(concat([a.context, o], 2)));
      return { logits: this.out.forward(ht), weights: a.weights };
    }
    return { logits: this.out.forward(o), weights: null };
  }

  /**
   * Training forward. tgt [N, T]: y_1..y_T (EOS included, padToken after it). The decoder is fed BOS, then at each
   * step the ground truth with probability teacherForcing, else its own argmax prediction (computed on the device).
   */
  forward(src: Tokens, tgt: Tokens, options: Seq2SeqForwardOptions = {}): Seq2SeqOutput {
    checkOptions('Seq2Seq.forward', options);
    const ratio = checkRange('Seq2Seq', 'teacherForcing', options.teacherForcing ?? 1, { min: 0, max: 1 });
    if (options.onFeed !== undefined && typeof options.onFeed !== 'function') throw new ArgumentError(`Seq2Seq: onFeed must be a function, got ${describeValue(options.onFeed)}`);
    const enc = this.encode(src, options);
    const y = tokenBatch('tgt', tgt, this.options.tgtVocab, this.padToken, this.out.weight.device);
    if (y.N !== enc.lengths.length) throw new ShapeError(`Seq2Seq: ${enc.lengths.length} sources but ${y.N} targets`);
    const { N, L: T } = y;
    const dev = this.out.weight.device;
    const column = (t: number): Int32Array => Int32Array.from({ length: N }, (_, n) => y.host[n * T + t]);
    const inputs = (t: number): Int32Array => (t === 0 ? new Int32Array(N).fill(this.options.bosToken) : column(t - 1));
    if (ratio === 1 && this.attentionKind !== 'bahdanau' && !options.onFeed) {
      // All inputs are known: the whole target side is one recurrent op per layer (no per-step dispatch soup).
      const host = new Int32Array(N * T);
      for (let t = 0; t < T; t++) inputs(t).forEach((v, n) => (host[n * T + t] = v));
      const x = permute(this.tgtEmbedding.forward(tensor(host, [N, T], { device: dev })), [1, 0, 2]); // [T, N, E]
      const o = this.decoder instanceof LSTM ? this.decoder.forward(x, [enc.state.h, enc.state.c!])[0] : this.decoder.forward(x, enc.state.h)[0];
      const r = this.readout(permute(o, [1, 0, 2]), enc.memory, null);
      return { logits: r.logits, attention: r.weights };
    }
    const gen = options.generator ?? defaultGenerator();
    let state = enc.state;
    let prev: Tensor | null = null;
    const logits: Tensor[] = [];
    const weights: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      let feed: Tensor;
      if (t === 0 || ratio === 1) {
        feed = tensor(inputs(t), [N], { device: dev });
      } else {
        const own = ctcFrameArgmax(prev!); // int32 [N], never read back
        if (ratio === 0) {
          feed = own;
        } else {
          const coin = Float32Array.from({ length: N }, () => (gen.next() < ratio ? 1 : 0));
          const truth = tensor(Float32Array.from(inputs(t)), [N], { device: dev });
          feed = cast(where(tensor(coin, [N], { device: dev }), truth, cast(own, 'float32')), 'int32');
        }
      }
      options.onFeed?.(t, feed);
      const s = this.step(feed, state, enc.memory);
      state = s.state;
      prev = s.logits;
      logits.push(s.logits);
      if (s.weights) weights.push(s.weights);
    }
    return { logits: stack(logits, 1), attention: weights.length ? stack(weights, 1) : null };
  }

  /** Mean cross-entropy over the target tokens that are not padToken. */
  loss(src: Tokens, tgt: Tokens, options: Seq2SeqForwardOptions = {}): Tensor {
    const { logits } = this.forward(src, tgt, options);
    const [N, T, V] = logits.shape;
    const y = tokenBatch('tgt', tgt, this.options.tgtVocab, this.padToken, this.out.weight.device);
    if (this.options.padToken === undefined && y.lengths.some((l) => l < T)) {
      throw new ArgumentError('Seq2Seq: targets of different lengths need a padToken (padded positions must add no loss)');
    }
    const flat = tensor(y.host, [N * T], { device: logits.device });
    return crossEntropy(reshape(logits, [N * T, V]), flat, { ignoreIndex: this.options.padToken ?? -100 });
  }

  /** Batched greedy decoding (see seq2seq-decode.ts); token ids per source, EOS included when emitted. */
  greedy(src: Tokens, options: { maxLength?: number; srcLengths?: ArrayLike<number> } = {}): Promise<number[][]> {
    return greedySeq2Seq(this, src, options);
  }

  /** Beam search over one source sequence with the beams batched on the device (see seq2seq-decode.ts). */
  beamSearch(src: number[], options: Seq2SeqBeamOptions = {}): Promise<BeamHypothesis[]> {
    return beamSearchSeq2Seq(this, src, options);
  }

  override toString(): string {
    return `Seq2Seq(${this.cell}, hidden=${this.hiddenSize}, layers=${this.numLayers}${this.bidirectional ? ', bidirectional' : ''}, attention=${this.attentionKind}, logits ${fmtShape([this.options.tgtVocab])})`;
  }
}
