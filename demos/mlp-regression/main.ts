// MLP regression demo: device switch, start/pause/reset, progress, live loss curves (<loss-chart>) and the fit.
// The training loop runs under an AbortController (pause and reset abort it) and yields to the page every frame's
// worth of work, so the charts stay smooth on the CPU backend too.
// Query parameters: ?device=webgpu|cpu, ?steps=N, ?autostart=1 (the headless tests use all three).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import '../../src/components/index.ts';
import type { LossChart } from '../../src/components/index.ts';
import type { Device } from '../../src/index.ts';
import { markFailed, markReady, numberParam, param, probeWebGPU, sg, showWebGpuNotice } from '../shared/page.ts';
import { DEFAULT_CONFIG, SineTrainer, target } from './trainer.ts';

type Status = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'error';
type Kind = 'webgpu' | 'cpu';

/** What the page exposes to tests as window.seqgpuDemo. */
interface DemoState {
  status: Status;
  device: Kind | null;
  webgpu: { available: boolean; detail: string } | null;
  step: number;
  total: number;
  losses: number[];
  valLosses: [number, number][];
  error: string | null;
}

const VAL_EVERY = 25;
const FIT_EVERY = 50;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const chart = $<LossChart>('chart');
const startBtn = $<HTMLButtonElement>('start');
const resetBtn = $<HTMLButtonElement>('reset');
const stepsInput = $<HTMLInputElement>('steps');
const lrSelect = $<HTMLSelectElement>('lr');
const devButtons = { webgpu: $<HTMLButtonElement>('dev-webgpu'), cpu: $<HTMLButtonElement>('dev-cpu') };

const state: DemoState = { status: 'loading', device: null, webgpu: null, step: 0, total: 0, losses: [], valLosses: [], error: null };
const devices: Partial<Record<Kind, Device>> = {};
let trainer: SineTrainer | null = null;
let run: AbortController | null = null;
let fit: uPlot | null = null;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function setStatus(s: Status, text?: string): void {
  state.status = s;
  $('status').textContent = text ?? { loading: 'loading…', ready: 'ready', running: 'training…', paused: 'paused', done: 'done', error: 'error' }[s];
  startBtn.textContent = s === 'running' ? 'Pause' : s === 'paused' ? 'Resume' : s === 'done' ? 'Train more' : 'Start';
  startBtn.disabled = s === 'loading' || s === 'error';
}

function updateStats(rate: number | null, dispatches: number | null): void {
  $('step').textContent = String(state.step);
  $('total').textContent = String(state.total);
  $('bar').style.width = `${(100 * state.step) / Math.max(1, state.total)}%`;
  const last = state.losses[state.losses.length - 1];
  $('train').textContent = last === undefined ? '–' : last.toFixed(4);
  const val = state.valLosses[state.valLosses.length - 1];
  $('val').textContent = val === undefined ? '–' : val[1].toFixed(4);
  if (rate !== null) $('rate').textContent = rate.toFixed(rate >= 100 ? 0 : 1);
  if (dispatches !== null) $('dispatches').textContent = String(dispatches);
  if (trainer) $('buffers').textContent = String(trainer.device.stats().liveBuffers);
}

function createFit(): void {
  const el = $('fit');
  fit?.destroy();
  const muted = cssVar('--sg-muted', '#5f6b7a');
  const grid = cssVar('--sg-border', '#dde1e6');
  const axis = (label: string): uPlot.Axis => ({ label, stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } });
  const d = trainer!.data;
  const truth = Array.from(d.x, target);
  fit = new uPlot(
    {
      width: Math.max(240, el.clientWidth),
      height: 260,
      scales: { x: { time: false }, y: { range: [-2, 2] } },
      axes: [axis('x'), axis('y')],
      legend: { live: false },
      cursor: { show: false },
      series: [
        {},
        { label: 'samples', stroke: muted, paths: () => null, points: { show: true, size: 3, fill: muted, stroke: muted } },
        { label: 'sin(1.5x)', stroke: cssVar('--sg-accent-2', '#e8590c'), width: 1.5, dash: [6, 5] },
        { label: 'model', stroke: cssVar('--sg-accent', '#4f46e5'), width: 2.5 },
      ],
    },
    [Array.from(d.x), Array.from(d.y), truth, truth.map(() => null)] as uPlot.AlignedData,
    el,
  );
}

async function refreshFit(): Promise<void> {
  if (!trainer || !fit) return;
  const pred = await trainer.predict();
  const d = trainer.data;
  fit.setData([Array.from(d.x), Array.from(d.y), Array.from(d.x, target), Array.from(pred)] as uPlot.AlignedData, false);
}

