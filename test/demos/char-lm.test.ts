// The character-level LM demo: loads with no console errors, trains a bounded number of steps (?steps=N&every=N)
// on the CPU and on WebGPU, the loss falls, and greedy / sampled / beam continuations and the beam tree appear.
// Screenshots: char-lm-<device>.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';
import { mean, waitStatus } from './train-demo.ts';

interface State {
  status: string;
  device: string;
  step: number;
  losses: number[];
  evals: [number, number][];
  samples: { step: number; greedy: string; sample: string; beam: string }[];
  error: string | null;
}

describe.skipIf(!hasBrowser)('character-level LM demo', () => {
  // SwiftShader: a handful of WebGPU steps and short samples; more steps on the CPU backend.
  for (const [device, steps, len] of [['cpu', 50, 100], ['webgpu', 5, 24]] as const) {
    it(`trains ${steps} steps on ${device}; the loss falls and it decodes three ways`, async () => {
      const p = await openPage(`/demos/char-lm/?device=${device}&steps=${steps}&every=${steps}&len=${len}&autostart=1`);
      try {
        await waitStatus(p.page, ['done', 'error']);
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.device).toBe(device);
        expect(s.step).toBe(steps);
        const first = mean(s.losses.slice(0, 2));
        const last = mean(s.losses.slice(-3));
        console.log(`char-lm on ${device}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}; val ${s.evals.map(([, v]) => v.toFixed(3)).join(' -> ')}; samples ${JSON.stringify(s.samples[s.samples.length - 1])}`);
        expect(last).toBeLessThan(first);
        expect(s.evals[1][1]).toBeLessThan(s.evals[0][1]);
        expect(s.samples).toHaveLength(2);
        const out = s.samples[1];
        expect(out.greedy).toHaveLength(len);
        expect(out.sample).toHaveLength(len);
        expect(out.beam.length).toBeGreaterThan(0);
        const tree = await p.page.$eval('#tree', (el) => el.shadowRoot!.querySelectorAll('g.node').length);
        expect(tree).toBeGreaterThan(10);
        const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(overflow).toBe(false);
        await p.screenshot(`char-lm-${device}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
});
