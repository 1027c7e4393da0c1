// The forecasting demo's classical fits (ARIMA, exponential smoothing, moving average) off the main thread: a
// module worker that answers one { train, spec } message with { result } or { error }. fitBaselinesInWorker()
// (baselines.ts) starts it and terminates it when the page no longer needs the answer.
import { type BaselineForecast, type SeriesSpec, fitBaselines } from './baselines.ts';

self.onmessage = (e: MessageEvent<{ train: number[]; spec: SeriesSpec }>) => {
  try {
    const result: BaselineForecast[] = fitBaselines(e.data.train, e.data.spec);
    // Float64Arrays are structured-cloned; their buffers could be transferred, but they are a few hundred bytes.
    self.postMessage({ result });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
