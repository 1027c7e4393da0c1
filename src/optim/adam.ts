// Adam and AdamW (torch.optim semantics): Adam folds weight decay into the gradient (L2), AdamW
// decays the weights directly (Loshchilov & Hutter). One fused kernel per parameter per step.
// Twins: backends/cpu/optim.ts (reference), shaders/optim/adam.wgsl.
import type { Tensor } from '../tensor.ts';
import { Optimizer } from './optimizer.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { checkNonNeg, checkRange } from '../nn/check.ts';

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

export class Adam extends Optimizer {
  readonly betas: [number, number];
  readonly eps: number;
  weightDecay: number;
  protected decoupled = false;
  private state = new Map<Tensor, { m: Tensor; v: Tensor }>();

  constructor(params: Iterable<Tensor>, options: AdamOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ArgumentError(`${new.target.name}: options must be an object, got ${describeValue(options)}`);
    super(params, options.lr ?? 1e-3);
    const who = this.constructor.name;
    const betas: unknown = options.betas ?? [0.9, 0.999];
    if (!Array.isArray(betas) || betas.length !== 2) throw new ArgumentError(`${who}: betas must be a pair [beta1, beta2], got ${describeValue(betas)}`);
    // PyTorch: 0 <= beta < 1 for both, eps >= 0, weight_decay >= 0.
    checkRange(who, 'betas[0]', betas[0], { min: 0, max: 1, openMax: true });
    checkRange(who, 'betas[1]', betas[1], { min: 0, max: 1, openMax: true });
    checkNonNeg(who, 'eps', options.eps ?? 1e-8);
    checkNonNeg(who, 'weightDecay', options.weightDecay ?? 0);
    this.betas = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
  }

  protected stateTensors(): Tensor[] {
    return [...this.state.values()].flatMap((s) => [s.m, s.v]);
  }
  protected clearState(): void {
    this.state.clear();
  }

  protected override slots(p: Tensor): Record<string, Tensor> | undefined {
    const s = this.state.get(p);
    return s && { exp_avg: s.m, exp_avg_sq: s.v };
  }
  protected override setSlot(p: Tensor, slot: string, t: Tensor): void {
    if (slot !== 'exp_avg' && slot !== 'exp_avg_sq') return super.setSlot(p, slot, t);
    let s = this.state.get(p);
    if (!s) this.state.set(p, (s = { m: this.stateLike(p), v: this.stateLike(p) }));
    const old = slot === 'exp_avg' ? s.m : s.v;
    if (slot === 'exp_avg') s.m = t;
    else s.v = t;
    old.dispose();
  }

  protected update(p: Tensor, g: Tensor): void {
    let s = this.state.get(p);
    if (!s) this.state.set(p, (s = { m: this.stateLike(p), v: this.stateLike(p) }));
    const [beta1, beta2] = this.betas;
    p.device.backend.run('adamStep', {
      param: p.storage, grad: g.storage, m: s.m.storage, v: s.v.storage,
      lr: this.lr, beta1, beta2, eps: this.eps, weightDecay: this.weightDecay, decoupled: this.decoupled,
      biasCorrection1: 1 - beta1 ** this.stepCount, biasCorrection2: 1 - beta2 ** this.stepCount,
    });
  }
}

export class AdamW extends Adam {
  constructor(params: Iterable<Tensor>, options: AdamOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ArgumentError(`AdamW: options must be an object, got ${describeValue(options)}`);
    super(params, { ...options, weightDecay: options.weightDecay ?? 1e-2 });
    this.decoupled = true;
  }
}
