// <gpu-cpu-check>: runs seqgpu's op suite on WebGPU and on the CPU reference in the visitor's browser and shows,
// per op, the max absolute and relative difference of outputs and gradients, pass/fail against the tolerance
// table, timings, and the adapter. A thin view: the work runs in an AbortableTask (op-check-runner.ts).
//
//   <gpu-cpu-check auto-run></gpu-cpu-check>
//   el.addEventListener('check-complete', (e) => console.log(e.detail.passed, e.detail.failed));
//
// Properties: autoRun (attribute auto-run), cases (CheckCase[]), gpuDevice / cpuDevice (share devices; the
// element then leaves them alive). Methods: run(), cancel(). Events (bubbling, composed): check-start {total},
// check-progress {result, index, total}, check-complete {results, passed, failed, adapter, gpuMs, cpuMs},
// check-error {message, reason: 'webgpu-unavailable' | 'failed'}, check-cancel {reason}.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as sg from '../index.ts';
import type { Device } from '../device.ts';
import { TOL } from '../tolerances.ts';
import { themeStyles } from './lib/theme.ts';
import { gpuCpuCheckStyles } from './lib/gpu-cpu-check-styles.ts';
import { AbortableTask, isAbort } from './lib/abortable-task.ts';
import { fire } from './lib/events.ts';
import { type CheckCase, type CheckFamily, defaultCases } from './lib/op-check-suite.ts';
import { type CaseResult, type Diff, runOpCheck } from './lib/op-check-runner.ts';

export type CheckState = 'idle' | 'running' | 'done' | 'cancelled' | 'unavailable' | 'error';

export interface CheckSummary {
  results: CaseResult[];
  passed: number;
  failed: number;
  adapter: string;
  gpuMs: number;
  cpuMs: number;
}

/** `check-start`: the adapter is known and the first case is about to run. */
export interface CheckStartDetail {
  total: number;
  adapter: string;
}

/** `check-progress`: one case finished (`index` counts from 0). */
export interface CheckProgressDetail {
  result: CaseResult;
  index: number;
  total: number;
}

/** `check-error`: WebGPU is unavailable here, or the run failed. */
export interface CheckErrorDetail {
  message: string;
  reason: 'webgpu-unavailable' | 'failed';
}

/** `check-cancel`: cancel() was called, run() restarted the check, or the element was removed. */
export interface CheckCancelDetail {
  reason: string;
}

const FAMILY_LABEL: Record<CheckFamily, string> = {
  elementwise: 'Elementwise',
  reduction: 'Reductions',
  softmax: 'Softmax',
  matmul: 'Matmul (each kernel rung)',
  shape: 'Shape and indexing',
  loss: 'Losses',
  training: 'Training step',
};

const fmt = (v: number): string => (v === 0 ? '0' : v.toExponential(1));
const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

export class GpuCpuCheck extends LitElement {
  static override properties = {
    autoRun: { type: Boolean, attribute: 'auto-run' },
    cases: { attribute: false },
    gpuDevice: { attribute: false },
    cpuDevice: { attribute: false },
    _state: { state: true },
    _results: { state: true },
    _total: { state: true },
    _adapter: { state: true },
    message: { state: true },
  };

  declare autoRun: boolean;
  declare cases: CheckCase[] | null;
  declare gpuDevice: Device | null;
  declare cpuDevice: Device | null;
  private declare _state: CheckState;
  private declare _results: CaseResult[];
  private declare _total: number;
  private declare _adapter: string;
  declare message: string;

  /** Where the check stands. */
  get state(): CheckState {
    return this._state;
  }
  /** Results so far (one per finished case). */
  get results(): readonly CaseResult[] {
    return this._results;
  }
  /** Cases in the current run. */
  get total(): number {
    return this._total;
  }
  /** The WebGPU adapter description, once known. */
  get adapter(): string {
    return this._adapter;
  }

  private readonly task = new AbortableTask(this);

  constructor() {
    super();
    this.autoRun = false;
    this.cases = null;
    this.gpuDevice = null;
    this.cpuDevice = null;
    this._state = 'idle';
    this._results = [];
    this._total = 0;
    this._adapter = '';
    this.message = '';
  }

  // Removing the element aborts a run in progress: AbortableTask listens for hostDisconnected.
  protected override updated(changed: PropertyValues<this>): void {
    // Started after this update completes: starting sets state, and a property set inside updated() would
    // schedule a second update from within the first.
    if (changed.has('autoRun') && this.autoRun && this.state === 'idle' && this.isConnected) {
      queueMicrotask(() => {
        if (this.state === 'idle' && this.isConnected) void this.run();
      });
    }
  }

