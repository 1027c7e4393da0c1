// Greedy decoding and temperature + top-k sampling over the same step callback as beamSearch (one prefix per call).
// Twins: beam-search.ts (beamWidth 1 equals greedyDecode), step-output.ts, nn/seq2seq.ts (its batched greedy path).
// The returned logProb is the model's own (untempered) log-probability of the chosen tokens, so samples and beams
// are comparable.
import { ArgumentError, IndexError, ShapeError, describeValue } from '../errors.ts';
import { type Generator, defaultGenerator } from '../random.ts';
import type { BeamStepFn } from './beam-search.ts';
import { readRows, splitStepOutput } from './step-output.ts';

export interface GreedyOptions {
  /** Most tokens generated, EOS included (required). */
  maxLength: number;
  bosToken?: number;
  eosToken?: number;
  /** Log-softmax each row first (for raw scores). */
  normalize?: boolean;
}

export interface SampleOptions extends GreedyOptions {
  /** Divides the log-probabilities before sampling: < 1 sharpens, > 1 flattens; 0 means greedy (default 1). */
  temperature?: number;
  /** Sample only among the k most probable tokens (default 0: all). */
  topK?: number;
  /** Seedable source of randomness (default the global generator; see manualSeed). */
  generator?: Generator;
}

export interface Decoded {
  tokens: number[];
  logProb: number;
}

/** Index of the largest entry of row `r`; ties keep the lowest index, as argmax on both backends. */
export function argmaxRow(data: ArrayLike<number>, r: number, V: number): number {
  let best = 0;
  for (let v = 1; v < V; v++) if (data[r * V + v] > data[r * V + best]) best = v;
  return best;
}

/** Row-wise log-softmax of a [rows, V] block (float64). */
export function logSoftmaxRows(data: ArrayLike<number>, rows: number, V: number): Float64Array {
  const out = Float64Array.from(data);
  for (let r = 0; r < rows; r++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < V; v++) m = Math.max(m, out[r * V + v]);
    let s = 0;
    for (let v = 0; v < V; v++) s += Math.exp(out[r * V + v] - m);
    const lse = m + Math.log(s);
    for (let v = 0; v < V; v++) out[r * V + v] -= lse;
  }
  return out;
}

/**
 * Draws a token from scores (log-probabilities or logits: softmax(scores / temperature) restricted to the top k).
 * temperature 0 returns the argmax. Ties at the k-th score keep the lower token ids.
 */
export function sampleToken(scores: ArrayLike<number>, options: { temperature?: number; topK?: number; generator?: Generator } = {}): number {
  const V = scores.length;
  const temperature = options.temperature ?? 1;
  const topK = options.topK ?? 0;
  // temperature 0 is documented as greedy (argmax); negative, NaN or infinite temperatures have no meaning.
  if (typeof temperature !== 'number' || !(temperature >= 0) || !Number.isFinite(temperature)) throw new ArgumentError(`sampleToken: temperature must be finite and >= 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new ArgumentError(`sampleToken: topK must be an integer >= 0, got ${topK}`);
  if (V === 0) throw new ShapeError('sampleToken: empty score row');
  if (topK > V) throw new ArgumentError(`sampleToken: topK ${topK} exceeds the ${V} tokens of the row (use 0 for all)`);
  if (temperature === 0) return argmaxRow(scores, 0, V);
  let ids = Array.from({ length: V }, (_, v) => v);
  if (topK > 0 && topK < V) ids = ids.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, topK);
  let m = Number.NEGATIVE_INFINITY;
  for (const v of ids) m = Math.max(m, scores[v] / temperature);
  if (m === Number.NEGATIVE_INFINITY) throw new ArgumentError('sampleToken: every candidate token has probability 0');
  const w = ids.map((v) => Math.exp(scores[v] / temperature - m));
  const total = w.reduce((a, b) => a + b, 0);
  let u = (options.generator ?? defaultGenerator()).next() * total;
  for (let i = 0; i < ids.length; i++) {
    u -= w[i];
    if (u < 0 && w[i] > 0) return ids[i];
  }
  // Rounding left u >= 0 after the last weight: take the last token with weight.
  for (let i = ids.length - 1; i >= 0; i--) if (w[i] > 0) return ids[i];
  return ids[0];
}

async function decodeOne(op: string, step: BeamStepFn, options: GreedyOptions, pick: (row: Float64Array) => number): Promise<Decoded> {
  if (typeof step !== 'function') throw new ArgumentError(`${op}: step must be a function (prefixes, context) -> log-probabilities, got ${describeValue(step)}`);
  if (options === null || typeof options !== 'object') throw new ArgumentError(`${op}: options must be an object with maxLength, got ${describeValue(options)}`);
  const { maxLength, bosToken, eosToken } = options;
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new ArgumentError(`${op}: maxLength must be an integer >= 1, got ${maxLength}`);
  const tokens: number[] = [];
  let logProb = 0;
  let V: number | undefined;
  for (let t = 0; t < maxLength; t++) {
    const prefix = bosToken === undefined ? [...tokens] : [bosToken, ...tokens];
    const { logProbs } = splitStepOutput(await step([prefix], { step: t, parents: [0] }));
    const rows = await readRows(op, `step ${t} log-probabilities`, logProbs, 1, V);
    if (V === undefined) {
      V = rows.cols;
      for (const [name, tok] of [['bosToken', bosToken], ['eosToken', eosToken]] as const) {
        if (tok !== undefined && !(Number.isInteger(tok) && tok >= 0 && tok < V)) throw new IndexError(`${op}: ${name} ${tok} is outside the vocabulary 0..${V - 1}`);
      }
    }
    const row = options.normalize ? logSoftmaxRows(rows.data, 1, V) : Float64Array.from(rows.data);
    const tok = pick(row);
    tokens.push(tok);
    logProb += row[tok];
    if (tok === eosToken) break;
  }
  return { tokens, logProb };
}

/** Greedy decoding: the most probable token at every step, until EOS or maxLength. */
export function greedyDecode(step: BeamStepFn, options: GreedyOptions): Promise<Decoded> {
  return decodeOne('greedyDecode', step, options, (row) => argmaxRow(row, 0, row.length));
}

/** Ancestral sampling with temperature and top-k, until EOS or maxLength. */
export function sampleDecode(step: BeamStepFn, options: SampleOptions): Promise<Decoded> {
  if (options !== null && typeof options === 'object') {
    // Checked before the first step, not when the first token is drawn.
    const t = options.temperature ?? 1;
    if (typeof t !== 'number' || !(t >= 0) || !Number.isFinite(t)) return Promise.reject(new ArgumentError(`sampleDecode: temperature must be finite and >= 0, got ${t}`));
    const k = options.topK ?? 0;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) return Promise.reject(new ArgumentError(`sampleDecode: topK must be an integer >= 0, got ${k}`));
  }
  const gen = options.generator ?? defaultGenerator();
  return decodeOne('sampleDecode', step, options, (row) => sampleToken(row, { temperature: options.temperature, topK: options.topK, generator: gen }));
}
