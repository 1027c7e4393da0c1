// The gradient-flow demo: loads with no console errors, measures ||dL/dh_t|| for RNN, LSTM and GRU, and trains each
// cell at a few T for the accuracy plot, on the CPU and (small) on WebGPU, and the exploding ReLU RNN with clipping.
// Screenshots: gradient-flow-<device>.png, gradient-flow-cpu-exploding.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';

interface State {
  status: string;
  device: string;
  norms: Record<string, number[]>;
  sweep: { T: number; acc: Record<string, number> }[];
  error: string | null;
}

describe.skipIf(!hasBrowser)('gradient-flow demo', () => {
  for (const [device, T, steps, sweep, extra] of [['cpu', 40, 40, '4,30', ''], ['webgpu', 8, 3, '4', ''], ['cpu', 30, 3, '4', '&init=relu3&clip=1']] as const) {
    it(`measures and sweeps on ${device} (T=${T}, ${steps} steps, sweep ${sweep}${extra})`, async () => {
      const p = await openPage(`/demos/gradient-flow/?device=${device}&T=${T}&steps=${steps}&sweep=${sweep}&autostart=1${extra}`);
      try {
        const n = sweep.split(',').length;
        await p.page.waitForFunction(
          (k) => {
            const s = (window as { seqgpuDemo?: State }).seqgpuDemo;
            return s?.status === 'error' || (s?.status === 'done' && s.sweep.length === k);
          },
          { timeout: 110_000, polling: 200 },
          n,
        );
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.device).toBe(device);
        for (const k of ['rnn', 'lstm', 'gru']) expect(s.norms[k]).toHaveLength(T);
        const keep = (g: number[]): number => g[0] / g[g.length - 1];
        console.log(`gradient-flow on ${device}: survival rnn ${keep(s.norms.rnn).toExponential(2)} lstm ${keep(s.norms.lstm).toExponential(2)} gru ${keep(s.norms.gru).toExponential(2)}; sweep ${JSON.stringify(s.sweep)}`);
        if (extra) expect(keep(s.norms.rnn)).toBeGreaterThan(10); // the exploding case: larger far from the read-out
        else if (device === 'cpu') expect(keep(s.norms.lstm)).toBeGreaterThan(keep(s.norms.rnn));
        const paths = await p.page.$$eval('#grad path', (els) => els.length);
        expect(paths).toBe(3);
        const bars = await p.page.$$eval('#acc rect', (els) => els.length);
        expect(bars).toBe(3 * n);
        await p.screenshot(`gradient-flow-${device}${extra ? '-exploding' : ''}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }
});
