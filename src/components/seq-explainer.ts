// <seq-explainer>: the RNN / LSTM / GRU cell explainer. Pick the cell, set the input, the previous state and every
// weight (a scalar cell: input and hidden size 1, so each weight is one slider) or load a preset, and watch each
// gate, the candidate and the new state update, the equation beside each number, a short unrolled sequence, and
// the check that seqgpu's fused cell kernel gives the same step. All numbers come from seqgpu (lib/cell-math.ts)
// on the CPU or WebGPU; the work runs in an AbortableTask, a newer edit cancels a stale one.
//
//   <seq-explainer cell="lstm" device="cpu"></seq-explainer>
//
// Properties: cell ('rnn' | 'lstm' | 'gru'), device ('auto' | 'cpu' | 'webgpu'; auto = WebGPU when present),
// input (CellInput: x, h, c, weights, sequence), result (read). Events: explainer-change {input, result} after
// each computation, explainer-error {message}.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as sg from '../index.ts';
import type { Device } from '../device.ts';
import { themeStyles } from './lib/theme.ts';
import { explainerStyles } from './lib/seq-explainer-styles.ts';
import { AbortableTask, isAbort } from './lib/abortable-task.ts';
import { ACTIVATION, type CellInput, type CellKind, type CellResult, GATES, type GateWeights, PRESETS, defaultInput, explainCell, presetInput } from './lib/cell-math.ts';

export type ExplainerDevice = 'auto' | 'cpu' | 'webgpu';

const GATE_LABEL: Record<string, string> = {
  h: 'hidden (tanh)',
  i: 'input gate i',
  f: 'forget gate f',
  g: 'candidate g',
  o: 'output gate o',
  r: 'reset gate r',
  z: 'update gate z',
  n: 'candidate n',
};

const f3 = (v: number): string => (Object.is(v, -0) ? 0 : v).toFixed(3);
const f2 = (v: number): string => v.toFixed(2);
/** A term after a plus sign: "+ 2.00" or "− 2.00". */
const plus = (v: number): string => (v < 0 ? `− ${(-v).toFixed(2)}` : `+ ${v.toFixed(2)}`);
const sym = (a: string): string => (a === 'sigmoid' ? 'σ' : 'tanh');

export class SeqExplainer extends LitElement {
  static override properties = {
    cell: { reflect: true },
    device: {},
    input: { attribute: false },
    result: { state: true },
    deviceNote: { state: true },
    error: { state: true },
  };

  declare cell: CellKind;
  declare device: ExplainerDevice;
  declare input: CellInput;
  declare result: CellResult | null;
  declare deviceNote: string;
  declare error: string;

  private readonly task = new AbortableTask(this);
  private devicePromise: Promise<Device> | null = null;
  private ownDevice: Device | null = null;
  private pending: Promise<unknown> = Promise.resolve();

  constructor() {
    super();
    this.cell = 'lstm';
    this.device = 'auto';
    this.input = defaultInput('lstm');
    this.result = null;
    this.deviceNote = '';
    this.error = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The cell attribute picks that cell's first preset unless an input of that kind was given too.
    if (changed.has('cell') && this.input.kind !== this.cell) this.input = defaultInput(this.cell);
    if (changed.has('input') && this.input.kind !== this.cell) this.cell = this.input.kind;
    if (changed.has('device')) this.releaseDevice();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // After this update: starting a computation sets properties, which must not happen inside updated().
    if (changed.has('input') || changed.has('device')) queueMicrotask(() => void this.compute());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this.compute(); // re-inserted: recompute on a fresh device
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the task aborts itself
    this.releaseDevice();
  }

  private releaseDevice(): void {
    // Destroyed once the (aborted) job that may still be reading from it has settled.
    const old = this.ownDevice;
    if (old) void this.pending.finally(() => old.destroy());
    this.ownDevice = null;
    this.devicePromise = null;
  }

  private getDevice(): Promise<Device> {
    this.devicePromise ??= (async () => {
      if (this.device !== 'cpu') {
        try {
          const d = await sg.init('webgpu');
          this.ownDevice = d;
          this.deviceNote = `WebGPU · ${d.description}`;
          return d;
        } catch (e) {
          this.deviceNote = `CPU (WebGPU unavailable: ${e instanceof Error ? e.message : String(e)})`;
        }
      } else {
        this.deviceNote = 'CPU reference';
      }
      return sg.init('cpu');
    })();
    return this.devicePromise;
  }

