// Input checks shared by src/stats and src/features: every public function turns its series into a
// Float64Array here, so "NaN at index 17" and "needs at least 12 observations" are worded once.
// Missing values are an explicit choice: raise (default), drop them, or interpolate linearly.

/** A univariate series as users hand it to us. */
export type SeriesLike = ArrayLike<number>;

/** What to do with NaN / non-finite values inside a series. */
export type MissingPolicy = 'raise' | 'drop' | 'interpolate';

export interface MissingOption {
  /** 'raise' (default) throws naming the first bad index; 'drop' removes it; 'interpolate' fills linearly. */
  missing?: MissingPolicy;
}

/**
 * Copy `series` into a Float64Array, applying the missing-value policy.
 * `what` names the argument in error messages ("series", "exog column 2", ...).
 */
export function toSeries(series: SeriesLike, what = 'series', missing: MissingPolicy = 'raise'): Float64Array {
  if (series === null || series === undefined || typeof series.length !== 'number') {
    throw new TypeError(`${what} must be an array of numbers`);
  }
  const out = Float64Array.from(series as ArrayLike<number>);
  const bad: number[] = [];
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) bad.push(i);
  }
  if (bad.length === 0) return out;
  switch (missing) {
    case 'raise':
      throw new RangeError(
        `${what} has a non-finite value (${out[bad[0]]}) at index ${bad[0]}` +
          (bad.length > 1 ? ` (and ${bad.length - 1} more)` : '') +
          `; pass { missing: 'drop' } or { missing: 'interpolate' } to handle it`,
      );
    case 'drop':
      return out.filter((v) => Number.isFinite(v));
    case 'interpolate':
      return interpolateGaps(out, what);
    default:
      return missing satisfies never;
  }
}

/** Linear interpolation across interior gaps; leading/trailing gaps take the nearest finite value. */
function interpolateGaps(x: Float64Array, what: string): Float64Array {
  const known: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) known.push(i);
  if (known.length === 0) throw new RangeError(`${what} has no finite values to interpolate from`);
  const out = new Float64Array(x.length);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    while (k + 1 < known.length && known[k + 1] <= i) k++;
    const left = known[k];
    if (i <= left || k + 1 >= known.length) {
      // before the first or after the last known point
      out[i] = x[i <= left ? left : known[known.length - 1]];
      continue;
    }
    const right = known[k + 1];
    const w = (i - left) / (right - left);
    out[i] = x[left] * (1 - w) + x[right] * w;
  }
  return out;
}

/** Throw unless `x` has at least `needed` observations; `why` says which model needs them. */
export function requireLength(x: { length: number }, needed: number, why: string): void {
  if (x.length < needed) {
    throw new RangeError(`${why} needs at least ${needed} observations, got ${x.length}`);
  }
}

/** Throw unless `v` is an integer in [min, max]. */
export function requireInt(v: number, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name} must be an integer ${range}, got ${v}`);
  }
}

/** Arithmetic mean. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9: ample for intervals). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs p in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}
