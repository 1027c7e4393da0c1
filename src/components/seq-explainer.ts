// <seq-explainer>: the RNN / LSTM / GRU cell explainer. Pick the cell and its input and hidden sizes (1..4), set
// the input, the previous state and every weight (at size 1 x 1 each weight is a slider; larger cells edit their
// matrices and vectors as small grids) or load a preset (among them the lecture's RNN, seq2seq, LSTM and GRU worked
// examples with their own weights, each number the lecture prints shown beside seqgpu's and flagged where they
// differ), and watch each gate, the candidate and the new state update, the equation beside each number (the
// matrix-vector products entry by entry on demand), a short unrolled sequence, and the check that seqgpu's fused
// cell kernel gives the same step. All numbers come from seqgpu (lib/cell-math.ts) on the CPU or WebGPU; the
// work runs in an AbortableTask, a newer edit cancels a stale one, removal cancels it.
//
//   <seq-explainer cell="lstm" device="cpu"></seq-explainer>
//
// Properties: cell ('rnn' | 'lstm' | 'gru'), device ('auto' | 'cpu' | 'webgpu'; auto = WebGPU when present),
// input (CellInput: x [I], h [H], c [H], weights per gate {wx [H][I], wh [H][H], bx [H], bh [H]}, sequence,
// slips), result (read). Events: explainer-change {input, result} after each computation, explainer-error
// {message} (types in lib/seq-explainer-events.ts).
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as sg from '../index.ts';
import type { Device } from '../device.ts';
import { themeStyles } from './lib/theme.ts';
import { explainerStyles } from './lib/seq-explainer-styles.ts';
import { AbortableTask, isAbort } from './lib/abortable-task.ts';
import { fire } from './lib/events.ts';
import './lib/seq-explainer-events.ts';
import { GATE_LABEL, barView, f2, f3, gateEquation, slipsView, vec } from './lib/seq-explainer-views.ts';
import { type CellInput, type CellKind, type CellResult, GATES, type GateResult, type GateWeights, MAX_SIZE, PRESETS, defaultInput, explainCell, presetInput, resize, sizesOf } from './lib/cell-math.ts';

export type ExplainerDevice = 'auto' | 'cpu' | 'webgpu';

export class SeqExplainer extends LitElement {
  static override properties = {
    cell: { reflect: true },
    device: {},
    input: { attribute: false },
    result: { state: true },
    deviceNote: { state: true },
    error: { state: true },
    expand: { state: true },
  };

