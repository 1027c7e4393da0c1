// <loss-chart>: live training curves (train and validation loss against step) drawn with uPlot. Points arrive
// through push() at any rate; the chart redraws at most once per animation frame, so it stays smooth while a
// model trains. Validation points may be sparse (every N steps): the curve spans the gaps.
//
//   <loss-chart log-scale></loss-chart>
//   chart.push(step, trainLoss);            // every step
//   chart.push(step, undefined, valLoss);   // every N steps
//
// Properties: logScale (attribute log-scale), xLabel, yLabel, trainLabel, valLabel, height (px), points
// (read: the columns [steps, train, val]). Methods: push(), clear(), flush(). Events: loss-cursor {step, train, val}
// when the pointer or the keyboard cursor moves over a point (bubbling, composed).
// Accessibility: the plot is a focusable role="img" whose label summarises the curves; arrow keys (Shift: 10
// points, Home/End) move the cursor, and a live region reads out the point under it.
import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { themeStyles } from './lib/theme.ts';
import { fire } from './lib/events.ts';
import { PlotHost, fmtValue, stepIndex, themeColor, themedAxes, uPlot, uplotStyles } from './lib/uplot-base.ts';

export interface LossPoint {
  step: number;
  train: number | null;
  val: number | null;
}

export class LossChart extends LitElement {
  static override properties = {
    logScale: { type: Boolean, attribute: 'log-scale' },
    xLabel: { attribute: 'x-label' },
    yLabel: { attribute: 'y-label' },
    trainLabel: { attribute: 'train-label' },
    valLabel: { attribute: 'val-label' },
    height: { type: Number },
    latest: { state: true },
    hovered: { state: true },
    readout: { state: true },
  };

  declare logScale: boolean;
  declare xLabel: string;
  declare yLabel: string;
  declare trainLabel: string;
  declare valLabel: string;
  declare height: number;
  /** The newest values of each curve (validation: its most recent point). */
  declare latest: LossPoint | null;
  /** The point under the pointer, if any (the legend shows it instead of the latest). */
  declare hovered: LossPoint | null;
  /** What the live region says after a keyboard move. */
  private declare readout: string;
  /** The keyboard cursor's data index (-1: none). */
  private keyIndex = -1;

  private steps: number[] = [];
  private train: (number | null)[] = [];
  private val: (number | null)[] = [];
  private readonly host = new PlotHost(() => this.height);

  constructor() {
    super();
    this.logScale = false;
    this.xLabel = 'step';
    this.yLabel = 'loss';
    this.trainLabel = 'train';
    this.valLabel = 'validation';
    this.height = 260;
    this.latest = null;
    this.hovered = null;
    this.readout = '';
  }

  /** The curves as columns: steps, train losses, validation losses (null where a step has none). */
  get points(): { steps: number[]; train: (number | null)[]; val: (number | null)[] } {
    return { steps: [...this.steps], train: [...this.train], val: [...this.val] };
  }

  /**
   * Adds a point. Steps should increase; a repeated step fills in the missing value of the last point (so train
   * and validation for the same step may arrive separately). Non-finite losses are dropped from the curve.
   */
  push(step: number, train?: number | null, val?: number | null): void {
    const clean = (v: number | null | undefined): number | null => (v == null || !Number.isFinite(v) || (this.logScale && v <= 0) ? null : v);
    const n = this.steps.length;
    if (n && this.steps[n - 1] === step) {
      if (train != null) this.train[n - 1] = clean(train);
      if (val != null) this.val[n - 1] = clean(val);
    } else {
      this.steps.push(step);
      this.train.push(clean(train));
      this.val.push(clean(val));
    }
    const last = this.steps.length - 1;
    this.latest = {
      step,
      train: this.train[last] ?? this.latest?.train ?? null,
      val: this.val[last] ?? this.latest?.val ?? null,
    };
    this.host.setData(this.data());
  }

  clear(): void {
    this.keyIndex = -1;
    this.steps = [];
    this.train = [];
    this.val = [];
    this.latest = null;
    this.host.setData(this.data());
  }

  /** Draws pending points now instead of on the next animation frame. */
  flush(): void {
    this.host.flush();
  }

  private data(): uPlot.AlignedData {
    return [this.steps, this.train, this.val] as uPlot.AlignedData;
  }

