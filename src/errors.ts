// The error classes seqgpu throws for misuse. Every one extends SeqgpuError, so `catch (e) { if (e instanceof
// SeqgpuError) ... }` separates a caller's mistake from a bug; each message names the op and the bad value
// (a shape, a dim, an index, what was passed). Native TypeError/RangeError are not reused: their meaning in JS
// (a wrong primitive type, a numeric range) does not say which of our rules was broken.

/** Base class of every error seqgpu raises deliberately. */
export class SeqgpuError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A shape, dim, start or size that is invalid or does not fit (negative, fractional, too large, mismatched). */
export class ShapeError extends SeqgpuError {}

/** An unknown dtype, or a tensor of the wrong dtype for an op. */
export class DTypeError extends SeqgpuError {}

/**
 * An argument of the wrong kind (a Promise, undefined, a plain array or object where a tensor or number is
 * expected), or an option value outside what the function accepts (negative lr, betas outside [0, 1), ...).
 */
export class ArgumentError extends SeqgpuError {}

/** An index, token id, label or length outside its valid range. */
export class IndexError extends SeqgpuError {}

/** A tensor (or a graph intermediate) used after dispose(). */
export class DisposedError extends SeqgpuError {}

/** A device problem: tensors on different devices, a lost GPU device, WebGPU unavailable. */
export class DeviceError extends SeqgpuError {}

/** A malformed file (safetensors header, offsets, dtypes) or state dict. */
export class FormatError extends SeqgpuError {}

/** Describes any value for an error message: what the caller actually passed. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return `number ${v}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v)}`;
  if (typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'symbol') return `${typeof v} ${String(v)}`;
  if (typeof v === 'function') return 'a function';
  if (typeof (v as { then?: unknown }).then === 'function') return 'a Promise (did you forget `await`?)';
  if (Array.isArray(v)) return `a plain array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  const ctor = (v as object).constructor;
  return ctor && ctor !== Object ? `a ${ctor.name}` : 'a plain object';
}
