// The recurrent ops' options and result types, argument validation (every message names the op and the shapes
// involved) and kernel choice: pickImpl ('auto' measured on the device, rnn-autotune.ts) and halfWeights
// (weightDtype 'float16'). Used by ops/rnn.ts and ops/rnn-bidirectional.ts; re-exported by ops/rnn.ts.
import { Tensor } from '../tensor.ts';
import { willRecord } from '../autograd/tape.ts';
import { fmtShape } from '../dtype.ts';
import type { Device } from '../device.ts';
import type { RnnActivation, RnnKernelVariant, WeightDtype } from '../kernels/rnn.ts';
import { type TuneFamily, autoVariant } from './rnn-autotune.ts';
import { requireFloat, sameDevice } from './util.ts';
import { ArgumentError, IndexError, ShapeError, describeValue } from '../errors.ts';

export type RnnImpl = 'auto' | 'fused' | 'persistent' | 'tiled' | 'composed';

export interface RecurrentLayerOptions {
  /** pack_padded_sequence lengths [N] (any order, each 0..T): host values, as an Int32Array or a host-made int32 tensor. */
  lengths?: Int32Array | Tensor | null;
  /** Run the sequence from t = T-1 down to 0 (the backward direction of a bidirectional layer). */
  reverse?: boolean;
  /**
   * Kernel path. 'auto': on WebGPU the variant measured fastest on this device for this shape (rnn-autotune.ts; the
   * first call of a shape takes persistent if N*H fits one workgroup, else fused, while it is measured); explicit
   * 'fused' | 'persistent' | 'tiled' | 'composed' are deterministic.
   */
  impl?: RnnImpl;
  /**
   * How W_hh is read (default 'float32'). 'float16', for inference only: W_hh rounded to binary16 (as PyTorch's
   * .half(); |w| < 2^-14 becomes 0) and stored as halves by the 'tiled' kernels, so each step reads half the weight
   * bytes; the arithmetic stays float32 and needs no shader-f16. The result is the float32 layer with W_hh rounded.
   * Errors: under autograd recording (it has no backward), with a projection, with an impl other than 'auto'/'tiled'.
   */
  weightDtype?: WeightDtype;
}
export interface LstmLayerOptions extends RecurrentLayerOptions {
  /** Projection weight [P, H] (PyTorch's projSize): every impl, on every backend. */
  wHr?: Tensor | null;
}
export interface RnnLayerOptions extends RecurrentLayerOptions {
  nonlinearity?: RnnActivation;
}
export interface LstmLayerResult { y: Tensor; hN: Tensor; cN: Tensor }
export interface RnnLayerResult { y: Tensor; hN: Tensor }

/** The persistent kernels keep one invocation per (n, j) in a single 256-invocation workgroup. */
export const PERSISTENT_MAX_STATE = 256;

export type Cell = 'lstm' | 'gru' | 'rnn';
const GATES: Record<Cell, number> = { lstm: 4, gru: 3, rnn: 1 };
export interface Dims { T: number; N: number; I: number; H: number; R: number; P: number; G: number }

// ---- validation: every message names the op and the shapes involved ----------------------------------------

export function validate(
  op: string, cell: Cell, x: Tensor, h0: Tensor | null, c0: Tensor | null, wIh: Tensor, wHh: Tensor,
  bIh: Tensor | null, bHh: Tensor | null, wHr: Tensor | null, lengthsIn: Int32Array | Tensor | null | undefined,
): { dims: Dims; lengths: Int32Array | null } {
  const all = [x, wIh, wHh, h0, c0, bIh, bHh, wHr].filter((t): t is Tensor => t !== null);
  sameDevice(op, ...all);
  requireFloat(op, ...all);
  if (x.ndim !== 3) throw new ShapeError(`${op}: x must be [T, N, inputSize], got ${fmtShape(x.shape)}`);
  const [T, N, I] = x.shape;
  if (T < 1) throw new ShapeError(`${op}: x ${fmtShape(x.shape)} has no timesteps`);
  const G = GATES[cell];
  if (wHh.ndim !== 2 || wHh.shape[0] % G !== 0) throw new ShapeError(`${op}: wHh must be [${G}*hidden, hidden], got ${fmtShape(wHh.shape)}`);
  const H = wHh.shape[0] / G;
  const P = wHr ? wHr.shape[0] : 0;
  if (wHr && (wHr.ndim !== 2 || wHr.shape[1] !== H || P < 1)) throw new ShapeError(`${op}: wHr must be [projSize, ${H}], got ${fmtShape(wHr.shape)}`);
  const R = P > 0 ? P : H;
  if (wHh.shape[1] !== R) throw new ShapeError(`${op}: wHh must be [${G * H}, ${R}], got ${fmtShape(wHh.shape)}`);
  if (wIh.ndim !== 2 || wIh.shape[0] !== G * H) throw new ShapeError(`${op}: wIh must be [${G * H}, inputSize], got ${fmtShape(wIh.shape)}`);
  if (wIh.shape[1] !== I) {
    throw new ShapeError(`${op}: input size mismatch: x ${fmtShape(x.shape)} has input size ${I} but wIh ${fmtShape(wIh.shape)} expects ${wIh.shape[1]}`);
  }
  const want = (name: string, t: Tensor | null, shape: number[]): void => {
    if (t && (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i]))) {
      throw new ShapeError(`${op}: ${name} must be ${fmtShape(shape)} for x ${fmtShape(x.shape)}, got ${fmtShape(t.shape)}`);
    }
  };
  want('h0', h0, [N, R]);
  want('c0', c0, [N, H]);
  want('bIh', bIh, [G * H]);
  want('bHh', bHh, [G * H]);
  let lengths: Int32Array | null = null;
  if (lengthsIn instanceof Tensor) {
    if (lengthsIn.dtype !== 'int32' || !lengthsIn.hostData) {
      throw new ArgumentError(`${op}: lengths must be an Int32Array or an int32 tensor made from host values, got ${lengthsIn}`);
    }
    lengths = lengthsIn.hostData;
  } else if (lengthsIn) {
    lengths = lengthsIn;
  }
  if (lengths) {
    if (lengths.length !== N) throw new ShapeError(`${op}: lengths has ${lengths.length} entries but x ${fmtShape(x.shape)} has batch N = ${N}`);
    lengths.forEach((l, n) => {
      if (!(Number.isInteger(l) && l >= 0 && l <= T)) throw new IndexError(`${op}: lengths[${n}] = ${l} is outside 0..T = ${T} (x ${fmtShape(x.shape)})`);
    });
  }
  return { dims: { T, N, I, H, R, P, G }, lengths };
}

