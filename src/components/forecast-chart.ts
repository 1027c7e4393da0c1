// <forecast-chart>: a series with forecasts from several models and their prediction intervals, drawn with uPlot
// (intervals are uPlot bands between an upper and a lower series). A thin view: no model code, no GPU calls; the
// page fits the models and hands the numbers in.
//
//   <forecast-chart y-label="flow"></forecast-chart>
//   chart.x = years;  chart.actual = flow;  chart.splitAt = years[90];
//   chart.forecasts = [{ name: 'ARIMA(1,1,1)', start: 90, mean, lower, upper }, { name: 'LSTM', start: 90, mean }];
//
// Properties: x (numbers, the time axis), actual ((number | null)[]), forecasts (ForecastSeries[]), splitAt (an x
// value where the held-out part starts: a dashed marker), xLabel, yLabel, height, xType ('auto' | 'number' |
// 'year' | 'date': how x values are printed; auto picks years for integers in 1000..3000 and dates for epoch
// milliseconds, |x| >= 1e10), xFormat / yFormat (your own (v) => string, overriding the defaults). Events: forecast-cursor
// {x, actual, values: {name, mean, lower, upper}[]} when the pointer or the keyboard cursor moves over the plot,
// forecast-toggle {name, visible} when a legend entry is clicked (both bubble and are composed).
// Accessibility: the plot is a focusable role="img" labelled with a summary of the series and forecasts; arrow
// keys move the cursor and a live region reads out the values under it.
import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';
import { themeStyles } from './lib/theme.ts';
import { fire } from './lib/events.ts';
import { PlotHost, fmtValue, stepIndex, themeColor, themedAxes, uPlot, uplotStyles } from './lib/uplot-base.ts';
import { type AxisFormatter, type XAxisType, defaultXFormat, inferXType } from './lib/forecast-axes.ts';
import { forecastChartStyles } from './lib/forecast-chart-styles.ts';

export { defaultXFormat, inferXType };
export type { AxisFormatter, XAxisType };

export interface ForecastSeries {
  name: string;
  /** Index into `x` of the first forecast value (default: right after the last actual value). */
  start?: number;
  mean: ArrayLike<number>;
  /** Interval bounds (same length as mean); the band is drawn when both are given. */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** CSS colour; a palette colour by default. */
  color?: string;
  dash?: boolean;
}

export interface ForecastCursor {
  x: number;
  actual: number | null;
  values: { name: string; mean: number | null; lower: number | null; upper: number | null }[];
}

/** `forecast-toggle`: a legend entry was clicked; `visible` is the forecast's new state. */
export interface ForecastToggle {
  name: string;
  visible: boolean;
}

/** Distinct, colour-blind-friendly hues (Okabe-Ito without black/yellow). */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

export class ForecastChart extends LitElement {
  static override properties = {
    x: { attribute: false },
    actual: { attribute: false },
    forecasts: { attribute: false },
    splitAt: { type: Number, attribute: 'split-at' },
    xLabel: { attribute: 'x-label' },
    yLabel: { attribute: 'y-label' },
    height: { type: Number },
    xType: { attribute: 'x-type' },
    xFormat: { attribute: false },
    yFormat: { attribute: false },
    hiddenSeries: { state: true },
    hovered: { state: true },
    readout: { state: true },
  };

  declare x: number[];
  declare actual: (number | null)[];
  declare forecasts: ForecastSeries[];
  declare splitAt: number | null;
  declare xLabel: string;
  declare yLabel: string;
  declare height: number;
  /** How x values are printed (axis, readout, summary); 'auto' by default. */
  declare xType: XAxisType;
  /** Your own x formatter (wins over xType), e.g. (v) => new Date(v).toLocaleDateString(). */
  declare xFormat: AxisFormatter | null;
  /** Your own y formatter for the axis, readout and summary; uPlot's default axis labels otherwise. */
  declare yFormat: AxisFormatter | null;
  /** Names of the forecasts hidden through the legend. */
  declare hiddenSeries: Set<string>;
  declare hovered: ForecastCursor | null;
  private declare readout: string;
  private keyIndex = -1;

