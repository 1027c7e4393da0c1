// The MLP regression demo (on the shared TrainControls): trains a bounded number of steps on WebGPU and on the
// CPU, the loss falls, the validation loss is measured, pause stops the loop. Screenshots: mlp-regression-webgpu.png, -cpu.png.
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { demoState, hasBrowser, openPage } from './open-page.ts';

interface State {
  status: string;
  device: string;
  step: number;
  total: number;
  losses: number[];
  evals: [number, number][];
  error: string | null;
}

const waitStatus = (page: Page, statuses: string[], timeout = 100_000): Promise<unknown> =>
  page.waitForFunction((s) => s.includes((window as { seqgpuDemo?: { status: string } }).seqgpuDemo?.status ?? ''), { timeout, polling: 100 }, statuses);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(!hasBrowser)('MLP regression demo', () => {
  // SwiftShader runs ~1 step/s of this MLP (its ~40 dispatches dominate), so the WebGPU run is kept short.
  for (const [device, steps] of [['webgpu', 30], ['cpu', 60]] as const) {
    it(`trains ${steps} steps on ${device} and the loss falls`, async () => {
      const p = await openPage(`/demos/mlp-regression/?device=${device}&steps=${steps}&autostart=1`);
      try {
        await waitStatus(p.page, ['done', 'error']);
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.device).toBe(device);
        expect(s.step).toBe(steps);
        expect(s.losses).toHaveLength(steps);
        expect(s.losses.every(Number.isFinite)).toBe(true);
        const first = mean(s.losses.slice(0, 3));
        const last = mean(s.losses.slice(-5));
        console.log(`mlp-regression on ${device}: loss ${first.toFixed(4)} -> ${last.toFixed(4)}; val ${s.evals.map(([, v]) => v.toFixed(4)).join(', ')}`);
        expect(last).toBeLessThan(0.6 * first);
        // Validation: the untrained model's loss at step 0, then every 25 steps and at the end.
        expect(s.evals[0][0]).toBe(0);
        expect(s.evals.length).toBeGreaterThanOrEqual(3);
        expect(s.evals[s.evals.length - 1][1]).toBeLessThan(0.5 * s.evals[0][1]);
        // The loss chart holds the points and drew them on a canvas.
        const chart = await p.page.$eval('#chart', (el) => {
          const c = el as HTMLElement & { points: { steps: number[] } };
          return { n: c.points.steps.length, canvas: !!el.shadowRoot!.querySelector('canvas') };
        });
        expect(chart).toEqual({ n: steps + 1, canvas: true }); // step 0 holds the initial validation loss
        // The page's own readouts, moved into the shared stats line: dispatches per step, the latest validation loss.
        const stats = await p.page.$eval('#controls .stats', (el) => ({
          dispatches: Number(el.querySelector('#dispatches')!.textContent),
          val: Number(el.querySelector('#val')!.textContent),
          lrInToolbar: !!el.parentElement!.querySelector('.toolbar #lr'),
        }));
        expect(stats.dispatches).toBeGreaterThan(device === 'cpu' ? -1 : 5);
        expect(stats.val).toBeCloseTo(s.evals[s.evals.length - 1][1], 4);
        expect(stats.lrInToolbar).toBe(true);
        const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(overflow).toBe(false);
        await p.screenshot(`mlp-regression-${device}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }

  it('pause stops the loop and resume continues it', async () => {
    const p = await openPage('/demos/mlp-regression/?device=cpu&steps=100000');
    try {
      await waitStatus(p.page, ['ready']);
      await p.page.click('#start');
      await p.page.waitForFunction(() => ((window as { seqgpuDemo?: { step: number } }).seqgpuDemo?.step ?? 0) >= 5, { timeout: 30_000 });
      await p.page.click('#start'); // Pause
      await waitStatus(p.page, ['paused']);
      const at = (await demoState<State>(p.page)).step;
      await new Promise((r) => setTimeout(r, 300));
      const after = (await demoState<State>(p.page)).step;
      expect(after - at).toBeLessThanOrEqual(1); // at most the step whose read-back was in flight
      await p.page.click('#start'); // Resume
      await p.page.waitForFunction((n) => ((window as { seqgpuDemo?: { step: number } }).seqgpuDemo?.step ?? 0) > n + 3, { timeout: 30_000 }, after);
      await p.page.click('#reset');
      await waitStatus(p.page, ['ready']);
      expect((await demoState<State>(p.page)).step).toBe(0);
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
