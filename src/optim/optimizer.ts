// Optimizer base: holds parameters, a learning rate that schedules may change, and per-parameter
// state created lazily on the parameter's device. step() records fused update kernels; it never
// reads back, so it joins the same GPU submission as forward and backward.
import type { Tensor } from '../tensor.ts';
import { keep } from '../scope.ts';
import { zeros } from '../ops/creation.ts';
import { Tensor as TensorClass } from '../tensor.ts';
import { ArgumentError, DTypeError, describeValue } from '../errors.ts';
import { checkNonNeg } from '../nn/check.ts';

export abstract class Optimizer {
  lr: number;
  /** Number of step() calls so far. */
  stepCount = 0;
  protected readonly params: Tensor[];

  constructor(params: Iterable<Tensor>, lr: number) {
    const who = this.constructor.name;
    if (params === null || typeof params !== 'object' || typeof (params as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function' || params instanceof TensorClass) {
      throw new ArgumentError(`${who}: params must be an iterable of tensors (e.g. model.parameters()), got ${describeValue(params)}`);
    }
    this.params = [...params];
    if (this.params.length === 0) throw new ArgumentError(`${who}: got an empty parameter list`);
    this.params.forEach((p, i) => {
      if (!(p instanceof TensorClass)) throw new ArgumentError(`${who}: params[${i}] must be a Tensor, got ${describeValue(p)}`);
    });
    if (new Set(this.params).size !== this.params.length) throw new ArgumentError(`${who}: some parameters appear more than once in the list`);
    // PyTorch: "Invalid learning rate" for lr < 0; NaN is no rate either.
    checkNonNeg(who, 'lr (learning rate)', lr);
    for (const p of this.params) {
      if (p.dtype !== 'float32') throw new DTypeError(`${this.constructor.name}: parameter ${p.name ?? p.toString()} is ${p.dtype}, expected float32`);
    }
    this.lr = lr;
  }

  zeroGrad(): void {
    for (const p of this.params) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    this.stepCount++;
    for (const p of this.params) {
      if (p.grad) this.update(p, p.grad);
    }
  }

  protected abstract update(p: Tensor, g: Tensor): void;

  /** Every state tensor the optimizer holds (moments, momentum buffers). */
  protected abstract stateTensors(): Tensor[];

  /** Frees the optimizer's state (not the parameters); the optimizer starts afresh if stepped again. */
  dispose(): void {
    for (const t of this.stateTensors()) t.dispose();
    this.clearState();
    this.stepCount = 0;
  }

  protected abstract clearState(): void;

  /** A zero tensor shaped like p, on its device, exempt from scopes (optimizer state lives long). */
  protected stateLike(p: Tensor): Tensor {
    return keep(zeros([...p.shape], { device: p.device }));
  }
}
