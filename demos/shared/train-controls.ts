// The training chrome the sequence demos share (char-lm, ctc-labeling, seq2seq): a WebGPU / CPU switch,
// start/pause/reset, a steps field, status, progress bar and rate, and the loop itself, run under an
// AbortController (pause, reset and the device switch abort it) and yielding to the page once per frame's worth of
// work. A demo supplies hooks: reset() builds data and model on a device, step() runs one training step and
// returns its loss, evaluate() refreshes views every `every` steps. The published state (window.seqgpuDemo) is
// what the headless tests read. Query parameters: ?device=webgpu|cpu, ?steps=N, ?autostart=1, ?every=K.
import type { Device } from '../../src/index.ts';
import type { LossChart } from '../../src/components/index.ts';
import { markFailed, markReady, numberParam, param, probeWebGPU, sg, showWebGpuNotice } from './page.ts';

export type Status = 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'error';
export type Kind = 'webgpu' | 'cpu';

export interface TrainState {
  status: Status;
  device: Kind | null;
  webgpu: { available: boolean; detail: string } | null;
  step: number;
  total: number;
  losses: number[];
  /** [step, value] of the validation metric each evaluate() returned. */
  evals: [number, number][];
  error: string | null;
}

export interface TrainHooks {
  /** Frees the previous model (if any) and builds a fresh one on `device`. */
  reset(device: Device): Promise<void>;
  /** One optimisation step; returns its loss (read back). */
  step(step: number): Promise<number>;
  /** Refreshes the views; may return a validation value for the loss chart. Called at step 0, every `every`
   *  steps and at the end. */
  evaluate?(step: number): Promise<number | null | void>;
}

export interface TrainControlsOptions {
  hooks: TrainHooks;
  defaultSteps: number;
  /** Evaluation period (?every=K overrides). */
  every: number;
  chart?: LossChart | null;
  /** What the WebGPU notice says the demo does without WebGPU. */
  fallbackNote?: string;
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`train-controls: the page has no #${id}`);
  return el as T;
};

/** The toolbar markup (device switch, start, reset, steps) and the stats line, into #controls. */
function renderControls(host: HTMLElement, steps: number): void {
  host.innerHTML = `
    <div class="toolbar">
      <div class="segmented" role="group" aria-label="device">
        <button id="dev-webgpu" data-device="webgpu" aria-pressed="false">WebGPU</button>
        <button id="dev-cpu" data-device="cpu" aria-pressed="false">CPU</button>
      </div>
      <button id="start" class="primary">Start</button>
      <button id="reset">Reset</button>
      <label>steps <input id="steps" type="number" min="10" step="50" value="${steps}" style="width: 90px" /></label>
    </div>
    <div class="stats">
      <span id="status" style="font-weight: 600; color: var(--sg-fg)">loading…</span>
      <span>step <b id="step">0</b> / <b id="total">${steps}</b></span>
      <span>loss <b id="loss">–</b></span>
      <span><b id="rate">–</b> steps/s</span>
      <span><b id="buffers">–</b> live buffers</span>
    </div>
    <div class="progress"><div id="bar"></div></div>`;
}

export class TrainControls {
  readonly state: TrainState = { status: 'loading', device: null, webgpu: null, step: 0, total: 0, losses: [], evals: [], error: null };
  private readonly devices: Partial<Record<Kind, Device>> = {};
  private run: AbortController | null = null;
  private every: number;
  device: Device | null = null;
  /** Bumped on every reset: work started for an older model checks it and stops. */
  generation = 0;

  constructor(private readonly options: TrainControlsOptions) {
    this.every = numberParam('every', options.every);
  }

  private setStatus(s: Status, text?: string): void {
    this.state.status = s;
    $('status').textContent = text ?? { loading: 'loading…', ready: 'ready', running: 'training…', paused: 'paused', done: 'done', error: 'error' }[s];
    const start = $<HTMLButtonElement>('start');
    start.textContent = s === 'running' ? 'Pause' : s === 'paused' ? 'Resume' : s === 'done' ? 'Train more' : 'Start';
    start.disabled = s === 'loading' || s === 'error';
  }

  private showStats(rate: number | null): void {
    const s = this.state;
    $('step').textContent = String(s.step);
    $('total').textContent = String(s.total);
    $('bar').style.width = `${(100 * s.step) / Math.max(1, s.total)}%`;
    const last = s.losses[s.losses.length - 1];
    $('loss').textContent = last === undefined ? '–' : last.toFixed(4);
    if (rate !== null) $('rate').textContent = rate.toFixed(rate >= 100 ? 0 : 1);
    if (this.device) $('buffers').textContent = String(this.device.stats().liveBuffers);
  }

  private fail(e: unknown): void {
    this.state.error = e instanceof Error ? e.message : String(e);
    this.setStatus('error', `error: ${this.state.error}`);
    console.error(e);
  }

