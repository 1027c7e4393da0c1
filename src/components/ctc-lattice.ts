// <ctc-lattice>: the CTC alignment lattice of one sequence: the posterior of every (time, extended label) cell,
// gamma_t(s) = alpha_t(s) beta_t(s) / (y_t(l'_s) P(l|x)), as a heatmap, with the most probable alignment (Viterbi
// over the same lattice) drawn over it and the frame-wise argmax (greedy best path) as a strip below.
// alpha and beta come from seqgpu's ctcAlphaBeta op, run in an AbortableTask (never in render()); the heatmap is a
// canvas painted after each update.
//
//   <ctc-lattice></ctc-lattice>
//   lattice.labels = ['-', '0', '1', ...];   // class names, blank first
//   lattice.logProbs = rows;                 // [T][C] log-probabilities (log-softmax outputs) of one sequence
//   lattice.target = [3, 1, 4];              // class ids, no blanks
//
// Properties: logProbs (number[][] or { data, shape: [T, C] }), target (number[]), labels (string[]), blank
// (default 0), device (a seqgpu Device to compute on; default a CPU device of its own). Events (bubbling,
// composed): lattice-computed {loss, posterior, path, greedy}, lattice-hover {t, s, label, posterior},
// lattice-error {message}.
// Accessibility: the canvas is a focusable role="img" labelled with the loss, the Viterbi alignment and the greedy
// decode; arrow keys move a cell cursor (Left/Right: frame, Up/Down: extended label) read out by a live region.
import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';
import { ctcLatticeStyles } from './lib/ctc-lattice-styles.ts';
import { LOG_ZERO, type LogProbRows, ctcViterbi, toRows } from './lib/ctc-lattice-math.ts';
import * as sg from '../index.ts';
import type { Device } from '../device.ts';
import { themeStyles } from './lib/theme.ts';
import { AbortableTask, isAbort } from './lib/abortable-task.ts';
import { type ComponentErrorDetail, fire } from './lib/events.ts';

export type { ComponentErrorDetail } from './lib/events.ts';
export { ctcViterbi };
export type { LogProbRows };


export interface LatticeResult {
  /** -log P(target | x). */
  loss: number;
  /** [2S+1][T] posterior probability of each extended-label state at each frame (rows sum to <= 1 per column). */
  posterior: number[][];
  /** Viterbi alignment: the extended-label index s occupied at each frame t (length T). */
  path: number[];
  /** Frame-wise argmax class (the greedy best path before collapsing). */
  greedy: number[];
  /** Extended labels l': blank, l1, blank, l2, ..., blank (class ids). */
  extended: number[];
}

/** `lattice-hover`: the cell under the pointer or the keyboard cursor. */
export interface LatticeHover {
  t: number;
  s: number;
  label: string;
  posterior: number;
}

export class CtcLattice extends LitElement {
  static override properties = {
    logProbs: { attribute: false },
    target: { attribute: false },
    labels: { attribute: false },
    blank: { type: Number },
    device: { attribute: false },
    _result: { state: true },
    error: { state: true },
    hover: { state: true },
    readout: { state: true },
  };

  declare logProbs: LogProbRows | null;
  declare target: number[];
  declare labels: string[] | null;
  declare blank: number;
  declare device: Device | null;
  private declare _result: LatticeResult | null;
  /** The latest computed lattice (null while computing or without input). */
  get result(): LatticeResult | null {
    return this._result;
  }
  declare error: string | null;
  declare hover: { t: number; s: number } | null;
  private declare readout: string;

  private readonly task = new AbortableTask(this);
  private ownDevice: Promise<Device> | null = null;
  private geometry = { cell: 16, row: 18, left: 52, top: 4 };

  constructor() {
    super();
    this.logProbs = null;
    this.target = [];
    this.labels = null;
    this.blank = 0;
    this.device = null;
    this._result = null;
    this.error = null;
    this.hover = null;
    this.readout = '';
  }

  /** True while a lattice is being computed. */
  get computing(): boolean {
    return this.task.running;
  }

  private pendingResult: Promise<LatticeResult | null> = Promise.resolve(null);

