// The forecasting demo: LSTM and GRU train a bounded number of steps (CPU: Nile and sunspots; WebGPU: Nile) and
// their losses fall; the classical baselines and both networks land in the error table with finite errors; the
// forecast chart holds five models. Screenshots: forecasting-*.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';

interface State {
  status: string;
  device: string;
  step: number;
  losses: Record<'LSTM' | 'GRU', number[]>;
  val: Record<'LSTM' | 'GRU', [number, number][]>;
  table: { name: string; kind: string; mae: number | null; rmse: number | null }[];
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
          timeout: 110_000,
          polling: 200,
        });
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.device).toBe(device);
        expect(s.step).toBe(steps);
        for (const c of ['LSTM', 'GRU'] as const) {
          const l = s.losses[c];
          expect(l).toHaveLength(steps);
          const [first, last] = [mean(l.slice(0, 3)), mean(l.slice(-4))];
          console.log(`${series}/${device} ${c}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}; validation ${s.val[c].map(([, v]) => v.toFixed(3)).join(', ')}`);
          // The Nile is mostly noise around a level shift (the mean predictor's MSE is ~1 and little is learnable),
          // sunspots have an 11-year cycle to learn; a 12-step WebGPU run only has to start descending.
          expect(last).toBeLessThan(first * (device === 'webgpu' ? 0.95 : series === 'nile' ? 0.8 : 0.5));
          expect(s.val[c].length).toBeGreaterThanOrEqual(1);
        }
        expect(s.table.map((r) => r.name)).toHaveLength(5);
        for (const r of s.table) {
          expect(Number.isFinite(r.mae), `${r.name} MAE`).toBe(true);
          expect(Number.isFinite(r.rmse), `${r.name} RMSE`).toBe(true);
        }
        console.log(`${series}/${device} errors: ${s.table.map((r) => `${r.name} ${r.mae!.toFixed(1)}`).join(' · ')}`);
        const lines = await p.page.$eval('#forecast', (el) => (el as HTMLElement & { forecasts: unknown[] }).forecasts.length);
        expect(lines).toBe(5);
        const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(overflow).toBe(false);
        await p.screenshot(`forecasting-${series}-${device}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
});
