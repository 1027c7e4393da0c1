// The training chrome every training demo shares (mlp-regression, forecasting, seq2seq, char-lm, ctc-labeling):
// a WebGPU / CPU switch, start/pause/reset, a steps field, status, progress bar and rate, and the loop itself, run
// under an AbortController (pause, reset and the device switch abort it) and yielding to the page once per frame's
// worth of work. A demo supplies hooks: reset() builds data and model on a device, step() runs one training step
// and returns its loss (or, for a demo that trains several models side by side, a loss per model, listed in
// `models`), evaluate() refreshes views every `every` steps and may return a validation value (or one per model),
// shouldStop() may end the run early (early stopping). The demo's own controls (`toolbar`) and readouts (`stats`)
// are moved into the rendered bar. The published state (window.seqgpuDemo) is what the headless tests read.
// Query parameters: ?device=webgpu|cpu, ?steps=N, ?autostart=1, ?every=K.
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
  /** Loss per step (single-model demos). */
  losses: number[];
  /** [step, value] of the validation metric each evaluate() returned (single-model demos). */
  evals: [number, number][];
  /** Per model (demos with `models`): loss per step, and [step, value] per evaluation. */
  modelLosses: Record<string, number[]>;
  modelEvals: Record<string, [number, number][]>;
  /** Why the last run ended before its step budget (shouldStop's reason), or null. */
  stopped: string | null;
  error: string | null;
}

/** One value, or one per model (keyed by the names in `models`). */
export type PerModel = number | Record<string, number>;

export interface TrainHooks {
  /** Frees the previous model (if any) and builds a fresh one on `device`. */
  reset(device: Device): Promise<void>;
  /** One optimisation step; returns its loss (read back), or a loss per model. */
  step(step: number): Promise<PerModel>;
  /** Refreshes the views; may return a validation value (or one per model) for the loss charts. Called at step 0,
   *  every `every` steps and at the end. */
  evaluate?(step: number): Promise<PerModel | null | void>;
  /** Checked after each evaluation: a reason string ends the run there (e.g. validation stopped improving). */
  shouldStop?(step: number): string | null;
}

export interface TrainControlsOptions {
  hooks: TrainHooks;
  defaultSteps: number;
  /** Evaluation period (?every=K overrides). */
  every: number;
  chart?: LossChart | null;
  /** Names of the models trained side by side (step() and evaluate() then return a value per name). */
  models?: string[];
  /** A loss chart per model (with `models`). */
  charts?: Record<string, LossChart>;
  /** The demo's own controls (e.g. a series or learning-rate switch), moved into the toolbar. */
  toolbar?: HTMLElement[];
  /** The demo's own readouts, moved into the stats line. */
  stats?: HTMLElement[];
  /** The demo's own state object: TrainState's fields are added to it and it is what the page publishes. */
  state?: object;
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
  /** The published state: TrainState's fields on the demo's own state object (options.state), if it gave one, so
   *  the demo's fields (reassigned at will) and these are one object for the tests. */
  readonly state: TrainState;
  private readonly devices: Partial<Record<Kind, Device>> = {};
  private run: AbortController | null = null;
  private every: number;
  device: Device | null = null;
  /** Bumped on every reset: work started for an older model checks it and stops. */
  generation = 0;

  constructor(private readonly options: TrainControlsOptions) {
    this.every = numberParam('every', options.every);
    const own: TrainState = { status: 'loading', device: null, webgpu: null, step: 0, total: 0, losses: [], evals: [], modelLosses: {}, modelEvals: {}, stopped: null, error: null };
    this.state = Object.assign(options.state ?? {}, own);
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
    const models = this.options.models;
    if (models) {
      $('loss').textContent = models
        .map((m) => {
          const l = s.modelLosses[m]?.[s.modelLosses[m].length - 1];
          return `${m} ${l === undefined ? '–' : l.toFixed(4)}`;
        })
        .join(' · ');
    } else {
      const last = s.losses[s.losses.length - 1];
      $('loss').textContent = last === undefined ? '–' : last.toFixed(4);
    }
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
    const step = this.state.step;
    if (typeof v === 'number' && Number.isFinite(v)) {
      this.state.evals.push([step, v]);
      this.options.chart?.push(step, undefined, v);
    } else if (v && typeof v === 'object') {
      for (const [m, x] of Object.entries(v)) {
        if (!Number.isFinite(x)) continue;
        (this.state.modelEvals[m] ??= []).push([step, x]);
        this.options.charts?.[m]?.push(step, undefined, x);
      }
    }
  }

  /** Records one step's loss (or losses) in the state and the charts. */
  private record(loss: PerModel): void {
    const s = this.state;
    if (typeof loss === 'number') {
      s.losses.push(loss);
      this.options.chart?.push(s.step, loss);
      return;
    }
    for (const [m, l] of Object.entries(loss)) {
      (s.modelLosses[m] ??= []).push(l);
      this.options.charts?.[m]?.push(s.step, l);
    }
  }

  private allCharts(): LossChart[] {
    return [...(this.options.chart ? [this.options.chart] : []), ...Object.values(this.options.charts ?? {})];
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
    s.modelLosses = Object.fromEntries((this.options.models ?? []).map((m) => [m, []]));
    s.modelEvals = Object.fromEntries((this.options.models ?? []).map((m) => [m, []]));
    s.stopped = null;
    s.error = null;
    for (const c of this.allCharts()) c.clear();
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
      this.record(loss);
      if (s.step % this.every === 0 || s.step === s.total) {
        await this.evaluate();
        if (gen !== this.generation) return;
        const reason = this.options.hooks.shouldStop?.(s.step) ?? null;
        if (reason) {
          s.stopped = reason;
          s.total = s.step;
          break;
        }
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
    for (const c of this.allCharts()) c.flush();
    this.setStatus('done', s.stopped ? `stopped: ${s.stopped}` : undefined);
  }

  /** Rebuilds the model on the current device (a demo's own control changed, e.g. the series or learning rate). */
  rebuild(): void {
    void this.reset(this.state.device ?? 'cpu').catch((e: unknown) => this.fail(e));
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
    if (s.status === 'done') {
      s.total = s.step + Math.max(1, Math.floor(Number($<HTMLInputElement>('steps').value) || this.options.defaultSteps));
      s.stopped = null;
    }
    const controller = new AbortController();
    this.run = controller;
    this.train(controller.signal).catch((e: unknown) => this.fail(e));
  }

  /** Probes WebGPU, renders the controls into #controls, builds the first model, wires the buttons. */
  async start(extraState: Record<string, unknown> = {}): Promise<void> {
    try {
      renderControls($('controls'), numberParam('steps', this.options.defaultSteps));
      $('reset').after(...(this.options.toolbar ?? []));
      $('controls').querySelector('.stats')!.append(...(this.options.stats ?? []));
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