  declare cell: CellKind;
  declare device: ExplainerDevice;
  declare input: CellInput;
  declare result: CellResult | null;
  declare deviceNote: string;
  declare error: string;
  /** Show the matrix-vector products entry by entry. */
  declare expand: boolean;

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
    this.expand = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The cell attribute picks that cell's first preset unless an input of that kind was given too.
    if (changed.has('cell') && this.input.kind !== this.cell) this.input = this.inputFor(this.cell);
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
        fire(this, 'explainer-change', { input, result });
        return result;
      } catch (e) {
        if (isAbort(e, signal)) return null;
        this.error = e instanceof Error ? e.message : String(e);
        fire(this, 'explainer-error', { message: this.error });
        return null;
      }
    });
    this.pending = job;
    return job;
  }

  /** The cell `k` at the current size: its first preset at 1 x 1, resized otherwise. */
  private inputFor(k: CellKind): CellInput {
    const { I, H } = sizesOf(this.input);
    const base = defaultInput(k);
    return I === 1 && H === 1 ? base : resize(base, I, H);
  }

  private edit(mut: (i: CellInput) => void): void {
    const next: CellInput = structuredClone(this.input);
    delete next.slips; // an edited setting is no longer the lecture's
    delete next.source;
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

  /** A small editable grid: rows x cols number inputs; a vector is one column. name.r.c names each entry. */
  private grid(label: string | TemplateResult, m: number[][], name: string, set: (i: CellInput, r: number, c: number, v: number) => void): TemplateResult {
    return html`<div class="mat">
      <span class="lbl">${label}</span>
      <table role="grid" aria-label=${`${name} (${m.length}×${m[0]?.length ?? 0})`}>
        ${m.map(
          (row, r) => html`<tr>
            ${row.map(
              (v, c) => html`<td><input type="number" step="0.1" name=${`${name}.${r}.${c}`} aria-label=${`${name} row ${r + 1} column ${c + 1}`} .value=${String(Number(v.toFixed(4)))}
                @change=${(e: Event) => {
                  const val = Number((e.target as HTMLInputElement).value);
                  if (Number.isFinite(val)) this.edit((i) => set(i, r, c, val));
                }} /></td>`,
            )}
          </tr>`,
        )}
      </table>
    </div>`;
  }

  private renderSizes(): TemplateResult {
    const { I, H } = sizesOf(this.input);
    const opts = (v: number): TemplateResult[] => Array.from({ length: MAX_SIZE }, (_, k) => html`<option value=${k + 1} ?selected=${v === k + 1}>${k + 1}</option>`);
    return html`<div class="sizes">
      <label>input size <select name="input-size" aria-label="input size" @change=${(e: Event) => (this.input = resize(this.input, Number((e.target as HTMLSelectElement).value), H))}>${opts(I)}</select></label>
      <label>hidden size <select name="hidden-size" aria-label="hidden size" @change=${(e: Event) => (this.input = resize(this.input, I, Number((e.target as HTMLSelectElement).value)))}>${opts(H)}</select></label>
    </div>`;
  }

  private renderControls(): TemplateResult {
    const inp = this.input;
    const kind = inp.kind;
    const { I, H } = sizesOf(inp);
    if (I === 1 && H === 1) {
      // The scalar cell: every weight is one slider.
      const weightCell = (g: string, k: keyof GateWeights, label: TemplateResult): TemplateResult => {
        const w = inp.weights[g];
        const v = k === 'wx' ? w.wx[0][0] : k === 'wh' ? w.wh[0][0] : w[k][0];
        return this.slider(label, v, -4, 4, (i, nv) => {
          const t = i.weights[g];
          if (k === 'wx' || k === 'wh') t[k][0][0] = nv;
          else t[k][0] = nv;
        }, `${g}.${k}`);
      };
      return html`<section class="controls">
        ${this.renderSizes()}
        <h3>Inputs</h3>
        ${this.slider('x', inp.x[0], -2, 2, (i, v) => (i.x[0] = v), 'x')} ${this.slider(html`h<sub>t−1</sub>`, inp.h[0], -1, 1, (i, v) => (i.h[0] = v), 'h')}
        ${kind === 'lstm' ? this.slider(html`c<sub>t−1</sub>`, inp.c[0], -2, 2, (i, v) => (i.c[0] = v), 'c') : nothing}
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
    const col = (v: number[]): number[][] => v.map((e) => [e]);
    return html`<section class="controls">
      ${this.renderSizes()}
      <h3>Inputs</h3>
      <div class="mats">
        ${this.grid('x', col(inp.x), 'x', (i, r, _c, v) => (i.x[r] = v))} ${this.grid(html`h<sub>t−1</sub>`, col(inp.h), 'h', (i, r, _c, v) => (i.h[r] = v))}
        ${kind === 'lstm' ? this.grid(html`c<sub>t−1</sub>`, col(inp.c), 'c', (i, r, _c, v) => (i.c[r] = v)) : nothing}
      </div>
      <h3>Weights <span class="muted">(rows: hidden units)</span></h3>
      ${GATES[kind].map(
        (g) => html`<div class="gate-weights">
          <div class="gname">${GATE_LABEL[g]}</div>
          <div class="mats">
            ${this.grid(html`W<sub>${g}x</sub>`, inp.weights[g].wx, `${g}.wx`, (i, r, c, v) => (i.weights[g].wx[r][c] = v))}
            ${this.grid(html`W<sub>${g}h</sub>`, inp.weights[g].wh, `${g}.wh`, (i, r, c, v) => (i.weights[g].wh[r][c] = v))}
            ${this.grid(html`b<sub>${g}</sub>`, col(inp.weights[g].bx), `${g}.bx`, (i, r, _c, v) => (i.weights[g].bx[r] = v))}
            ${this.grid(html`b<sub>h${g}</sub>`, col(inp.weights[g].bh), `${g}.bh`, (i, r, _c, v) => (i.weights[g].bh[r] = v))}
          </div>
        </div>`,
      )}
    </section>`;
  }

  /** The gate's equation with its numbers (scalar cell: the old one-line form; vectors: products and sums). */
  private equation(gr: GateResult): TemplateResult {
    return gateEquation(this.input, gr, this.result, this.expand);
  }

  private slipsAt(ats: string[]): TemplateResult | typeof nothing {
    return slipsView(this.input, this.result, ats);
  }

  private renderState(r: CellResult): TemplateResult {
    const inp = this.input;
    const { I, H } = sizesOf(inp);
    const gv = (n: string): number[] => r.gates.find((g) => g.name === n)?.value ?? [];
    if (I === 1 && H === 1) {
      const v = (n: string): string => f3(gv(n)[0] ?? 0);
      switch (r.kind) {
        case 'rnn':
          return html`<div class="state">h′ = <b>${f3(r.h[0])}</b></div>${this.slipsAt(['h'])}`;
        case 'lstm':
          return html`<div class="state">c′ = f·c + i·g <span class="nums">= ${v('f')}·${f2(inp.c[0])} + ${v('i')}·${v('g')} = <b>${f3(r.c?.[0] ?? 0)}</b></span></div>
            <div class="state">h′ = o·tanh(c′) <span class="nums">= ${v('o')}·tanh(${f3(r.c?.[0] ?? 0)}) = <b>${f3(r.h[0])}</b></span></div>${this.slipsAt(['h', 'c'])}`;
        case 'gru':
          return html`<div class="state">h′ = (1 − z)·n + z·h <span class="nums">= (1 − ${v('z')})·${v('n')} + ${v('z')}·${f2(inp.h[0])} = <b>${f3(r.h[0])}</b></span></div>${this.slipsAt(['h'])}`;
        default:
          r.kind satisfies never;
          return html``;
      }
    }
    switch (r.kind) {
      case 'rnn':
        return html`<div class="state">h′ = <b>${vec(r.h)}</b></div>${this.slipsAt(['h'])}`;
      case 'lstm':
        return html`<div class="state">c′ = f ⊙ c + i ⊙ g <span class="nums">= ${vec(gv('f'))} ⊙ ${vec(inp.c, 2)} + ${vec(gv('i'))} ⊙ ${vec(gv('g'))} = <b>${vec(r.c ?? [])}</b></span></div>
          <div class="state">h′ = o ⊙ tanh(c′) <span class="nums">= ${vec(gv('o'))} ⊙ tanh(${vec(r.c ?? [])}) = <b>${vec(r.h)}</b></span></div>${this.slipsAt(['h', 'c'])}`;
      case 'gru':
        return html`<div class="state">h′ = (1 − z) ⊙ n + z ⊙ h <span class="nums">= (1 − ${vec(gv('z'))}) ⊙ ${vec(gv('n'))} + ${vec(gv('z'))} ⊙ ${vec(inp.h, 2)} = <b>${vec(r.h)}</b></span></div>${this.slipsAt(['h'])}`;
      default:
        r.kind satisfies never;
        return html``;
    }
  }

  private renderUnrolled(r: CellResult): TemplateResult {
    const u = r.unrolled;
    const H = r.hiddenSize;
    const I = r.inputSize;
    const row = (label: TemplateResult | string, vals: number[], signed = true): TemplateResult => html`<div class="urow">
      <span class="ulbl">${label}</span>
      ${vals.map((v) => html`<span class="ucell" title=${f3(v)}>${barView(Math.max(-1, Math.min(1, v)), signed ? 'tanh' : 'sigmoid')}<span>${f2(v)}</span></span>`)}
    </div>`;
    const idx = (name: string, k: number, n: number): TemplateResult | string => (n === 1 ? name : html`${name}<sub>${k + 1}</sub>`);
    const seqSlips = u.h.flatMap((_, t) => [`seq:h:${t + 1}`, `seq:c:${t + 1}`]);
    return html`<section class="unrolled">
      <h3>Unrolled over ${u.x.length} steps <span class="muted">(from h<sub>t−1</sub>${r.kind === 'lstm' ? html`, c<sub>t−1</sub>` : ''}; seqgpu's fused cell)</span></h3>
      ${Array.from({ length: I }, (_, k) => row(idx('x', k, I), u.x.map((v) => v[k])))}
      ${Array.from({ length: H }, (_, k) => row(idx('h', k, H), u.h.map((v) => v[k])))}
      ${u.c ? Array.from({ length: H }, (_, k) => row(idx('c', k, H), u.c!.map((v) => v[k]))) : nothing}
      ${this.slipsAt(seqSlips)}
    </section>`;
  }

  private renderResult(): TemplateResult {
    // A result for another cell or size (the switch was just flipped) is not shown against these weights.
    const { I, H } = sizesOf(this.input);
    const r = this.result?.kind === this.input.kind && this.result.inputSize === I && this.result.hiddenSize === H ? this.result : null;
    if (!r) return html`<section class="result"><p class="muted">${this.error || 'computing…'}</p></section>`;
    const ok = r.agreement <= 1e-5;
    const scalar = I === 1 && H === 1;
    return html`<section class="result">
      <h3>One step ${scalar
        ? nothing
        : html`<button class="expand-btn" aria-pressed=${String(this.expand)} @click=${() => (this.expand = !this.expand)}>${this.expand ? 'hide' : 'show'} products entry by entry</button>`}</h3>
      ${this.input.source ? html`<p class="source muted">${this.input.source}</p>` : nothing}
      ${r.gates.map(
        (g) => html`<div class="gate" data-gate=${g.name}>
          <div class="ghead"><span class="gname">${GATE_LABEL[g.name]}</span>${scalar
            ? html`${barView(g.value[0], g.act)}<span class="gval">${f3(g.value[0])}</span>`
            : html`<span class="bars">${g.value.map((v) => barView(v, g.act))}</span><span class="gval">${vec(g.value)}</span>`}</div>
          <div class="eq">${this.equation(g)}</div>
        </div>`,
      )}
      ${this.renderState(r)}
      <div class="check ${ok ? 'ok' : 'bad'}">
        ${ok ? '✓' : '✗'} seqgpu's fused ${r.kind.toUpperCase()} cell kernel gives h′ = ${scalar ? f3(r.fused.h[0]) : vec(r.fused.h)}${r.fused.c !== null ? html`, c′ = ${scalar ? f3(r.fused.c[0]) : vec(r.fused.c)}` : nothing}
        (|Δ| = ${r.agreement.toExponential(1)})
      </div>
    </section>`;
  }

  protected override render(): TemplateResult {
    const kinds: CellKind[] = ['rnn', 'lstm', 'gru'];
    const { I, H } = sizesOf(this.input);
    const current = this.result && this.result.kind === this.input.kind && this.result.inputSize === I && this.result.hiddenSize === H ? this.result : null;
    return html`<div class="card" part="card">
      <header>
        <div class="seg" role="group" aria-label="cell">
          ${kinds.map(
            (k) => html`<button aria-pressed=${String(this.cell === k)} data-cell=${k} @click=${() => (this.input = this.inputFor(k))}>${k.toUpperCase()}</button>`,
          )}
        </div>
        <select
          aria-label="preset"
          name="preset"
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
      ${current ? this.renderUnrolled(current) : nothing}
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
