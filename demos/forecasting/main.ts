// Forecasting demo: Nile or sunspots; LSTM and GRU trained in the browser (WebGPU or CPU) against ARIMA,
// exponential smoothing and a moving average; live loss curves, the forecasts on <forecast-chart>, and an error
// table on the held-out tail. The loop runs under an AbortController (pause/reset/switches abort it).
// Query parameters: ?series=nile|sunspots, ?device=webgpu|cpu, ?steps=N, ?autostart=1, ?every=K (refresh the
// forecasts and validation every K steps; default 25).
import '../../src/components/index.ts';
import type { ForecastChart, ForecastSeries, LossChart } from '../../src/components/index.ts';
import type { Device } from '../../src/index.ts';
import nile from '../../data/nile.json';
import sunspots from '../../data/sunspots.json';
import { markFailed, markReady, numberParam, param, probeWebGPU, sg, showWebGpuNotice } from '../shared/page.ts';
import { type BaselineForecast, SPECS, type SeriesSpec, errors, fitBaselines } from './baselines.ts';
import { type CellName, RnnForecaster } from './rnn-forecaster.ts';

type Status = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'error';
type Kind = 'webgpu' | 'cpu';

interface ModelRow {
  name: string;
  kind: 'classical' | 'neural';
  mae: number | null;
  rmse: number | null;
}

interface DemoState {
  status: Status;
  series: SeriesSpec['id'];
  device: Kind | null;
  step: number;
  total: number;
  losses: Record<CellName, number[]>;
  val: Record<CellName, [number, number][]>;
  table: ModelRow[];
  error: string | null;
}

const DATA = { nile, sunspots } as Record<SeriesSpec['id'], { years: number[]; values: number[] }>;
const CELLS: CellName[] = ['LSTM', 'GRU'];
const EVERY = numberParam('every', 25);

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const chart = $<ForecastChart>('forecast');
const lossCharts: Record<CellName, LossChart> = { LSTM: $<LossChart>('loss-lstm-chart'), GRU: $<LossChart>('loss-gru-chart') };
const startBtn = $<HTMLButtonElement>('start');
const stepsInput = $<HTMLInputElement>('steps');

const state: DemoState = {
  status: 'loading',
  series: 'nile',
  device: null,
  step: 0,
  total: 0,
  losses: { LSTM: [], GRU: [] },
  val: { LSTM: [], GRU: [] },
  table: [],
  error: null,
};
const devices: Partial<Record<Kind, Device>> = {};
let models: Record<CellName, RnnForecaster> | null = null;
let baselines: BaselineForecast[] = [];
let neural: Partial<Record<CellName, Float64Array>> = {};
let run: AbortController | null = null;

function setStatus(s: Status, text?: string): void {
  state.status = s;
  $('status').textContent = text ?? { loading: 'loading…', ready: 'ready', running: 'training…', paused: 'paused', done: 'done', error: 'error' }[s];
  startBtn.textContent = s === 'running' ? 'Pause' : s === 'paused' ? 'Resume' : s === 'done' ? 'Train more' : 'Start';
  startBtn.disabled = s === 'loading' || s === 'error';
}

const spec = (): SeriesSpec => SPECS[state.series];
const data = (): { years: number[]; values: number[] } => DATA[state.series];
const trainLen = (): number => data().values.length - spec().holdout;
const tail = (): number[] => data().values.slice(trainLen());

/** The chart shows the whole Nile, and the last century of sunspots (so the 22-year tail is visible). */
function drawForecasts(): void {
  const { years, values } = data();
  const from = Math.max(0, years.length - 120);
  const start = trainLen() - from;
  const fc: ForecastSeries[] = baselines.map((b) => ({ name: b.name, start, mean: b.mean, lower: b.lower, upper: b.upper }));
  for (const c of CELLS) if (neural[c]) fc.push({ name: c, start, mean: neural[c]! });
  chart.x = years.slice(from);
  chart.actual = values.slice(from);
  chart.splitAt = years[trainLen()];
  chart.forecasts = fc;
}

function drawTable(): void {
  const actual = tail();
  const rows: ModelRow[] = baselines.map((b) => ({ name: b.name, kind: 'classical', ...errors(actual, b.mean) }));
  for (const c of CELLS) rows.push(neural[c] ? { name: c, kind: 'neural', ...errors(actual, neural[c]!) } : { name: c, kind: 'neural', mae: null, rmse: null });
  state.table = rows;
  const best = Math.min(...rows.map((r) => r.mae ?? Infinity));
  const body = $('errors');
  body.replaceChildren(
    ...rows.map((r, i) => {
      const tr = document.createElement('tr');
      if (r.mae === best) tr.className = 'best';
      const color = chart.colorOf(i);
      const cells = [r.name, r.kind === 'neural' ? `${r.kind} · ${state.device ?? ''}` : r.kind, r.mae?.toFixed(1) ?? 'training…', r.rmse?.toFixed(1) ?? '–'];
      cells.forEach((text, k) => {
        const td = document.createElement('td');
        if (k === 0) {
          const sw = document.createElement('span');
          sw.className = 'sw';
          sw.style.background = color;
          td.append(sw);
        }
        if (k === 1) td.className = 'kind';
        td.append(text);
        tr.append(td);
      });
      return tr;
    }),
  );
}