  /** Runs the suite (aborting a run in progress). Resolves with the summary, or null if cancelled or unavailable. */
  run(): Promise<CheckSummary | null> {
    return this.task.start((signal) => this.check(signal));
  }

  cancel(): void {
    this.task.abort('cancelled');
  }

  private async check(signal: AbortSignal): Promise<CheckSummary | null> {
    const cases = this.cases ?? defaultCases();
    this._state = 'running';
    this._results = [];
    this._total = cases.length;
    this.message = '';
    let gpu: Device | null = this.gpuDevice;
    const ownGpu = !gpu;
    try {
      const cpu = this.cpuDevice ?? (await sg.init('cpu'));
      if (!gpu) {
        try {
          gpu = await sg.init('webgpu');
        } catch (e) {
          this._state = 'unavailable';
          this.message = e instanceof Error ? e.message : String(e);
          fire(this, 'check-error', { message: this.message, reason: 'webgpu-unavailable' });
          return null;
        }
      }
      signal.throwIfAborted();
      this._adapter = gpu.description;
      fire(this, 'check-start', { total: cases.length, adapter: this.adapter });
      const results = await runOpCheck(sg, gpu, cpu, cases, {
        signal,
        onResult: (result, index, total) => {
          this._results = [...this._results, result];
          fire(this, 'check-progress', { result, index, total });
        },
      });
      const summary: CheckSummary = {
        results,
        passed: results.filter((r) => r.ok).length,
        failed: results.filter((r) => !r.ok).length,
        adapter: this.adapter,
        gpuMs: results.reduce((a, r) => a + r.gpuMs, 0),
        cpuMs: results.reduce((a, r) => a + r.cpuMs, 0),
      };
      this._state = 'done';
      fire(this, 'check-complete', summary);
      return summary;
    } catch (e) {
      if (isAbort(e, signal)) {
        this._state = 'cancelled';
        fire(this, 'check-cancel', { reason: String((signal.reason as Error | undefined)?.message ?? 'cancelled') });
        return null;
      }
      this._state = 'error';
      this.message = e instanceof Error ? e.message : String(e);
      fire(this, 'check-error', { message: this.message, reason: 'failed' });
      return null;
    } finally {
      if (ownGpu) gpu?.destroy();
    }
  }

  static override styles = [
    themeStyles,
    gpuCpuCheckStyles,
  ];

  private renderDiff(d: Diff | null): TemplateResult {
    if (!d) return html`<td class="muted">–</td><td class="muted">–</td>`;
    return html`<td title="max |gpu − cpu| over ${d.count} values">${fmt(d.maxAbs)}</td>
      <td title="max |gpu − cpu| / |cpu| (values with |cpu| > atol)">${fmt(d.maxRel)}</td>`;
  }

  private renderRow(r: CaseResult): TemplateResult {
    if (r.error) {
      return html`<tr data-op=${r.name} data-ok="false">
        <td class="name">${r.name}</td>
        <td class="err" colspan="7">${r.error}</td>
        <td class="bad">FAIL</td>
      </tr>`;
    }
    const used = Math.max(r.forward?.used ?? 0, r.grad?.used ?? 0);
    return html`<tr data-op=${r.name} data-ok=${String(r.ok)}>
      <td class="name">${r.name}</td>
      ${this.renderDiff(r.forward)} ${this.renderDiff(r.grad)}
      <td title="largest |gpu − cpu| / (atol + rtol·|cpu|); above 100% fails">
        <span class="meter ${used > 1 ? 'over' : ''}"><span style="width:${Math.min(100, used * 100).toFixed(0)}%"></span></span>${(used * 100).toFixed(
          used < 0.1 ? 1 : 0,
        )}%
      </td>
      <td>${ms(r.gpuMs)}</td>
      <td>${ms(r.cpuMs)}</td>
      <td class=${r.ok ? 'ok' : 'bad'}>${r.ok ? 'pass' : 'FAIL'}</td>
    </tr>`;
  }

