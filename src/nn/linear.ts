// Linear (y = x W^T + b), Sequential, and activation modules. Parameter names and shapes as
// PyTorch's: weight [out, in], bias [out]; Sequential children named "0", "1", ...
import { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { type InitOptions, uniformInit } from './init.ts';
import { add, gelu, relu, sigmoid, tanh } from '../ops/elementwise.ts';
import { matmul } from '../ops/matmul.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, ShapeError, describeValue } from '../errors.ts';
import { checkOptions, checkSize } from './check.ts';

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: InitOptions & { bias?: boolean } = {}) {
    super();
    checkSize('Linear', 'inFeatures', inFeatures);
    checkSize('Linear', 'outFeatures', outFeatures);
    checkOptions('Linear', options);
    // PyTorch's kaiming_uniform(a=sqrt(5)) reduces to uniform(-1/sqrt(in), 1/sqrt(in)). A zero-size layer (in = 0)
    // has no fan-in: PyTorch skips the weight init and draws the bias from uniform(0, 0), so bound 0 (not 1/0 = Inf,
    // whose uniform(-Inf, Inf) would be NaN) and y = 0 + bias = zeros.
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = this.param('weight', uniformInit([outFeatures, inFeatures], bound, options));
    this.bias = options.bias === false ? this.param('bias', null) : this.param('bias', uniformInit([outFeatures], bound, options));
  }
  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ArgumentError(`Linear(${this.inFeatures}, ${this.outFeatures}): input must be a Tensor, got ${describeValue(x)}`);
    if (x.ndim < 1 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear(${this.inFeatures}, ${this.outFeatures}): input ${fmtShape(x.shape)} has last dimension ${x.shape[x.ndim - 1]}, expected ${this.inFeatures}`);
    }
    const y = matmul(x, this.weight, { transposeB: true });
    return this.bias ? add(y, this.bias) : y;
  }
}

/** Modules applied in order; each child's forward takes one tensor and returns one. */
export class Sequential extends Module {
  readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = layers.map((m, i) => this.module(String(i), m));
  }
  forward(x: Tensor): Tensor {
    let h = x;
    for (const m of this.layers) h = (m as unknown as { forward(t: Tensor): Tensor }).forward(h);
    return h;
  }
}

export class ReLU extends Module {
  forward(x: Tensor): Tensor { return relu(x); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return tanh(x); }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return sigmoid(x); }
}
export class GELU extends Module {
  forward(x: Tensor): Tensor { return gelu(x); }
}
