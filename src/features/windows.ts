// Sliding windows and lag features: the step from a raw series to (input, target) training pairs.
// Outputs are flat Float32Arrays with an explicit shape, the layout tensors are built from
// (inputs [n, size] or [n, size, features], targets [n, horizon]).
import { requireInt, toSeries, type SeriesLike } from '../stats/series.ts';

/** A flat row-major array and its shape, ready for `tensor(data, shape)`. */
export interface ShapedArray {
  data: Float32Array;
  shape: number[];
}

export interface WindowOptions {
  /** Input length (time steps per window). */
  size: number;
  /** Number of future steps to predict after each window (default 1). */
  horizon?: number;
  /** Step between the starts of consecutive windows (default 1). */
  stride?: number;
  /** Multivariate only: which feature column is the target (default 0). */
  targetIndex?: number;
}

export interface Windows {
  /** [n, size] for a univariate series, [n, size, features] for a multivariate one. */
  inputs: ShapedArray;
  /** [n, horizon]: the values right after each window. */
  targets: ShapedArray;
}

/**
 * Cut a series into overlapping windows. A univariate series is an array of numbers; a multivariate
 * series is time-major, `series[t][f]`. Window i covers t in [i*stride, i*stride + size) and its
 * target covers the next `horizon` steps, so no target ever leaks into its own input.
 */
export function slidingWindows(series: SeriesLike | readonly (readonly number[])[], options: WindowOptions): Windows {
  const { size } = options;
  const horizon = options.horizon ?? 1;
  const stride = options.stride ?? 1;
  requireInt(size, 'slidingWindows size', 1);
  requireInt(horizon, 'slidingWindows horizon', 1);
  requireInt(stride, 'slidingWindows stride', 1);
  const rows = toRows(series);
  const length = rows.length;
  const features = rows.features;
  const n = Math.floor((length - size - horizon) / stride) + 1;
  if (length < size + horizon) {
    throw new RangeError(
      `slidingWindows needs at least size + horizon = ${size + horizon} time steps, got ${length}`,
    );
  }
  const targetIndex = options.targetIndex ?? 0;
  requireInt(targetIndex, 'slidingWindows targetIndex', 0, features - 1);
  const inputs = new Float32Array(n * size * features);
  const targets = new Float32Array(n * horizon);
  for (let w = 0; w < n; w++) {
    const start = w * stride;
    for (let s = 0; s < size; s++) {
      for (let f = 0; f < features; f++) inputs[(w * size + s) * features + f] = rows.at(start + s, f);
    }
    for (let h = 0; h < horizon; h++) targets[w * horizon + h] = rows.at(start + size + h, targetIndex);
  }
  return {
    inputs: { data: inputs, shape: rows.multivariate ? [n, size, features] : [n, size] },
    targets: { data: targets, shape: [n, horizon] },
  };
}

export interface LagFeatures {
  /** [rows, lags.length]: column j holds x[t - lags[j]]. */
  features: { data: Float64Array; shape: [number, number] };
  /** x[t] for the same rows. */
  target: Float64Array;
  /** The t of the first row (= the largest lag): rows cover t = startIndex .. length-1. */
  startIndex: number;
}

/**
 * Lagged copies of a series as regressors: row t holds [x[t - lags[0]], x[t - lags[1]], ...] and
 * the target x[t]. Rows start at the largest lag so that every entry is observed (no NaN padding).
 */
export function lagFeatures(series: SeriesLike, lags: readonly number[]): LagFeatures {
  const x = toSeries(series);
  if (lags.length === 0) throw new RangeError('lagFeatures needs at least one lag');
  for (const lag of lags) requireInt(lag, 'lagFeatures lag', 1);
  const maxLag = Math.max(...lags);
  if (x.length <= maxLag) {
    throw new RangeError(`lagFeatures with lag ${maxLag} needs at least ${maxLag + 1} observations, got ${x.length}`);
  }
  const rows = x.length - maxLag;
  const data = new Float64Array(rows * lags.length);
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const t = r + maxLag;
    target[r] = x[t];
    for (let j = 0; j < lags.length; j++) data[r * lags.length + j] = x[t - lags[j]];
  }
  return { features: { data, shape: [rows, lags.length] }, target, startIndex: maxLag };
}

/** Uniform read access to univariate and time-major multivariate series, with validation. */
function toRows(series: SeriesLike | readonly (readonly number[])[]): {
  length: number;
  features: number;
  multivariate: boolean;
  at: (t: number, f: number) => number;
} {
  const first = series.length > 0 ? (series as ArrayLike<unknown>)[0] : undefined;
  if (Array.isArray(first)) {
    const rows = series as readonly (readonly number[])[];
    const features = rows[0].length;
    if (features === 0) throw new RangeError('slidingWindows: a multivariate series needs at least one feature');
    rows.forEach((row, t) => {
      if (!Array.isArray(row) || row.length !== features) {
        throw new RangeError(`slidingWindows: row ${t} has ${Array.isArray(row) ? row.length : 'no'} features, expected ${features}`);
      }
      row.forEach((v, f) => {
        if (!Number.isFinite(v)) throw new RangeError(`slidingWindows: non-finite value ${v} at time ${t}, feature ${f}`);
      });
    });
    return { length: rows.length, features, multivariate: true, at: (t, f) => rows[t][f] };
  }
  const x = toSeries(series as SeriesLike);
  return { length: x.length, features: 1, multivariate: false, at: (t) => x[t] };
}
