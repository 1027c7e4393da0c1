// LayerNorm over the trailing `normalizedShape` dimensions (torch.nn.LayerNorm): biased variance, eps inside the
// square root, optional elementwise affine weight (ones) and bias (zeros) named as PyTorch's. Composed from ops,
// so autograd supplies the backward on every backend.
import type { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import type { InitOptions } from './init.ts';
import { getDefaultDevice } from '../device.ts';
import { add, div, mul, sqrt, square, sub } from '../ops/elementwise.ts';
import { mean } from '../ops/reduce.ts';
import { ones, zeros } from '../ops/creation.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, ShapeError, describeValue } from '../errors.ts';
import { checkBool, checkNonNeg, checkOptions } from './check.ts';

export interface LayerNormOptions extends InitOptions {
  eps?: number;
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, whether to learn a bias (PyTorch >= 2.1's `bias`); default true. */
  bias?: boolean;
}

export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  constructor(normalizedShape: number | number[], options: LayerNormOptions = {}) {
    super();
    if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
      throw new ArgumentError(`LayerNorm: normalizedShape must be a number or an array of dims, got ${describeValue(normalizedShape)}`);
    }
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.length === 0 || this.normalizedShape.some((d) => !(Number.isInteger(d) && d > 0))) {
      throw new ArgumentError(`LayerNorm: normalizedShape must be positive integers, got ${fmtShape(this.normalizedShape)}`);
    }
    checkOptions('LayerNorm', options);
    // PyTorch takes any eps, but a negative one can make variance + eps negative: sqrt of it is NaN.
    this.eps = checkNonNeg('LayerNorm', 'eps', options.eps ?? 1e-5);
    checkBool('LayerNorm', 'elementwiseAffine', options.elementwiseAffine);
    checkBool('LayerNorm', 'bias', options.bias);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const device = options.device ?? getDefaultDevice();
    const affine = this.elementwiseAffine;
    this.weight = this.param('weight', affine ? ones(this.normalizedShape, { device }) : null);
    this.bias = this.param('bias', affine && options.bias !== false ? zeros(this.normalizedShape, { device }) : null);
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(`LayerNorm(${fmtShape(this.normalizedShape)}): input ${fmtShape(x.shape)} does not end in the normalized shape`);
    }
    const axes = Array.from({ length: k }, (_, i) => x.ndim - k + i);
    const centred = sub(x, mean(x, axes, true));
    const variance = mean(square(centred), axes, true); // biased, as PyTorch
    let y = div(centred, sqrt(add(variance, this.eps)));
    if (this.weight) y = mul(y, this.weight);
    if (this.bias) y = add(y, this.bias);
    return y;
  }
}