  private renderTable(): TemplateResult | typeof nothing {
    if (!this.results.length) return nothing;
    const rows: TemplateResult[] = [];
    let family: CheckFamily | null = null;
    for (const r of this.results) {
      if (r.family !== family) {
        family = r.family;
        rows.push(html`<tr class="family"><td colspan="9">${FAMILY_LABEL[r.family]}</td></tr>`);
      }
      rows.push(this.renderRow(r));
    }
    return html`<div class="scroll">
      <table>
        <thead>
          <tr>
            <th>op</th>
            <th>fwd max |Δ|</th>
            <th>fwd max rel</th>
            <th>grad max |Δ|</th>
            <th>grad max rel</th>
            <th>tolerance used</th>
            <th>GPU ms</th>
            <th>CPU ms</th>
            <th>result</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
  }

  private renderBadge(): TemplateResult | typeof nothing {
    const passed = this.results.filter((r) => r.ok).length;
    const failed = this.results.length - passed;
    switch (this.state) {
      case 'idle':
        return nothing;
      case 'running':
        return html`<span class="badge info">${this.results.length} / ${this.total}</span>`;
      case 'done':
        return failed
          ? html`<span class="badge fail">${failed} of ${this.results.length} failed</span>`
          : html`<span class="badge pass">all ${passed} ops pass</span>`;
      case 'cancelled':
        return html`<span class="badge info">cancelled</span>`;
      case 'unavailable':
        return html`<span class="badge fail">WebGPU unavailable</span>`;
      case 'error':
        return html`<span class="badge fail">error</span>`;
      default:
        this.state satisfies never;
        return nothing;
    }
  }

  /** What the live region says: progress while running (screen readers announce each change), then the outcome. */
  private announcement(): string {
    const passed = this.results.filter((r) => r.ok).length;
    const failed = this.results.length - passed;
    switch (this.state) {
      case 'idle':
        return '';
      case 'running':
        return this.adapter ? `Checked ${this.results.length} of ${this.total} ops${failed ? `, ${failed} failed` : ''}.` : 'Requesting a WebGPU adapter.';
      case 'done':
        return failed ? `Check done: ${failed} of ${this.results.length} ops failed.` : `Check done: all ${passed} ops pass.`;
      case 'cancelled':
        return `Check cancelled after ${this.results.length} of ${this.total} ops.`;
      case 'unavailable':
        return `WebGPU unavailable: ${this.message}`;
      case 'error':
        return `Check failed: ${this.message}`;
      default:
        this.state satisfies never;
        return '';
    }
  }

  protected override render(): TemplateResult {
    const running = this.state === 'running';
    const gpuMs = this.results.reduce((a, r) => a + r.gpuMs, 0);
    const cpuMs = this.results.reduce((a, r) => a + r.cpuMs, 0);
    return html`<div class="card" part="card">
      <header part="header">
        <span class="title">WebGPU vs CPU reference</span>
        ${this.renderBadge()}
        <span class="adapter mono muted" title="WebGPU adapter">${this.adapter || (running ? 'requesting adapter…' : '')}</span>
        ${running
          ? html`<button @click=${() => this.cancel()}>Cancel</button>`
          : html`<button class="primary" @click=${() => void this.run()}>${this.state === 'idle' ? 'Run check' : 'Run again'}</button>`}
      </header>
      ${running ? html`<progress aria-label="ops checked" max=${this.total} value=${this.results.length}></progress>` : nothing}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" part="announcer">${this.announcement()}</div>
      ${this.state === 'unavailable'
        ? html`<p class="note error">This browser cannot run the GPU side: ${this.message}. seqgpu still runs here on its CPU backend.</p>`
        : nothing}
      ${this.state === 'error' ? html`<p class="note error">${this.message}</p>` : nothing}
      ${this.state === 'idle' ? html`<p class="note muted">Runs ${(this.cases ?? defaultCases()).length} op cases on WebGPU and on the CPU reference and compares them.</p>` : nothing}
      ${this.renderTable()}
      ${this.results.length
        ? html`<footer class="muted">
            Pass: every value within |gpu − cpu| ≤ atol + rtol·|cpu| — forward atol ${TOL.forward.atol} rtol ${TOL.forward.rtol}; gradients atol
            ${TOL.grad.atol} rtol ${TOL.grad.rtol} (matmul and the training step: forward atol 1e-4, grad atol 2e-4, as in the test suite).
            Gradients: backward of Σ⟨output, W⟩ with fixed W. Times include read-back; the first GPU rows include shader compilation.
            Total GPU ${ms(gpuMs)} ms, CPU ${ms(cpuMs)} ms.
          </footer>`
        : nothing}
    </div>`;
  }
}

if (!customElements.get('gpu-cpu-check')) customElements.define('gpu-cpu-check', GpuCpuCheck);

declare global {
  interface HTMLElementTagNameMap {
    'gpu-cpu-check': GpuCpuCheck;
  }
  interface HTMLElementEventMap {
    'check-start': CustomEvent<CheckStartDetail>;
    'check-progress': CustomEvent<CheckProgressDetail>;
    'check-complete': CustomEvent<CheckSummary>;
    'check-error': CustomEvent<CheckErrorDetail>;
    'check-cancel': CustomEvent<CheckCancelDetail>;
  }
}
