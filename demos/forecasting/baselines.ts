// The classical side of the forecasting demo: ARIMA (with 95 % intervals), exponential smoothing and a moving
// average from seqgpu's stats module, fitted on the training part; and the error metrics of the table. The fits
// run in a module Web Worker (baselines.worker.ts, fitBaselinesInWorker below) so a slow fit never blocks the
// page; this file imports the stats modules directly, not the engine, so the worker bundle stays small.
import { fitARIMA } from '../../src/stats/arima.ts';
import { holt, holtWinters, sma } from '../../src/stats/smoothing.ts';

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
  const arima = fitARIMA(train, { p, d, q }).forecast(h);
  const smooth =
    spec.smoothing === 'holt-damped'
      ? { name: 'Holt (damped)', mean: holt(train, { damped: true }).forecast(h) }
      : { name: 'Holt-Winters (11 y)', mean: holtWinters(train, { period: 11, trend: false }).forecast(h) };
  const ma = sma(train, spec.maWindow);
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

/** Runs fitBaselines in a module worker; the signal terminates the worker (a series switch or reset). */
export function fitBaselinesInWorker(train: number[], spec: SeriesSpec, signal?: AbortSignal): Promise<BaselineForecast[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./baselines.worker.ts', import.meta.url), { type: 'module', name: 'forecasting-baselines' });
    const done = (): void => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = (): void => {
      done();
      reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = (e: MessageEvent<{ result?: BaselineForecast[]; error?: string }>) => {
      done();
      if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve(e.data.result!);
    };
    worker.onerror = (e) => {
      done();
      reject(new Error(`baselines worker: ${e.message}`));
    };
    worker.postMessage({ train, spec });
  });
}
