// Tensor: a shape, a dtype, a device and a reference-counted storage, always contiguous row-major.
// Ops never mutate a tensor's values (except `assign`, used by optimizers), so storages can be
// shared by reshape without copies. Autograd metadata (node, grad) rides along; see autograd/tape.ts.
import type { Storage } from './backend.ts';
import type { Device } from './device.ts';
import { type DType, type TypedArray, contiguousStrides, fmtShape, shapeSize } from './dtype.ts';
import type { GradNode } from './autograd/tape.ts';
import { trackTensor } from './scope.ts';
import * as ops from './ops/index.ts';
import { runBackward } from './autograd/tape.ts';
import { ArgumentError, DeviceError, DisposedError, ShapeError, describeValue } from './errors.ts';

let nextTensorId = 0;

export type NestedArray = number | NestedArray[];

export class Tensor {
  readonly id = nextTensorId++;
  readonly shape: readonly number[];
  readonly dtype: DType;
  private _device: Device;
  private _storage: Storage | null;
  /** True for leaves whose gradient the user wants; ops propagate it to their outputs. */
  requiresGrad: boolean;
  /** Accumulated gradient after backward() (leaves only). */
  grad: Tensor | null = null;
  /** The op that produced this tensor, when it was recorded on the tape. @internal */
  node: GradNode | null = null;
  /** Which output of `node` this tensor is. @internal */
  outputIndex = 0;
  /** Optional label (parameters get their state_dict name). */
  name: string | undefined;
  /**
   * Host copy of int32 data created from host values (labels, lengths, token ids), kept so ops can
   * validate indices without reading the GPU back. Absent for tensors computed on the device.
   * @internal
   */
  hostData: Int32Array | undefined;

  constructor(device: Device, storage: Storage, shape: readonly number[], dtype: DType, requiresGrad = false) {
    if (storage.size !== shapeSize(shape)) {
      throw new Error(`Tensor: storage holds ${storage.size} elements but shape ${fmtShape(shape)} needs ${shapeSize(shape)}`);
    }
    this._device = device;
    this._storage = storage;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.requiresGrad = requiresGrad;
    trackTensor(this);
  }

  get device(): Device {
    return this._device;
  }

  /** The backend storage (internal: ops and backends only). @internal */
  get storage(): Storage {
    if (!this._storage) {
      throw new DisposedError(`Tensor#${this.id} ${fmtShape(this.shape)} was used after dispose()`);
    }
    return this._storage;
  }
  get disposed(): boolean {
    return this._storage === null;
  }
  get size(): number {
    return shapeSize(this.shape);
  }
  get ndim(): number {
    return this.shape.length;
  }
  get strides(): number[] {
    return contiguousStrides(this.shape);
  }

  /** Frees this tensor's storage (once no other tensor shares it). Safe to call twice. */
  dispose(): void {
    if (!this._storage) return;
    const s = this._storage;
    this._storage = null;
    this.node = null;
    if (--s.refs === 0) this.device.backend.free(s);
  }

  /**
   * Replaces this tensor's contents with `src`'s (same shape and dtype), keeping its identity.
   * Optimizers use it to update parameters in place; it is not recorded on the tape.
   */
  assign(src: Tensor): this {
    if (src.device !== this.device) throw new DeviceError(`assign: source is on ${src.device}, target on ${this.device}`);
    if (src.dtype !== this.dtype || shapeSize(src.shape) !== this.size) {
      throw new ShapeError(`assign: cannot assign ${src.dtype} ${fmtShape(src.shape)} to ${this.dtype} ${fmtShape(this.shape)}`);
    }
    const s = src.storage;
    s.refs++;
    const old = this.storage;
    this._storage = s;
    if (--old.refs === 0) this.device.backend.free(old);
    return this;
  }