  private readonly host = new PlotHost(() => this.height);
  private builtKey = '';
  /** Column layout of the current plot: per forecast, the uPlot series index of mean/lower/upper. */
  private layout: { name: string; mean: number; lower: number; upper: number }[] = [];

  constructor() {
    super();
    this.x = [];
    this.actual = [];
    this.forecasts = [];
    this.splitAt = null;
    this.xLabel = 'time';
    this.yLabel = 'value';
    this.height = 280;
    this.xType = 'auto';
    this.xFormat = null;
    this.yFormat = null;
    this.hiddenSeries = new Set();
    this.hovered = null;
    this.readout = '';
  }

  /** The x type in use ('auto' resolved against the current x values). */
  get resolvedXType(): Exclude<XAxisType, 'auto'> {
    return this.xType === 'auto' || !this.xType ? inferXType(this.x) : this.xType;
  }

  /** Prints an x value as the axis does. */
  formatX(v: number): string {
    return (this.xFormat ?? defaultXFormat(this.resolvedXType, this.x))(v);
  }

  /** Prints a y value as the readout does. */
  formatY(v: number | null | undefined): string {
    return v == null || !Number.isFinite(v) ? '–' : this.yFormat ? this.yFormat(v) : fmtValue(v);
  }

  /** The colour a forecast is drawn in. */
  colorOf(i: number): string {
    return this.forecasts[i]?.color ?? PALETTE[i % PALETTE.length];
  }

  /** Aligned columns: x, actual, then mean/lower/upper per forecast (null outside its range). */
  private columns(): uPlot.AlignedData {
    const n = this.x.length;
    const cols: (number | null)[][] = [Array.from(this.actual.slice(0, n), (v) => (v == null || !Number.isFinite(v) ? null : v))];
    while (cols[0].length < n) cols[0].push(null);
    const lastActual = cols[0].reduce<number>((last, v, i) => (v == null ? last : i), -1);
    this.layout = [];
    for (const f of this.forecasts) {
      const start = f.start ?? lastActual + 1;
      const put = (src: ArrayLike<number> | undefined): (number | null)[] => {
        const col = new Array<number | null>(n).fill(null);
        if (!src) return col;
        for (let i = 0; i < src.length && start + i < n; i++) if (start + i >= 0 && Number.isFinite(src[i])) col[start + i] = src[i];
        return col;
      };
      const band = f.lower !== undefined && f.upper !== undefined;
      const entry = { name: f.name, mean: cols.length + 1, lower: -1, upper: -1 };
      cols.push(put(f.mean));
      if (band) {
        entry.lower = cols.length + 1;
        cols.push(put(f.lower));
        entry.upper = cols.length + 1;
        cols.push(put(f.upper));
      }
      this.layout.push(entry);
    }
    return [this.x, ...cols] as uPlot.AlignedData;
  }