function updateStats(rate: number | null): void {
  $('step').textContent = String(state.step);
  $('total').textContent = String(state.total);
  $('bar').style.width = `${(100 * state.step) / Math.max(1, state.total)}%`;
  for (const c of CELLS) {
    const l = state.losses[c][state.losses[c].length - 1];
    $(`loss-${c.toLowerCase()}`).textContent = l === undefined ? '–' : l.toFixed(4);
  }
  if (rate !== null) $('rate').textContent = rate.toFixed(rate >= 100 ? 0 : 1);
}

/** Validation losses and forecasts of both networks, then the chart and table. */
async function refresh(signal?: AbortSignal): Promise<void> {
  if (!models) return;
  for (const c of CELLS) {
    const m: RnnForecaster = models[c];
    const v = await m.validationLoss();
    if (signal?.aborted || models?.[c] !== m) return;
    state.val[c].push([state.step, v]);
    lossCharts[c].push(state.step, undefined, v);
    neural[c] = await m.forecast(spec().holdout);
  }
  drawForecasts();
  drawTable();
}

async function getDevice(kind: Kind): Promise<Device> {
  return (devices[kind] ??= await sg.init(kind));
}

async function reset(kind: Kind, series: SeriesSpec['id']): Promise<void> {
  run?.abort();
  run = null;
  if (models) for (const c of CELLS) models[c].dispose();
  models = null;
  setStatus('loading', kind === 'webgpu' ? 'compiling…' : 'loading…');
  state.device = kind;
  state.series = series;
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-device]')) b.setAttribute('aria-pressed', String(b.dataset.device === kind));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-series]')) b.setAttribute('aria-pressed', String(b.dataset.series === series));
  $('title').textContent = spec().title;
  chart.yLabel = spec().unit;
  const { values } = data();
  baselines = fitBaselines(values.slice(0, trainLen()), spec());
  neural = {};
  const device = await getDevice(kind);
  models = {
    LSTM: new RnnForecaster(device, values, trainLen(), { cell: 'LSTM', hidden: 16, window: spec().window, batch: 16, lr: 0.01, seed: 3 }),
    GRU: new RnnForecaster(device, values, trainLen(), { cell: 'GRU', hidden: 16, window: spec().window, batch: 16, lr: 0.01, seed: 3 }),
  };
  state.step = 0;
  state.total = Math.max(10, Math.floor(Number(stepsInput.value) || 300));
  state.losses = { LSTM: [], GRU: [] };
  state.val = { LSTM: [], GRU: [] };
  for (const c of CELLS) lossCharts[c].clear();
  drawForecasts();
  drawTable();
  updateStats(null);
  $('rate').textContent = '–';
  setStatus('ready');
}

async function train(signal: AbortSignal): Promise<void> {
  const ms = models!;
  setStatus('running');
  let lastYield = performance.now();
  let windowStart = performance.now();
  let windowSteps = 0;
  let rate: number | null = null;
  while (state.step < state.total) {
    const losses: Partial<Record<CellName, number>> = {};
    for (const c of CELLS) {
      const l = ms[c].step();
      try {
        losses[c] = await l.item();
      } finally {
        l.dispose();
      }
    }
    if (signal.aborted || models !== ms) return;
    state.step++;
    for (const c of CELLS) {
      state.losses[c].push(losses[c]!);
      lossCharts[c].push(state.step, losses[c]!);
    }
    if (state.step % EVERY === 0 || state.step === state.total) await refresh(signal);
    if (signal.aborted || models !== ms) return;
    windowSteps++;
    const now = performance.now();
    if (now - windowStart > 500) {
      rate = (1000 * windowSteps) / (now - windowStart);
      windowStart = now;
      windowSteps = 0;
    }
    if (now - lastYield > 14) {
      updateStats(rate);
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
  }
  updateStats(rate);
  for (const c of CELLS) lossCharts[c].flush();
  setStatus('done');
}

function toggle(): void {
  if (state.status === 'running') {
    run?.abort();
    run = null;
    setStatus('paused');
    return;
  }
  if (state.status === 'done') state.total = state.step + Math.max(10, Math.floor(Number(stepsInput.value) || 300));
  const controller = new AbortController();
  run = controller;
  train(controller.signal).catch((e: unknown) => {
    state.error = e instanceof Error ? e.message : String(e);
    setStatus('error', `error: ${state.error}`);
    console.error(e);
  });
}

try {
  setStatus('loading');
  markReady(state);
  const p = await probeWebGPU();
  showWebGpuNotice($('webgpu'), p, 'the networks train on the CPU backend');
  const devButtons = [...document.querySelectorAll<HTMLButtonElement>('[data-device]')];
  for (const b of devButtons) if (b.dataset.device === 'webgpu' && !p.available) b.disabled = true;
  const kind: Kind = param('device') === 'cpu' || !p.available ? 'cpu' : 'webgpu';
  const series: SeriesSpec['id'] = param('series') === 'sunspots' ? 'sunspots' : 'nile';
  stepsInput.value = String(numberParam('steps', 300));
  await reset(kind, series);
  startBtn.addEventListener('click', toggle);
  $('reset').addEventListener('click', () => void reset(state.device ?? kind, state.series));
  for (const b of devButtons) b.addEventListener('click', () => b.dataset.device !== state.device && void reset(b.dataset.device as Kind, state.series));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-series]')) {
    b.addEventListener('click', () => b.dataset.series !== state.series && void reset(state.device ?? kind, b.dataset.series as SeriesSpec['id']));
  }
  if (param('autostart') === '1') toggle();
} catch (e) {
  state.error = e instanceof Error ? e.message : String(e);
  setStatus('error', `error: ${state.error}`);
  markFailed(e);
  throw e;
}
