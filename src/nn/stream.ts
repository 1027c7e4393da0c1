// Streamer: stateful streaming inference over a (stacked, unidirectional) nn.RNN / nn.LSTM / nn.GRU, for real-time
// input fed one timestep or one chunk at a time. The state (h, and c for an LSTM, per layer) stays on the device
// between calls; nothing is read back unless the caller reads a tensor. step(): ONE dispatch per layer
// (ops/stream.ts streamStep, weights packed once here); chunk(): the module's whole-sequence op per layer with the
// carried state as h0/c0 (with float16 weights, one step per timestep instead, so that every output comes from the
// same rounded weights). Inference only: nothing is recorded for autograd and inter-layer dropout is not applied
// (eval semantics). Created by module.stream() (nn/rnn-base.ts). Twins: ops/stream.ts, test/nn/streaming.test.ts.
import { Tensor } from '../tensor.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { keep, scope } from '../scope.ts';
import { fmtShape } from '../dtype.ts';
import type { RnnActivation } from '../kernels/rnn.ts';
import { STREAM_MAX_H_PROJ, STREAM_VARIANTS, type StreamCell, type StreamVariant, type StreamWeightDtype } from '../kernels/stream.ts';
import { streamAutoVariant } from '../ops/stream-autotune.ts';
import { type PackedLayer, packStreamWeights, streamStep } from '../ops/stream.ts';
import { full, tensor } from '../ops/creation.ts';
import { where } from '../ops/indexing.ts';
import { concat, permute, reshape, slice, unsqueeze } from '../ops/shape.ts';
import { ArgumentError, DTypeError, DeviceError, DisposedError, IndexError, ShapeError, describeValue } from '../errors.ts';
import type { Device } from '../device.ts';
import type { LayerCall, LayerRun, RNNBase } from './rnn-base.ts';

export interface StreamOptions {
  /** Batch size N of every step (default 1): independent streams advanced together. */
  batch?: number;
  /**
   * Initial state, as the module's forward takes it: h0 [numLayers, N, R] for RNN/GRU, [h0, c0] for an LSTM
   * (c0 [numLayers, N, hiddenSize]); zeros when absent. Copied, so the caller may dispose it.
   */
  state?: Tensor | [Tensor, Tensor] | null;
  /**
   * How the streamer stores W_ih, W_hh and W_hr (default 'float32'). 'float16' rounds them once, at creation, to
   * binary16 (round to nearest even, as PyTorch's .half(); |w| < 2^-14 becomes 0, |w| >= 65520 becomes +-Inf) and
   * keeps half the bytes each step streams (a small-batch step is a matrix-vector product, typically bound by those
   * bytes on a GPU; not measured on one yet). The arithmetic stays float32, so any adapter runs it (no shader-f16
   * needed). The result is the float32 model with its weights rounded: close to it, not equal
   * (test/nn/streaming-f16.test.ts measures how close). The biases stay float32.
   */
  weightDtype?: StreamWeightDtype;
  /**
   * The step kernel (kernels/stream.ts): 'auto' (default) measures the candidates on the device the first time a
   * layer shape is seen (ops/stream-autotune.ts) and runs 'columns' until then; 'columns', 'ksplit' and 'subgroup'
   * force one. 'ksplit' and 'subgroup' take no projSize; 'subgroup' needs the adapter feature 'subgroups'. The CPU
   * backend has one reference kernel for all.
   */
  impl?: 'auto' | StreamVariant;
}

/** The carried state, per layer: h[l] [N, R], c[l] [N, hiddenSize] (LSTM only, else null). */
export interface StreamState {
  h: Tensor[];
  c: Tensor[] | null;
}

const CELL: Record<RNNBase['family'], StreamCell> = { LSTM: 'lstm', GRU: 'gru', RNN: 'rnn' };

/** A new handle on t's storage (no copy): the caller may dispose it without touching the streamer's own. */
function share(t: Tensor): Tensor {
  t.storage.refs++;
  return new Tensor(t.device, t.storage, t.shape, t.dtype);
}