  private async evaluate(): Promise<void> {
    const v = await this.options.hooks.evaluate?.(this.state.step);
    if (typeof v === 'number' && Number.isFinite(v)) {
      this.state.evals.push([this.state.step, v]);
      this.options.chart?.push(this.state.step, undefined, v);
    }
  }

  /** Builds a fresh model on `kind` (aborting any run). */
  async reset(kind: Kind): Promise<void> {
    this.run?.abort();
    this.run = null;
    const gen = ++this.generation;
    this.setStatus('loading', kind === 'webgpu' ? 'compiling…' : 'loading…');
    this.state.device = kind;
    for (const k of ['webgpu', 'cpu'] as const) $(`dev-${k}`).setAttribute('aria-pressed', String(k === kind));
    const device = (this.devices[kind] ??= await sg.init(kind));
    this.device = device;
    await this.options.hooks.reset(device);
    if (gen !== this.generation) return;
    const s = this.state;
    s.step = 0;
    s.total = Math.max(1, Math.floor(Number($<HTMLInputElement>('steps').value) || this.options.defaultSteps));
    s.losses = [];
    s.evals = [];
    s.error = null;
    this.options.chart?.clear();
    await this.evaluate();
    if (gen !== this.generation) return;
    this.showStats(null);
    $('rate').textContent = '–';
    this.setStatus('ready');
  }

  private async train(signal: AbortSignal): Promise<void> {
    const s = this.state;
    const gen = this.generation;
    this.setStatus('running');
    let lastYield = performance.now();
    let windowStart = lastYield;
    let windowSteps = 0;
    let rate: number | null = null;
    while (s.step < s.total) {
      if (signal.aborted) return;
      const loss = await this.options.hooks.step(s.step);
      if (signal.aborted || gen !== this.generation) return; // paused or reset while the read-back was in flight
      s.step++;
      s.losses.push(loss);
      this.options.chart?.push(s.step, loss);
      if (s.step % this.every === 0 || s.step === s.total) {
        await this.evaluate();
        if (gen !== this.generation) return;
      }
      windowSteps++;
      const now = performance.now();
      if (now - windowStart > 500) {
        rate = (1000 * windowSteps) / (now - windowStart);
        windowStart = now;
        windowSteps = 0;
      }
      // CPU steps resolve without a macrotask and would starve painting: yield once per frame's worth.
      if (now - lastYield > 14) {
        this.showStats(rate);
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
      }
    }
    this.showStats(rate);
    this.options.chart?.flush();
    this.setStatus('done');
  }

  toggle(): void {
    const s = this.state;
    if (s.status === 'running') {
      this.run?.abort();
      this.run = null;
      this.setStatus('paused');
      return;
    }
    if (s.status === 'loading' || s.status === 'error') return;
    if (s.status === 'done') s.total = s.step + Math.max(1, Math.floor(Number($<HTMLInputElement>('steps').value) || this.options.defaultSteps));
    const controller = new AbortController();
    this.run = controller;
    this.train(controller.signal).catch((e: unknown) => this.fail(e));
  }

  /** Probes WebGPU, renders the controls into #controls, builds the first model, wires the buttons. */
  async start(extraState: Record<string, unknown> = {}): Promise<void> {
    try {
      renderControls($('controls'), numberParam('steps', this.options.defaultSteps));
      this.setStatus('loading');
      Object.assign(this.state, extraState);
      markReady(this.state);
      const p = await probeWebGPU();
      this.state.webgpu = p;
      showWebGpuNotice($('webgpu'), p, this.options.fallbackNote ?? 'training runs on the CPU backend');
      const gpuBtn = $<HTMLButtonElement>('dev-webgpu');
      gpuBtn.disabled = !p.available;
      if (!p.available) gpuBtn.title = p.detail;
      const kind: Kind = param('device') === 'cpu' || !p.available ? 'cpu' : 'webgpu';
      await this.reset(kind);
      $('start').addEventListener('click', () => this.toggle());
      $('reset').addEventListener('click', () => void this.reset(this.state.device ?? kind).catch((e: unknown) => this.fail(e)));
      $('steps').addEventListener('change', () => {
        if (this.state.status === 'ready') this.state.total = Math.max(1, Math.floor(Number($<HTMLInputElement>('steps').value)));
        this.showStats(null);
      });
      for (const k of ['webgpu', 'cpu'] as const) {
        $(`dev-${k}`).addEventListener('click', () => {
          if (k !== this.state.device) void this.reset(k).catch((e: unknown) => this.fail(e));
        });
      }
      if (param('autostart') === '1') this.toggle();
    } catch (e) {
      this.fail(e);
      markFailed(e);
      throw e;
    }
  }
}
