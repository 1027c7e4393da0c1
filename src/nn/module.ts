// Module: the base of every layer. Parameters and submodules are registered by name, so
// namedParameters() and stateDict() produce PyTorch's dotted names ("encoder.weight_ih_l0") and a
// state dict moves between PyTorch and seqgpu unchanged.
import { Tensor } from '../tensor.ts';
import type { Device } from '../device.ts';
import { keep } from '../scope.ts';
import { fmtShape } from '../dtype.ts';
import { tensor } from '../ops/creation.ts';
import { ArgumentError, DeviceError, FormatError, ShapeError, describeValue } from '../errors.ts';

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
  loadStateDict(state: StateDict | Map<string, StateValue>, options: { strict?: boolean } = {}): void {
    const who = `${this.constructor.name}.loadStateDict`;
    if (state instanceof Tensor || state === null || typeof state !== 'object' || Array.isArray(state) || ArrayBuffer.isView(state)) {
      throw new FormatError(`${who}: expected a state dict (an object or Map of name -> tensor or { data, shape }), got ${describeValue(state)}`);
    }
    if (typeof (state as { then?: unknown }).then === 'function') {
      throw new FormatError(`${who}: expected a state dict, got ${describeValue(state)}`);
    }
    if (options === null || typeof options !== 'object') throw new ArgumentError(`${who}: options must be an object, got ${describeValue(options)}`);
    // Own keys only: a plain {} inherits 'constructor', 'toString'... which are not entries.
    const entries: [string, unknown][] = state instanceof Map ? [...state.entries()] : Object.keys(state).map((k) => [k, (state as Record<string, unknown>)[k]]);
    const given = new Map<string, unknown>();
    for (const [k, v] of entries) {
      if (typeof k !== 'string') throw new FormatError(`${who}: keys must be parameter names (strings), got ${describeValue(k)}`);
      given.set(k, v);
    }
    const strict = options.strict ?? true;
    const params = new Map(this.namedParameters());
    if (strict) {
      const missing = [...params.keys()].filter((k) => !given.has(k));
      const unexpected = [...given.keys()].filter((k) => !params.has(k));
      if (missing.length || unexpected.length) {
        const parts = [];
        if (missing.length) parts.push(`missing keys: ${missing.join(', ')}`);
        if (unexpected.length) parts.push(`unexpected keys: ${unexpected.join(', ')}`);
        throw new FormatError(`loadStateDict: ${parts.join('; ')}`);
      }
    }
    // Validate every entry before changing any parameter, so a bad dict leaves the module intact.
    const updates: [Tensor, StateValue][] = [];
    for (const [key, value] of given) {
      const p = params.get(key);
      if (!p) continue;
      const isRaw = value !== null && typeof value === 'object' && !(value instanceof Tensor)
        && 'data' in value && 'shape' in value && Array.isArray((value as { shape: unknown }).shape)
        && (ArrayBuffer.isView((value as { data: unknown }).data) || Array.isArray((value as { data: unknown }).data));
      if (!(value instanceof Tensor) && !isRaw) {
        throw new FormatError(`loadStateDict: '${key}' must be a Tensor or { data, shape }, got ${describeValue(value)}`);
      }
      const v = value as StateValue;
      if (v instanceof Tensor && v.disposed) throw new FormatError(`loadStateDict: '${key}' is a disposed tensor`);
      const shape = v.shape;
      if (shape.length !== p.shape.length || shape.some((d, i) => d !== p.shape[i])) {
        throw new ShapeError(`loadStateDict: '${key}' has shape ${fmtShape(shape)} but the parameter is ${fmtShape(p.shape)}`);
      }
      if (!(v instanceof Tensor)) {
        if (v.data.length !== p.size) throw new ShapeError(`loadStateDict: '${key}' holds ${v.data.length} values for shape ${fmtShape(p.shape)}`);
        for (let i = 0; i < v.data.length; i++) {
          if (typeof v.data[i] !== 'number') throw new FormatError(`loadStateDict: '${key}' value ${i} is ${describeValue(v.data[i])}, not a number`);
        }
      } else if (v.device !== p.device) {
        throw new DeviceError(`loadStateDict: '${key}' value is on ${v.device}, parameter on ${p.device}; pass host data or move it first`);
      }
      updates.push([p, v]);
    }
    for (const [p, value] of updates) {
      if (value instanceof Tensor) {
        p.assign(value.dtype === p.dtype ? value : value.cast(p.dtype));
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
