// Forecasting demo: Nile or sunspots; LSTM and GRU trained in the browser (WebGPU or CPU) against ARIMA,
// exponential smoothing and a moving average (fitted in a Web Worker); live loss curves, the forecasts on
// <forecast-chart>, and an error table on the held-out tail. The loop is the shared TrainControls
// (demos/shared/train-controls.ts). The networks are validated on the last years of the training part: each one's
// forecast comes from its best-validation checkpoint, and training stops early once neither network has improved
// for PATIENCE evaluations, so the page never shows a network that has started to overfit.
// Query parameters: ?series=nile|sunspots, ?device=webgpu|cpu, ?steps=N, ?autostart=1, ?every=K (evaluate every
// K steps; default 25), ?patience=P (evaluations without improvement before stopping; default 8).
import '../../src/components/index.ts';
import type { ForecastChart, ForecastSeries, GateTrace, LossChart } from '../../src/components/index.ts';
import type { Device } from '../../src/index.ts';
import nile from '../../data/nile.json';
import sunspots from '../../data/sunspots.json';
import { numberParam, param } from '../shared/page.ts';
import { TrainControls } from '../shared/train-controls.ts';
import { type BaselineForecast, SPECS, type SeriesSpec, errors, fitBaselinesInWorker } from './baselines.ts';
import { type CellName, RnnForecaster } from './rnn-forecaster.ts';

interface ModelRow {
  name: string;
  kind: 'classical' | 'neural';
  mae: number | null;
  rmse: number | null;
  /** For a network: the step of the checkpoint its forecast comes from. */
  checkpoint?: number | null;
}

interface Checkpoint {
  step: number;
  loss: number;
  /** The forecast of the held-out tail made by the weights at `step`. */
  forecast: Float64Array;
}

const DATA = { nile, sunspots } as Record<SeriesSpec['id'], { years: number[]; values: number[] }>;
const CELLS: CellName[] = ['LSTM', 'GRU'];
const EVERY = numberParam('every', 25);
const PATIENCE = numberParam('patience', 8);
/** Validation years at the end of the training part, per series. */
const VAL_LEN: Record<SeriesSpec['id'], number> = { nile: 15, sunspots: 33 };

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const chart = $<ForecastChart>('forecast');
const lossCharts: Record<CellName, LossChart> = { LSTM: $<LossChart>('loss-lstm-chart'), GRU: $<LossChart>('loss-gru-chart') };
const trace = $<GateTrace>('trace');
/** Years traced through the live network by <gate-trace>: the last ones of the training part. */
const TRACE_LEN = 30;

/** Published beside TrainControls' own state (window.seqgpuDemo). */
const extra = {
  series: (param('series') === 'sunspots' ? 'sunspots' : 'nile') as SeriesSpec['id'],
  table: [] as ModelRow[],
  best: { LSTM: null, GRU: null } as Record<CellName, { step: number; loss: number } | null>,
  baselinesInWorker: false,
  /** <gate-trace>: which network, at which step, over how many years, and its agreement with the module's forward. */
  trace: { cell: 'LSTM' as CellName, step: null as number | null, years: 0, agreement: null as number | null },
};

let models: Record<CellName, RnnForecaster> | null = null;
let baselines: BaselineForecast[] = [];
let best: Partial<Record<CellName, Checkpoint>> = {};
let fits: AbortController | null = null;

/** <gate-trace> on a live network: the last TRACE_LEN years of the training part, standardised, as its inputs. */
async function traceCell(step: number | null): Promise<void> {
  const ms = models;
  if (!ms) return;
  const m = ms[extra.trace.cell];
  const old = trace.input;
  const input = m.traceInput(TRACE_LEN);
  const years = data().years.slice(trainLen() - input.shape[0], trainLen());
  trace.labels = years.map(String);
  trace.model = m.cell;
  trace.input = input;
  const got = await trace.loaded;
  old?.dispose(); // the element has moved on to the new input
  if (got && models === ms) {
    // Mutated in place: TrainControls publishes a shallow copy of `extra` for the tests.
    extra.trace.step = step;
    extra.trace.years = years.length;
    extra.trace.agreement = got.agreement;
  }
}

const spec = (): SeriesSpec => SPECS[extra.series];
const data = (): { years: number[]; values: number[] } => DATA[extra.series];
const trainLen = (): number => data().values.length - spec().holdout;
const tail = (): number[] => data().values.slice(trainLen());

/** The chart shows the whole Nile, and the last century of sunspots (so the 22-year tail is visible). */
function drawForecasts(): void {
  const { years, values } = data();
  const from = Math.max(0, years.length - 120);
  const start = trainLen() - from;
  const fc: ForecastSeries[] = baselines.map((b) => ({ name: b.name, start, mean: b.mean, lower: b.lower, upper: b.upper }));
  for (const c of CELLS) {
    const b = best[c];
    if (b) fc.push({ name: `${c} (step ${b.step})`, start, mean: b.forecast });
  }
  chart.x = years.slice(from);
  chart.actual = values.slice(from);
  chart.splitAt = years[trainLen()];
  chart.forecasts = fc;
}

