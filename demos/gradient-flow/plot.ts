// Small SVG plots for the gradient-flow demo (no library): log10 ||dL/dh_t|| against t, one line per cell, and
// accuracy against T as grouped bars. Colours come from the theme's --sg-* custom properties.
const NS = 'http://www.w3.org/2000/svg';
export const CELL_COLOR: Record<string, string> = { rnn: 'var(--sg-fail)', lstm: 'var(--sg-accent)', gru: 'var(--sg-pass)' };

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const W = 640;
const H = 300;
const M = { l: 56, r: 16, t: 14, b: 40 };

/** series: cell -> ||dL/dh_t|| for t = 1..T (log-scaled y axis). */
export function gradPlot(svg: SVGSVGElement, series: Record<string, number[]>): void {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const all = Object.values(series).flat().filter((v) => v > 0);
  if (all.length === 0) return;
  const T = Math.max(...Object.values(series).map((s) => s.length));
  let lo = Math.floor(Math.log10(Math.min(...all)));
  let hi = Math.ceil(Math.log10(Math.max(...all)));
  if (hi === lo) hi = lo + 1;
  lo = Math.max(lo, hi - 16);
  const x = (t: number): number => M.l + ((t - 1) / Math.max(1, T - 1)) * (W - M.l - M.r);
  const y = (v: number): number => M.t + ((hi - Math.max(lo, Math.log10(Math.max(v, 1e-30)))) / (hi - lo)) * (H - M.t - M.b);
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  for (let d = lo; d <= hi; d += step) {
    svg.append(el('line', { x1: M.l, x2: W - M.r, y1: y(10 ** d), y2: y(10 ** d), stroke: 'var(--sg-border)' }));
    svg.append(el('text', { x: M.l - 6, y: y(10 ** d) + 4, 'text-anchor': 'end', 'font-size': 11, fill: 'var(--sg-muted)' }, `1e${d}`));
  }
  const tStep = Math.max(1, Math.round(T / 8 / 5) * 5 || 1);
  for (let t = 1; t <= T; t += tStep) svg.append(el('text', { x: x(t), y: H - M.b + 16, 'text-anchor': 'middle', 'font-size': 11, fill: 'var(--sg-muted)' }, String(t)));
  svg.append(el('text', { x: (M.l + W - M.r) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 12, fill: 'var(--sg-fg)' }, 'step t (the first token enters at t = 1; the loss reads h_T)'));
  for (const [cell, s] of Object.entries(series)) {
    const d = s.map((v, i) => `${i ? 'L' : 'M'}${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join('');
    svg.append(el('path', { d, fill: 'none', stroke: CELL_COLOR[cell] ?? 'currentColor', 'stroke-width': 2, 'data-cell': cell }));
  }
}

/** rows: T -> cell -> accuracy (0..1). */
export function accuracyPlot(svg: SVGSVGElement, rows: { T: number; acc: Record<string, number> }[], chance: number): void {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  if (rows.length === 0) return;
  const cells = Object.keys(rows[0].acc);
  const gw = (W - M.l - M.r) / rows.length;
  const bw = (gw * 0.8) / cells.length;
  const y = (a: number): number => M.t + (1 - a) * (H - M.t - M.b);
  for (const a of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(el('line', { x1: M.l, x2: W - M.r, y1: y(a), y2: y(a), stroke: 'var(--sg-border)' }));
    svg.append(el('text', { x: M.l - 6, y: y(a) + 4, 'text-anchor': 'end', 'font-size': 11, fill: 'var(--sg-muted)' }, `${a * 100}%`));
  }
  svg.append(el('line', { x1: M.l, x2: W - M.r, y1: y(chance), y2: y(chance), stroke: 'var(--sg-muted)', 'stroke-dasharray': '4 3' }));
  rows.forEach((r, i) => {
    cells.forEach((c, j) => {
      const x0 = M.l + i * gw + gw * 0.1 + j * bw;
      const a = r.acc[c] ?? 0;
      svg.append(el('rect', { x: x0, y: y(a), width: bw - 2, height: y(0) - y(a), fill: CELL_COLOR[c], 'data-cell': c }));
    });
    svg.append(el('text', { x: M.l + (i + 0.5) * gw, y: H - M.b + 16, 'text-anchor': 'middle', 'font-size': 11, fill: 'var(--sg-muted)' }, `T = ${r.T}`));
  });
  svg.append(el('text', { x: (M.l + W - M.r) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 12, fill: 'var(--sg-fg)' }, 'held-out accuracy after training (dashed: chance)'));
}
