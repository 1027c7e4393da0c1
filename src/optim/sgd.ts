// SGD with momentum, dampening, Nesterov and weight decay (torch.optim.SGD semantics).
// Twins: backends/cpu/optim.ts (reference), shaders/optim/sgd*.wgsl.
import type { Tensor } from '../tensor.ts';
import { Optimizer } from './optimizer.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { checkBool, checkNonNeg } from '../nn/check.ts';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  private buffers = new Map<Tensor, Tensor>();

  constructor(params: Iterable<Tensor>, options: SgdOptions) {
    if (options === null || typeof options !== 'object') throw new ArgumentError(`SGD: options must be an object with lr, got ${describeValue(options)}`);
    super(params, options.lr);
    // PyTorch's SGD checks: lr, momentum, weight_decay >= 0 (dampening is unchecked there; here too it must be a number).
    checkNonNeg('SGD', 'momentum', options.momentum ?? 0);
    checkNonNeg('SGD', 'weightDecay', options.weightDecay ?? 0);
    checkNonNeg('SGD', 'dampening', options.dampening ?? 0);
    checkBool('SGD', 'nesterov', options.nesterov);
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new ArgumentError(`SGD: nesterov momentum requires momentum > 0 and dampening = 0, got momentum ${this.momentum}, dampening ${this.dampening}`);
    }
  }

  protected stateTensors(): Tensor[] {
    return [...this.buffers.values()];
  }
  protected clearState(): void {
    this.buffers.clear();
  }

  protected override slots(p: Tensor): Record<string, Tensor> | undefined {
    const buf = this.buffers.get(p);
    return buf && { momentum_buffer: buf };
  }
  protected override setSlot(p: Tensor, slot: string, t: Tensor): void {
    if (slot !== 'momentum_buffer') return super.setSlot(p, slot, t);
    this.buffers.get(p)?.dispose();
    this.buffers.set(p, t);
  }

  protected update(p: Tensor, g: Tensor): void {
    let buf = this.buffers.get(p) ?? null;
    const firstStep = this.momentum > 0 && !buf;
    if (firstStep) this.buffers.set(p, (buf = this.stateLike(p)));
    p.device.backend.run('sgdStep', {
      param: p.storage, grad: g.storage, momentumBuf: this.momentum > 0 ? buf!.storage : null,
      lr: this.lr, momentum: this.momentum, dampening: this.dampening, weightDecay: this.weightDecay,
      nesterov: this.nesterov, firstStep,
    });
  }
}
