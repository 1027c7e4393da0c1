// <attention-map>: a seq2seq attention heatmap: one row per generated (target) token, one column per source token,
// cell shade = attention weight (each row sums to 1). Weights come in as numbers, or as the attention tensor that
// nn.Seq2Seq returns ([N, T, S] from forward(), or [T, S]); a tensor is read back in an AbortableTask, never in
// render(), and the read is cancelled when the element is removed or a newer tensor arrives.
//
//   <attention-map></attention-map>
//   map.sourceTokens = [...'2024-03-07'];  map.targetTokens = [...'07/03/2024'];
//   map.weights = rows;                         // number[][] [T][S]
//   map.tensor = out.attention; map.item = 0;   // or: the model's tensor, batch item 0
//
// Properties: weights (number[][]), tensor (a seqgpu Tensor), item (batch index for a 3-D tensor), sourceTokens,
// targetTokens (string[]), cellSize (px). Events (bubbling, composed): attention-cell {row, col, weight, source,
// target} when the pointer enters a cell; attention-loaded {weights} after a tensor was read; attention-error.
// Accessibility: the map is a focusable role="img" labelled with each output token's strongest input; arrow keys
// move a cell cursor whose weight a live region reads out.
import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import type { Tensor } from '../tensor.ts';
import { themeStyles } from './lib/theme.ts';
import { AbortableTask, isAbort } from './lib/abortable-task.ts';
import { type ComponentErrorDetail, fire } from './lib/events.ts';

export interface AttentionCell {
  row: number;
  col: number;
  weight: number;
  source: string;
  target: string;
}

/** `attention-loaded`: the weights read from the current tensor, [T][S]. */
export interface AttentionLoaded {
  weights: number[][];
}

export class AttentionMap extends LitElement {
  static override properties = {
    weights: { attribute: false },
    tensor: { attribute: false },
    item: { type: Number },
    sourceTokens: { attribute: false },
    targetTokens: { attribute: false },
    cellSize: { type: Number, attribute: 'cell-size' },
    hover: { state: true },
    error: { state: true },
    readout: { state: true },
  };

  declare weights: number[][];
  declare tensor: Tensor | null;
  declare item: number;
  declare sourceTokens: string[];
  declare targetTokens: string[];
  declare cellSize: number;
  declare hover: AttentionCell | null;
  declare error: string | null;
  private declare readout: string;

  private readonly task = new AbortableTask(this);
  private pendingRead: Promise<number[][] | null> = Promise.resolve(null);

  /** Settles when the read of the current tensor is done (null if it was cancelled or there is none). */
  get loaded(): Promise<number[][] | null> {
    return this.updateComplete.then(() => this.pendingRead);
  }

  constructor() {
    super();
    this.weights = [];
    this.tensor = null;
    this.item = 0;
    this.sourceTokens = [];
    this.targetTokens = [];
    this.cellSize = 26;
    this.hover = null;
    this.error = null;
    this.readout = '';
  }

