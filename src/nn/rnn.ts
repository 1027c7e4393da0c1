// nn.RNN (tanh | relu), nn.LSTM (with projSize) and nn.GRU: PyTorch's modules over the whole-sequence layer ops
// of ops/rnn.ts, one op per layer (a bidirectional layer is one ops/rnn-bidirectional.ts op). Shapes, parameter names, gate orders (i,f,g,o and r,z,n) and
// initialisation are PyTorch's, so a state_dict moves either way unchanged. Shared plumbing: rnn-base.ts.
import type { Tensor } from '../tensor.ts';
import { type BidirectionalCall, type LayerCall, type LayerRun, RNNBase, type RnnBaseOptions, type RnnForwardOptions } from './rnn-base.ts';
import { gruLayer, lstmLayer, rnnLayer } from '../ops/rnn.ts';
import { ArgumentError } from '../errors.ts';
import { gruBidirectional, lstmBidirectional, rnnBidirectional } from '../ops/rnn-bidirectional.ts';

export type { RnnBaseOptions, RnnForwardOptions, LayerWeights } from './rnn-base.ts';
export { RNNBase } from './rnn-base.ts';

export type Nonlinearity = 'tanh' | 'relu';

export interface RNNOptions extends RnnBaseOptions {
  nonlinearity?: Nonlinearity;
}

export class RNN extends RNNBase {
  readonly nonlinearity: Nonlinearity;
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('RNN', inputSize, hiddenSize, options);
    this.nonlinearity = options.nonlinearity ?? 'tanh';
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      throw new ArgumentError(`RNN: nonlinearity must be 'tanh' or 'relu', got '${String(this.nonlinearity)}'`);
    }
  }
  protected runLayer(c: LayerCall): LayerRun {
    const { wIh, wHh, bIh, bHh } = c.w;
    return rnnLayer(c.x, c.h0, wIh, wHh, bIh, bHh, { lengths: c.lengths, reverse: c.reverse, impl: c.impl, nonlinearity: this.nonlinearity, weightDtype: c.weightDtype });
  }
  protected runBidirectional(c: BidirectionalCall): LayerRun {
    return rnnBidirectional(c.x, c.h0, c.w, { lengths: c.lengths, impl: c.impl, nonlinearity: this.nonlinearity, weightDtype: c.weightDtype });
  }
  /** x [T, N, I] (or [N, T, I] with batchFirst, or [T, I]); h0 [L*D, N, H]. Returns [output [T, N, D*H], hN [L*D, N, H]]. */
  forward(x: Tensor, h0: Tensor | null = null, options: RnnForwardOptions = {}): [Tensor, Tensor] {
    const r = this.runStack(x, h0, null, options);
    return [r.output, r.hN];
  }
}

export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RnnBaseOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }
  protected runLayer(c: LayerCall): LayerRun {
    const { wIh, wHh, bIh, bHh } = c.w;
    return gruLayer(c.x, c.h0, wIh, wHh, bIh, bHh, { lengths: c.lengths, reverse: c.reverse, impl: c.impl, weightDtype: c.weightDtype });
  }
  protected runBidirectional(c: BidirectionalCall): LayerRun {
    return gruBidirectional(c.x, c.h0, c.w, { lengths: c.lengths, impl: c.impl, weightDtype: c.weightDtype });
  }
  /** As RNN.forward; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) (PyTorch's reset-after form). */
  forward(x: Tensor, h0: Tensor | null = null, options: RnnForwardOptions = {}): [Tensor, Tensor] {
    const r = this.runStack(x, h0, null, options);
    return [r.output, r.hN];
  }
}

export interface LSTMOptions extends RnnBaseOptions {
  /** Project h to this size with weight_hr_l{k} [projSize, hiddenSize]; 0 (default) for none. */
  projSize?: number;
}

export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options, options.projSize ?? 0);
  }
  protected runLayer(c: LayerCall): LayerRun {
    const { wIh, wHh, bIh, bHh, wHr } = c.w;
    return lstmLayer(c.x, c.h0, c.c0, wIh, wHh, bIh, bHh, { lengths: c.lengths, reverse: c.reverse, impl: c.impl, wHr, weightDtype: c.weightDtype });
  }
  protected runBidirectional(c: BidirectionalCall): LayerRun {
    return lstmBidirectional(c.x, c.h0, c.c0, c.w, { lengths: c.lengths, impl: c.impl, weightDtype: c.weightDtype });
  }
  /**
   * x as RNN.forward; state [h0 [L*D, N, R], c0 [L*D, N, H]] (R = projSize or hiddenSize), zeros when absent.
   * Returns [output [T, N, D*R], [hN, cN]].
   */
  forward(x: Tensor, state: [Tensor, Tensor] | null = null, options: RnnForwardOptions = {}): [Tensor, [Tensor, Tensor]] {
    if (state !== null && (!Array.isArray(state) || state.length !== 2)) {
      throw new ArgumentError(`${this.label}: the state must be a pair [h0, c0]`);
    }
    const r = this.runStack(x, state?.[0] ?? null, state?.[1] ?? null, options);
    return [r.output, [r.hN, r.cN!]];
  }
}
