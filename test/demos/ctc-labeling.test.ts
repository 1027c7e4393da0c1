// The CTC demo: loads with no console errors, trains a bounded number of steps (?steps=N&every=K) on the CPU and
// on WebGPU, the CTC loss falls, accuracies and the lattice are computed. Screenshots: ctc-labeling-<device>.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';
import { mean, waitStatus } from './train-demo.ts';

interface State {
  status: string;
  device: string;
  step: number;
  losses: number[];
  evals: [number, number][];
  accuracy: { step: number; greedy: number; beam: number }[];
  error: string | null;
}

describe.skipIf(!hasBrowser)('CTC labelling demo', () => {
  // SwiftShader is slow (~0.1 GFLOP/s): a few WebGPU steps, more on the CPU backend.
  for (const [device, steps] of [['cpu', 60], ['webgpu', 6]] as const) {
    it(`trains ${steps} steps on ${device}; the loss falls and the lattice is drawn`, async () => {
      const p = await openPage(`/demos/ctc-labeling/?device=${device}&steps=${steps}&every=${steps}&autostart=1`);
      try {
        await waitStatus(p.page, ['done', 'error']);
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.device).toBe(device);
        expect(s.step).toBe(steps);
        expect(s.losses.every(Number.isFinite)).toBe(true);
        const first = mean(s.losses.slice(0, 2));
        const last = mean(s.losses.slice(-3));
        console.log(`ctc-labeling on ${device}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}; val ${s.evals.map(([, v]) => v.toFixed(3)).join(' -> ')}; acc ${JSON.stringify(s.accuracy)}; first losses ${s.losses.slice(0, 8).map((v) => v.toFixed(2)).join(" ")}`);
        expect(last).toBeLessThan(first);
        expect(s.evals).toHaveLength(2); // step 0 and the end
        expect(s.evals[1][1]).toBeLessThan(s.evals[0][1]);
        expect(s.accuracy).toHaveLength(2);
        // The lattice of example 1 is computed for the trained model (finite loss, T = 28 frames).
        const lat = await p.page.$eval('#lattice', async (el) => {
          const r = await (el as HTMLElement & { computed: Promise<{ loss: number; path: number[] } | null> }).computed;
          return r && { loss: r.loss, n: r.path.length };
        });
        expect(lat?.n).toBe(28);
        expect(Number.isFinite(lat?.loss)).toBe(true);
        await p.page.click('#next');
        await p.page.$eval('#lattice', (el) => (el as HTMLElement & { computed: Promise<unknown> }).computed);
        expect(await p.page.$eval('#ex-index', (e) => e.textContent)).toBe('2');
        const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(overflow).toBe(false);
        await p.screenshot(`ctc-labeling-${device}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
});
