// <gate-trace>: what a trained LSTM or GRU does along one sequence. For each timestep (columns, under the input:
// characters for a char-LM, values for a series) and hidden unit (rows), heat strips of the hidden state h, the
// LSTM's cell state c, and every gate's activation. Hover a cell, or move the keyboard cursor onto it, and its
// numbers are read out; pick a unit (click its label, Enter on the cursor, or the unit menu) to follow it along
// the sequence with every gate printed. Numbers come from lib/gate-trace-math.ts (seqgpu ops on the model's
// device, checked against the module's own forward), computed in an AbortableTask, cancelled on removal.
//
//   <gate-trace></gate-trace>
//   trace.labels = [...'alice was'];  trace.model = charLm.gru;  trace.input = embedded;  // Tensor [T, F]
//
// Properties: model (nn.LSTM | nn.GRU), input (Tensor [T, F]: the layer's inputs), labels (string[] shown above
// the columns), data (GateTraceData: set directly, or filled from model + input), units (rows shown per strip,
// default 8), selectedUnit (number | null). Events (bubbling, composed): gate-trace-loaded {data},
// gate-trace-cell {t, unit, quantity, value, label, values} on hover / cursor move, gate-trace-select {unit},
// gate-trace-error {message}. Accessibility: the strips are one focusable role="grid"-less region (role="img" with
// a summary label) driven by arrow keys (←/→ time, ↑/↓ unit and quantity), Enter/Space selects the unit,
// Home/End jump in time; a live region reads the cursor's numbers.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as sg from '../index.ts';
import type { Tensor } from '../tensor.ts';
import { themeStyles } from './lib/theme.ts';
import { gateTraceStyles } from './lib/gate-trace-styles.ts';
import { AbortableTask, isAbort } from './lib/abortable-task.ts';
import { type ComponentErrorDetail, fire } from './lib/events.ts';
import { type GateTraceData, SIGMOID_GATES, traceGates } from './lib/gate-trace-math.ts';

export type { GateTraceData } from './lib/gate-trace-math.ts';

/** `gate-trace-cell`: the cell under the pointer or the keyboard cursor. */
export interface GateTraceCell {
  t: number;
  unit: number;
  /** 'h', 'c' or a gate name. */
  quantity: string;
  value: number;
  /** The input label at t. */
  label: string;
  /** Every quantity of (t, unit). */
  values: Record<string, number>;
}

/** `gate-trace-select`: the unit being followed (null: none). */
export interface GateTraceSelect {
  unit: number | null;
}

/** `gate-trace-loaded`: the trace computed from model + input. */
export interface GateTraceLoaded {
  data: GateTraceData;
}

const NAME: Record<string, string> = { h: 'hidden h', c: 'cell c', i: 'input gate i', f: 'forget gate f', g: 'candidate g', o: 'output gate o', r: 'reset gate r', z: 'update gate z', n: 'candidate n' };
const f3 = (v: number): string => (Object.is(v, -0) ? 0 : v).toFixed(3);

export class GateTrace extends LitElement {
  static override properties = {
    model: { attribute: false },
    input: { attribute: false },
    labels: { attribute: false },
    data: { attribute: false },
    units: { type: Number },
    selectedUnit: { attribute: false },
    cursor: { state: true },
    error: { state: true },
  };

  declare model: sg.nn.LSTM | sg.nn.GRU | null;
  declare input: Tensor | null;
  declare labels: string[];
  declare data: GateTraceData | null;
  declare units: number;
  declare selectedUnit: number | null;
  /** Keyboard / pointer cursor: timestep, row index over (quantity, unit) pairs. */
  private declare cursor: { t: number; q: number; unit: number } | null;
  private declare error: string;

  private readonly task = new AbortableTask(this);
  private pendingLoad: Promise<GateTraceData | null> = Promise.resolve(null);
  /** The model + input the current `data` was traced from. */
  private tracedFor: { model: sg.nn.LSTM | sg.nn.GRU; input: Tensor } | null = null;

  constructor() {
    super();
    this.model = null;
    this.input = null;
    this.labels = [];
    this.data = null;
    this.units = 8;
    this.selectedUnit = null;
    this.cursor = null;
    this.error = '';
  }

