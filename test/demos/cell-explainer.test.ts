// The cell explainer demo (<seq-explainer>): its numbers against an independent float64 reference written here
// from the equations (PyTorch's gate order and GRU reset-after form), on the CPU and on WebGPU; switching the cell
// and moving a slider recompute; the fused-kernel check agrees. Screenshots: cell-explainer-*.png.
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { demoState, hasBrowser, openPage } from './open-page.ts';

type W = { wx: number; wh: number; bx: number; bh: number };
interface Input { kind: 'rnn' | 'lstm' | 'gru'; x: number; h: number; c: number; weights: Record<string, W>; sequence: number[] }
interface Result {
  kind: string;
  device: string;
  gates: { name: string; pre: number; value: number }[];
  h: number;
  c: number | null;
  agreement: number;
  unrolled: { h: number[]; c: number[] | null };
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

/** One step in float64, straight from the equations. */
function step(inp: Input, x: number, h: number, c: number): { gates: Record<string, number>; h: number; c: number } {
  const a = (g: string): number => inp.weights[g].wx * x + inp.weights[g].bx + inp.weights[g].wh * h + inp.weights[g].bh;
  switch (inp.kind) {
    case 'rnn': {
      const hn = Math.tanh(a('h'));
      return { gates: { h: hn }, h: hn, c: 0 };
    }
    case 'lstm': {
      const [i, f, g, o] = [sig(a('i')), sig(a('f')), Math.tanh(a('g')), sig(a('o'))];
      const cn = f * c + i * g;
      return { gates: { i, f, g, o }, h: o * Math.tanh(cn), c: cn };
    }
    case 'gru': {
      const [r, z] = [sig(a('r')), sig(a('z'))];
      const w = inp.weights.n;
      const n = Math.tanh(w.wx * x + w.bx + r * (w.wh * h + w.bh));
      return { gates: { r, z, n }, h: (1 - z) * n + z * h, c: 0 };
    }
  }
}

function checkAgainstReference(inp: Input, r: Result, tol: number): void {
  expect(r.kind).toBe(inp.kind);
  const ref = step(inp, inp.x, inp.h, inp.c);
  for (const g of r.gates) expect(g.value, `gate ${g.name}`).toBeCloseTo(ref.gates[g.name], tol);
  expect(r.h).toBeCloseTo(ref.h, tol);
  if (inp.kind === 'lstm') expect(r.c!).toBeCloseTo(ref.c, tol);
  expect(r.agreement).toBeLessThan(1e-5);
  let [h, c] = [inp.h, inp.c];
  inp.sequence.forEach((x, t) => {
    ({ h, c } = step(inp, x, h, c));
    expect(r.unrolled.h[t], `h at t=${t}`).toBeCloseTo(h, tol);
    if (r.unrolled.c) expect(r.unrolled.c[t], `c at t=${t}`).toBeCloseTo(c, tol);
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
      expect(moved.input.weights.n.wh).toBe(-2.5);
      checkAgainstReference(moved.input, moved.result, 6);
      const shown = await p.page.$eval('#explainer', (el) => el.shadowRoot!.querySelector('[data-gate="n"] .gval')!.textContent);
      expect(Number(shown)).toBeCloseTo(moved.result.gates.find((g) => g.name === 'n')!.value, 3);
      await p.screenshot('cell-explainer-gru');
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