async function getDevice(kind: Kind): Promise<Device> {
  return (devices[kind] ??= await sg.init(kind));
}

/** A fresh model on `kind` (the previous one is freed). */
async function reset(kind: Kind): Promise<void> {
  run?.abort();
  run = null;
  trainer?.dispose();
  trainer = null;
  setStatus('loading', kind === 'webgpu' ? 'compiling…' : 'loading…');
  state.device = kind;
  for (const [k, b] of Object.entries(devButtons)) b.setAttribute('aria-pressed', String(k === kind));
  const device = await getDevice(kind);
  trainer = new SineTrainer(device, { ...DEFAULT_CONFIG, lr: Number(lrSelect.value) });
  state.step = 0;
  state.total = Math.max(10, Math.floor(Number(stepsInput.value) || 1500));
  state.losses = [];
  state.valLosses = [];
  chart.clear();
  // The untrained model's validation loss, as the curve's starting point.
  const v0 = await trainer.valLoss();
  state.valLosses.push([0, v0]);
  chart.push(0, undefined, v0);
  createFit();
  await refreshFit();
  updateStats(null, null);
  $('rate').textContent = '–';
  $('dispatches').textContent = '–';
  setStatus('ready');
}

async function train(signal: AbortSignal): Promise<void> {
  const t = trainer!;
  const dev = t.device;
  setStatus('running');
  let lastYield = performance.now();
  let windowStart = performance.now();
  let windowSteps = 0;
  let rate: number | null = null;
  while (state.step < state.total) {
    if (signal.aborted) return;
    const before = dev.stats().dispatches;
    const lossT = t.step();
    let loss: number;
    try {
      loss = await lossT.item();
    } finally {
      lossT.dispose();
    }
    if (signal.aborted || t !== trainer) return; // reset while the read-back was in flight
    const dispatches = dev.stats().dispatches - before;
    state.step++;
    state.losses.push(loss);
    chart.push(state.step, loss);
    if (state.step % VAL_EVERY === 0 || state.step === state.total) {
      const v = await t.valLoss();
      state.valLosses.push([state.step, v]);
      chart.push(state.step, undefined, v);
    }
    if (state.step % FIT_EVERY === 0 || state.step === state.total) await refreshFit();
    windowSteps++;
    const now = performance.now();
    if (now - windowStart > 500) {
      rate = (1000 * windowSteps) / (now - windowStart);
      windowStart = now;
      windowSteps = 0;
    }
    // Yield a frame's worth of work at a time: CPU steps resolve without a macrotask and would starve painting.
    if (now - lastYield > 14) {
      updateStats(rate, dispatches);
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
  }
  updateStats(rate, null);
  chart.flush();
  setStatus('done');
}

function toggle(): void {
  if (state.status === 'running') {
    run?.abort();
    run = null;
    setStatus('paused');
    return;
  }
  if (state.status === 'done') {
    // Train further: raise the target by the steps field.
    state.total = state.step + Math.max(10, Math.floor(Number(stepsInput.value) || 1500));
  }
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
  state.webgpu = p;
  showWebGpuNotice($('webgpu'), p, 'training runs on the CPU backend');
  devButtons.webgpu.disabled = !p.available;
  if (!p.available) devButtons.webgpu.title = p.detail;
  const asked = param('device');
  const kind: Kind = asked === 'cpu' || !p.available ? 'cpu' : 'webgpu';
  stepsInput.value = String(numberParam('steps', 1500));
  await reset(kind);
  startBtn.addEventListener('click', toggle);
  resetBtn.addEventListener('click', () => void reset(state.device ?? kind));
  lrSelect.addEventListener('change', () => void reset(state.device ?? kind));
  stepsInput.addEventListener('change', () => {
    if (state.status === 'ready') void reset(state.device ?? kind);
  });
  for (const [k, b] of Object.entries(devButtons) as [Kind, HTMLButtonElement][]) {
    b.addEventListener('click', () => {
      if (k !== state.device) void reset(k);
    });
  }
  window.addEventListener('resize', () => {
    if (fit) fit.setSize({ width: Math.max(240, $('fit').clientWidth), height: 260 });
  });
  if (param('autostart') === '1') toggle();
} catch (e) {
  state.error = e instanceof Error ? e.message : String(e);
  setStatus('error', `error: ${state.error}`);
  markFailed(e);
  throw e;
}
