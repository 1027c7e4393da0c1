// The worked-examples page: every lecture example recomputed by seqgpu on the CPU and on WebGPU; the known slips
// are flagged with the right numbers (checked here against plain float64 arithmetic), no console errors.
// Screenshots: worked-examples-<device>.png.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';
import { waitStatus } from './train-demo.ts';

interface Check {
  what: string;
  lecture: number[] | null;
  seqgpu: number[];
  ok: boolean | null;
}
interface State {
  status: string;
  device: string;
  error: string | null;
  examples: { id: string; checks: Check[] }[];
}

const tanh = Math.tanh;

describe.skipIf(!hasBrowser)('worked examples demo', () => {
  for (const device of ['cpu', 'webgpu'] as const) {
    it(`recomputes the lecture's examples on ${device} and flags the slips`, async () => {
      const p = await openPage(`/demos/worked-examples/?device=${device}`, { height: 900 });
      try {
        await waitStatus(p.page, ['done', 'error'], 60_000);
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.device).toBe(device);
        const get = (id: string, what: string): Check => {
          const c = s.examples.find((e) => e.id === id)!.checks.find((x) => x.what.startsWith(what));
          if (!c) throw new Error(`no check ${id}/${what}`);
          return c;
        };
        const close = (got: number[], want: number[], digits = 4): void => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));
        // RNN: x^T W_xh = [0.68, 0.98]; h1 = tanh of it; h2 = tanh(W_hh h1 + [0.81, 1.14]).
        const h1 = [tanh(0.68), tanh(0.98)];
        close(get('rnn', 'W_xh x_0').seqgpu, [0.68, 0.98]);
        close(get('rnn', 'h_1').seqgpu, h1);
        close(get('rnn', 'h_2').seqgpu, [tanh(0.7 * h1[0] + 0.2 * h1[1] + 0.81), tanh(0.3 * h1[0] + 0.8 * h1[1] + 1.14)]);
        expect(get('rnn', 'W_xh x_0').ok).toBe(false);
        expect(get('rnn', 'W_xh x_1').ok).toBe(false);
        // LSTM: C_t = f*C + i*g.
        close(get('lstm', 'C_t').seqgpu, [0.65 * 0.6 + 0.53 * 0.32, 0.42 * -0.2 + 0.71 * -0.54, 0.78 * 0.3 + 0.48 * 0.67]);
        expect(get('lstm', 'C_t').ok).toBe(false); // 0.5556 is 0.56, not 0.55
        // Conv: 101.6, 103.1, 104.8.
        close(get('conv', 'outputs').seqgpu, [101.6, 103.1, 104.8], 3);
        expect(get('conv', 'outputs').ok).toBe(false);
        // Moving averages agree; trends: slope 33/7, intercept 96; 10..20: intercept 7.3.
        expect(get('sma', 'MA_3 at t = 3').ok).toBe(true);
        expect(get('trend6', 'centred MA').ok).toBe(true);
        close(get('trend6', 'slope').seqgpu, [33 / 7], 6);
        close(get('trend6', 'intercept').seqgpu, [96], 6);
        close(get('trend6', 'forecasts').seqgpu, [96 + 33, 96 + (33 / 7) * 8, 96 + (33 / 7) * 9, 96 + (33 / 7) * 10], 6);
        close(get('trend5', 'intercept').seqgpu, [7.3], 6);
        expect(get('trend5', 'slope').ok).toBe(true);
        expect(get('trend5', 'intercept').ok).toBe(false);
        // Beam search: ABB (-2.120) then AAB (-2.302); the lecture's numbers agree (its wording does not).
        close(get('beam', 'log P(ABB)').seqgpu, [Math.log(0.5 * 0.4 * 0.6)]);
        close(get('beam', 'log P(AAB)').seqgpu, [Math.log(0.5 * 0.4 * 0.5)]);
        expect(s.examples.find((e) => e.id === 'beam')!.checks.map((c) => c.ok)).toEqual([true, true, true, false]); // -2.3026 printed as -2.302
        // CTC: P("A") = 0.85, loss 0.1625.
        close(get('ctc', 'P("A")').seqgpu, [0.85]);
        close(get('ctc', 'CTC loss').seqgpu, [-Math.log(0.85)]);
        expect(get('ctc', 'CTC loss').ok).toBe(false);
        // Seq2seq encoder: W x_1 = [0.55, 0.55, 0.77].
        close(get('seq2seq', 'W x_1').seqgpu, [0.55, 0.55, 0.77]);
        // The page: one card per example, the lattice and the beam tree drawn.
        const view = await p.page.evaluate(async () => {
          const lattice = document.querySelector('ctc-lattice') as HTMLElement & { computed: Promise<{ loss: number } | null> };
          const r = await lattice.computed;
          return {
            cards: document.querySelectorAll('section.example').length,
            slipRows: document.querySelectorAll('tr[data-ok="false"]').length,
            latticeLoss: r?.loss,
            treeNodes: document.querySelector('beam-search-tree')!.shadowRoot!.querySelectorAll('g.node').length,
            overflow: document.documentElement.scrollWidth > window.innerWidth,
          };
        });
        expect(view.cards).toBe(s.examples.length);
        expect(view.slipRows).toBe(s.examples.flatMap((e) => e.checks).filter((c) => c.ok === false).length);
        expect(view.latticeLoss).toBeCloseTo(-Math.log(0.85), 4);
        expect(view.treeNodes).toBeGreaterThan(8);
        expect(view.overflow).toBe(false);
        await p.screenshot(`worked-examples-${device}`);
        // Close-ups of three cards (the full page is tall).
        for (const id of ['rnn', 'beam', 'ctc']) {
          const card = await p.page.$(`#ex-${id}`);
          mkdirSync(`${process.cwd()}/test-artifacts/demos`, { recursive: true }); // absent in a fresh clone
          await card!.screenshot({ path: `${process.cwd()}/test-artifacts/demos/worked-examples-${device}-${id}.png` as `${string}.png` });
        }
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
});