  protected override firstUpdated(): void {
    this.createPlot();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const rebuild = ['logScale', 'xLabel', 'yLabel', 'trainLabel', 'valLabel', 'height'] as const;
    if (this.hasUpdated && rebuild.some((k) => changed.has(k) && changed.get(k) !== undefined)) this.createPlot();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.host.plot) this.createPlot(); // re-inserted after removal
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.host.detach();
  }

  private createPlot(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!container) return;
    const trainColor = themeColor(this, '--_accent', '#4f46e5');
    const valColor = themeColor(this, '--_accent2', '#e8590c');
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: { x: { time: false }, y: this.logScale ? { distr: 3 } : {} },
      axes: themedAxes(this, this.xLabel, this.yLabel),
      legend: { show: false }, // the element renders its own legend: latest values, or the hovered point
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      series: [
        { label: this.xLabel },
        { label: this.trainLabel, stroke: trainColor, width: 1.5, spanGaps: true, points: { show: false } },
        { label: this.valLabel, stroke: valColor, width: 2, spanGaps: true, points: { show: true, size: 5, fill: valColor } },
      ],
      hooks: {
        setCursor: [
          (u: uPlot) => {
            const i = u.cursor.idx;
            if (i == null || u.cursor.left == null || u.cursor.left < 0) {
              this.hovered = null;
              return;
            }
            const detail: LossPoint = { step: this.steps[i], train: this.train[i] ?? null, val: this.val[i] ?? null };
            this.hovered = detail;
            fire(this, 'loss-cursor', detail);
          },
        ],
      },
    };
    this.host.attach(container, options, this.data());
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      this.keyIndex = -1;
      this.host.clearCursor();
      this.readout = '';
      return;
    }
    const i = stepIndex(e.key, e.shiftKey, this.keyIndex, this.steps.length);
    if (i === null) return;
    e.preventDefault();
    this.keyIndex = i;
    this.host.cursorTo(i, this.train[i] ?? this.val[i]);
    const p: LossPoint = { step: this.steps[i], train: this.train[i] ?? null, val: this.val[i] ?? null };
    const parts = [`${this.xLabel} ${p.step}`];
    if (p.train != null) parts.push(`${this.trainLabel} ${fmtValue(p.train)}`);
    if (p.val != null) parts.push(`${this.valLabel} ${fmtValue(p.val)}`);
    this.readout = `${parts.join(', ')} (point ${i + 1} of ${this.steps.length})`;
  }

  /** The text alternative: what the curves show, in one sentence per curve. */
  summary(): string {
    const n = this.steps.length;
    if (!n) return `${this.yLabel} chart: no points yet`;
    const curve = (label: string, ys: (number | null)[]): string => {
      const at = ys.flatMap((v, i) => (v == null ? [] : [i]));
      if (!at.length) return `${label}: no values`;
      const first = at[0];
      const last = at[at.length - 1];
      const min = at.reduce((m, i) => (ys[i]! < ys[m]! ? i : m), first);
      return `${label} ${fmtValue(ys[first])} at ${this.xLabel} ${this.steps[first]} to ${fmtValue(ys[last])} at ${this.xLabel} ${this.steps[last]}, lowest ${fmtValue(ys[min])} at ${this.xLabel} ${this.steps[min]}`;
    };
    const scale = this.logScale ? ', log scale' : '';
    return `${this.yLabel} against ${this.xLabel}${scale}, ${n} points. ${curve(this.trainLabel, this.train)}. ${curve(this.valLabel, this.val)}. Arrow keys read the points.`;
  }

  static override styles = [
    themeStyles,
    uplotStyles,
    css`
      .wrap {
        position: relative;
      }
      .plot {
        width: 100%;
        min-height: 40px;
      }
      .empty {
        position: absolute;
        inset: 0 0 40px 64px;
        display: grid;
        place-items: center;
        pointer-events: none;
        color: var(--_muted);
        font-size: 13px;
      }
      .uplot {
        font-family: var(--_font);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 18px;
        font-size: 12.5px;
        color: var(--_muted);
        font-variant-numeric: tabular-nums;
        padding: 0 0 6px 8px;
        min-height: 24px;
      }
      .legend b {
        color: var(--_fg);
        font-weight: 600;
      }
      .sw {
        display: inline-block;
        width: 14px;
        height: 3px;
        border-radius: 2px;
        vertical-align: middle;
        margin-right: 6px;
      }
    `,
  ];

  private renderLegend(): TemplateResult {
    const p = this.hovered ?? this.latest;
    const v = (x: number | null | undefined): string => (x == null ? '–' : Math.abs(x) >= 1e-3 ? x.toPrecision(4) : x.toExponential(2));
    return html`<div class="legend" part="legend">
      <span>${this.xLabel} <b>${p ? p.step : '–'}</b>${this.hovered ? '' : this.latest ? ' (latest)' : ''}</span>
      <span><i class="sw" style="background: var(--_accent)"></i>${this.trainLabel} <b class="train">${v(p?.train)}</b></span>
      <span><i class="sw" style="background: var(--_accent2)"></i>${this.valLabel} <b class="val">${v(p?.val)}</b></span>
    </div>`;
  }

  protected override render(): TemplateResult {
    return html`${this.renderLegend()}<div class="wrap" part="chart" tabindex="0" role="img" aria-label=${this.summary()} @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
      <div class="plot"></div>
      ${this.latest ? '' : html`<div class="empty">no points yet</div>`}
    </div>
    <div class="sr-only" role="status" aria-live="polite" part="readout">${this.readout}</div>`;
  }
}

if (!customElements.get('loss-chart')) customElements.define('loss-chart', LossChart);

declare global {
  interface HTMLElementTagNameMap {
    'loss-chart': LossChart;
  }
  interface HTMLElementEventMap {
    /** The point under the pointer or the keyboard cursor. */
    'loss-cursor': CustomEvent<LossPoint>;
  }
}
