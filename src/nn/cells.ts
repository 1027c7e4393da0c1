// nn.RNNCell, nn.LSTMCell, nn.GRUCell: one step of the recurrence, PyTorch's semantics and parameter names
// (weight_ih, weight_hh, bias_ih, bias_hh; no _l0 suffix). A step is the whole-sequence op of ops/rnn.ts with
// T = 1, so cells and full layers share one set of kernels and backward rules.
import type { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { type InitOptions, uniformInit } from './init.ts';
import { gruLayer, lstmLayer, rnnLayer } from '../ops/rnn.ts';
import { reshape, unsqueeze } from '../ops/shape.ts';
import { fmtShape } from '../dtype.ts';
import { Tensor as TensorClass } from '../tensor.ts';
import { ArgumentError, ShapeError, describeValue } from '../errors.ts';
import { checkBool, checkOptions, checkPosInt } from './check.ts';
import type { Nonlinearity } from './rnn.ts';

export interface CellOptions extends InitOptions {
  bias?: boolean;
}

abstract class CellBase extends Module {
  readonly weight_ih: Tensor;
  readonly weight_hh: Tensor;
  readonly bias_ih: Tensor | null;
  readonly bias_hh: Tensor | null;

  constructor(readonly name: string, readonly inputSize: number, readonly hiddenSize: number, gates: number, options: CellOptions) {
    super();
    checkPosInt(name, 'inputSize', inputSize);
    checkPosInt(name, 'hiddenSize', hiddenSize);
    checkOptions(name, options);
    checkBool(name, 'bias', options.bias);
    const bound = 1 / Math.sqrt(hiddenSize);
    const init = (shape: number[]): Tensor => uniformInit(shape, bound, options);
    this.weight_ih = this.param('weight_ih', init([gates * hiddenSize, inputSize]));
    this.weight_hh = this.param('weight_hh', init([gates * hiddenSize, hiddenSize]));
    const bias = options.bias ?? true;
    this.bias_ih = this.param('bias_ih', bias ? init([gates * hiddenSize]) : null);
    this.bias_hh = this.param('bias_hh', bias ? init([gates * hiddenSize]) : null);
  }

  /** x [N, I] or unbatched [I] -> [1, N, I] for the layer op; checks the sizes with the cell's own message. */
  protected asSequence(x: Tensor): { x3: Tensor; N: number; unbatched: boolean } {
    const label = `${this.name}(${this.inputSize}, ${this.hiddenSize})`;
    if (!(x instanceof TensorClass)) throw new ArgumentError(`${label}: input must be a Tensor, got ${describeValue(x)}`);
    if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${label}: input must be [N, ${this.inputSize}] or [${this.inputSize}], got ${fmtShape(x.shape)}`);
    }
    const unbatched = x.ndim === 1;
    const N = unbatched ? 1 : x.shape[0];
    return { x3: reshape(x, [1, N, this.inputSize]), N, unbatched };
  }

  /** A state argument [N, H] (or [H] unbatched) as [N, H], with a message naming it. */
  protected asState(what: string, s: Tensor | null, N: number, unbatched: boolean): Tensor | null {
    if (s === null) return null;
    if (!(s instanceof TensorClass)) throw new ArgumentError(`${this.name}(${this.inputSize}, ${this.hiddenSize}): ${what} must be a Tensor or null, got ${describeValue(s)}`);
    const want = unbatched ? [this.hiddenSize] : [N, this.hiddenSize];
    if (s.ndim !== want.length || s.shape.some((d, i) => d !== want[i])) {
      throw new ShapeError(`${this.name}(${this.inputSize}, ${this.hiddenSize}): ${what} has shape ${fmtShape(s.shape)}, expected ${fmtShape(want)}`);
    }
    return unbatched ? unsqueeze(s, 0) : s;
  }

  protected out(t: Tensor, unbatched: boolean): Tensor {
    return unbatched ? reshape(t, [this.hiddenSize]) : t;
  }
}

export class RNNCell extends CellBase {
  readonly nonlinearity: Nonlinearity;
  constructor(inputSize: number, hiddenSize: number, options: CellOptions & { nonlinearity?: Nonlinearity } = {}) {
    super('RNNCell', inputSize, hiddenSize, 1, options);
    this.nonlinearity = options.nonlinearity ?? 'tanh';
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') throw new ArgumentError(`RNNCell: nonlinearity must be 'tanh' or 'relu', got '${String(this.nonlinearity)}'`);
  }
  /** h' = act(W_ih x + b_ih + W_hh h + b_hh); h defaults to zeros. */
  forward(x: Tensor, h: Tensor | null = null): Tensor {
    const { x3, N, unbatched } = this.asSequence(x);
    const h0 = this.asState('h', h, N, unbatched);
    const r = rnnLayer(x3, h0, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh, { nonlinearity: this.nonlinearity });
    return this.out(r.hN, unbatched);
  }
}

export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('GRUCell', inputSize, hiddenSize, 3, options);
  }
  forward(x: Tensor, h: Tensor | null = null): Tensor {
    const { x3, N, unbatched } = this.asSequence(x);
    const h0 = this.asState('h', h, N, unbatched);
    const r = gruLayer(x3, h0, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return this.out(r.hN, unbatched);
  }
}

export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('LSTMCell', inputSize, hiddenSize, 4, options);
  }
  /** state [h, c] (zeros when absent) -> [h', c']. */
  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const { x3, N, unbatched } = this.asSequence(x);
    const h0 = this.asState('h', state?.[0] ?? null, N, unbatched);
    const c0 = this.asState('c', state?.[1] ?? null, N, unbatched);
    const r = lstmLayer(x3, h0, c0, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return [this.out(r.hN, unbatched), this.out(r.cN, unbatched)];
  }
}
