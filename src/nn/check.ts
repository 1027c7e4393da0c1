// Argument checks for the module, optimiser, decoding and training entry points (nn/, optim/, decode/, train/):
// hyperparameters with the ranges PyTorch enforces, sizes, probabilities, and token ids against a vocabulary.
// Each message names the function, the argument, the accepted range and what was passed. Twin: ops/validate.ts
// (tensor shapes, dtypes and operands).
import { ArgumentError, IndexError, describeValue } from '../errors.ts';

const shown = (v: unknown): string => (typeof v === 'number' ? String(v) : describeValue(v));

/** A number in a range: `min`/`max` inclusive unless `openMin`/`openMax`; NaN, strings etc. always fail. */
export function checkRange(
  who: string, name: string, v: unknown,
  r: { min?: number; max?: number; openMin?: boolean; openMax?: boolean; integer?: boolean; finite?: boolean },
): number {
  const lo = r.min ?? -Infinity;
  const hi = r.max ?? Infinity;
  const ok = typeof v === 'number' && !Number.isNaN(v)
    && (r.openMin ? v > lo : v >= lo) && (r.openMax ? v < hi : v <= hi)
    && (!r.integer || Number.isInteger(v)) && (!r.finite || Number.isFinite(v));
  if (!ok) {
    const kind = r.integer ? 'an integer' : r.finite ? 'a finite number' : typeof v === 'number' ? '' : 'a number';
    const range = lo === -Infinity && hi === Infinity ? ''
      : hi === Infinity ? ` ${r.openMin ? '>' : '>='} ${lo}`
      : lo === -Infinity ? ` ${r.openMax ? '<' : '<='} ${hi}`
      : ` in ${r.openMin ? '(' : '['}${lo}, ${hi}${r.openMax ? ')' : ']'}`;
    const need = kind ? kind + range : range ? range.trimStart() : 'a number';
    throw new ArgumentError(`${who}: ${name} must be ${need}, got ${shown(v)}`);
  }
  return v as number;
}

/** A non-negative number (lr, eps, weight decay, momentum, ...). */
export const checkNonNeg = (who: string, name: string, v: unknown): number => checkRange(who, name, v, { min: 0 });

/** A positive integer (sizes, layer counts, beam widths). */
export function checkPosInt(who: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ArgumentError(`${who}: ${name} must be a positive integer, got ${shown(v)}`);
  return v;
}

/** A non-negative integer (sizes that may be 0, as nn.Linear's features). */
export const checkSize = (who: string, name: string, v: unknown): number => checkRange(who, name, v, { min: 0, integer: true });

/** A boolean option (undefined means the default). */
export function checkBool(who: string, name: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') throw new ArgumentError(`${who}: ${name} must be a boolean, got ${shown(v)}`);
}

/** One of the listed string values. */
export function checkOneOf<T extends string>(who: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) {
    throw new ArgumentError(`${who}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${typeof v === 'string' ? `'${v}'` : shown(v)}`);
  }
  return v as T;
}

/** An options argument: undefined or a plain object (not an array, a number, a Promise...). */
export function checkOptions(who: string, v: unknown, name = 'options'): void {
  if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) {
    throw new ArgumentError(`${who}: ${name} must be an object, got ${shown(v)}`);
  }
}

/**
 * A token id: an integer in [0, vocab). Non-integers (1.5, NaN, '3') are ArgumentError; integers outside the
 * vocabulary are IndexError. `where` locates it (e.g. 'at [0, 3]').
 */
export function checkTokenId(who: string, what: string, v: unknown, vocab: number, where = '', vocabName = 'vocabulary'): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ArgumentError(`${who}: ${what}${where ? ` ${where}` : ''} must be an integer token id, got ${shown(v)}`);
  }
  if (v < 0 || v >= vocab) {
    throw new IndexError(`${who}: ${what} ${v}${where ? ` ${where}` : ''} is outside the ${vocabName} 0..${vocab - 1}`);
  }
  return v;
}
