// Standard (z-score) and min-max scalers with inverse transforms, fitted per feature column.
// Accepts a univariate series or time-major rows (`x[t][f]`); the inverse is what turns a network's
// scaled forecast back into the series' units. Conventions follow scikit-learn (population std,
// a constant column scales by 1 instead of dividing by zero).
import { toSeries, type SeriesLike } from '../stats/series.ts';

export type ScalerInput = SeriesLike | readonly (readonly number[])[];

/** Shared plumbing: column statistics are (shift, scale) pairs with y = (x - shift) / scale. */
abstract class ColumnScaler {
  protected shift: Float64Array | null = null;
  protected scale: Float64Array | null = null;

  protected abstract columnParams(column: Float64Array): [shift: number, scale: number];

  fit(x: ScalerInput): this {
    const cols = toColumns(x, 'fit');
    this.shift = new Float64Array(cols.length);
    this.scale = new Float64Array(cols.length);
    cols.forEach((col, f) => {
      if (col.length === 0) throw new RangeError('scaler fit needs at least one observation');
      const [shift, scale] = this.columnParams(col);
      this.shift![f] = shift;
      this.scale![f] = scale === 0 ? 1 : scale;
    });
    return this;
  }

  transform(x: SeriesLike): Float64Array;
  transform(x: readonly (readonly number[])[]): number[][];
  transform(x: ScalerInput): Float64Array | number[][] {
    return this.apply(x, (v, f) => (v - this.shift![f]) / this.scale![f]);
  }

  inverseTransform(x: SeriesLike): Float64Array;
  inverseTransform(x: readonly (readonly number[])[]): number[][];
  inverseTransform(x: ScalerInput): Float64Array | number[][] {
    return this.apply(x, (v, f) => v * this.scale![f] + this.shift![f]);
  }

  fitTransform(x: SeriesLike): Float64Array;
  fitTransform(x: readonly (readonly number[])[]): number[][];
  fitTransform(x: ScalerInput): Float64Array | number[][] {
    this.fit(x);
    return this.apply(x, (v, f) => (v - this.shift![f]) / this.scale![f]);
  }

  private apply(x: ScalerInput, fn: (v: number, feature: number) => number): Float64Array | number[][] {
    if (this.shift === null) throw new Error('scaler is not fitted: call fit() first');
    const features = this.shift.length;
    if (isRows(x)) {
      return x.map((row, t) => {
        if (row.length !== features) throw new RangeError(`scaler: row ${t} has ${row.length} features, the scaler was fitted on ${features}`);
        return row.map((v, f) => fn(v, f));
      });
    }
    if (features !== 1) throw new RangeError(`scaler was fitted on ${features} features; pass rows x[t][f]`);
    // NaN passes through (a scaler has no business rejecting gaps the model handles later).
    return Float64Array.from(x as ArrayLike<number>, (v) => fn(v, 0));
  }
}

/** z = (x - mean) / std, std with ddof 0. */
export class StandardScaler extends ColumnScaler {
  get mean(): Float64Array | null {
    return this.shift;
  }
  get std(): Float64Array | null {
    return this.scale;
  }
  protected columnParams(col: Float64Array): [number, number] {
    const m = col.reduce((a, b) => a + b, 0) / col.length;
    const v = col.reduce((a, b) => a + (b - m) * (b - m), 0) / col.length;
    return [m, Math.sqrt(v)];
  }
}

/** Maps [min, max] of each column onto `range` (default [0, 1]). */
export class MinMaxScaler extends ColumnScaler {
  readonly range: readonly [number, number];
  constructor(range: readonly [number, number] = [0, 1]) {
    super();
    if (!(range[1] > range[0])) throw new RangeError(`MinMaxScaler range must be increasing, got [${range[0]}, ${range[1]}]`);
    this.range = range;
  }
  protected columnParams(col: Float64Array): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of col) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // y = (x - lo) / (hi - lo) * (b - a) + a  ==  (x - shift) / scale with:
    const [a, b] = this.range;
    const scale = (hi - lo) / (b - a);
    return [lo - a * (scale === 0 ? 1 : scale), scale];
  }
}

function isRows(x: ScalerInput): x is readonly (readonly number[])[] {
  return x.length > 0 && Array.isArray((x as ArrayLike<unknown>)[0]);
}

function toColumns(x: ScalerInput, what: string): Float64Array[] {
  if (!isRows(x)) return [toSeries(x as SeriesLike, `scaler ${what} input`)];
  const features = x[0].length;
  return Array.from({ length: features }, (_, f) =>
    toSeries(
      x.map((row, t) => {
        if (row.length !== features) throw new RangeError(`scaler: row ${t} has ${row.length} features, expected ${features}`);
        return row[f];
      }),
      `scaler ${what} column ${f}`,
    ),
  );
}
