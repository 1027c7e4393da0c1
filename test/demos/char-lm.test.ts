// The character-level LM demo: loads with no console errors, trains a bounded number of steps (?steps=N&every=N)
// on the CPU and on WebGPU, the loss falls, and greedy / sampled / beam continuations and the beam tree appear.
// The <gate-trace> panel traces the prompt through the live GRU and follows a unit picked from the keyboard.
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
  trace: { text: string; agreement: number | null };
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
        // <gate-trace> on the live GRU: prompt + greedy continuation, h and the three gates for 8 units.
        expect(s.trace.text.length).toBeGreaterThan(10);
        expect(s.trace.agreement).not.toBeNull();
        expect(s.trace.agreement!).toBeLessThan(1e-4);
        const cells = await p.page.$eval('#trace', (el) => el.shadowRoot!.querySelectorAll('.grid .c').length);
        expect(cells).toBe(4 * 8 * s.trace.text.length);
        // Keyboard path: focus the strips, move the cursor, follow the unit with Enter.
        await p.page.$eval('#trace', (el) => (el.shadowRoot!.querySelector('.scroll') as HTMLElement).focus());
        for (const k of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'Enter'] as const) await p.page.keyboard.press(k);
        const after = await p.page.$eval('#trace', (el) => ({
          readout: el.shadowRoot!.querySelector('.readout')!.textContent ?? '',
          follow: el.shadowRoot!.querySelector('.follow .sec')?.textContent ?? '',
          selected: (el as unknown as { selectedUnit: number | null }).selectedUnit,
        }));
        console.log(`gate-trace readout: ${after.readout}`);
        expect(after.readout).toMatch(/^t=2 .* unit 1: h=-?\d\.\d{3}  r=/);
        expect(after.selected).toBe(1);
        expect(after.follow).toMatch(/Following unit 1/);
        expect(await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
        await p.page.$eval('#trace', (el) => el.scrollIntoView());
        await p.screenshot(`char-lm-${device}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
});
