// The classical side of the forecasting demo: ARIMA (with 95 % intervals), exponential smoothing and a moving
// average from seqgpu's stats module, fitted on the training part; and the error metrics of the table.
import * as sg from '../../src/index.ts';

export interface SeriesSpec {
  id: 'nile' | 'sunspots';
  title: string;
  unit: string;
  /** Held-out tail length. */
  holdout: number;
  arima: { p: number; d: number; q: number };
  smoothing: 'holt-damped' | 'holt-winters-11';
  maWindow: number;
  window: number;
}

export const SPECS: Record<SeriesSpec['id'], SeriesSpec> = {
  nile: { id: 'nile', title: 'Nile flow at Aswan, 1871–1970', unit: '10⁸ m³', holdout: 10, arima: { p: 1, d: 1, q: 1 }, smoothing: 'holt-damped', maWindow: 10, window: 16 },
  sunspots: {
    id: 'sunspots',
    title: 'Yearly sunspot numbers, 1700–2008',
    unit: 'sunspots',
    holdout: 22,
    arima: { p: 2, d: 0, q: 1 },
    smoothing: 'holt-winters-11',
    maWindow: 11,
    window: 24,
  },
};

export interface BaselineForecast {
  name: string;
  mean: Float64Array;
  lower?: Float64Array;
  upper?: Float64Array;
}

export function fitBaselines(train: number[], spec: SeriesSpec): BaselineForecast[] {
  const h = spec.holdout;
  const { p, d, q } = spec.arima;
  const arima = sg.stats.fitARIMA(train, { p, d, q }).forecast(h);
  const smooth =
    spec.smoothing === 'holt-damped'
      ? { name: 'Holt (damped)', mean: sg.stats.holt(train, { damped: true }).forecast(h) }
      : { name: 'Holt-Winters (11 y)', mean: sg.stats.holtWinters(train, { period: 11, trend: false }).forecast(h) };
  const ma = sg.stats.sma(train, spec.maWindow);
  const last = ma[ma.length - 1];
  return [
    { name: `ARIMA(${p},${d},${q})`, mean: arima.mean, lower: arima.lower, upper: arima.upper },
    smooth,
    { name: `Moving average (${spec.maWindow})`, mean: new Float64Array(h).fill(last) },
  ];
}

export function errors(actual: ArrayLike<number>, pred: ArrayLike<number>): { mae: number; rmse: number } {
  let abs = 0;
  let sq = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - pred[i];
    abs += Math.abs(e);
    sq += e * e;
  }
  return { mae: abs / actual.length, rmse: Math.sqrt(sq / actual.length) };
}
