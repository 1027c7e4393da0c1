// Embedding: a lookup table weight [numEmbeddings, embeddingDim] (torch.nn.Embedding), initialised N(0, 1).
// paddingIdx: that row starts at zero and never receives gradient, so it stays whatever it is (zero unless loaded).
import { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import type { InitOptions } from './init.ts';
import { getDefaultDevice } from '../device.ts';
import { defaultGenerator } from '../random.ts';
import { gather, where } from '../ops/indexing.ts';
import { tensor } from '../ops/creation.ts';
import { fmtShape } from '../dtype.ts';

export interface EmbeddingOptions extends InitOptions {
  paddingIdx?: number | null;
}

export class Embedding extends Module {
  readonly weight: Tensor;
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    if (!(Number.isInteger(numEmbeddings) && numEmbeddings > 0 && Number.isInteger(embeddingDim) && embeddingDim > 0)) {
      throw new Error(`Embedding: numEmbeddings and embeddingDim must be positive integers, got ${numEmbeddings}, ${embeddingDim}`);
    }
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      // Negative indices count from the end, as PyTorch's.
      if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new Error(`Embedding(${numEmbeddings}, ${embeddingDim}): paddingIdx ${pad} must be within [-${numEmbeddings}, ${numEmbeddings})`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    const g = options.generator ?? defaultGenerator();
    const values = new Float32Array(numEmbeddings * embeddingDim);
    for (let i = 0; i < values.length; i++) values[i] = g.normal();
    if (pad !== null) values.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
    this.weight = this.param('weight', tensor(values, [numEmbeddings, embeddingDim], { device: options.device ?? getDefaultDevice() }));
  }

  /** ids: int32 of any shape (a Tensor, Int32Array or number[]) -> [...ids.shape, embeddingDim]. */
  forward(ids: Tensor | Int32Array | number[]): Tensor {
    const index = ids instanceof Tensor ? ids : tensor(Int32Array.from(ids), { device: this.weight.device });
    if (index.dtype !== 'int32') throw new Error(`Embedding: ids must be int32, got ${index.dtype} ${fmtShape(index.shape)}`);
    const out = gather(this.weight, index, 0);
    if (this.paddingIdx === null) return out;
    // Rows looked up at paddingIdx keep their value but are cut from the tape: where() sends the gradient to its
    // first operand only where the condition holds, so weight[paddingIdx] never accumulates any.
    const host = index.hostData;
    if (!host) throw new Error('Embedding: with paddingIdx, ids must be made from host values (tensor(Int32Array) or a number[])');
    const keepGrad = new Float32Array(host.length);
    for (let i = 0; i < host.length; i++) keepGrad[i] = host[i] === this.paddingIdx ? 0 : 1;
    const cond = tensor(keepGrad, [...index.shape, 1], { device: this.weight.device });
    return where(cond, out, out.detach());
  }
}
