// Differencing (x_t - x_{t-lag}, applied `order` times; lag = s gives seasonal differencing) and its
// exact inverse, which turns forecasts of the differenced series back into levels given the last
// order*lag observed levels. Seasonal and ordinary differencing compose by calling twice.
import { requireInt, toSeries, type SeriesLike } from '../stats/series.ts';

export interface DifferenceOptions {
  /** How many times to difference (default 1). */
  order?: number;
  /** Distance between the subtracted values (default 1; the season length for seasonal differencing). */
  lag?: number;
}

function readOptions(options: DifferenceOptions): { order: number; lag: number } {
  const order = options.order ?? 1;
  const lag = options.lag ?? 1;
  requireInt(order, 'difference order', 0);
  requireInt(lag, 'difference lag', 1);
  return { order, lag };
}

/** (1 - B^lag)^order x: the result is order*lag values shorter than the input. */
export function difference(series: SeriesLike, options: DifferenceOptions = {}): Float64Array {
  const { order, lag } = readOptions(options);
  let x = toSeries(series);
  if (x.length <= order * lag) {
    throw new RangeError(`difference of order ${order} at lag ${lag} needs more than ${order * lag} observations, got ${x.length}`);
  }
  for (let k = 0; k < order; k++) {
    const d = new Float64Array(x.length - lag);
    for (let t = 0; t < d.length; t++) d[t] = x[t + lag] - x[t];
    x = d;
  }
  return x;
}

/**
 * Undo `difference`: given the levels observed just before (`history`, at least order*lag values,
 * only the last order*lag are used) and the differenced values that follow, return the levels that
 * follow. `inverseDifference(difference(x, o), x.slice(0, order*lag), o)` equals x.slice(order*lag).
 */
export function inverseDifference(differenced: SeriesLike, history: SeriesLike, options: DifferenceOptions = {}): Float64Array {
  const { order, lag } = readOptions(options);
  const need = order * lag;
  const h = toSeries(history, 'history');
  if (h.length < need) {
    throw new RangeError(`inverseDifference of order ${order} at lag ${lag} needs the last ${need} levels as history, got ${h.length}`);
  }
  let values = toSeries(differenced, 'differenced');
  // tails[k]: the last `lag` values of the history differenced k times (k = 0 .. order-1).
  const tails: Float64Array[] = [];
  let level = h.subarray(h.length - need);
  for (let k = 0; k < order; k++) {
    tails.push(level.slice(level.length - lag));
    const d = new Float64Array(level.length - lag);
    for (let t = 0; t < d.length; t++) d[t] = level[t + lag] - level[t];
    level = d;
  }
  // Integrate from the most differenced level down: y^{(k)}_t = y^{(k+1)}_t + y^{(k)}_{t-lag}.
  for (let k = order - 1; k >= 0; k--) {
    const prev = tails[k];
    const out = new Float64Array(values.length);
    for (let t = 0; t < values.length; t++) out[t] = values[t] + (t < lag ? prev[t] : out[t - lag]);
    values = out;
  }
  return values;
}