function drawTable(): void {
  const actual = tail();
  const rows: ModelRow[] = baselines.map((b) => ({ name: b.name, kind: 'classical', ...errors(actual, b.mean) }));
  for (const c of CELLS) {
    const b = best[c];
    rows.push(b ? { name: c, kind: 'neural', checkpoint: b.step, ...errors(actual, b.forecast) } : { name: c, kind: 'neural', mae: null, rmse: null, checkpoint: null });
  }
  extra.table = rows;
  const ma = rows.find((r) => r.name.startsWith('Moving average'))?.mae ?? null;
  const bestMae = Math.min(...rows.map((r) => r.mae ?? Infinity));
  $('errors').replaceChildren(
    ...rows.map((r, i) => {
      const tr = document.createElement('tr');
      if (r.mae === bestMae) tr.className = 'best';
      const kind = r.kind === 'neural' ? `neural · ${controls.state.device ?? ''}${r.checkpoint != null ? ` · checkpoint step ${r.checkpoint}` : ''}` : r.kind;
      const vs = r.mae == null || ma == null || r.name.startsWith('Moving average') ? '–' : `${r.mae < ma ? '−' : '+'}${Math.abs((100 * (r.mae - ma)) / ma).toFixed(0)} %`;
      const cells = [r.name, kind, r.mae?.toFixed(1) ?? 'training…', r.rmse?.toFixed(1) ?? '–', vs];
      cells.forEach((text, k) => {
        const td = document.createElement('td');
        if (k === 0) {
          const sw = document.createElement('span');
          sw.className = 'sw';
          sw.style.background = chart.colorOf(i);
          td.append(sw);
        }
        if (k === 1) td.className = 'kind';
        td.append(text);
        tr.append(td);
      });
      return tr;
    }),
  );
  const nets = rows.filter((r) => r.kind === 'neural' && r.mae != null);
  $('verdict').textContent =
    ma == null || !nets.length
      ? ''
      : nets.map((r) => `${r.name} ${r.mae! < ma ? 'beats' : 'does not beat'} the moving average (MAE ${r.mae!.toFixed(1)} vs ${ma.toFixed(1)})`).join('; ') +
        '. The networks were chosen on validation years only; the held-out tail decided nothing.';
}

const controls = new TrainControls({
  defaultSteps: 600,
  every: EVERY,
  models: CELLS,
  charts: lossCharts,
  toolbar: [$('series-switch')],
  stats: [$('best-stat')],
  fallbackNote: 'the networks train on the CPU backend',
  state: extra,
  hooks: {
    async reset(device: Device): Promise<void> {
      fits?.abort();
      const controller = (fits = new AbortController());
      if (models) for (const c of CELLS) models[c].dispose();
      models = null;
      trace.model = null; // its weights were just disposed
      trace.data = null;
      extra.trace.step = null;
      extra.trace.agreement = null;
      for (const b of document.querySelectorAll<HTMLButtonElement>('[data-series]')) b.setAttribute('aria-pressed', String(b.dataset.series === extra.series));
      $('title').textContent = spec().title;
      chart.yLabel = spec().unit;
      const { values } = data();
      best = {};
      extra.best = { LSTM: null, GRU: null };
      baselines = [];
      $('best').textContent = '–';
      drawForecasts();
      drawTable();
      const cfg = { hidden: 16, window: spec().window, batch: 16, lr: 0.01, seed: 3, valLen: VAL_LEN[extra.series] };
      models = { LSTM: new RnnForecaster(device, values, trainLen(), { ...cfg, cell: 'LSTM' }), GRU: new RnnForecaster(device, values, trainLen(), { ...cfg, cell: 'GRU' }) };
      baselines = await fitBaselinesInWorker(values.slice(0, trainLen()), spec(), controller.signal);
      extra.baselinesInWorker = true;
      drawForecasts();
      drawTable();
    },
    async step(): Promise<Record<CellName, number>> {
      const ms = models!;
      const out = {} as Record<CellName, number>;
      for (const c of CELLS) {
        const l = ms[c].step();
        try {
          out[c] = await l.item();
        } finally {
          l.dispose();
        }
      }
      return out;
    },
    async evaluate(step: number): Promise<Record<CellName, number> | null> {
      const ms = models;
      if (!ms) return null;
      const vals = {} as Record<CellName, number>;
      for (const c of CELLS) {
        const v = await ms[c].validationLoss();
        if (models !== ms) return null;
        vals[c] = v;
        // Checkpoint: a new best validation loss replaces the forecast shown (and scored) for this network.
        if (!best[c] || v < best[c]!.loss) {
          best[c] = { step, loss: v, forecast: await ms[c].forecast(spec().holdout) };
          extra.best[c] = { step, loss: v };
        }
      }
      $('best').textContent = CELLS.map((c) => `${c} ${best[c]?.step ?? '–'}`).join(' · ');
      drawForecasts();
      drawTable();
      await traceCell(step);
      if (models !== ms) return null;
      return vals;
    },
    shouldStop(step: number): string | null {
      const last = Math.max(...CELLS.map((c) => best[c]?.step ?? 0));
      if (step - last < PATIENCE * EVERY) return null;
      return `validation has not improved for ${step - last} steps; forecasts from the best checkpoints (${CELLS.map((c) => `${c} step ${best[c]?.step}`).join(', ')})`;
    },
  },
});

for (const b of document.querySelectorAll<HTMLButtonElement>('[data-series]')) {
  b.addEventListener('click', () => {
    if (b.dataset.series === extra.series) return;
    extra.series = b.dataset.series as SeriesSpec['id'];
    controls.rebuild();
  });
}

for (const b of document.querySelectorAll<HTMLButtonElement>('[data-trace]')) {
  b.addEventListener('click', () => {
    const cell = b.dataset.trace as CellName;
    if (cell === extra.trace.cell) return;
    extra.trace.cell = cell;
    for (const o of document.querySelectorAll<HTMLButtonElement>('[data-trace]')) o.setAttribute('aria-pressed', String(o === b));
    void traceCell(controls.state.step);
  });
}

await controls.start();