  /** Recomputes for the current input; resolves with the result (null if superseded or failed). */
  compute(): Promise<CellResult | null> {
    const input = this.input;
    const job = this.task.start(async (signal) => {
      try {
        const device = await this.getDevice();
        signal.throwIfAborted();
        const result = await explainCell(sg, device, input, signal);
        signal.throwIfAborted();
        this.result = result;
        this.error = '';
        this.dispatchEvent(new CustomEvent('explainer-change', { detail: { input, result }, bubbles: true, composed: true }));
        return result;
      } catch (e) {
        if (isAbort(e, signal)) return null;
        this.error = e instanceof Error ? e.message : String(e);
        this.dispatchEvent(new CustomEvent('explainer-error', { detail: { message: this.error }, bubbles: true, composed: true }));
        return null;
      }
    });
    this.pending = job;
    return job;
  }

  private edit(mut: (i: CellInput) => void): void {
    const next: CellInput = structuredClone(this.input);
    mut(next);
    this.input = next;
  }

  private slider(label: string | TemplateResult, value: number, min: number, max: number, set: (i: CellInput, v: number) => void, name: string): TemplateResult {
    return html`<label class="slider">
      <span class="lbl">${label}</span>
      <input
        type="range"
        name=${name}
        min=${min}
        max=${max}
        step="0.05"
        .value=${String(value)}
        @input=${(e: Event) => this.edit((i) => set(i, Number((e.target as HTMLInputElement).value)))}
      />
      <span class="num">${f2(value)}</span>
    </label>`;
  }

  private renderControls(): TemplateResult {
    const inp = this.input;
    const kind = inp.kind;
    const weightCell = (g: string, k: keyof GateWeights, label: TemplateResult): TemplateResult =>
      this.slider(label, inp.weights[g][k], -4, 4, (i, v) => (i.weights[g][k] = v), `${g}.${k}`);
    return html`<section class="controls">
      <h3>Inputs</h3>
      ${this.slider('x', inp.x, -2, 2, (i, v) => (i.x = v), 'x')} ${this.slider(html`h<sub>t−1</sub>`, inp.h, -1, 1, (i, v) => (i.h = v), 'h')}
      ${kind === 'lstm' ? this.slider(html`c<sub>t−1</sub>`, inp.c, -2, 2, (i, v) => (i.c = v), 'c') : nothing}
      <h3>Weights</h3>
      ${GATES[kind].map(
        (g) => html`<div class="gate-weights">
          <div class="gname">${GATE_LABEL[g]}</div>
          ${weightCell(g, 'wx', html`W<sub>${g}x</sub>`)} ${weightCell(g, 'wh', html`W<sub>${g}h</sub>`)} ${weightCell(g, 'bx', html`b<sub>${g}</sub>`)}
          ${kind === 'gru' && g === 'n' ? weightCell(g, 'bh', html`b<sub>hn</sub>`) : nothing}
        </div>`,
      )}
    </section>`;
  }

  /** The gate's equation with its numbers. */
  private equation(g: string, pre: number, value: number): TemplateResult {
    const inp = this.input;
    const w = inp.weights[g];
    const a = sym(ACTIVATION[inp.kind][g]);
    if (inp.kind === 'gru' && g === 'n') {
      const r = this.result?.gates.find((x) => x.name === 'r')?.value ?? 0;
      return html`${g} = tanh(W<sub>nx</sub>·x + b<sub>n</sub> + r·(W<sub>nh</sub>·h + b<sub>hn</sub>))
        <span class="nums">= tanh(${f2(w.wx)}·${f2(inp.x)} ${plus(w.bx)} + ${f3(r)}·(${f2(w.wh)}·${f2(inp.h)} ${plus(w.bh)})) = ${a}(${f3(pre)}) =
          <b>${f3(value)}</b></span>`;
    }
    const name = inp.kind === 'rnn' ? 'h′' : g;
    return html`${name} = ${a}(W<sub>${g}x</sub>·x + W<sub>${g}h</sub>·h + b<sub>${g}</sub>)
      <span class="nums">= ${a}(${f2(w.wx)}·${f2(inp.x)} + ${f2(w.wh)}·${f2(inp.h)} ${plus(w.bx + w.bh)}) = ${a}(${f3(pre)}) = <b>${f3(value)}</b></span>`;
  }

  private bar(value: number, act: string): TemplateResult {
    // σ in [0, 1] fills from the left; tanh in [-1, 1] from the middle.
    const sigmoid = act === 'sigmoid';
    const left = sigmoid ? 0 : 50 + Math.min(0, value) * 50;
    const width = sigmoid ? value * 100 : Math.abs(value) * 50;
    return html`<span class="bar ${sigmoid ? 'unit' : 'signed'}"
      ><span class=${value < 0 ? 'neg' : 'pos'} style="left:${left.toFixed(1)}%;width:${width.toFixed(1)}%"></span
    ></span>`;
  }

