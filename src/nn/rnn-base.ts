// RNNBase: what nn.RNN, nn.LSTM and nn.GRU share (torch.nn.RNNBase): options, parameters named and shaped as
// PyTorch's (weight_ih_l{k}[_reverse], weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}, weight_hr_l{k}), the input and
// state checks, and the stacking of layers over one whole-sequence op per layer (ops/rnn.ts: lstmLayer, gruLayer,
// rnnLayer; a bidirectional layer is ONE ops/rnn-bidirectional.ts op whose kernels run both directions in the same
// dispatches). The recurrences themselves live in those ops, never here.
import { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { type InitOptions, uniformInit } from './init.ts';
import type { Generator } from '../random.ts';
import type { RnnImpl } from '../ops/rnn.ts';
import type { WeightDtype } from '../kernels/rnn.ts';
import { concat, permute, reshape, slice, squeeze, unsqueeze } from '../ops/shape.ts';
import { dropout } from './dropout.ts';
import { fmtShape } from '../dtype.ts';
import { ArgumentError, DTypeError, IndexError, ShapeError, describeValue } from '../errors.ts';
import { checkBool, checkOneOf, checkOptions, checkPosInt, checkRange } from './check.ts';
import { type StreamOptions, Streamer } from './stream.ts';

export type RnnFamily = 'RNN' | 'LSTM' | 'GRU';

export interface RnnBaseOptions extends InitOptions {
  numLayers?: number;
  bias?: boolean;
  /** x and output are [N, T, F] instead of [T, N, F]; states stay [numLayers*numDirections, N, H] (as PyTorch). */
  batchFirst?: boolean;
  /** Dropout on each layer's output except the last, in training mode only. */
  dropout?: number;
  bidirectional?: boolean;
  /** Kernel path of the layer ops ('auto' picks per device); 'composed' is the readable matmul + pointwise path. */
  impl?: RnnImpl;
}

export interface RnnForwardOptions {
  /** Per-sequence lengths [N] (pack_padded_sequence semantics, any order): padded steps output zeros, leave the
   * final states alone and get no gradient. Host values: Int32Array, number[] or an int32 tensor made from them. */
  lengths?: Int32Array | number[] | Tensor | null;
  /**
   * 'float16': inference with W_hh read as IEEE halves by the 'tiled' kernels (half the weight bytes per step; the
   * arithmetic stays float32). Under noGrad() or with parameters that do not require grad; no projSize. The output
   * is the float32 model's with W_hh rounded to binary16 (ops/rnn.ts RecurrentLayerOptions.weightDtype).
   */
  weightDtype?: WeightDtype;
}

/** One layer-direction's parameters. */
export interface LayerWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
  wHr: Tensor | null;
}

/** What a family's layer op returns for one layer-direction (cN only for LSTM). */
export interface LayerRun {
  y: Tensor;
  hN: Tensor;
  cN?: Tensor;
}

export interface LayerCall {
  x: Tensor; // [T, N, inSize], time-major
  h0: Tensor | null; // [N, R]
  c0: Tensor | null; // [N, H]
  w: LayerWeights;
  lengths: Int32Array | null;
  reverse: boolean;
  impl: RnnImpl;
  weightDtype?: WeightDtype;
}

/** Both directions of a bidirectional layer: states [2, N, ·]; returns y [T, N, 2R], hN [2, N, R], cN [2, N, H]. */
export interface BidirectionalCall {
  x: Tensor;
  h0: Tensor | null;
  c0: Tensor | null;
  w: [LayerWeights, LayerWeights];
  lengths: Int32Array | null;
  impl: RnnImpl;
  weightDtype?: WeightDtype;
}

const GATES: Record<RnnFamily, number> = { RNN: 1, LSTM: 4, GRU: 3 };

