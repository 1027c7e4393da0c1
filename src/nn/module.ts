// Module: the base of every layer. Parameters and submodules are registered by name, so
// namedParameters() and stateDict() produce PyTorch's dotted names ("encoder.weight_ih_l0") and a
// state dict moves between PyTorch and seqgpu unchanged.
import { Tensor } from '../tensor.ts';
import type { Device } from '../device.ts';
import { keep } from '../scope.ts';
import { fmtShape } from '../dtype.ts';
import { tensor } from '../ops/creation.ts';

/** A state-dict value: a tensor, or raw data with its shape (e.g. from loadSafetensors). */
export type StateValue = Tensor | { data: ArrayLike<number>; shape: number[] };
export type StateDict = Record<string, StateValue>;

export abstract class Module {
  training = true;
  private readonly ownParams = new Map<string, Tensor | null>();
  private readonly children = new Map<string, Module>();

  /** Registers a parameter (exempt from scopes, requiresGrad on). null registers an absent one (bias: false). */
  protected param(name: string, t: Tensor | null): Tensor {
    if (t) {
      keep(t);
      t.requiresGrad = true;
      t.name = name;
    }
    this.ownParams.set(name, t);
    return t as Tensor;
  }

  /** Registers a submodule under a name (its parameters appear as "name.param"). */
  protected module<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, p] of this.ownParams) if (p) out.push([prefix + n, p]);
    for (const [n, m] of this.children) out.push(...m.namedParameters(`${prefix}${n}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix.replace(/\.$/, ''), this]];
    for (const [n, m] of this.children) out.push(...m.namedModules(`${prefix}${n}.`));
    return out;
  }

  /** Moves every parameter (and gradient) to device in place. */
  async to(device: Device): Promise<this> {
    for (const p of this.parameters()) await p.moveTo(device);
    return this;
  }

  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Parameters by dotted name (the tensors themselves, not copies). */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters());
  }

  /**
   * Copies values into the parameters. With strict (default), missing and unexpected keys are errors;
   * a shape mismatch is always an error. Names and shapes appear in every message.
   */
  loadStateDict(state: StateDict, options: { strict?: boolean } = {}): void {
    const strict = options.strict ?? true;
    const params = new Map(this.namedParameters());
    if (strict) {
      const missing = [...params.keys()].filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !params.has(k));
      if (missing.length || unexpected.length) {
        const parts = [];
        if (missing.length) parts.push(`missing keys: ${missing.join(', ')}`);
        if (unexpected.length) parts.push(`unexpected keys: ${unexpected.join(', ')}`);
        throw new Error(`loadStateDict: ${parts.join('; ')}`);
      }
    }
    // Validate every entry before changing any parameter, so a bad dict leaves the module intact.
    const updates: [Tensor, StateValue][] = [];
    for (const [key, value] of Object.entries(state)) {
      const p = params.get(key);
      if (!p) continue;
      const shape = value instanceof Tensor ? value.shape : value.shape;
      if (shape.length !== p.shape.length || shape.some((d, i) => d !== p.shape[i])) {
        throw new Error(`loadStateDict: '${key}' has shape ${fmtShape(shape)} but the parameter is ${fmtShape(p.shape)}`);
      }
      if (!(value instanceof Tensor) && value.data.length !== p.size) {
        throw new Error(`loadStateDict: '${key}' holds ${value.data.length} values for shape ${fmtShape(p.shape)}`);
      }
      updates.push([p, value]);
    }
    for (const [p, value] of updates) {
      if (value instanceof Tensor && value.device === p.device) {
        p.assign(value.dtype === p.dtype ? value : value.cast(p.dtype));
      } else if (value instanceof Tensor) {
        throw new Error(`loadStateDict: '${p.name}' value is on ${value.device}, parameter on ${p.device}; pass host data or move it first`);
      } else {
        const t = tensor(Array.from(value.data), [...p.shape], { device: p.device, dtype: p.dtype });
        p.assign(t);
        t.dispose();
      }
    }
  }

  /** Number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  abstract forward(...args: never[]): unknown;
}
