// The forecasting demo: LSTM and GRU train a bounded number of steps (CPU: Nile and sunspots; WebGPU: Nile) and
// their losses fall; the classical baselines (fitted in a Web Worker) and both networks land in the error table
// with finite errors; the networks' forecasts come from their best-validation checkpoints; the forecast chart
// holds five models and prints years without a thousands separator; early stopping ends a run whose validation
// loss stops improving; <gate-trace> follows the live LSTM (and, on a click, the GRU) over the last training years.
// Screenshots: forecasting-*.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';

interface State {
  status: string;
  device: string;
  step: number;
  total: number;
  modelLosses: Record<'LSTM' | 'GRU', number[]>;
  modelEvals: Record<'LSTM' | 'GRU', [number, number][]>;
  best: Record<'LSTM' | 'GRU', { step: number; loss: number } | null>;
  table: { name: string; kind: string; mae: number | null; rmse: number | null; checkpoint?: number | null }[];
  baselinesInWorker: boolean;
  trace: { cell: 'LSTM' | 'GRU'; step: number | null; years: number; agreement: number | null };
  stopped: string | null;
  error: string | null;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(!hasBrowser)('forecasting demo', () => {
  // SwiftShader runs the recurrent kernels slowly: the WebGPU run is short, the CPU ones longer.
  for (const [series, device, steps] of [['nile', 'cpu', 80], ['sunspots', 'cpu', 80], ['nile', 'webgpu', 12]] as const) {
    it(`${series} on ${device}: ${steps} steps, the losses fall, every model is scored`, async () => {
      const every = Math.min(40, steps);
      const p = await openPage(`/demos/forecasting/?series=${series}&device=${device}&steps=${steps}&every=${every}&autostart=1`);
      try {
        await p.page.waitForFunction(() => ['done', 'error'].includes((window as { seqgpuDemo?: { status: string } }).seqgpuDemo?.status ?? ''), {
          timeout: device === 'webgpu' ? 230_000 : 110_000,
          polling: 200,
        });
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.device).toBe(device);
        expect(s.step).toBe(steps);
        for (const c of ['LSTM', 'GRU'] as const) {
          const l = s.modelLosses[c];
          expect(l).toHaveLength(steps);
          const [first, last] = [mean(l.slice(0, 3)), mean(l.slice(-4))];
          console.log(`${series}/${device} ${c}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}; validation ${s.modelEvals[c].map(([, v]) => v.toFixed(3)).join(', ')}; checkpoint ${JSON.stringify(s.best[c])}`);
          // The Nile is mostly noise around a level shift (the mean predictor's MSE is ~1 and little is learnable),
          // sunspots have an 11-year cycle to learn; a 12-step WebGPU run only has to start descending.
          expect(last).toBeLessThan(first * (device === 'webgpu' ? 0.95 : series === 'nile' ? 0.8 : 0.5));
          // Step 0 and every `every` steps; the checkpoint is the evaluation with the lowest validation loss.
          const evals = s.modelEvals[c];
          expect(evals[0][0]).toBe(0);
          expect(evals.length).toBeGreaterThanOrEqual(2);
          const lowest = evals.reduce((a, b) => (b[1] < a[1] ? b : a));
          expect(s.best[c]).toEqual({ step: lowest[0], loss: lowest[1] });
          expect(s.table.find((r) => r.name === c)?.checkpoint).toBe(lowest[0]);
        }
        expect(s.baselinesInWorker).toBe(true);
        expect(s.table.map((r) => r.name)).toHaveLength(5);
        for (const r of s.table) {
          expect(Number.isFinite(r.mae), `${r.name} MAE`).toBe(true);
          expect(Number.isFinite(r.rmse), `${r.name} RMSE`).toBe(true);
        }
        console.log(`${series}/${device} errors: ${s.table.map((r) => `${r.name} ${r.mae!.toFixed(1)}`).join(' · ')}`);
        const fc = await p.page.$eval('#forecast', (el) => {
          const f = el as HTMLElement & { forecasts: unknown[]; resolvedXType: string; formatX(v: number): string; summary(): string };
          return { lines: f.forecasts.length, type: f.resolvedXType, x: f.formatX(1880), summary: f.summary() };
        });
        expect(fc.lines).toBe(5);
        expect(fc.type).toBe('year');
        expect(fc.x).toBe('1880');
        expect(fc.summary).not.toMatch(/\d,\d{3}/);
        // <gate-trace> on the live LSTM at the last evaluation: h, c and four gates for 8 units per traced year,
        // traced by the element's ops and agreeing with the module's own forward.
        expect(s.trace.cell).toBe('LSTM');
        expect(s.trace.step).toBe(steps);
        expect(s.trace.years).toBe(30);
        expect(s.trace.agreement!).toBeLessThan(1e-4);
        const cells = await p.page.$eval('#trace', (el) => el.shadowRoot!.querySelectorAll('.grid .c').length);
        expect(cells).toBe(6 * 8 * 30);
        if (device === 'cpu' && series === 'nile') {
          await p.page.click('[data-trace="GRU"]');
          await p.page.waitForFunction(() => {
            const t = (window as { seqgpuDemo?: { trace?: { cell: string } } }).seqgpuDemo?.trace;
            return t?.cell === 'GRU' && document.querySelector('#trace')!.shadowRoot!.querySelectorAll('.grid .c').length === 4 * 8 * 30;
          }, { timeout: 30_000, polling: 200 });
        }
        const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(overflow).toBe(false);
        await p.screenshot(`forecasting-${series}-${device}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
  it('early stopping: a run whose validation stops improving ends before its budget, with the best checkpoints', async () => {
    // patience 2 at every 10 steps: stop once neither network has improved for 20 steps.
    const p = await openPage('/demos/forecasting/?series=nile&device=cpu&steps=400&every=10&patience=2&autostart=1');
    try {
      await p.page.waitForFunction(() => ['done', 'error'].includes((window as { seqgpuDemo?: { status: string } }).seqgpuDemo?.status ?? ''), {
        timeout: 110_000,
        polling: 200,
      });
      const s = await demoState<State>(p.page);
      expect(s.error).toBeNull();
      console.log(`early stopping: ${s.stopped}; step ${s.step}; table ${s.table.map((r) => `${r.name} ${r.mae?.toFixed(1)}`).join(' · ')}`);
      expect(s.stopped).toMatch(/validation has not improved for \d+ steps/);
      expect(s.step).toBeLessThan(400);
      expect(s.total).toBe(s.step);
      const lastBest = Math.max(s.best.LSTM!.step, s.best.GRU!.step);
      expect(s.step - lastBest).toBeGreaterThanOrEqual(20);
      expect(await p.page.$eval('#status', (el) => el.textContent)).toMatch(/^stopped: validation/);
      await p.screenshot('forecasting-early-stopping');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