export class Streamer {
  readonly batch: number;
  readonly numLayers: number;
  readonly weightDtype: StreamWeightDtype;
  readonly impl: 'auto' | StreamVariant;
  /** Timesteps consumed since creation or the last reset() of all rows. */
  steps = 0;
  private packed: PackedLayer[] | null;
  private h: Tensor[] = [];
  private c: Tensor[] | null;
  private readonly device: Device;
  private readonly who: string;
  private readonly R: number;
  private readonly H: number;
  private isDisposed = false;

  /** Use module.stream(options). runLayer is the module's whole-sequence layer op (for chunk()). */
  constructor(readonly module: RNNBase, private readonly runLayer: (call: LayerCall) => LayerRun, options: StreamOptions = {}) {
    this.who = `Streamer(${module.family}(${module.inputSize}, ${module.hiddenSize}${module.projSize ? `, projSize=${module.projSize}` : ''}, numLayers=${module.numLayers}))`;
    if (options === null || typeof options !== 'object') throw new ArgumentError(`${this.who}: options must be an object, got ${describeValue(options)}`);
    for (const k of Object.keys(options)) {
      if (k !== 'batch' && k !== 'state' && k !== 'weightDtype' && k !== 'impl') throw new ArgumentError(`${this.who}: unknown option '${k}' (expected batch, state, weightDtype, impl)`);
    }
    const impl = options.impl ?? 'auto';
    if (impl !== 'auto' && !STREAM_VARIANTS.includes(impl)) {
      throw new ArgumentError(`${this.who}: impl must be 'auto', ${STREAM_VARIANTS.map((v) => `'${v}'`).join(', ')}, got ${describeValue(impl)}`);
    }
    if ((impl === 'ksplit' || impl === 'subgroup') && module.projSize > 0) {
      throw new ArgumentError(`${this.who}: impl '${impl}' has no projection; with projSize use 'columns' or 'auto'`);
    }
    const wDevice = module.weights[0][0].wIh.device;
    if (impl === 'subgroup' && wDevice.kind === 'webgpu' && !wDevice.backend.features.includes('subgroups')) {
      throw new ArgumentError(`${this.who}: impl 'subgroup' needs the adapter feature 'subgroups', which this device lacks; use 'ksplit' (the same work split) or 'auto'`);
    }
    this.impl = impl;
    const wDtype = options.weightDtype ?? 'float32';
    if (wDtype !== 'float32' && wDtype !== 'float16') throw new ArgumentError(`${this.who}: weightDtype must be 'float32' or 'float16', got ${describeValue(wDtype)}`);
    this.weightDtype = wDtype;
    if (module.bidirectional) {
      throw new ArgumentError(`${this.who}: a bidirectional layer cannot stream (its reverse direction needs the whole sequence); use forward() on complete sequences`);
    }
    const N = options.batch ?? 1;
    if (typeof N !== 'number' || !Number.isInteger(N) || N < 1) throw new ArgumentError(`${this.who}: batch must be a positive integer, got ${describeValue(N)}`);
    this.batch = N;
    this.numLayers = module.numLayers;
    this.R = module.stateSize;
    this.H = module.hiddenSize;
    const w0 = module.weights[0][0].wIh;
    this.device = w0.device;
    const cell = CELL[module.family];
    const activation: RnnActivation = (module as { nonlinearity?: RnnActivation }).nonlinearity ?? 'tanh';
    // The projection kernel holds a row's hidden vector in workgroup memory: past that size (WebGPU only) a step
    // runs the whole-sequence op with T = 1 instead (more dispatches, same results).
    const fused = !(module.projSize > 0 && this.H > STREAM_MAX_H_PROJ && this.device.kind === 'webgpu');
    if (!fused && wDtype === 'float16') {
      throw new ArgumentError(`${this.who}: weightDtype 'float16' needs the one-kernel step, which on WebGPU takes projSize only with hiddenSize <= ${STREAM_MAX_H_PROJ}`);
    }
    this.packed = fused
      ? module.weights.map(([w]) => {
        const p = packStreamWeights(cell, activation, w.wIh, w.wHh, w.bIh, w.bHh, w.wHr, wDtype);
        keep(p.w);
        keep(p.b);
        if (p.wHrT) keep(p.wHrT);
        return p;
      })
      : null;
    this.c = cell === 'lstm' ? [] : null;
    this.setInitial(options.state ?? null);
  }