export abstract class RNNBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  /** Inter-layer dropout probability; may be changed between steps, as in PyTorch. */
  dropout: number;
  readonly bidirectional: boolean;
  readonly numDirections: number;
  /** LSTM projection size (0 = none); the hidden state h has size projSize when set. */
  readonly projSize: number;
  impl: RnnImpl;
  /** weights[layer][direction] */
  readonly weights: LayerWeights[][] = [];
  protected readonly generator: Generator | undefined;

  constructor(readonly family: RnnFamily, readonly inputSize: number, readonly hiddenSize: number, options: RnnBaseOptions, projSize = 0) {
    super();
    const who0 = `${family}(${String(inputSize)}, ${String(hiddenSize)})`;
    checkOptions(who0, options);
    checkPosInt(who0, 'inputSize', inputSize);
    checkPosInt(who0, 'hiddenSize', hiddenSize);
    checkPosInt(who0, 'numLayers', options.numLayers ?? 1);
    // PyTorch: 0 <= dropout <= 1 (a float); 1 zeroes every inter-layer output in training.
    checkRange(who0, 'dropout', options.dropout ?? 0, { min: 0, max: 1 });
    for (const k of ['bias', 'batchFirst', 'bidirectional'] as const) checkBool(who0, k, options[k]);
    if (options.impl !== undefined) checkOneOf(who0, 'impl', options.impl, ['auto', 'fused', 'persistent', 'tiled', 'composed'] as const);
    checkRange(who0, 'projSize', projSize, { min: 0, integer: true });
    if (projSize >= hiddenSize) throw new ArgumentError(`${who0}: projSize must be an integer in [0, hiddenSize) = [0, ${hiddenSize}), got ${projSize}`);
    if (projSize > 0 && family !== 'LSTM') throw new ArgumentError(`${who0}: projSize is only supported by LSTM`);
    this.numLayers = options.numLayers ?? 1;
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    this.bidirectional = options.bidirectional ?? false;
    this.numDirections = this.bidirectional ? 2 : 1;
    this.projSize = projSize;
    this.impl = options.impl ?? 'auto';
    this.generator = options.generator;
    // PyTorch initialises every weight and bias uniform(-1/sqrt(H), 1/sqrt(H)), in its parameter order.
    const bound = 1 / Math.sqrt(hiddenSize);
    const GH = GATES[family] * hiddenSize;
    const R = this.stateSize;
    for (let l = 0; l < this.numLayers; l++) {
      const row: LayerWeights[] = [];
      const inSize = l === 0 ? inputSize : R * this.numDirections;
      for (let d = 0; d < this.numDirections; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const init = (shape: number[]): Tensor => uniformInit(shape, bound, options);
        const wIh = this.param(`weight_ih${sfx}`, init([GH, inSize]));
        const wHh = this.param(`weight_hh${sfx}`, init([GH, R]));
        const bIh = this.bias ? this.param(`bias_ih${sfx}`, init([GH])) : null;
        const bHh = this.bias ? this.param(`bias_hh${sfx}`, init([GH])) : null;
        const wHr = projSize > 0 ? this.param(`weight_hr${sfx}`, init([projSize, hiddenSize])) : null;
        row.push({ wIh, wHh, bIh, bHh, wHr });
      }
      this.weights.push(row);
    }
  }

  /** Size of h (and of each direction's output): projSize when set, else hiddenSize. */
  get stateSize(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  protected get label(): string {
    return `${this.family}(inputSize=${this.inputSize}, hiddenSize=${this.hiddenSize}${this.projSize ? `, projSize=${this.projSize}` : ''}, numLayers=${this.numLayers}${this.bidirectional ? ', bidirectional' : ''})`;
  }

  /**
   * A stateful streamer for real-time inference (nn/stream.ts): `s.step(x [N, I])` advances every layer by one
   * timestep in one dispatch per layer, `s.chunk(x)` by T' steps; the state stays on the device. The weights are
   * packed at this call: stream again after changing them.
   */
  stream(options: StreamOptions = {}): Streamer {
    return new Streamer(this, (call) => this.runLayer(call), options);
  }

  /** Runs one layer-direction through the family's whole-sequence op. */
  protected abstract runLayer(call: LayerCall): LayerRun;
  /** Runs both directions of a layer through the family's shared bidirectional op. */
  protected abstract runBidirectional(call: BidirectionalCall): LayerRun;

  /**
   * The shared forward: checks, batchFirst/unbatched layout, layers x directions, inter-layer dropout.
   * Returns output in the user's layout and hN (and cN) as [numLayers*numDirections, N, ·] (no N when unbatched).
   */
  protected runStack(x: Tensor, h0: Tensor | null, c0: Tensor | null, options: RnnForwardOptions): { output: Tensor; hN: Tensor; cN: Tensor | null } {
    const who = this.label;
    if (!(x instanceof Tensor)) throw new ArgumentError(`${who}: input must be a Tensor, got ${describeValue(x)}`);
    for (const [name, s] of [['h0', h0], ['c0', c0]] as const) {
      if (s !== null && !(s instanceof Tensor)) throw new ArgumentError(`${who}: ${name} must be a Tensor or null, got ${describeValue(s)}`);
    }
    if (options === null || typeof options !== 'object') throw new ArgumentError(`${who}: forward options must be an object, got ${describeValue(options)}`);
    if (x.dtype !== 'float32') throw new DTypeError(`${who}: input must be float32, got ${x.dtype} ${fmtShape(x.shape)}`);
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new ShapeError(`${who}: input must be ${this.batchFirst ? '[N, T, inputSize]' : '[T, N, inputSize]'} or unbatched [T, inputSize], got ${fmtShape(x.shape)}`);
    }
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${who}: input ${fmtShape(x.shape)} has input size ${x.shape[x.ndim - 1]}, expected inputSize = ${this.inputSize}`);
    }
    const unbatched = x.ndim === 2;
    // Unbatched input ignores batchFirst, as in PyTorch: [T, I] -> [T, 1, I].
    const xt = unbatched ? unsqueeze(x, 1) : this.batchFirst ? permute(x, [1, 0, 2]) : x;
    const [T, N] = xt.shape;
    if (T < 1) throw new ShapeError(`${who}: input ${fmtShape(x.shape)} has no timesteps`);
    const LD = this.numLayers * this.numDirections;
    const R = this.stateSize;
    const H = this.hiddenSize;
    const state = (name: string, s: Tensor | null, size: number): Tensor | null => {
      if (s === null) return null;
      const want = unbatched ? [LD, size] : [LD, N, size];
      if (s.ndim !== want.length || s.shape.some((d, i) => d !== want[i])) {
        throw new ShapeError(`${who}: ${name} has shape ${fmtShape(s.shape)}, expected ${fmtShape(want)} (numLayers*numDirections, ${unbatched ? '' : 'batch, '}${size === H ? 'hiddenSize' : 'projSize'}) for input ${fmtShape(x.shape)}`);
      }
      if (s.dtype !== 'float32') throw new DTypeError(`${who}: ${name} must be float32, got ${s.dtype}`);
      return unbatched ? unsqueeze(s, 1) : s;
    };
    const h0t = state('h0', h0, R);
    const c0t = state('c0', c0, H);
    const lengths = this.checkLengths(options.lengths ?? null, T, N, unbatched, x);

    const D = this.numDirections;
    // States of layer l: [D, N, size] rows l*D .. l*D+D-1 of the [L*D, N, size] state (all of it for one layer).
    const pick = (s: Tensor | null, l: number, size: number): Tensor | null => {
      if (s === null) return null;
      return this.numLayers === 1 ? s : slice(s, [l * D, 0, 0], [D, N, size]);
    };
    // Each layer's final states as [D, N, ·], joined on the first axis at the end.
    const hNs: Tensor[] = [];
    const cNs: Tensor[] = [];
    let layerIn = xt;
    for (let l = 0; l < this.numLayers; l++) {
      const h0l = pick(h0t, l, R);
      const c0l = pick(c0t, l, H);
      if (D === 2) {
        // One op for both directions: y is already [T, N, 2R], forward first (as PyTorch's output).
        const [f, b] = this.weights[l];
        const r = this.runBidirectional({ x: layerIn, h0: h0l, c0: c0l, w: [f, b], lengths, impl: this.impl, weightDtype: options.weightDtype });
        layerIn = r.y;
        hNs.push(r.hN);
        if (r.cN) cNs.push(r.cN);
      } else {
        const flat = (s: Tensor | null, size: number): Tensor | null => (s === null ? null : reshape(s, [N, size]));
        const r = this.runLayer({ x: layerIn, h0: flat(h0l, R), c0: flat(c0l, H), w: this.weights[l][0], lengths, reverse: false, impl: this.impl, weightDtype: options.weightDtype });
        layerIn = r.y;
        hNs.push(reshape(r.hN, [1, N, R]));
        if (r.cN) cNs.push(reshape(r.cN, [1, N, H]));
      }
      if (l < this.numLayers - 1 && this.dropout > 0) layerIn = dropout(layerIn, this.dropout, this.training, this.generator);
    }
    let output = layerIn;
    let hN = hNs.length === 1 ? hNs[0] : concat(hNs, 0);
    let cN = cNs.length === 0 ? null : cNs.length === 1 ? cNs[0] : concat(cNs, 0);
    if (unbatched) {
      output = squeeze(output, 1);
      hN = squeeze(hN, 1);
      cN = cN && squeeze(cN, 1);
    } else if (this.batchFirst) {
      output = permute(output, [1, 0, 2]);
    }
    return { output, hN, cN };
  }

  private checkLengths(raw: Int32Array | number[] | Tensor | null, T: number, N: number, unbatched: boolean, x: Tensor): Int32Array | null {
    if (raw === null) return null;
    const who = this.label;
    if (unbatched) throw new ArgumentError(`${who}: lengths need batched input, got unbatched ${fmtShape(x.shape)}`);
    let lengths: Int32Array;
    if (raw instanceof Tensor) {
      if (raw.dtype !== 'int32' || !raw.hostData) throw new ArgumentError(`${who}: lengths must be host values (Int32Array, number[] or an int32 tensor made from them), got ${raw}`);
      lengths = raw.hostData;
    } else {
      if (!(raw instanceof Int32Array) && !Array.isArray(raw)) throw new ArgumentError(`${who}: lengths must be an Int32Array, a number[] or an int32 tensor, got ${describeValue(raw)}`);
      Array.from(raw as ArrayLike<unknown>).forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isInteger(v)) throw new ArgumentError(`${who}: lengths[${i}] = ${describeValue(v)} is not an integer`);
      });
      lengths = Int32Array.from(raw);
    }
    if (lengths.length !== N) throw new ShapeError(`${who}: lengths has ${lengths.length} entries but the input ${fmtShape(x.shape)} has batch size ${N}`);
    lengths.forEach((v, i) => {
      if (v > T) throw new IndexError(`${who}: lengths[${i}] = ${v} is longer than the sequence length T = ${T} of input ${fmtShape(x.shape)}`);
      if (v < 0) throw new IndexError(`${who}: lengths[${i}] = ${v} is negative`);
    });
    return lengths;
  }
}