  /** Resolves when the computation for the current properties settles (null if it was cancelled). */
  get computed(): Promise<LatticeResult | null> {
    return this.updateComplete.then(() => this.pendingResult);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('logProbs') || changed.has('target') || changed.has('blank') || changed.has('device')) {
      // A detached element does no work: it computes when it is (re)inserted.
      this.stale = true;
      if (this.isConnected) this.pendingResult = this.recompute();
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-inserted after a removal cancelled the work (or with new input set while detached): compute again.
    if (this.hasUpdated && this.stale && this.logProbs) this.pendingResult = this.recompute();
  }

  /** Input changed and no computation has finished for it yet. */
  private stale = false;

  private getDevice(): Promise<Device> {
    if (this.device) return Promise.resolve(this.device);
    return (this.ownDevice ??= sg.init('cpu'));
  }

  private recompute(): Promise<LatticeResult | null> {
    const input = this.logProbs;
    const target = [...this.target];
    const blank = this.blank;
    if (!input) {
      this.task.abort('input cleared');
      this._result = null;
      return Promise.resolve(null);
    }
    return this.task
      .start(async (signal) => {
        const device = await this.getDevice();
        if (signal.aborted) return null;
        const { data, T, C } = toRows(input);
        const S = target.length;
        const ext: number[] = [blank];
        for (const l of target) ext.push(l, blank);
        // ctcAlphaBeta wants at least one target column; an empty target uses length 0 with one padding slot.
        const lpT = sg.tensor(data, [T, 1, C], { device });
        const tgT = sg.tensor(Int32Array.from(S ? target : [blank === 0 ? 1 : 0]), [1, Math.max(S, 1)], { device, dtype: 'int32' });
        const ab = sg.ctcAlphaBeta(lpT, tgT, [T], [S], { blank });
        try {
          const [alpha, beta, losses] = await Promise.all([ab.logAlpha.data(), ab.logBeta.data(), ab.losses.data()]);
          if (signal.aborted) return null;
          const width = 2 * Math.max(S, 1) + 1;
          const loss = losses[0];
          const posterior = ext.map((cls, s) =>
            Array.from({ length: T }, (_, t) => {
              const a = alpha[t * width + s];
              const b = beta[t * width + s];
              if (a < LOG_ZERO || b < LOG_ZERO || !Number.isFinite(loss)) return 0;
              return Math.min(1, Math.exp(a + b - data[t * C + cls] + loss));
            }),
          );
          const greedy = Array.from({ length: T }, (_, t) => {
            let best = 0;
            for (let c = 1; c < C; c++) if (data[t * C + c] > data[t * C + best]) best = c;
            return best;
          });
          const path = Number.isFinite(loss) && T >= S ? ctcViterbi(data, T, C, ext, blank) : [];
          const result: LatticeResult = { loss, posterior, path, greedy, extended: ext };
          this._result = result;
          this.stale = false;
          this.error = null;
          fire(this, 'lattice-computed', result);
          return result;
        } finally {
          for (const t of [lpT, tgT, ab.logAlpha, ab.logBeta, ab.losses]) t.dispose();
        }
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return null;
        this.error = e instanceof Error ? e.message : String(e);
        fire(this, 'lattice-error', { message: this.error });
        return null;
      });
  }

  private label(cls: number): string {
    return this.labels?.[cls] ?? (cls === this.blank ? '-' : String(cls));
  }

  protected override updated(): void {
    this.paint();
  }