/**
 * The kernel path of one call. 'auto' on a GPU: the variant measured on this device for this family and shape
 * (rnn-autotune.ts; the fixed rule below on first sight while the measurement runs); on the CPU: 'fused'.
 */
export function pickImpl(op: string, impl: RnnImpl, device: Device, d: Dims, family?: TuneFamily, D = 1): RnnKernelVariant | 'composed' {
  const gpu = device.kind === 'webgpu';
  if (impl === 'composed') return impl;
  const fits = d.N * d.H <= PERSISTENT_MAX_STATE;
  if (impl === 'persistent' && gpu && !fits) {
    throw new ArgumentError(`${op}: impl 'persistent' needs N*H <= ${PERSISTENT_MAX_STATE}, got N=${d.N}, H=${d.H}`);
  }
  if (impl !== 'auto') return impl;
  if (!gpu) return 'fused';
  const rule = fits ? 'persistent' : 'fused';
  return family ? autoVariant(device, family, { D, T: d.T, N: d.N, H: d.H, P: d.P }, rule, fits) : rule;
}

/**
 * The kernel path and W_hh storage of one call: weightDtype 'float16' (after halfWeights' checks) runs the 'tiled'
 * rung with halves; otherwise pickImpl chooses and W_hh stays float32. `tensors` are every input of the call.
 */
export function pickKernel(
  op: string, options: { impl?: RnnImpl; weightDtype?: unknown }, device: Device, d: Dims, family: TuneFamily,
  tensors: (Tensor | null | undefined)[], D = 1,
): { impl: RnnKernelVariant | 'composed'; wHhDtype: WeightDtype } {
  if (halfWeights(op, options.weightDtype, options.impl, d.P > 0, tensors)) return { impl: 'tiled', wHhDtype: 'float16' };
  return { impl: pickImpl(op, options.impl ?? 'auto', device, d, family, D), wHhDtype: 'float32' };
}

/**
 * weightDtype 'float16' (inference): whether it is on, after its checks. It runs the 'tiled' rung (the only one that
 * stores W_hh as halves) and nothing may be recorded for autograd: `tensors` are every input of the call.
 */
export function halfWeights(op: string, weightDtype: unknown, impl: RnnImpl | undefined, hasProjection: boolean, tensors: (Tensor | null | undefined)[]): boolean {
  const wd = weightDtype ?? 'float32';
  if (wd !== 'float32' && wd !== 'float16') throw new ArgumentError(`${op}: weightDtype must be 'float32' or 'float16', got ${describeValue(wd)}`);
  if (wd === 'float32') return false;
  if (impl !== undefined && impl !== 'auto' && impl !== 'tiled') {
    throw new ArgumentError(`${op}: weightDtype 'float16' runs the 'tiled' kernels; impl '${impl}' has no float16 path (use 'auto' or 'tiled')`);
  }
  if (hasProjection) throw new ArgumentError(`${op}: weightDtype 'float16' does not take a projection (projSize)`);
  if (willRecord(tensors.filter((t): t is Tensor => t instanceof Tensor))) {
    throw new ArgumentError(`${op}: weightDtype 'float16' is for inference and has no backward: call it under noGrad(), or with inputs and weights that do not require grad`);
  }
  return true;
}
