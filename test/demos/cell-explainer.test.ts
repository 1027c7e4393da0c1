// The cell explainer demo (<seq-explainer>): its numbers against an independent float64 reference written here
// from the equations (PyTorch's gate order and GRU reset-after form), on the CPU and on WebGPU; switching the cell
// and moving a slider recompute; the fused-kernel check agrees; vector cells: the lecture presets with their slips
// flagged, the entry-by-entry products, resizing and editing a grid entry. Screenshots: cell-explainer-*.png.
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { demoState, hasBrowser, openPage } from './open-page.ts';

type W = { wx: number[][]; wh: number[][]; bx: number[]; bh: number[] };
interface Input { kind: 'rnn' | 'lstm' | 'gru'; x: number[]; h: number[]; c: number[]; weights: Record<string, W>; sequence: number[][] }
interface Result {
  kind: string;
  device: string;
  inputSize: number;
  hiddenSize: number;
  gates: { name: string; wx: number[]; wh: number[]; pre: number[]; value: number[] }[];
  h: number[];
  c: number[] | null;
  agreement: number;
  unrolled: { h: number[][]; c: number[][] | null };
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));
const mv = (m: number[][], v: number[]): number[] => m.map((r) => r.reduce((s, w, j) => s + w * v[j], 0));
const zip = (a: number[], b: number[], f: (p: number, q: number) => number): number[] => a.map((v, k) => f(v, b[k]));

/** One step in float64, straight from the equations (vectors: W as [H][I]). */
function step(inp: Input, x: number[], h: number[], c: number[]): { gates: Record<string, number[]>; h: number[]; c: number[] } {
  const a = (g: string): number[] => {
    const w = inp.weights[g];
    return mv(w.wx, x).map((v, k) => v + w.bx[k] + mv(w.wh, h)[k] + w.bh[k]);
  };
  switch (inp.kind) {
    case 'rnn': {
      const hn = a('h').map(Math.tanh);
      return { gates: { h: hn }, h: hn, c };
    }
    case 'lstm': {
      const [i, f, g, o] = [a('i').map(sig), a('f').map(sig), a('g').map(Math.tanh), a('o').map(sig)];
      const cn = f.map((fk, k) => fk * c[k] + i[k] * g[k]);
      return { gates: { i, f, g, o }, h: zip(o, cn, (ok, ck) => ok * Math.tanh(ck)), c: cn };
    }
    case 'gru': {
      const [r, z] = [a('r').map(sig), a('z').map(sig)];
      const w = inp.weights.n;
      const hn = mv(w.wh, h);
      const n = mv(w.wx, x).map((v, k) => Math.tanh(v + w.bx[k] + r[k] * (hn[k] + w.bh[k])));
      return { gates: { r, z, n }, h: n.map((nk, k) => (1 - z[k]) * nk + z[k] * h[k]), c };
    }
  }
}

const close = (got: number[], want: number[], digits: number, what: string): void => {
  expect(got.length, what).toBe(want.length);
  got.forEach((v, k) => expect(v, `${what}[${k}]`).toBeCloseTo(want[k], digits));
};

function checkAgainstReference(inp: Input, r: Result, tol: number): void {
  expect(r.kind).toBe(inp.kind);
  expect([r.inputSize, r.hiddenSize]).toEqual([inp.x.length, inp.h.length]);
  const ref = step(inp, inp.x, inp.h, inp.c);
  for (const g of r.gates) close(g.value, ref.gates[g.name], tol, `gate ${g.name}`);
  for (const g of r.gates) close(g.wx, mv(inp.weights[g.name].wx, inp.x), tol, `W_${g.name}x x`);
  close(r.h, ref.h, tol, 'h');
  if (inp.kind === 'lstm') close(r.c!, ref.c, tol, 'c');
  expect(r.agreement).toBeLessThan(1e-5);
  let [h, c] = [inp.h, inp.c];
  inp.sequence.forEach((x, t) => {
    ({ h, c } = step(inp, x, h, c));
    close(r.unrolled.h[t], h, tol, `h at t=${t}`);
    if (r.unrolled.c) close(r.unrolled.c[t], c, tol, `c at t=${t}`);
  });
}