  /** Paints the heatmap, the Viterbi path and the greedy strip on the canvas (DOM work only, no GPU). */
  private paint(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    const r = this.result;
    if (!canvas || !r) return;
    const T = r.greedy.length;
    const rows = r.extended.length;
    const avail = Math.max(200, this.clientWidth || 600) - 62;
    const cell = Math.max(6, Math.min(26, Math.floor(avail / Math.max(1, T))));
    const row = Math.max(14, Math.min(22, Math.floor(360 / (rows + 2))));
    const g = (this.geometry = { cell, row, left: 52, top: 4 });
    const width = g.left + T * cell + 4;
    const height = g.top + (rows + 1) * row + 24;
    const dpr = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const cs = getComputedStyle(this);
    const accent = cs.getPropertyValue('--_accent').trim() || '#4f46e5';
    const accent2 = cs.getPropertyValue('--_accent2').trim() || '#e8590c';
    const fg = cs.getPropertyValue('--_fg').trim() || '#1b1f24';
    const muted = cs.getPropertyValue('--_muted').trim() || '#5f6b7a';
    const panel = cs.getPropertyValue('--_panel').trim() || '#f6f7f9';
    const font = cs.getPropertyValue('--_mono').trim() || 'monospace';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = panel;
    ctx.fillRect(g.left, g.top, T * cell, rows * row);
    // Heat: the accent colour with alpha = posterior (sqrt so small masses stay visible).
    ctx.fillStyle = accent;
    for (let s = 0; s < rows; s++) {
      for (let t = 0; t < T; t++) {
        const p = r.posterior[s][t];
        if (p <= 1e-4) continue;
        ctx.globalAlpha = Math.sqrt(p);
        ctx.fillRect(g.left + t * cell, g.top + s * row, cell - (cell > 8 ? 1 : 0), row - 1);
      }
    }
    ctx.globalAlpha = 1;
    // Row labels: extended labels, blanks muted.
    ctx.font = `${Math.min(12, row - 4)}px ${font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    r.extended.forEach((cls, s) => {
      ctx.fillStyle = cls === this.blank ? muted : fg;
      ctx.fillText(this.label(cls), g.left - 6, g.top + s * row + row / 2);
    });
    // Viterbi path.
    if (r.path.length) {
      ctx.strokeStyle = accent2;
      ctx.lineWidth = 2.5;
      ctx.lineJoin = 'round';
      ctx.beginPath();
      r.path.forEach((s, t) => {
        const x = g.left + t * cell + cell / 2;
        const y = g.top + s * row + row / 2;
        if (t === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
      ctx.fillStyle = accent2;
      r.path.forEach((s, t) => {
        ctx.beginPath();
        ctx.arc(g.left + t * cell + cell / 2, g.top + s * row + row / 2, Math.min(3, cell / 3), 0, 2 * Math.PI);
        ctx.fill();
      });
    }
    // Greedy strip: the argmax class per frame.
    const yGreedy = g.top + rows * row + row / 2 + 2;
    ctx.textAlign = 'right';
    ctx.fillStyle = muted;
    ctx.fillText('argmax', g.left - 6, yGreedy);
    ctx.textAlign = 'center';
    ctx.font = `${Math.min(12, cell - 1, row - 4)}px ${font}`;
    r.greedy.forEach((cls, t) => {
      ctx.fillStyle = cls === this.blank ? muted : fg;
      ctx.fillText(this.label(cls), g.left + t * cell + cell / 2, yGreedy);
    });
    // Time axis: a tick label every few frames.
    ctx.fillStyle = muted;
    ctx.font = `11px ${cs.getPropertyValue('--_font').trim() || 'sans-serif'}`;
    const every = Math.max(1, Math.ceil(28 / cell));
    for (let t = 0; t < T; t += every) ctx.fillText(String(t), g.left + t * cell + cell / 2, g.top + (rows + 1) * row + 12);
    // The cursor cell (pointer or keyboard), outlined so a keyboard user sees where the readout is.
    const h = this.hover;
    if (h && h.t < T && h.s < rows) {
      ctx.strokeStyle = fg;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(g.left + h.t * cell + 0.75, g.top + h.s * row + 0.75, cell - 1.5, row - 1.5);
    }
  }

  private onMove(e: PointerEvent): void {
    const r = this.result;
    if (!r) return;
    const box = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const g = this.geometry;
    const t = Math.floor((e.clientX - box.left - g.left) / g.cell);
    const s = Math.floor((e.clientY - box.top - g.top) / g.row);
    if (t < 0 || t >= r.greedy.length || s < 0 || s >= r.extended.length) {
      this.hover = null;
      return;
    }
    if (this.hover?.t === t && this.hover.s === s) return;
    this.moveTo(t, s);
  }

  private moveTo(t: number, s: number): void {
    const r = this.result;
    if (!r) return;
    this.hover = { t, s };
    const detail: LatticeHover = { t, s, label: this.label(r.extended[s]), posterior: r.posterior[s][t] };
    fire(this, 'lattice-hover', detail);
  }

  private onKey(e: KeyboardEvent): void {
    const r = this.result;
    if (!r) return;
    const T = r.greedy.length;
    const S = r.extended.length;
    if (e.key === 'Escape') {
      this.hover = null;
      this.readout = '';
      return;
    }
    // The cursor starts on the Viterbi path at frame 0, so the first key press lands somewhere meaningful.
    const cur = this.hover ?? { t: 0, s: r.path[0] ?? 0 };
    const moves: Record<string, [number, number]> = {
      ArrowRight: [cur.t + (e.shiftKey ? 5 : 1), cur.s],
      ArrowLeft: [cur.t - (e.shiftKey ? 5 : 1), cur.s],
      ArrowDown: [cur.t, cur.s + 1],
      ArrowUp: [cur.t, cur.s - 1],
      Home: [0, cur.s],
      End: [T - 1, cur.s],
    };
    const m = this.hover ? moves[e.key] : e.key in moves ? [cur.t, cur.s] : undefined;
    if (!m) return;
    e.preventDefault();
    const t = Math.max(0, Math.min(T - 1, m[0]));
    const s = Math.max(0, Math.min(S - 1, m[1]));
    this.moveTo(t, s);
    const onPath = r.path[t] === s ? ', on the Viterbi path' : `; the path is on ${this.label(r.extended[r.path[t]] ?? this.blank)} (s=${r.path[t]})`;
    this.readout = `frame ${t}, ${this.label(r.extended[s])} (s=${s}): posterior ${r.posterior[s][t].toFixed(3)}${r.path.length ? onPath : ''}; argmax ${this.label(r.greedy[t])}`;
  }

  /** The text alternative: target, loss, the Viterbi alignment and the greedy best path as label strings. */
  summary(): string {
    const r = this.result;
    const target = this.target.map((c) => this.label(c)).join(' ') || 'empty';
    if (!r) return `CTC lattice for target ${target}: ${this.logProbs ? 'computing' : 'no sequence yet'}`;
    const T = r.greedy.length;
    const loss = Number.isFinite(r.loss) ? r.loss.toFixed(3) : 'infinite (the target does not fit)';
    const path = r.path.length ? `Viterbi alignment per frame: ${r.path.map((s) => this.label(r.extended[s])).join(' ')}` : 'no alignment';
    const greedy = `argmax per frame: ${r.greedy.map((c) => this.label(c)).join(' ')}`;
    return `CTC lattice, ${T} frames by ${r.extended.length} extended labels, target ${target}, negative log-likelihood ${loss}. ${path}. ${greedy}. Arrow keys read the cells.`;
  }

  static override styles = [
    themeStyles,
    ctcLatticeStyles,
  ];

  protected override render(): TemplateResult {
    const r = this.result;
    const h = this.hover;
    const target = this.target.map((c) => this.label(c)).join('');
    return html`<div class="head" part="header">
        <span>target <b class="mono">${target || '∅'}</b></span>
        <span>−log P <b class="loss">${r ? (Number.isFinite(r.loss) ? r.loss.toFixed(3) : '∞') : '–'}</b></span>
        <span><i class="sw" style="background: var(--_accent)"></i>posterior γ<sub>t</sub>(s)</span>
        <span><i class="sw" style="background: var(--_accent2); height: 3px; vertical-align: middle"></i>Viterbi alignment</span>
        ${h && r ? html`<span>t <b>${h.t}</b> · ${this.label(r.extended[h.s])} (s=${h.s}) · γ <b>${r.posterior[h.s][h.t].toFixed(3)}</b></span>` : ''}
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
      ${r ? '' : html`<div class="empty">${this.logProbs ? 'computing…' : 'no sequence yet'}</div>`}
      <div class="scroll"><canvas part="canvas" ?hidden=${!r} tabindex=${r ? '0' : '-1'} role="img" aria-label=${this.summary()} @keydown=${(e: KeyboardEvent) => this.onKey(e)} @pointermove=${(e: PointerEvent) => this.onMove(e)} @pointerleave=${() => (this.hover = null)}></canvas></div>
      <div class="sr-only" role="status" aria-live="polite" part="readout">${this.readout}</div>`;
  }
}

if (!customElements.get('ctc-lattice')) customElements.define('ctc-lattice', CtcLattice);

declare global {
  interface HTMLElementTagNameMap {
    'ctc-lattice': CtcLattice;
  }
  interface HTMLElementEventMap {
    'lattice-computed': CustomEvent<LatticeResult>;
    'lattice-hover': CustomEvent<LatticeHover>;
    'lattice-error': CustomEvent<ComponentErrorDetail>;
  }
}
