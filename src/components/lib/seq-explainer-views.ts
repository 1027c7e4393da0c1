// <seq-explainer>'s pure views (lit templates from the cell's numbers, no element state): the gate equations with
// the numbers plugged in, the lecture-slip notes and the activation bars, with their number formatters.
import { html, nothing, type TemplateResult } from 'lit';
import { ACTIVATION, type CellInput, type CellResult, type GateResult, type Slip, sizesOf, slipAgrees, valueAt } from './cell-math.ts';

export const GATE_LABEL: Record<string, string> = {
  h: 'hidden (tanh)',
  i: 'input gate i',
  f: 'forget gate f',
  g: 'candidate g',
  o: 'output gate o',
  r: 'reset gate r',
  z: 'update gate z',
  n: 'candidate n',
};

export const f3 = (v: number): string => (Object.is(v, -0) ? 0 : v).toFixed(3);
export const f2 = (v: number): string => v.toFixed(2);
/** A term after a plus sign: "+ 2.00" or "− 2.00". */
export const plus = (v: number): string => (v < 0 ? `− ${(-v).toFixed(2)}` : `+ ${v.toFixed(2)}`);
export const sym = (a: string): string => (a === 'sigmoid' ? 'σ' : 'tanh');
/** A vector as [a, b, c]. */
export const vec = (v: readonly number[], d = 3): string => `[${v.map((x) => (Object.is(x, -0) ? 0 : x).toFixed(d)).join(', ')}]`;
const SLIP_WHAT = (at: string): string => {
  const [w, a, b] = at.split(':');
  if (w === 'Wx') return `W_${a}x x`;
  if (w === 'Wh') return `W_${a}h h`;
  if (w === 'gate') return a;
  if (w === 'seq') return `${a}_${b}`;
  return `${w}′`;
};

/** The equation of one gate with the numbers plugged in (and, with `expand`, every product term by term). */
export function gateEquation(inp: CellInput, gr: GateResult, result: CellResult | null, expand: boolean): TemplateResult {
  const g = gr.name;
  const w = inp.weights[g];
  const a = sym(ACTIVATION[inp.kind][g]);
  const { I, H } = sizesOf(inp);
  if (I === 1 && H === 1) {
    const [pre, value] = [gr.pre[0], gr.value[0]];
    if (inp.kind === 'gru' && g === 'n') {
      const r = result?.gates.find((x) => x.name === 'r')?.value[0] ?? 0;
      return html`${g} = tanh(W<sub>nx</sub>·x + b<sub>n</sub> + r·(W<sub>nh</sub>·h + b<sub>hn</sub>))
        <span class="nums">= tanh(${f2(w.wx[0][0])}·${f2(inp.x[0])} ${plus(w.bx[0])} + ${f3(r)}·(${f2(w.wh[0][0])}·${f2(inp.h[0])} ${plus(w.bh[0])})) = ${a}(${f3(pre)}) =
          <b>${f3(value)}</b></span>`;
    }
    const name = inp.kind === 'rnn' ? 'h′' : g;
    return html`${name} = ${a}(W<sub>${g}x</sub>·x + W<sub>${g}h</sub>·h + b<sub>${g}</sub>)
      <span class="nums">= ${a}(${f2(w.wx[0][0])}·${f2(inp.x[0])} + ${f2(w.wh[0][0])}·${f2(inp.h[0])} ${plus(w.bx[0] + w.bh[0])}) = ${a}(${f3(pre)}) = <b>${f3(value)}</b></span>`;
  }
  const name = inp.kind === 'rnn' ? 'h′' : g;
  const form =
    inp.kind === 'gru' && g === 'n'
      ? html`n = tanh(W<sub>nx</sub> x + b<sub>n</sub> + r ⊙ (W<sub>nh</sub> h + b<sub>hn</sub>))`
      : html`${name} = ${a}(W<sub>${g}x</sub> x + W<sub>${g}h</sub> h + b<sub>${g}</sub> + b<sub>h${g}</sub>)`;
  // Entry k of W v, term by term, with seqgpu's sum.
  const expandRows = (W: number[][], v: number[], out: number[], label: TemplateResult): TemplateResult => html`<div class="expand">
    ${out.map(
      (o, k) => html`<div class="mono">(${label})<sub>${k + 1}</sub> = ${W[k].map((wk, j) => html`${j ? ' + ' : ''}${f2(wk)}·${f2(v[j])}`)} = <b>${f3(o)}</b></div>`,
    )}
  </div>`;
  return html`${form}
    <div class="nums">W<sub>${g}x</sub> x = ${vec(gr.wx)}, W<sub>${g}h</sub> h = ${vec(gr.wh)}; pre-activation ${vec(gr.pre)} → <b>${vec(gr.value)}</b></div>
    ${expand
      ? html`${expandRows(w.wx, inp.x, gr.wx, html`W<sub>${g}x</sub> x`)} ${expandRows(w.wh, inp.h, gr.wh, html`W<sub>${g}h</sub> h`)}`
      : nothing}
    ${slipsView(inp, result, ['Wx:' + g, 'Wh:' + g, 'gate:' + g])}`;
}

/** The lecture's numbers that belong here, beside seqgpu's, flagged where they differ. */
export function slipsView(input: CellInput, r: CellResult | null, ats: string[]): TemplateResult | typeof nothing {
const slips = (input.slips ?? []).filter((s) => ats.includes(s.at));
  if (!r || slips.length === 0) return nothing;
  return html`${slips.map((s: Slip) => {
    const v = valueAt(r, s.at);
    const ok = v !== null && slipAgrees(s, v);
    return html`<div class="slip ${ok ? 'ok' : 'bad'}" data-at=${s.at}>
      ${ok ? '✓' : '⚑'} lecture (${SLIP_WHAT(s.at)}): ${vec(s.lecture, s.decimals)} · seqgpu: ${v ? vec(v, s.decimals + 1) : '–'}${ok ? nothing : html` — ${s.note}`}
    </div>`;
  })}`;
}

/** A gate value as a bar: sigmoid in [0, 1] fills from the left, tanh in [-1, 1] from the middle. */
export function barView(value: number, act: string): TemplateResult {
  // σ in [0, 1] fills from the left; tanh in [-1, 1] from the middle.
  const sigmoid = act === 'sigmoid';
  const left = sigmoid ? 0 : 50 + Math.min(0, value) * 50;
  const width = sigmoid ? value * 100 : Math.abs(value) * 50;
  return html`<span class="bar ${sigmoid ? 'unit' : 'signed'}"
    ><span class=${value < 0 ? 'neg' : 'pos'} style="left:${left.toFixed(1)}%;width:${width.toFixed(1)}%"></span
  ></span>`;
}