  private check(what: string): void {
    if (this.isDisposed) throw new DisposedError(`${this.who}: ${what} after dispose()`);
  }

  private setInitial(state: Tensor | [Tensor, Tensor] | null): void {
    const { who, numLayers: L, batch: N, R, H } = this;
    const lstm = this.c !== null;
    let h0: Tensor | null = null;
    let c0: Tensor | null = null;
    if (state !== null) {
      if (lstm) {
        if (!Array.isArray(state) || state.length !== 2) throw new ArgumentError(`${who}: state must be a pair [h0, c0] for an LSTM, got ${describeValue(state)}`);
        [h0, c0] = state;
      } else {
        if (Array.isArray(state)) throw new ArgumentError(`${who}: state must be one tensor h0 for ${this.module.family}, got an array`);
        h0 = state;
      }
    }
    const part = (name: string, s: Tensor | null, size: number): ((l: number) => Tensor) => {
      if (s === null) return () => full([N, size], 0, { device: this.device });
      if (!(s instanceof Tensor)) throw new ArgumentError(`${who}: ${name} must be a Tensor, got ${describeValue(s)}`);
      if (s.disposed) throw new DisposedError(`${who}: ${name} ${fmtShape(s.shape)} was used after dispose()`);
      if (s.device !== this.device) throw new DeviceError(`${who}: ${name} is on ${s.device} but the module's weights are on ${this.device}`);
      if (s.dtype !== 'float32') throw new DTypeError(`${who}: ${name} must be float32, got ${s.dtype}`);
      const want = [L, N, size];
      if (s.ndim !== 3 || s.shape.some((d, i) => d !== want[i])) throw new ShapeError(`${who}: ${name} has shape ${fmtShape(s.shape)}, expected ${fmtShape(want)} (numLayers, batch, ${size === H ? 'hiddenSize' : 'projSize'})`);
      return (l) => reshape(slice(s, [l, 0, 0], [1, N, size]), [N, size]);
    };
    const hOf = part('h0', h0, R);
    const cOf = lstm ? part('c0', c0, H) : null;
    // scope: the slices of h0/c0 are freed, their reshaped copies kept.
    const init = noGrad(() => scope(() => {
      const hs: Tensor[] = [];
      const cs: Tensor[] = [];
      for (let l = 0; l < L; l++) {
        hs.push(hOf(l));
        if (cOf) cs.push(cOf(l));
      }
      return { hs, cs };
    }));
    this.h = init.hs.map((t) => keep(t));
    if (this.c) this.c = init.cs.map((t) => keep(t));
  }

  private checkInput(x: Tensor, what: string, ndim: number, layout: string): void {
    if (!(x instanceof Tensor)) throw new ArgumentError(`${this.who}: ${what} input must be a Tensor, got ${describeValue(x)}`);
    if (x.disposed) throw new DisposedError(`${this.who}: ${what} input ${fmtShape(x.shape)} was used after dispose()`);
    if (x.device !== this.device) throw new DeviceError(`${this.who}: ${what} input is on ${x.device} but the state and weights are on ${this.device}; move it with await x.to(device)`);
    if (x.dtype !== 'float32') throw new DTypeError(`${this.who}: ${what} input must be float32, got ${x.dtype} ${fmtShape(x.shape)}`);
    if (x.ndim !== ndim) throw new ShapeError(`${this.who}: ${what} input must be ${layout}, got ${fmtShape(x.shape)}`);
  }

