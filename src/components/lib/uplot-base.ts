// What every uPlot-backed component shares: uPlot's stylesheet adopted into the shadow root, colours read from
// the theme's custom properties, a ResizeObserver that keeps the plot as wide as its host, and redraws batched
// to one per animation frame (a training loop can push a point per step without re-laying-out per point).
import { unsafeCSS } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export { uPlot };

export const uplotStyles = unsafeCSS(uplotCss);

/** Reads a theme colour (e.g. '--_accent') from the host's computed style, with a fallback. */
export function themeColor(host: Element, name: string, fallback: string): string {
  const v = getComputedStyle(host).getPropertyValue(name).trim();
  return v || fallback;
}

/** Axis styling that follows the theme (uPlot draws on canvas, so CSS colours are copied in). */
export function themedAxes(host: Element, xLabel: string, yLabel: string): uPlot.Axis[] {
  const fg = themeColor(host, '--_muted', '#5f6b7a');
  const grid = themeColor(host, '--_border', '#dde1e6');
  const font = `12px ${themeColor(host, '--_font', 'system-ui, sans-serif')}`;
  const axis = (label: string): uPlot.Axis => ({
    label,
    stroke: fg,
    font,
    labelFont: font,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  });
  return [axis(xLabel), { ...axis(yLabel), size: 64 }];
}

/** Number formatting for readouts and summaries: 4 significant digits, exponent for tiny values. */
export function fmtValue(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

/**
 * The next data index for a keyboard key (ArrowLeft/Right, Shift for 10 points, PageUp/PageDown for a tenth,
 * Home/End), or null for other keys. `from` is the current index (-1: none yet, the first key picks an end).
 */
export function stepIndex(key: string, shift: boolean, from: number, n: number): number | null {
  if (n === 0) return null;
  const big = Math.max(1, Math.round(n / 10));
  const at = from < 0 ? (key === 'ArrowLeft' || key === 'PageUp' ? n : -1) : from;
  const next = ((): number | null => {
    switch (key) {
      case 'ArrowRight':
        return at + (shift ? 10 : 1);
      case 'ArrowLeft':
        return at - (shift ? 10 : 1);
      case 'PageDown':
        return at + big;
      case 'PageUp':
        return at - big;
      case 'Home':
        return 0;
      case 'End':
        return n - 1;
      default:
        return null;
    }
  })();
  return next === null ? null : Math.max(0, Math.min(n - 1, next));
}

/**
 * Owns one uPlot instance inside a container: created on attach(), resized with the container, destroyed on
 * detach(). setData() may be called at any rate; the redraw happens at most once per animation frame.
 */
export class PlotHost {
  plot: uPlot | null = null;
  private observer: ResizeObserver | null = null;
  private frame = 0;
  private pending: uPlot.AlignedData | null = null;
  private resetScales = true;

  constructor(private readonly height: () => number) {}

  attach(container: HTMLElement, options: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): void {
    this.detach();
    const width = Math.max(200, Math.floor(container.clientWidth || 600));
    this.plot = new uPlot({ ...options, width, height: this.height() }, data, container);
    this.observer = new ResizeObserver(() => {
      const w = Math.floor(container.clientWidth);
      if (this.plot && w > 0 && Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height: this.height() });
    });
    this.observer.observe(container);
  }

  /** Schedules a redraw with `data` (the latest call wins). */
  setData(data: uPlot.AlignedData, resetScales = true): void {
    this.pending = data;
    this.resetScales = resetScales;
    if (this.frame || !this.plot) return;
    this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Draws pending data now (tests and final states). */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.plot && this.pending) this.plot.setData(this.pending, this.resetScales);
    this.pending = null;
  }

  /**
   * Moves the plot's cursor to data index `i` (the keyboard path: the same setCursor hooks run as for the
   * pointer, so legends, readouts and cursor events follow). `top` is a y value to put the cursor point on.
   */
  cursorTo(i: number, top: number | null): void {
    this.flush();
    const u = this.plot;
    if (!u) return;
    const x = u.data[0][i];
    if (x == null) return;
    const left = u.valToPos(x, 'x');
    const y = top != null && Number.isFinite(top) ? u.valToPos(top, 'y') : u.bbox.height / devicePixelRatio / 2;
    u.setCursor({ left, top: y });
  }

  /** Hides the cursor (the keyboard cursor left the chart). */
  clearCursor(): void {
    this.plot?.setCursor({ left: -10, top: -10 });
  }

  detach(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.observer?.disconnect();
    this.observer = null;
    this.plot?.destroy();
    this.plot = null;
  }
}