/** Waits until the demo has published a result that satisfies `pred` (after `after` changes). */
async function nextResult(page: Page, after: number, kind?: string): Promise<{ result: Result; input: Input }> {
  await page
    .waitForFunction(
    (n, k) => {
      const s = (window as { seqgpuDemo?: { changes: number; result: { kind: string } | null } }).seqgpuDemo;
      return !!s && s.changes > n && !!s.result && (!k || s.result.kind === k);
    },
    { timeout: 60_000, polling: 50 },
    after,
    kind ?? '',
    )
    .catch(async (e: unknown) => {
      const st = await demoState<{ error: string | null; changes: number }>(page);
      throw new Error(`no ${kind ?? ''} result after change ${after}: ${String(e)}; demo error: ${st.error}; changes ${st.changes}`);
    });
  const result = (await demoState<{ result: Result }>(page)).result;
  const input = await page.$eval('#explainer', (el) => JSON.parse(JSON.stringify((el as HTMLElement & { input: unknown }).input)) as Input);
  return { result, input };
}

const changes = async (page: Page): Promise<number> => (await demoState<{ changes: number }>(page)).changes;

describe.skipIf(!hasBrowser)('cell explainer demo', () => {
  it('on the CPU: LSTM, then GRU via the switch, then a slider move; numbers match the equations', async () => {
    const p = await openPage('/demos/cell-explainer/?device=cpu');
    try {
      const first = await nextResult(p.page, 0, 'lstm');
      expect(first.result.device).toBe('cpu');
      checkAgainstReference(first.input, first.result, 6);
      await p.screenshot('cell-explainer-lstm');

      let n = await changes(p.page);
      await p.page.$eval('#explainer', (el) => (el.shadowRoot!.querySelector('button[data-cell="gru"]') as HTMLButtonElement).click());
      const gru = await nextResult(p.page, n, 'gru');
      checkAgainstReference(gru.input, gru.result, 6);

      n = await changes(p.page);
      await p.page.$eval('#explainer', (el) => {
        const s = el.shadowRoot!.querySelector('input[name="n.wh"]') as HTMLInputElement;
        s.value = '-2.5';
        s.dispatchEvent(new Event('input', { bubbles: true }));
      });
      const moved = await nextResult(p.page, n, 'gru');
      expect(moved.input.weights.n.wh).toEqual([[-2.5]]);
      checkAgainstReference(moved.input, moved.result, 6);
      const shown = await p.page.$eval('#explainer', (el) => el.shadowRoot!.querySelector('[data-gate="n"] .gval')!.textContent);
      expect(Number(shown)).toBeCloseTo(moved.result.gates.find((g) => g.name === 'n')!.value[0], 3);
      await p.screenshot('cell-explainer-gru');
      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('vector cells: the lecture presets with their slips flagged, entry-by-entry products, resizing to 4', async () => {
    const p = await openPage('/demos/cell-explainer/?device=cpu');
    const pick = async (label: string): Promise<void> => {
      await p.page.$eval(
        '#explainer',
        (el, l) => {
          const sel = el.shadowRoot!.querySelector('select[name="preset"]') as HTMLSelectElement;
          const opt = [...sel.options].find((o) => o.textContent === l)!;
          sel.value = opt.value;
          sel.dispatchEvent(new Event('change', { bubbles: true }));
        },
        label,
      );
    };
    const slips = (): Promise<{ at: string; ok: boolean; text: string }[]> =>
      p.page.$eval('#explainer', (el) => [...el.shadowRoot!.querySelectorAll('.slip')].map((e) => ({ at: (e as HTMLElement).dataset.at!, ok: e.classList.contains('ok'), text: e.textContent ?? '' })));
    try {
      await nextResult(p.page, 0, 'lstm');
      // The lecture's RNN step: input 3, hidden 2; its W_xh x_0 prints 0.88 where 0.98 is right.
      let n = await changes(p.page);
      await pick('Lecture: RNN step (input 3, hidden 2)');
      const rnn = await nextResult(p.page, n, 'rnn');
      checkAgainstReference(rnn.input, rnn.result, 6);
      close(rnn.result.gates[0].wx, [0.68, 0.98], 6, 'W_xh x_0');
      let flags = await slips();
      console.log(`lecture RNN slips: ${JSON.stringify(flags.map((f) => [f.at, f.ok]))}`);
      expect(flags.find((f) => f.at === 'Wx:h')!.ok).toBe(false);
      expect(flags.find((f) => f.at === 'Wx:h')!.text).toMatch(/0\.98, not 0\.88/);
      expect(flags.find((f) => f.at === 'seq:h:2')!.ok).toBe(false);
      // Entry by entry: each row of W_x x and W_h h with its terms.
      await p.page.$eval('#explainer', (el) => (el.shadowRoot!.querySelector('.expand-btn') as HTMLButtonElement).click());
      await p.page.waitForFunction(() => document.querySelector('#explainer')!.shadowRoot!.querySelectorAll('.expand .mono').length === 4, { timeout: 10_000 });
      const rows = await p.page.$eval('#explainer', (el) => [...el.shadowRoot!.querySelectorAll('.expand .mono')].map((e) => e.textContent ?? ''));
      expect(rows[1]).toMatch(/0\.30·1\.00 \+ 0\.40·0\.50 \+ 0\.60·0\.80 = 0\.980/);
      await p.screenshot('cell-explainer-lecture-rnn');

      // The LSTM example: gates as printed, C_t's third entry is a rounding slip.
      n = await changes(p.page);
      await pick('Lecture: LSTM step (3-D, gates as printed)');
      const lstm = await nextResult(p.page, n, 'lstm');
      checkAgainstReference(lstm.input, lstm.result, 6);
      flags = await slips();
      expect(flags.filter((f) => f.at.startsWith('gate:')).every((f) => f.ok)).toBe(true);
      expect(flags.find((f) => f.at === 'c')!.ok).toBe(false);
      await p.screenshot('cell-explainer-lecture-lstm');

      // Resize to input 2, hidden 4 via the grid view's size menus, edit one matrix entry.
      n = await changes(p.page);
      await p.page.$eval('#explainer', (el) => {
        const sel = el.shadowRoot!.querySelector('select[name="hidden-size"]') as HTMLSelectElement;
        sel.value = '4';
        sel.dispatchEvent(new Event('change', { bubbles: true }));
      });
      const big = await nextResult(p.page, n, 'lstm');
      expect(big.result.hiddenSize).toBe(4);
      n = await changes(p.page);
      await p.page.$eval('#explainer', (el) => {
        const inp = el.shadowRoot!.querySelector('input[name="f.wh.3.1"]') as HTMLInputElement;
        inp.value = '1.5';
        inp.dispatchEvent(new Event('change', { bubbles: true }));
      });
      const edited = await nextResult(p.page, n, 'lstm');
      expect(edited.input.weights.f.wh[3][1]).toBe(1.5);
      checkAgainstReference(edited.input, edited.result, 6);
      expect(await slips()).toEqual([]); // an edited setting is no longer the lecture's
      await p.screenshot('cell-explainer-lstm-4');
      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('on WebGPU: the RNN cell, gate by gate and fused, matches the equations', async () => {
    const p = await openPage('/demos/cell-explainer/?cell=rnn');
    try {
      await p.page.waitForFunction(() => (window as { seqgpuDemo?: { result: { device: string } | null } }).seqgpuDemo?.result?.device === 'webgpu', {
        timeout: 90_000,
        polling: 100,
      });
      const r = await nextResult(p.page, 0, 'rnn');
      expect(r.result.device).toBe('webgpu');
      checkAgainstReference(r.input, r.result, 5);
      await p.screenshot('cell-explainer-rnn-webgpu');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