  /**
   * One timestep: x [N, inputSize] (or [inputSize] when batch is 1) -> the top layer's output [N, R] ([R]), which
   * is also its new h. Costs one dispatch per layer; reads nothing back.
   */
  step(x: Tensor): Tensor {
    this.check('step()');
    const { batch: N, module } = this;
    const I = module.inputSize;
    const unbatched = x instanceof Tensor && x.ndim === 1 && N === 1;
    this.checkInput(x, 'step()', unbatched ? 1 : 2, `[batch = ${N}, inputSize = ${I}]${N === 1 ? ` or [${I}]` : ''}`);
    if (x.shape[x.ndim - 1] !== I || (!unbatched && x.shape[0] !== N)) {
      throw new ShapeError(`${this.who}: step() input ${fmtShape(x.shape)} does not match [batch = ${N}, inputSize = ${I}]`);
    }
    if (!this.packed) {
      return scope(() => reshape(this.chunk(unbatched ? reshape(x, [1, 1, I]) : module.batchFirst ? unsqueeze(x, 1) : unsqueeze(x, 0)), unbatched ? [this.R] : [N, this.R]));
    }
    noGrad(() => {
      const x2 = unbatched ? reshape(x, [1, I]) : x;
      this.advance(x2);
      if (x2 !== x) x2.dispose();
    });
    const top = share(this.h[this.numLayers - 1]);
    if (!unbatched) return top;
    const r = reshape(top, [this.R]);
    if (r !== top) top.dispose();
    return r;
  }

  /** One timestep through every layer (x [N, I]): one streamStep per layer, the state replaced by the new one. */
  private advance(x: Tensor): void {
    let inp = x;
    for (let l = 0; l < this.numLayers; l++) {
      const layer = this.packed![l];
      const variant = this.impl !== 'auto' ? this.impl
        : streamAutoVariant(this.device, { cell: layer.cell, N: this.batch, I: layer.I, H: layer.H, P: layer.P, wDtype: layer.wDtype });
      const r = streamStep(layer, inp, this.h[l], this.c?.[l] ?? null, variant);
      // The old state's buffers are freed now; on WebGPU the pool hands them out only to later-recorded work.
      this.h[l].dispose();
      this.h[l] = keep(r.h);
      if (this.c) {
        this.c[l].dispose();
        this.c[l] = keep(r.c!);
      }
      inp = this.h[l];
    }
    this.steps++;
  }

  /**
   * T' timesteps at once: x [T', N, inputSize] ([N, T', inputSize] with batchFirst) -> output [T', N, R] (same
   * layout), through the module's whole-sequence op per layer with the carried state as h0/c0.
   */
  chunk(x: Tensor): Tensor {
    this.check('chunk()');
    const { batch: N, module } = this;
    const I = module.inputSize;
    const layout = module.batchFirst ? `[batch = ${N}, T, inputSize = ${I}]` : `[T, batch = ${N}, inputSize = ${I}]`;
    this.checkInput(x, 'chunk()', 3, layout);
    const nAxis = module.batchFirst ? 0 : 1;
    if (x.shape[nAxis] !== N || x.shape[2] !== I) throw new ShapeError(`${this.who}: chunk() input ${fmtShape(x.shape)} does not match ${layout}`);
    if (x.shape[1 - nAxis] < 1) throw new ShapeError(`${this.who}: chunk() input ${fmtShape(x.shape)} has no timesteps`);
    if (this.weightDtype === 'float16') return this.chunkBySteps(x);
    const out = noGrad(() => scope(() => {
      let layerIn = module.batchFirst ? permute(x, [1, 0, 2]) : x;
      const hs: Tensor[] = [];
      const cs: Tensor[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const r = this.runLayer({ x: layerIn, h0: this.h[l], c0: this.c?.[l] ?? null, w: module.weights[l][0], lengths: null, reverse: false, impl: module.impl });
        hs.push(r.hN);
        if (r.cN) cs.push(r.cN);
        layerIn = r.y;
      }
      return { y: module.batchFirst ? permute(layerIn, [1, 0, 2]) : layerIn, hs, cs };
    }));
    for (let l = 0; l < this.numLayers; l++) {
      this.h[l].dispose();
      this.h[l] = keep(out.hs[l]);
      if (this.c) {
        this.c[l].dispose();
        this.c[l] = keep(out.cs[l]);
      }
    }
    this.steps += x.shape[1 - nAxis];
    return out.y;
  }