  /** The values as a typed array (Float32Array or Int32Array). Waits for pending GPU work. */
  async data(): Promise<TypedArray> {
    const s = this.storage;
    s.refs++; // keep alive across the await even if disposed meanwhile
    try {
      return await this.device.backend.read(s);
    } finally {
      if (--s.refs === 0) this.device.backend.free(s);
    }
  }
  /** The values as nested arrays in the tensor's shape. */
  async toArray(): Promise<NestedArray> {
    const d = await this.data();
    return nest(d, this.shape);
  }
  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) throw new ShapeError(`item: tensor has shape ${fmtShape(this.shape)} (${this.size} elements), expected exactly 1`);
    return (await this.data())[0];
  }

  /** A copy on another device (not recorded on the tape). */
  async to(device: Device): Promise<Tensor> {
    checkDevice('to', device);
    if (device === this.device) return this;
    const data = await this.data();
    const t = new Tensor(device, device.backend.upload(this.dtype, data), this.shape, this.dtype, this.requiresGrad);
    t.hostData = this.hostData;
    return t;
  }

  /**
   * Moves this tensor to another device in place, keeping its identity (Module.to uses it so that
   * fields holding parameters stay valid). Not for tensors on the tape.
   */
  async moveTo(device: Device): Promise<this> {
    checkDevice('moveTo', device);
    if (device === this.device) return this;
    const data = await this.data();
    const old = this.storage;
    const oldDevice = this.device;
    this._storage = device.backend.upload(this.dtype, data);
    this._device = device;
    if (--old.refs === 0) oldDevice.backend.free(old);
    if (this.grad) await this.grad.moveTo(device);
    return this;
  }

  /** A tensor sharing storage but cut from the tape. */
  detach(): Tensor {
    const s = this.storage;
    s.refs++;
    return new Tensor(this.device, s, this.shape, this.dtype, false);
  }

  /** Backpropagates from this tensor (a scalar unless `grad` is given). */
  backward(grad?: Tensor): void {
    runBackward(this, grad);
  }

  toString(): string {
    return `Tensor(${this.dtype} ${fmtShape(this.shape)} on ${this.device.kind}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  // Method forms of the ops, for chaining.
  add(o: Tensor | number): Tensor { return ops.add(this, o); }
  sub(o: Tensor | number): Tensor { return ops.sub(this, o); }
  mul(o: Tensor | number): Tensor { return ops.mul(this, o); }
  div(o: Tensor | number): Tensor { return ops.div(this, o); }
  pow(o: Tensor | number): Tensor { return ops.pow(this, o); }
  neg(): Tensor { return ops.neg(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  abs(): Tensor { return ops.abs(this); }
  tanh(): Tensor { return ops.tanh(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  relu(): Tensor { return ops.relu(this); }
  gelu(): Tensor { return ops.gelu(this); }
  sum(axis?: number | number[], keepDim = false): Tensor { return ops.sum(this, axis, keepDim); }
  mean(axis?: number | number[], keepDim = false): Tensor { return ops.mean(this, axis, keepDim); }
  max(axis?: number | number[], keepDim = false): Tensor { return ops.max(this, axis, keepDim); }
  min(axis?: number | number[], keepDim = false): Tensor { return ops.min(this, axis, keepDim); }
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
  matmul(o: Tensor): Tensor { return ops.matmul(this, o); }
  reshape(shape: number[]): Tensor { return ops.reshape(this, shape); }
  transpose(dim0 = -2, dim1 = -1): Tensor { return ops.transpose(this, dim0, dim1); }
  permute(dims: number[]): Tensor { return ops.permute(this, dims); }
  slice(starts: number[], sizes: number[]): Tensor { return ops.slice(this, starts, sizes); }
  gather(index: Tensor, axis = 0): Tensor { return ops.gather(this, index, axis); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
}

/** Device is imported as a type only (device.ts sits above tensor.ts), so check its shape, not its class. */
function checkDevice(op: string, device: unknown): void {
  const ok = typeof device === 'object' && device !== null && 'backend' in device && 'kind' in device;
  if (!ok) throw new ArgumentError(`Tensor.${op}: expected a Device from init(), got ${describeValue(device)}`);
}

function nest(d: TypedArray, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return d[0];
  const build = (offset: number, dim: number): NestedArray[] => {
    const n = shape[dim];
    const out: NestedArray[] = [];
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out.push(d[offset + i]);
      return out;
    }
    const stride = shapeSize(shape.slice(dim + 1));
    for (let i = 0; i < n; i++) out.push(build(offset + i * stride, dim + 1));
    return out;
  };
  return build(0, 0);
}