  /** True while a tensor is being read back. */
  get loading(): boolean {
    return this.task.running;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('tensor') || changed.has('item')) && this.tensor) {
      // A detached element reads nothing; it reads when (re)inserted.
      this.pending = true;
      if (this.isConnected) this.pendingRead = this.read(this.tensor, this.item);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.pending && this.tensor) this.pendingRead = this.read(this.tensor, this.item);
  }

  /** A tensor arrived and has not been read yet (or its read was cancelled). */
  private pending = false;

  private read(t: Tensor, item: number): Promise<number[][] | null> {
    return this.task
      .start(async (signal) => {
        if (t.ndim !== 2 && t.ndim !== 3) throw new Error(`attention-map: tensor must be [T, S] or [N, T, S], got [${t.shape.join(', ')}]`);
        const [T, S] = t.shape.slice(-2);
        const N = t.ndim === 3 ? t.shape[0] : 1;
        if (!(item >= 0 && item < N)) throw new Error(`attention-map: item ${item} is outside the batch of ${N}`);
        const data = await t.data();
        if (signal.aborted) return null;
        const off = item * T * S;
        const rows = Array.from({ length: T }, (_, r) => Array.from(data.subarray(off + r * S, off + (r + 1) * S)));
        this.weights = rows;
        this.pending = false;
        this.error = null;
        fire(this, 'attention-loaded', { weights: rows });
        return rows;
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return null;
        this.error = e instanceof Error ? e.message : String(e);
        fire(this, 'attention-error', { message: this.error });
        return null;
      });
  }

  private enter(row: number, col: number): void {
    const w = this.weights[row]?.[col];
    if (w === undefined) return;
    const detail: AttentionCell = { row, col, weight: w, source: this.sourceTokens[col] ?? String(col), target: this.targetTokens[row] ?? String(row) };
    this.hover = detail;
    fire(this, 'attention-cell', detail);
  }

  private tok(s: string | undefined, i: number): string {
    return s === undefined ? String(i) : s === ' ' ? 'space' : s;
  }

  private onKey(e: KeyboardEvent): void {
    const T = this.weights.length;
    const S = T ? this.weights[0].length : 0;
    if (!T || !S) return;
    if (e.key === 'Escape') {
      this.hover = null;
      this.readout = '';
      return;
    }
    const h = this.hover;
    const moves: Record<string, [number, number]> = h
      ? { ArrowRight: [h.row, h.col + 1], ArrowLeft: [h.row, h.col - 1], ArrowDown: [h.row + 1, h.col], ArrowUp: [h.row - 1, h.col], Home: [h.row, 0], End: [h.row, S - 1] }
      : {};
    const m = h ? moves[e.key] : ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) ? ([0, 0] as [number, number]) : undefined;
    if (!m) return;
    e.preventDefault();
    const row = Math.max(0, Math.min(T - 1, m[0]));
    const col = Math.max(0, Math.min(S - 1, m[1]));
    this.enter(row, col);
    const w = this.weights[row][col];
    this.readout = `output ${row} ${this.tok(this.targetTokens[row], row)} attends to input ${col} ${this.tok(this.sourceTokens[col], col)} with weight ${w.toFixed(3)}`;
  }

  /** The text alternative: the shape, and for each output token the input it attends to most. */
  summary(): string {
    const W = this.weights;
    if (!W.length || !W[0].length) return `attention map: ${this.loading ? 'reading attention' : 'no attention weights yet'}`;
    const peaks = W.map((r, t) => {
      const c = r.reduce((best, v, i) => (v > r[best] ? i : best), 0);
      return `${this.tok(this.targetTokens[t], t)} → ${this.tok(this.sourceTokens[c], c)} ${r[c].toFixed(2)}`;
    });
    return `attention map, ${W.length} output tokens by ${W[0].length} input tokens. Strongest input per output: ${peaks.join(', ')}. Arrow keys read the cells.`;
  }

  static override styles = [
    themeStyles,
    css`
      .head {
        font-size: 12.5px;
        color: var(--_muted);
        min-height: 22px;
        padding-bottom: 4px;
        font-variant-numeric: tabular-nums;
      }
      .head b {
        color: var(--_fg);
      }
      .scroll {
        overflow: auto;
      }
      .grid {
        display: grid;
        gap: 1px;
        width: max-content;
        font-family: var(--_mono);
        font-size: 12px;
      }
      .cell {
        border-radius: 2px;
        background: color-mix(in srgb, var(--_accent) calc(var(--w) * 100%), var(--_panel));
      }
      .cell.on {
        outline: 2px solid var(--_accent2);
        outline-offset: -1px;
      }
      .lab {
        display: grid;
        place-items: center;
        color: var(--_fg);
        white-space: pre;
      }
      .lab.row {
        justify-items: end;
        padding-right: 6px;
      }
      .lab.hl {
        color: var(--_accent2);
        font-weight: 700;
      }
      .axis {
        font-size: 11.5px;
        color: var(--_muted);
        padding-top: 4px;
      }
      .empty {
        color: var(--_muted);
        font-size: 13px;
        padding: 12px 0;
      }
      .error {
        color: var(--_fail);
        font-size: 13px;
      }
    `,
  ];

  protected override render(): TemplateResult {
    const W = this.weights;
    const T = W.length;
    const S = T ? W[0].length : 0;
    const c = this.cellSize;
    const h = this.hover;
    const show = (s: string | undefined, i: number): string => (s === undefined ? String(i) : s === ' ' ? '␣' : s);
    const head = html`<div class="head" part="header">
      ${h
        ? html`<b class="mono">${show(h.target, h.row)}</b> (output ${h.row}) attends to <b class="mono">${show(h.source, h.col)}</b> (input ${h.col}) with weight <b>${h.weight.toFixed(3)}</b>`
        : html`rows: output tokens · columns: input tokens · shade: attention weight`}
    </div>`;
    if (!T || !S) {
      return html`${head}${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}<div class="empty">${this.loading ? 'reading attention…' : 'no attention weights yet'}</div>`;
    }
    const cells: TemplateResult[] = [];
    cells.push(html`<div></div>`);
    for (let s = 0; s < S; s++) cells.push(html`<div class="lab col ${h?.col === s ? 'hl' : ''}">${show(this.sourceTokens[s], s)}</div>`);
    for (let t = 0; t < T; t++) {
      cells.push(html`<div class="lab row ${h?.row === t ? 'hl' : ''}">${show(this.targetTokens[t], t)}</div>`);
      for (let s = 0; s < S; s++) {
        const w = Math.max(0, Math.min(1, W[t][s] ?? 0));
        cells.push(
          html`<div class="cell ${h?.row === t && h?.col === s ? 'on' : ''}" data-row=${t} data-col=${s} style="--w: ${w.toFixed(4)}" title=${w.toFixed(3)} @pointerenter=${() => this.enter(t, s)}></div>`,
        );
      }
    }
    return html`${head}${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      <div class="scroll" part="map" tabindex="0" role="img" aria-label=${this.summary()} @keydown=${(e: KeyboardEvent) => this.onKey(e)} @pointerleave=${() => (this.hover = null)}>
        <div class="grid" style="grid-template-columns: auto repeat(${S}, ${c}px); grid-auto-rows: ${c}px">${cells}</div>
        <div class="axis">input →</div>
      </div>
      <div class="sr-only" role="status" aria-live="polite" part="readout">${this.readout}</div>`;
  }
}

if (!customElements.get('attention-map')) customElements.define('attention-map', AttentionMap);

declare global {
  interface HTMLElementTagNameMap {
    'attention-map': AttentionMap;
  }
  interface HTMLElementEventMap {
    /** The cell under the pointer or the keyboard cursor. */
    'attention-cell': CustomEvent<AttentionCell>;
    'attention-loaded': CustomEvent<AttentionLoaded>;
    'attention-error': CustomEvent<ComponentErrorDetail>;
  }
}
