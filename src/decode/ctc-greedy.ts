// CTC greedy (best-path) decoding, typed arrays on the host or a Tensor on its device: argmax per frame, merge repeats, drop blanks.
// Twins: src/decode/ctc-beam-search.ts (the prefix beam search), src/backends/webgpu/ctc.ts (argmax on the
// GPU, collapse on the host), src/backends/cpu/ctc.ts (the loss). Best path is not the most probable labelling
// (that needs a sum over paths); see ctc-beam-search.ts for the search that approximates it.
import { Tensor } from '../tensor.ts';
import { fmtShape } from '../dtype.ts';
import { ctcFrameArgmax } from '../ops/ctc.ts';
import { ArgumentError, DTypeError, IndexError, ShapeError, describeValue } from '../errors.ts';

/**
 * CTC's many-to-one map B: merge runs of equal symbols first, then remove blanks. Order matters: in
 * [a, blank, a] the blank keeps the two a's apart ("aa"), in [a, a, blank] they merge ("a").
 */
export function collapseCtcPath(path: readonly number[], blank: number): number[] {
  const out: number[] = [];
  let prev = -1; // no symbol yet; class ids are >= 0
  for (const c of path) {
    if (c !== prev && c !== blank) out.push(c);
    prev = c;
  }
  return out;
}

/** Index of the largest logProbs[t, n, :]; ties keep the lowest class id (what argmax does on both backends). */
export function ctcArgmax(logProbs: Float32Array | Float64Array, t: number, n: number, N: number, C: number): number {
  const base = (t * N + n) * C;
  let best = 0;
  for (let c = 1; c < C; c++) if (logProbs[base + c] > logProbs[base + best]) best = c;
  return best;
}

export interface CtcGreedyOptions {
  /** Class index of the blank (default 0). */
  blank?: number;
}

/**
 * Best-path decoding. Two forms:
 * - typed array: ctcGreedyDecode(logProbs [T, N, C] flat, T, N, C, inputLengths, blank) -> number[][] (sync, CPU);
 * - tensor: ctcGreedyDecode(logProbs Tensor [T, N, C], inputLengths, { blank }) -> Promise<number[][]>: the argmax
 *   runs on the tensor's device (one dispatch on WebGPU) and only [T, N] int32 class ids are read back, not [T, N, C].
 */
export function ctcGreedyDecode(logProbs: Tensor, inputLengths: Int32Array | readonly number[] | Tensor, options?: CtcGreedyOptions): Promise<number[][]>;
export function ctcGreedyDecode(
  logProbs: Float32Array | Float64Array, T: number, N: number, C: number, inputLengths: Int32Array, blank: number,
): number[][];
export function ctcGreedyDecode(
  logProbs: Tensor | Float32Array | Float64Array,
  a: number | Int32Array | readonly number[] | Tensor,
  b?: number | CtcGreedyOptions,
  C?: number,
  inputLengths?: Int32Array,
  blank?: number,
): number[][] | Promise<number[][]> {
  if (logProbs instanceof Tensor) return greedyOnDevice(logProbs, a as Int32Array | readonly number[] | Tensor, (b as CtcGreedyOptions | undefined) ?? {});
  if (!(logProbs instanceof Float32Array || logProbs instanceof Float64Array)) {
    throw new ArgumentError(`ctcGreedyDecode: logProbs must be a Tensor [T, N, C] (or a Float32Array with T, N, C), got ${describeValue(logProbs)}`);
  }
  return greedyHost(logProbs, a as number, b as number, C as number, inputLengths as Int32Array, blank as number);
}

async function greedyOnDevice(logProbs: Tensor, lengths: Int32Array | readonly number[] | Tensor, options: CtcGreedyOptions): Promise<number[][]> {
  if (logProbs.ndim !== 3) throw new ShapeError(`ctcGreedyDecode: logProbs must be [T, N, C], got ${fmtShape(logProbs.shape)}`);
  if (logProbs.dtype !== 'float32') throw new DTypeError(`ctcGreedyDecode: logProbs must be float32, got ${logProbs.dtype} ${fmtShape(logProbs.shape)}`);
  const [T, N, C] = logProbs.shape;
  if (options === null || typeof options !== 'object') throw new ArgumentError(`ctcGreedyDecode: options must be an object, got ${describeValue(options)}`);
  const blank = options.blank ?? 0;
  let il: Int32Array;
  if (lengths instanceof Tensor) {
    if (lengths.dtype !== 'int32') throw new DTypeError(`ctcGreedyDecode: inputLengths must be int32, got ${lengths.dtype} ${fmtShape(lengths.shape)}`);
    // Lengths made on the device have no host copy; reading [N] back is cheap next to the decode itself.
    il = lengths.hostData ?? Int32Array.from(await lengths.data());
  } else {
    if (!(lengths instanceof Int32Array) && !Array.isArray(lengths)) {
      throw new ArgumentError(`ctcGreedyDecode: inputLengths must be an Int32Array, a number[] or an int32 tensor, got ${describeValue(lengths)}`);
    }
    Array.from(lengths as ArrayLike<number>).forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x)) throw new ArgumentError(`ctcGreedyDecode: inputLengths[${i}] = ${describeValue(x)} is not an integer`);
    });
    il = Int32Array.from(lengths);
  }
  checkArgs(T, N, C, il, blank);
  const ids = ctcFrameArgmax(logProbs); // [T, N] int32 on the device
  try {
    const best = (await ids.data()) as Int32Array;
    const result: number[][] = [];
    for (let n = 0; n < N; n++) {
      const path: number[] = [];
      for (let t = 0; t < il[n]; t++) path.push(best[t * N + n]);
      result.push(collapseCtcPath(path, blank));
    }
    return result;
  } finally {
    ids.dispose();
  }
}

function checkArgs(T: number, N: number, C: number, inputLengths: Int32Array, blank: number): void {
  if (inputLengths.length !== N) throw new ShapeError(`ctcGreedyDecode: inputLengths has ${inputLengths.length} entries, N is ${N}`);
  if (typeof blank !== 'number' || !Number.isInteger(blank)) throw new ArgumentError(`ctcGreedyDecode: blank must be an integer, got ${describeValue(blank)}`);
  if (blank < 0 || blank >= C) throw new IndexError(`ctcGreedyDecode: blank ${blank} is outside [0, ${C})`);
  inputLengths.forEach((len, n) => {
    if (len < 0 || len > T) throw new IndexError(`ctcGreedyDecode: inputLengths[${n}] = ${len} is outside [0, ${T}]`);
  });
}

/** logProbs: [T, N, C]; returns one label sequence per batch item, reading only its first inputLengths[n] frames. */
function greedyHost(
  logProbs: Float32Array | Float64Array,
  T: number,
  N: number,
  C: number,
  inputLengths: Int32Array,
  blank: number,
): number[][] {
  if (logProbs.length !== T * N * C) throw new ShapeError(`ctcGreedyDecode: logProbs has ${logProbs.length} elements, expected T*N*C = ${T * N * C}`);
  checkArgs(T, N, C, inputLengths, blank);
  const result: number[][] = [];
  for (let n = 0; n < N; n++) {
    const path: number[] = [];
    for (let t = 0; t < inputLengths[n]; t++) path.push(ctcArgmax(logProbs, t, n, N, C));
    result.push(collapseCtcPath(path, blank));
  }
  return result;
}
