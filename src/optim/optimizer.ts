// Optimizer base: holds parameters, a learning rate that schedules may change, and per-parameter
// state created lazily on the parameter's device. step() records fused update kernels; it never
// reads back, so it joins the same GPU submission as forward and backward.
import type { Tensor } from '../tensor.ts';
import { keep } from '../scope.ts';
import { zeros } from '../ops/creation.ts';
import { Tensor as TensorClass } from '../tensor.ts';
import { ArgumentError, DTypeError, DeviceError, FormatError, describeValue } from '../errors.ts';
import { tensor } from '../ops/creation.ts';
import { mul } from '../ops/elementwise.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import type { StateValue } from '../nn/module.ts';

/** What Optimizer.stateDict() returns and loadStateDict() takes. */
export interface OptimizerStateDict {
  /** Per-parameter state, keyed `state.<i>.<slot>`. */
  tensors: Record<string, Tensor>;
  /** `step` (steps taken) and `lr`, exact. */
  scalars: Record<string, number>;
}
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

  /**
   * The per-parameter state tensors by slot name (PyTorch's names: exp_avg, exp_avg_sq, momentum_buffer).
   * Subclasses with state override this and `setSlot`; the default is stateless.
   */
  protected slots(_p: Tensor): Record<string, Tensor> | undefined {
    return undefined;
  }
  protected setSlot(_p: Tensor, slot: string, _t: Tensor): void {
    throw new FormatError(`${this.constructor.name}.loadStateDict: unknown state slot '${slot}'`);
  }

  /**
   * The state needed to resume training: each parameter's state tensors keyed `state.<i>.<slot>` (i: the
   * parameter's position in the list given to the constructor, as in PyTorch's optimizer state_dict), and the
   * scalars `step` (stepCount) and `lr` as exact numbers. The tensors are the optimizer's own (not copies): save
   * them (`optim.saveCheckpoint`, or saveSafetensors) before the next step.
   */
  stateDict(): OptimizerStateDict {
    const tensors: Record<string, Tensor> = {};
    this.params.forEach((p, i) => {
      for (const [slot, t] of Object.entries(this.slots(p) ?? {})) tensors[`state.${i}.${slot}`] = t;
    });
    return { tensors, scalars: { step: this.stepCount, lr: this.lr } };
  }

  /**
   * Restores what stateDict() gave (tensors may be Tensors or safetensors' { data, shape }), into an optimizer
   * built over the same parameters in the same order. Checks every entry before changing anything.
   */
  loadStateDict(state: OptimizerStateDict | { tensors: Record<string, StateValue>; scalars: Record<string, number> }): void {
    const who = `${this.constructor.name}.loadStateDict`;
    if (state === null || typeof state !== 'object' || typeof state.tensors !== 'object' || typeof state.scalars !== 'object' || !state.tensors || !state.scalars) {
      throw new FormatError(`${who}: expected { tensors, scalars } from stateDict(), got ${describeValue(state)}`);
    }
    const { step, lr } = state.scalars;
    if (!Number.isInteger(step) || step < 0) throw new FormatError(`${who}: scalars.step must be an integer >= 0, got ${describeValue(step)}`);
    if (typeof lr !== 'number' || !(lr >= 0)) throw new FormatError(`${who}: scalars.lr must be a number >= 0, got ${describeValue(lr)}`);
    const updates: [Tensor, string, StateValue][] = [];
    for (const [key, value] of Object.entries(state.tensors)) {
      const m = /^state\.(\d+)\.([A-Za-z_]+)$/.exec(key);
      const p = m ? this.params[Number(m[1])] : undefined;
      if (!m || !p) throw new FormatError(`${who}: unexpected key '${key}' (expected state.<i>.<slot> with i < ${this.params.length})`);
      const shape = value?.shape;
      if (!Array.isArray(shape) || shape.length !== p.shape.length || shape.some((d, j) => d !== p.shape[j])) {
        throw new FormatError(`${who}: '${key}' has shape ${describeValue(shape)}, the parameter is [${p.shape.join(', ')}]`);
      }
      if (value instanceof TensorClass && value.device !== p.device) {
        throw new DeviceError(`${who}: '${key}' is on ${value.device}, its parameter on ${p.device} (move it with await t.to(device), or pass { data, shape })`);
      }
      updates.push([p, m[2], value]);
    }
    // Copies (the kernels update state in place, so a Tensor given here must not stay shared), made before
    // this optimizer's own state is freed: loading its own stateDict() works too.
    const copies = updates.map(([p, slot, value]): [Tensor, string, Tensor] => {
      if (!(value instanceof TensorClass)) return [p, slot, keep(tensor(Float32Array.from(value.data as ArrayLike<number>), [...p.shape], { device: p.device }))];
      return [p, slot, keep(noGrad(() => mul(value, 1)))]; // x * 1 is exact, -0 included
    });
    this.dispose();
    for (const [p, slot, t] of copies) this.setSlot(p, slot, t);
    this.stepCount = step;
    this.lr = lr;
  }

  /** A zero tensor shaped like p, on its device, exempt from scopes (optimizer state lives long). */
  protected stateLike(p: Tensor): Tensor {
    return keep(zeros([...p.shape], { device: p.device }));
  }
}
