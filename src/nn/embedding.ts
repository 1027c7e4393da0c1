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
import { ArgumentError, DTypeError, IndexError, describeValue } from '../errors.ts';
import { checkOptions, checkPosInt } from './check.ts';

export interface EmbeddingOptions extends InitOptions {
  paddingIdx?: number | null;
}

export class Embedding extends Module {
  readonly weight: Tensor;
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    checkPosInt('Embedding', 'numEmbeddings', numEmbeddings);
    checkPosInt('Embedding', 'embeddingDim', embeddingDim);
    checkOptions('Embedding', options);
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      if (typeof pad !== 'number' || !Number.isInteger(pad)) throw new ArgumentError(`Embedding(${numEmbeddings}, ${embeddingDim}): paddingIdx must be an integer, got ${describeValue(pad)}`);
      // Negative indices count from the end, as PyTorch's.
      if (pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new IndexError(`Embedding(${numEmbeddings}, ${embeddingDim}): paddingIdx ${pad} must be within [-${numEmbeddings}, ${numEmbeddings})`);
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
    const who = `Embedding(${this.numEmbeddings}, ${this.embeddingDim})`;
    let index: Tensor;
    if (ids instanceof Tensor) {
      index = ids;
    } else if (ids instanceof Int32Array || Array.isArray(ids)) {
      const host = Int32Array.from(ids);
      // Checked before conversion: Int32Array.from would turn 1.5 into 1 and NaN into 0.
      Array.from(ids as ArrayLike<unknown>).forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isInteger(v)) throw new ArgumentError(`${who}: ids[${i}] must be an integer token id, got ${describeValue(v)}`);
      });
      index = tensor(host, { device: this.weight.device });
    } else {
      throw new ArgumentError(`${who}: ids must be an int32 Tensor, an Int32Array or a number[], got ${describeValue(ids)}`);
    }
    if (index.dtype !== 'int32') throw new DTypeError(`${who}: ids must be int32, got ${index.dtype} ${fmtShape(index.shape)}`);
    // Host-made ids are range-checked here with the module's own message (device-made ones by gather).
    const h = index.hostData;
    if (h) {
      for (let i = 0; i < h.length; i++) {
        if (h[i] < 0 || h[i] >= this.numEmbeddings) throw new IndexError(`${who}: id ${h[i]} at flat index ${i} is out of range: the vocabulary is 0..${this.numEmbeddings - 1}`);
      }
    }
    const out = gather(this.weight, index, 0);
    if (this.paddingIdx === null) return out;
    // Rows looked up at paddingIdx keep their value but are cut from the tape: where() sends the gradient to its
    // first operand only where the condition holds, so weight[paddingIdx] never accumulates any.
    const host = index.hostData;
    if (!host) throw new ArgumentError('Embedding: with paddingIdx, ids must be made from host values (tensor(Int32Array) or a number[])');
    const keepGrad = new Float32Array(host.length);
    for (let i = 0; i < host.length; i++) keepGrad[i] = host[i] === this.paddingIdx ? 0 : 1;
    const cond = tensor(keepGrad, [...index.shape, 1], { device: this.weight.device });
    return where(cond, out, out.detach());
  }
}
