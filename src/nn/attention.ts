// Attention over encoder outputs for nn.Seq2Seq: Bahdanau (additive: v^T tanh(W q + U h_s)) and Luong (dot: q . h_s;
// general: q^T W_a h_s). The key side (U h_s, W_a h_s) is projected once per source by prepare(), so each decoder step
// costs two batched matmuls and a softmax. Padded source positions get a large finite negative score (not -Inf:
// WGSL may fold infinities), so their weight underflows to 0. Twin: seq2seq.ts (the decoder that queries it).
import type { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { Linear } from './linear.ts';
import type { InitOptions } from './init.ts';
import { uniformInit } from './init.ts';
import { add, tanh } from '../ops/elementwise.ts';
import { matmul } from '../ops/matmul.ts';
import { reshape, unsqueeze } from '../ops/shape.ts';
import { softmax } from '../ops/softmax.ts';
import { tensor } from '../ops/creation.ts';
import { gather } from '../ops/indexing.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkOptions, checkPosInt } from './check.ts';

export type AttentionKind = 'bahdanau' | 'luong-dot' | 'luong-general';

/** Score added at padded source positions: exp(-1e9 - max) is 0 in float32 on every backend. */
export const MASKED_SCORE = -1e9;

/** Encoder outputs ready to be attended to. */
export interface AttentionMemory {
  /** h_s: [N, S, K] (batch-major). */
  values: Tensor;
  /** The key side of the score: U h_s [N, S, A] (bahdanau), W_a h_s [N, S, Q] (general), h_s (dot). */
  keys: Tensor;
  /** Additive mask [N, 1, S]: 0 at real positions, MASKED_SCORE at padding; null when nothing is padded. */
  mask: Tensor | null;
}

/**
 * The memory of source row `row` repeated `rows` times (the k beams of one source all attend to the same encoder
 * outputs). Beam search reorders states by parent, but the memory's rows are identical, so this copy is made once per
 * beam count instead of being gathered by parent every step. luong-dot's keys are its values: one copy serves both.
 */
export function repeatMemory(memory: AttentionMemory, rows: number, row = 0): AttentionMemory {
  const index = tensor(new Int32Array(rows).fill(row), [rows], { device: memory.values.device });
  const values = gather(memory.values, index, 0);
  const keys = memory.keys === memory.values ? values : gather(memory.keys, index, 0);
  const mask = memory.mask && gather(memory.mask, index, 0);
  index.dispose();
  return { values, keys, mask };
}

export interface AttentionOutput {
  /** Context vectors [N, T, K]. */
  context: Tensor;
  /** Attention weights [N, T, S] (rows sum to 1 over the real source positions). */
  weights: Tensor;
}

export class Attention extends Module {
  readonly keyProj: Linear | null;
  readonly queryProj: Linear | null;
  readonly v: Tensor | null;

  /**
   * queryDim: the decoder state size; keyDim: the encoder output size (numDirections * hidden); attnDim: the additive
   * layer's width (bahdanau only, default queryDim). Parameter names: key_proj.weight, query_proj.{weight,bias}, v.
   */
  constructor(readonly kind: AttentionKind, readonly queryDim: number, readonly keyDim: number, options: InitOptions & { attnDim?: number } = {}) {
    super();
    checkPosInt(`Attention('${String(kind)}')`, 'queryDim', queryDim);
    checkPosInt(`Attention('${String(kind)}')`, 'keyDim', keyDim);
    checkOptions(`Attention('${String(kind)}')`, options);
    if (options.attnDim !== undefined) {
      checkPosInt(`Attention('${String(kind)}')`, 'attnDim', options.attnDim);
      if (kind !== 'bahdanau') throw new ArgumentError(`Attention('${String(kind)}'): attnDim only applies to 'bahdanau' attention`);
    }
    switch (kind) {
      case 'bahdanau': {
        const A = options.attnDim ?? queryDim;
        this.keyProj = this.module('key_proj', new Linear(keyDim, A, { ...options, bias: false }));
        this.queryProj = this.module('query_proj', new Linear(queryDim, A, options));
        this.v = this.param('v', uniformInit([A, 1], 1 / Math.sqrt(A), options));
        break;
      }
      case 'luong-general':
        this.keyProj = this.module('key_proj', new Linear(keyDim, queryDim, { ...options, bias: false }));
        this.queryProj = null;
        this.v = null;
        break;
      case 'luong-dot':
        if (queryDim !== keyDim) throw new ArgumentError(`Attention('luong-dot'): query size ${queryDim} must equal key size ${keyDim}; use 'luong-general'`);
        this.keyProj = null;
        this.queryProj = null;
        this.v = null;
        break;
      default:
        kind satisfies never;
        throw new ArgumentError(`Attention: unknown kind '${String(kind)}' (expected 'bahdanau', 'luong-dot' or 'luong-general')`);
    }
  }

  /** values [N, S, K]; lengths [N] (host values) mark positions >= length as padding. */
  prepare(values: Tensor, lengths: ArrayLike<number> | null = null): AttentionMemory {
    if (values.ndim !== 3 || values.shape[2] !== this.keyDim) {
      throw new ShapeError(`Attention(${this.kind}): encoder outputs must be [N, S, ${this.keyDim}], got ${fmtShape(values.shape)}`);
    }
    const [N, S] = values.shape;
    let mask: Tensor | null = null;
    if (lengths && Array.from(lengths).some((l) => l < S)) {
      if (lengths.length !== N) throw new ShapeError(`Attention: lengths has ${lengths.length} entries for batch ${N}`);
      const m = new Float32Array(N * S);
      for (let n = 0; n < N; n++) for (let s = lengths[n]; s < S; s++) m[n * S + s] = MASKED_SCORE;
      mask = tensor(m, [N, 1, S], { device: values.device });
    }
    const keys = this.keyProj ? this.keyProj.forward(values) : values;
    return { values, keys, mask };
  }

  /** query [N, Q] (one step) or [N, T, Q] (all steps at once; Luong only) -> context and weights. */
  forward(query: Tensor, memory: AttentionMemory): AttentionOutput {
    const single = query.ndim === 2;
    const q = single ? unsqueeze(query, 1) : query; // [N, T, Q]
    if (q.ndim !== 3 || q.shape[0] !== memory.values.shape[0] || q.shape[2] !== this.queryDim) {
      throw new ShapeError(`Attention(${this.kind}): query must be [N, ${this.queryDim}] or [N, T, ${this.queryDim}] with N = ${memory.values.shape[0]}, got ${fmtShape(query.shape)}`);
    }
    let scores: Tensor; // [N, T, S]
    if (this.kind === 'bahdanau') {
      if (q.shape[1] !== 1) throw new ShapeError('Attention(bahdanau): scores one decoder step at a time (query [N, Q])');
      const [N, S, A] = memory.keys.shape;
      const e = tanh(add(memory.keys, this.queryProj!.forward(q))); // [N, S, A] + [N, 1, A]
      scores = reshape(matmul(reshape(e, [N * S, A]), this.v!), [N, 1, S]);
    } else {
      scores = matmul(q, memory.keys, { transposeB: true }); // [N, T, Q] x [N, S, Q]^T
    }
    if (memory.mask) scores = add(scores, memory.mask);
    const weights = softmax(scores, -1);
    const context = matmul(weights, memory.values); // [N, T, S] x [N, S, K]
    return { context, weights };
  }
}