  private renderState(r: CellResult): TemplateResult {
    const v = (n: string): string => f3(r.gates.find((g) => g.name === n)?.value ?? 0);
    const inp = this.input;
    switch (r.kind) {
      case 'rnn':
        return html`<div class="state">h′ = <b>${f3(r.h)}</b></div>`;
      case 'lstm':
        return html`<div class="state">c′ = f·c + i·g <span class="nums">= ${v('f')}·${f2(inp.c)} + ${v('i')}·${v('g')} = <b>${f3(r.c ?? 0)}</b></span></div>
          <div class="state">h′ = o·tanh(c′) <span class="nums">= ${v('o')}·tanh(${f3(r.c ?? 0)}) = <b>${f3(r.h)}</b></span></div>`;
      case 'gru':
        return html`<div class="state">h′ = (1 − z)·n + z·h <span class="nums">= (1 − ${v('z')})·${v('n')} + ${v('z')}·${f2(inp.h)} = <b>${f3(r.h)}</b></span></div>`;
      default:
        r.kind satisfies never;
        return html``;
    }
  }

  private renderUnrolled(r: CellResult): TemplateResult {
    const u = r.unrolled;
    const cell = (label: string, vals: number[], signed = true): TemplateResult => html`<div class="urow">
      <span class="ulbl">${label}</span>
      ${vals.map((v) => html`<span class="ucell" title=${f3(v)}>${this.bar(Math.max(-1, Math.min(1, v)), signed ? 'tanh' : 'sigmoid')}<span>${f2(v)}</span></span>`)}
    </div>`;
    return html`<section class="unrolled">
      <h3>Unrolled over ${u.x.length} steps <span class="muted">(from h<sub>t−1</sub>${r.kind === 'lstm' ? html`, c<sub>t−1</sub>` : ''}; seqgpu's fused cell)</span></h3>
      ${cell('x', u.x)} ${cell('h', u.h)} ${u.c ? cell('c', u.c) : nothing}
    </section>`;
  }

  private renderResult(): TemplateResult {
    // A result for another cell (the switch was just flipped) is not shown against this cell's weights.
    const r = this.result?.kind === this.input.kind ? this.result : null;
    if (!r) return html`<section class="result"><p class="muted">${this.error || 'computing…'}</p></section>`;
    const ok = r.agreement <= 1e-5;
    return html`<section class="result">
      <h3>One step</h3>
      ${r.gates.map(
        (g) => html`<div class="gate" data-gate=${g.name}>
          <div class="ghead"><span class="gname">${GATE_LABEL[g.name]}</span>${this.bar(g.value, g.act)}<span class="gval">${f3(g.value)}</span></div>
          <div class="eq">${this.equation(g.name, g.pre, g.value)}</div>
        </div>`,
      )}
      ${this.renderState(r)}
      <div class="check ${ok ? 'ok' : 'bad'}">
        ${ok ? '✓' : '✗'} seqgpu's fused ${r.kind.toUpperCase()} cell kernel gives h′ = ${f3(r.fused.h)}${r.fused.c !== null ? html`, c′ = ${f3(r.fused.c)}` : nothing}
        (|Δ| = ${r.agreement.toExponential(1)})
      </div>
    </section>`;
  }

  protected override render(): TemplateResult {
    const kinds: CellKind[] = ['rnn', 'lstm', 'gru'];
    return html`<div class="card" part="card">
      <header>
        <div class="seg" role="group" aria-label="cell">
          ${kinds.map(
            (k) => html`<button aria-pressed=${String(this.cell === k)} data-cell=${k} @click=${() => (this.input = defaultInput(k))}>${k.toUpperCase()}</button>`,
          )}
        </div>
        <select
          aria-label="preset"
          @change=${(e: Event) => {
            const p = PRESETS[Number((e.target as HTMLSelectElement).value)];
            if (p) this.input = presetInput(p);
            (e.target as HTMLSelectElement).value = '';
          }}
        >
          <option value="">presets…</option>
          ${PRESETS.map((p, i) => html`<option value=${i}>${p.label}</option>`)}
        </select>
        <span class="dev muted mono">${this.deviceNote}</span>
      </header>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      <div class="body">${this.renderControls()} ${this.renderResult()}</div>
      ${this.result && this.result.kind === this.input.kind ? this.renderUnrolled(this.result) : nothing}
    </div>`;
  }

  static override styles = [themeStyles, explainerStyles];
}

if (!customElements.get('seq-explainer')) customElements.define('seq-explainer', SeqExplainer);

declare global {
  interface HTMLElementTagNameMap {
    'seq-explainer': SeqExplainer;
  }
}