  /** chunk() with float16 weights: one step per timestep (L dispatches each), outputs stacked in x's layout. */
  private chunkBySteps(x: Tensor): Tensor {
    const { batch: N, module } = this;
    const I = module.inputSize;
    const T = module.batchFirst ? x.shape[1] : x.shape[0];
    return noGrad(() => scope(() => {
      const ys: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        const xt = module.batchFirst ? slice(x, [0, t, 0], [N, 1, I]) : slice(x, [t, 0, 0], [1, N, I]);
        this.advance(reshape(xt, [N, I]));
        ys.push(unsqueeze(this.h[this.numLayers - 1], module.batchFirst ? 1 : 0));
      }
      return concat(ys, module.batchFirst ? 1 : 0);
    }));
  }

  /**
   * Zeroes the state of every batch row, or of the given rows only (e.g. the streams that just ended). A few
   * dispatches; nothing read back.
   */
  reset(rows?: number[] | Int32Array): void {
    this.check('reset()');
    const N = this.batch;
    if (rows === undefined) {
      noGrad(() => {
        for (const list of [this.h, this.c]) {
          if (!list) continue;
          for (let l = 0; l < list.length; l++) {
            const z = keep(full([...list[l].shape], 0, { device: this.device }));
            list[l].dispose();
            list[l] = z;
          }
        }
      });
      this.steps = 0;
      return;
    }
    if (!Array.isArray(rows) && !(rows instanceof Int32Array)) throw new ArgumentError(`${this.who}: reset() rows must be an array of batch indices, got ${describeValue(rows)}`);
    const keepRow = new Float32Array(N).fill(1);
    Array.from(rows as ArrayLike<unknown>).forEach((r, i) => {
      if (typeof r !== 'number' || !Number.isInteger(r)) throw new ArgumentError(`${this.who}: reset() rows[${i}] = ${describeValue(r)} is not an integer`);
      if (r < 0 || r >= N) throw new IndexError(`${this.who}: reset() rows[${i}] = ${r} is out of range for batch ${N}`);
      keepRow[r] = 0;
    });
    if (rows.length === 0) return;
    noGrad(() => scope(() => {
      // where(), not a multiply by 0: a row holding Inf/NaN (an exploding ReLU RNN) is reset too.
      const cond = tensor(keepRow, [N, 1], { device: this.device });
      const zero = full([1, 1], 0, { device: this.device });
      for (const list of [this.h, this.c]) {
        if (!list) continue;
        for (let l = 0; l < list.length; l++) {
          const z = keep(where(cond, list[l], zero));
          list[l].dispose();
          list[l] = z;
        }
      }
    }));
  }

  /**
   * The carried state per layer: new handles on the state's buffers (no copy, no dispatch). The streamer never
   * writes into a buffer it has handed out (each step writes new ones), so they stay valid; dispose them when done.
   */
  get state(): StreamState {
    this.check('state');
    return { h: this.h.map(share), c: this.c ? this.c.map(share) : null };
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Frees the state and the packed weights (the module's own parameters are untouched). Safe to call twice. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const t of [...this.h, ...(this.c ?? [])]) t.dispose();
    for (const p of this.packed ?? []) {
      p.w.dispose();
      p.b.dispose();
      p.wHrT?.dispose();
    }
    this.h = [];
    this.c = this.c ? [] : null;
    this.packed = null;
  }
}