  /** Settles when the trace of the current model + input is computed (null if cancelled or none). */
  get loaded(): Promise<GateTraceData | null> {
    return this.updateComplete.then(() => this.pendingLoad);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('model') || changed.has('input')) && this.model && this.input) {
      const model = this.model;
      const input = this.input;
      // Started after this update (it sets properties when done).
      this.pendingLoad = new Promise((resolve) => queueMicrotask(() => resolve(this.load(model, input))));
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-inserted after a removal cancelled the trace: trace the current model + input again.
    const done = this.tracedFor;
    if (this.hasUpdated && this.model && this.input && (done?.model !== this.model || done.input !== this.input)) this.pendingLoad = this.load(this.model, this.input);
  }

  private async load(model: sg.nn.LSTM | sg.nn.GRU, input: Tensor): Promise<GateTraceData | null> {
    // Removed before the deferred start: connectedCallback traces on re-insertion.
    if (!this.isConnected) return null;
    try {
      const data = await this.task.start((signal) => traceGates(sg, model, input, signal));
      this.data = data;
      this.tracedFor = { model, input };
      this.error = '';
      fire(this, 'gate-trace-loaded', { data });
      return data;
    } catch (e) {
      if (isAbort(e)) return null;
      this.error = e instanceof Error ? e.message : String(e);
      fire(this, 'gate-trace-error', { message: this.error });
      return null;
    }
  }

  /** Units shown: the first `units`, with the selected one added when it lies beyond them. */
  private shownUnits(d: GateTraceData): number[] {
    const n = Math.max(1, Math.min(d.H, Math.floor(this.units) || 8));
    const us = Array.from({ length: n }, (_, i) => i);
    if (this.selectedUnit !== null && this.selectedUnit >= n && this.selectedUnit < d.H) us.push(this.selectedUnit);
    return us;
  }

  private cellInfo(d: GateTraceData, t: number, quantity: string, unit: number): GateTraceCell {
    const values: Record<string, number> = {};
    for (const q of d.rows) values[q] = d.values[q][t][unit];
    return { t, unit, quantity, value: values[quantity], label: this.labels[t] ?? '', values };
  }

  private point(t: number, q: number, unit: number): void {
    const d = this.data;
    if (!d) return;
    this.cursor = { t, q, unit };
    fire(this, 'gate-trace-cell', this.cellInfo(d, t, d.rows[q], unit));
  }

  select(unit: number | null): void {
    this.selectedUnit = unit;
    fire(this, 'gate-trace-select', { unit });
  }

  private onKey(e: KeyboardEvent): void {
    const d = this.data;
    if (!d) return;
    const us = this.shownUnits(d);
    const cur = this.cursor ?? { t: 0, q: 0, unit: us[0] };
    // Rows are (quantity, unit) pairs in display order; ↑/↓ walk them.
    const rowsFlat = d.rows.flatMap((_, q) => us.map((u) => [q, u] as const));
    let r = rowsFlat.findIndex(([q, u]) => q === cur.q && u === cur.unit);
    if (r < 0) r = 0;
    let t = cur.t;
    switch (e.key) {
      case 'ArrowLeft': t = Math.max(0, t - 1); break;
      case 'ArrowRight': t = Math.min(d.T - 1, t + 1); break;
      case 'ArrowUp': r = Math.max(0, r - 1); break;
      case 'ArrowDown': r = Math.min(rowsFlat.length - 1, r + 1); break;
      case 'Home': t = 0; break;
      case 'End': t = d.T - 1; break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.select(this.selectedUnit === cur.unit ? null : cur.unit);
        return;
      case 'Escape': this.select(null); return;
      default: return;
    }
    e.preventDefault();
    const [q, u] = rowsFlat[r];
    this.point(t, q, u);
  }

  private color(quantity: string, v: number): { cls: string; a: number } {
    // Sigmoid gates: 0..1 as opacity of the accent; signed quantities: sign picks the hue, |v| (clamped) the opacity.
    if (SIGMOID_GATES.has(quantity)) return { cls: 'pos', a: Math.max(0, Math.min(1, v)) };
    return { cls: v < 0 ? 'neg' : 'pos', a: Math.min(1, Math.abs(v)) };
  }

  private renderStrips(d: GateTraceData): TemplateResult {
    const us = this.shownUnits(d);
    const cols = `auto repeat(${d.T}, 14px)`;
    // Labels wider than a character (a series' values) run vertically so they fit the 14px columns.
    const vertical = this.labels.some((l) => l.length > 1);
    const cur = this.cursor;
    return html`<div class="grid" style="grid-template-columns:${cols}">
      <span class="lbl">input</span>
      ${Array.from({ length: d.T }, (_, t) => html`<span class="tok ${vertical ? 'v' : ''}" title=${this.labels[t] ?? ''}>${this.labels[t] ?? ''}</span>`)}
      ${d.rows.map(
        (quantity, q) => html`<span class="sec" style="grid-column:1 / -1">${NAME[quantity] ?? quantity}</span>
          ${us.map(
            (u) => html`<span class="lbl ${u === this.selectedUnit ? 'sel' : ''}" data-unit=${u} @click=${() => this.select(this.selectedUnit === u ? null : u)}>u${u}</span>
              ${d.values[quantity].map((row, t) => {
                const { cls, a } = this.color(quantity, row[u]);
                const isCur = cur !== null && cur.t === t && cur.q === q && cur.unit === u;
                return html`<span class="c ${cls} ${u === this.selectedUnit ? 'sel' : ''} ${isCur ? 'cur' : ''}" style="--a:${a.toFixed(3)}" data-q=${quantity} @pointerenter=${() => this.point(t, q, u)}></span>`;
              })}`,
          )}`,
      )}
    </div>`;
  }

  private renderFollow(d: GateTraceData, u: number): TemplateResult {
    return html`<div class="follow" aria-label=${`unit ${u} along the sequence`}>
      <div class="sec">Following unit ${u} <button @click=${() => this.select(null)} aria-label="stop following">×</button></div>
      <div class="hscroll"><div class="grid" style="grid-template-columns:auto repeat(${d.T}, 30px)">
        <span class="lbl">input</span>
        ${Array.from({ length: d.T }, (_, t) => html`<span class="tok">${this.labels[t] ?? ''}</span>`)}
        ${d.rows.map(
          (q) => html`<span class="lbl">${q}</span>
            ${d.values[q].map((row, t) => {
              const { cls, a } = this.color(q, row[u]);
              return html`<span class="c ${cls}" style="--a:${a.toFixed(3)}" title=${`t=${t} ${q}=${f3(row[u])}`}>${row[u].toFixed(2)}</span>`;
            })}`,
        )}
      </div></div>
    </div>`;
  }

  private readoutText(d: GateTraceData): string {
    const c = this.cursor;
    if (!c) return 'Hover a cell, or focus the strips and use the arrow keys; Enter follows a unit.';
    const info = this.cellInfo(d, c.t, d.rows[c.q], c.unit);
    const label = info.label === ' ' ? '␣' : info.label;
    return `t=${c.t} '${label}' unit ${c.unit}: ${d.rows.map((q) => `${q}=${f3(info.values[q])}`).join('  ')}`;
  }

  protected override render(): TemplateResult {
    const d = this.data;
    if (!d) {
      return html`<div class="card" part="card"><p class=${this.error ? 'error' : 'muted'}>${this.error || (this.task.running ? 'tracing…' : 'No trace yet: set model and input (or data).')}</p></div>`;
    }
    const summary = `${d.family.toUpperCase()} gate trace: ${d.T} timesteps, ${d.H} hidden units (${this.shownUnits(d).length} shown), rows ${d.rows.join(', ')}`;
    return html`<div class="card" part="card">
      <div class="bar">
        <b>${d.family.toUpperCase()}</b>
        <span class="muted">${d.T} steps × ${d.H} units · h<sub>T</sub> matches the module's forward to ${d.agreement.toExponential(1)}</span>
        <label class="muted">follow unit
          <select aria-label="unit to follow" @change=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            this.select(v === '' ? null : Number(v));
          }}>
            <option value="" ?selected=${this.selectedUnit === null}>none</option>
            ${Array.from({ length: d.H }, (_, u) => html`<option value=${u} ?selected=${this.selectedUnit === u}>u${u}</option>`)}
          </select>
        </label>
      </div>
      <div class="scroll" tabindex="0" role="img" aria-label=${summary} @keydown=${(e: KeyboardEvent) => this.onKey(e)} @focus=${() => (this.cursor ? null : this.point(0, 0, this.shownUnits(d)[0]))}>
        ${this.renderStrips(d)}
      </div>
      <div class="readout" role="status" aria-live="polite">${this.readoutText(d)}</div>
      ${this.selectedUnit !== null && this.selectedUnit < d.H ? this.renderFollow(d, this.selectedUnit) : nothing}
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
    </div>`;
  }

  static override styles = [themeStyles, gateTraceStyles];
}

if (!customElements.get('gate-trace')) customElements.define('gate-trace', GateTrace);

declare global {
  interface HTMLElementTagNameMap {
    'gate-trace': GateTrace;
  }
  interface HTMLElementEventMap {
    'gate-trace-loaded': CustomEvent<GateTraceLoaded>;
    'gate-trace-cell': CustomEvent<GateTraceCell>;
    'gate-trace-select': CustomEvent<GateTraceSelect>;
    'gate-trace-error': CustomEvent<ComponentErrorDetail>;
  }
}