  protected override firstUpdated(): void {
    this.createPlot();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    // New numbers for the same models (a network's forecast refreshed while it trains) only swap the data; a
    // different set of models, labels or visibility rebuilds the plot.
    const rebuild = ['xLabel', 'yLabel', 'height', 'splitAt', 'hiddenSeries', 'xType', 'xFormat', 'yFormat'] as const;
    const key = `${this.structureKey()}#${this.resolvedXType}`;
    if (rebuild.some((k) => changed.has(k) && changed.get(k) !== undefined) || key !== this.builtKey) this.createPlot();
    else if (changed.has('x') || changed.has('actual') || changed.has('forecasts')) this.host.setData(this.columns());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.host.plot) this.createPlot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.host.detach();
  }

  /** Draws pending data now (tests, final states). */
  flush(): void {
    this.host.flush();
  }

  private structureKey(): string {
    return this.forecasts.map((f, i) => `${f.name}|${f.lower !== undefined && f.upper !== undefined}|${this.colorOf(i)}|${f.dash ?? false}`).join(';');
  }

  private createPlot(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!container) return;
    this.builtKey = `${this.structureKey()}#${this.resolvedXType}`;
    const data = this.columns();
    const fg = themeColor(this, '--_fg', '#1b1f24');
    const muted = themeColor(this, '--_muted', '#5f6b7a');
    const series: uPlot.Series[] = [{ label: this.xLabel }, { label: 'actual', stroke: fg, width: 1.5, points: { show: false } }];
    const bands: uPlot.Band[] = [];
    this.forecasts.forEach((f, i) => {
      const color = this.colorOf(i);
      const show = !this.hiddenSeries.has(f.name);
      series.push({ label: f.name, stroke: color, width: 2, dash: f.dash ? [6, 4] : undefined, show, points: { show: false } });
      const l = this.layout[i];
      if (l.lower > 0) {
        series.push({ label: `${f.name} lower`, stroke: 'transparent', show, points: { show: false } });
        series.push({ label: `${f.name} upper`, stroke: 'transparent', show, points: { show: false } });
        if (show) bands.push({ series: [l.upper, l.lower], fill: `${color}26` });
      }
    });
    const split = this.splitAt;
    const type = this.resolvedXType;
    const [xAxis, yAxis] = themedAxes(this, this.xLabel, this.yLabel);
    const fx = (v: number): string => this.formatX(v);
    // Years step by whole years (no 1880.5 tick); dates use uPlot's time scale in milliseconds, in UTC.
    xAxis.values = type === 'date' && !this.xFormat ? undefined : (_u: uPlot, splits: number[]) => splits.map((v) => (v == null ? '' : fx(v)));
    if (type === 'year') xAxis.incrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];
    if (this.yFormat) {
      const fy = this.yFormat;
      yAxis.values = (_u: uPlot, splits: number[]) => splits.map((v) => (v == null ? '' : fy(v)));
    }
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: { x: { time: type === 'date' } },
      ...(type === 'date' ? { ms: 1 as const, tzDate: (ts: number) => uPlot.tzDate(new Date(ts), 'Etc/UTC') } : {}),
      axes: [xAxis, yAxis],
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      series,
      bands,
      hooks: {
        draw: [
          (u: uPlot) => {
            if (split == null || !Number.isFinite(split)) return;
            const px = u.valToPos(split, 'x', true);
            if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = muted;
            ctx.setLineDash([4, 4]);
            ctx.lineWidth = devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(px, u.bbox.top);
            ctx.lineTo(px, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillStyle = muted;
            ctx.font = `${11 * devicePixelRatio}px ${themeColor(this, '--_font', 'sans-serif')}`;
            ctx.fillText('held out →', px + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
            ctx.restore();
          },
        ],
        setCursor: [(u: uPlot) => this.onCursor(u)],
      },
    };
    this.host.attach(container, options, data);
  }

  private onCursor(u: uPlot): void {
    const i = u.cursor.idx;
    if (i == null || u.cursor.left == null || u.cursor.left < 0) {
      this.hovered = null;
      return;
    }
    const d = u.data;
    const at = (col: number): number | null => (col > 0 ? ((d[col]?.[i] as number | null | undefined) ?? null) : null);
    const detail: ForecastCursor = {
      x: this.x[i],
      actual: at(1),
      values: this.layout.map((l) => ({ name: l.name, mean: at(l.mean), lower: at(l.lower), upper: at(l.upper) })),
    };
    this.hovered = detail;
    fire(this, 'forecast-cursor', detail);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      this.keyIndex = -1;
      this.host.clearCursor();
      this.readout = '';
      return;
    }
    const i = stepIndex(e.key, e.shiftKey, this.keyIndex, this.x.length);
    if (i === null) return;
    e.preventDefault();
    this.keyIndex = i;
    const cols = this.columns();
    const firstShown = this.layout.find((l) => !this.hiddenSeries.has(l.name) && cols[l.mean]?.[i] != null);
    const y = (cols[1][i] as number | null) ?? (firstShown ? (cols[firstShown.mean][i] as number) : null);
    this.host.cursorTo(i, y);
    const parts = [`${this.xLabel} ${this.formatX(this.x[i])}`];
    const actual = cols[1][i] as number | null;
    if (actual != null) parts.push(`actual ${this.formatY(actual)}`);
    for (const l of this.layout) {
      if (this.hiddenSeries.has(l.name)) continue;
      const m = cols[l.mean]?.[i] as number | null | undefined;
      if (m == null) continue;
      const lo = l.lower > 0 ? (cols[l.lower][i] as number | null) : null;
      const hi = l.upper > 0 ? (cols[l.upper][i] as number | null) : null;
      parts.push(`${l.name} ${this.formatY(m)}${lo != null && hi != null ? ` (interval ${this.formatY(lo)} to ${this.formatY(hi)})` : ''}`);
    }
    this.readout = parts.join('; ');
  }

  /** The text alternative: the series' span and range, the held-out split, and each forecast. */
  summary(): string {
    const n = this.x.length;
    if (!n) return `${this.yLabel} chart: no data yet`;
    const fx = (v: number): string => this.formatX(v);
    const vals = this.actual.slice(0, n).flatMap((v, i) => (v == null || !Number.isFinite(v) ? [] : [[i, v] as const]));
    const parts = [`${this.yLabel} against ${this.xLabel}, ${fx(this.x[0])} to ${fx(this.x[n - 1])}`];
    if (vals.length) {
      const lo = vals.reduce((a, b) => (b[1] < a[1] ? b : a));
      const hi = vals.reduce((a, b) => (b[1] > a[1] ? b : a));
      const last = vals[vals.length - 1];
      parts.push(
        `actual: ${vals.length} values from ${this.formatY(lo[1])} (${fx(this.x[lo[0]])}) to ${this.formatY(hi[1])} (${fx(this.x[hi[0]])}), last ${this.formatY(last[1])} at ${fx(this.x[last[0]])}`,
      );
    }
    if (this.splitAt != null && Number.isFinite(this.splitAt)) parts.push(`held out from ${fx(this.splitAt)}`);
    const shown = this.forecasts.filter((f) => !this.hiddenSeries.has(f.name));
    if (shown.length) {
      parts.push(
        `forecasts: ${shown
          .map((f) => {
            const m = Array.from(f.mean).filter(Number.isFinite);
            const band = f.lower !== undefined && f.upper !== undefined ? ' with interval' : '';
            return m.length ? `${f.name}${band}, ${m.length} values, first ${this.formatY(m[0])}, last ${this.formatY(m[m.length - 1])}` : f.name;
          })
          .join('; ')}`,
      );
    }
    return `${parts.join('. ')}. Arrow keys read the values.`;
  }

  private toggle(name: string): void {
    const next = new Set(this.hiddenSeries);
    const visible = next.has(name);
    if (visible) next.delete(name);
    else next.add(name);
    this.hiddenSeries = next;
    fire(this, 'forecast-toggle', { name, visible });
  }

  static override styles = [themeStyles, uplotStyles, forecastChartStyles];

  protected override render(): TemplateResult {
    const h = this.hovered;
    const fmt = (v: number | null | undefined): string => (v == null ? '' : this.yFormat ? this.yFormat(v) : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
    return html`<div class="legend" part="legend">
        <span class="actual"><i class="sw" style="background: var(--_fg)"></i>actual${h ? html` <span class="val">${fmt(h.actual)}</span>` : ''}</span>
        ${this.forecasts.map((f, i) => {
          const v = h?.values[i];
          return html`<button data-name=${f.name} aria-pressed=${String(!this.hiddenSeries.has(f.name))} @click=${() => this.toggle(f.name)}>
            <i class="sw" style="background: ${this.colorOf(i)}"></i>${f.name}${v?.mean != null ? html` <span class="val">${fmt(v.mean)}</span>` : ''}
          </button>`;
        })}
        ${h ? html`<span class="val">${this.xLabel} ${this.formatX(h.x)}</span>` : ''}
      </div>
      <div class="plot" part="chart" tabindex="0" role="img" aria-label=${this.summary()} @keydown=${(e: KeyboardEvent) => this.onKey(e)}></div>
      <div class="sr-only" role="status" aria-live="polite" part="readout">${this.readout}</div>`;
  }
}

if (!customElements.get('forecast-chart')) customElements.define('forecast-chart', ForecastChart);

declare global {
  interface HTMLElementTagNameMap {
    'forecast-chart': ForecastChart;
  }
  interface HTMLElementEventMap {
    /** The values under the pointer or the keyboard cursor. */
    'forecast-cursor': CustomEvent<ForecastCursor>;
    'forecast-toggle': CustomEvent<ForecastToggle>;
  }
}
