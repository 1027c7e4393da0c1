// lib/gate-trace-math.ts (the numbers behind <gate-trace>), on the CPU reference: the step-by-step trace of an
// nn.LSTM / nn.GRU ends at the module's own h_T, gates lie in their activation's range, and the LSTM's c obeys
// c_t = f ⊙ c_{t-1} + i ⊙ g and h_t = o ⊙ tanh(c_t) at every step.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { traceGates } from '../../src/components/lib/gate-trace-math.ts';

describe('gate trace (CPU)', () => {
  for (const family of ['lstm', 'gru'] as const) {
    it(`${family}: matches the module's forward and the cell equations`, async () => {
      const device = await sg.init('cpu');
      const o = { device, generator: new sg.Generator(7) };
      const rnn = family === 'lstm' ? new sg.nn.LSTM(3, 5, o) : new sg.nn.GRU(3, 5, o);
      const x = sg.randn([9, 3], { device, generator: new sg.Generator(8) });
      try {
        const d = await traceGates(sg, rnn, x);
        expect(d.T).toBe(9);
        expect(d.H).toBe(5);
        expect(d.rows).toEqual(family === 'lstm' ? ['h', 'c', 'i', 'f', 'g', 'o'] : ['h', 'r', 'z', 'n']);
        expect(d.agreement).toBeLessThan(1e-6);
        for (const q of d.rows) {
          for (const row of d.values[q]) for (const v of row) expect(Math.abs(v)).toBeLessThanOrEqual(q === 'c' ? 10 : 1);
        }
        if (family === 'lstm') {
          const V = d.values;
          for (let t = 0; t < d.T; t++) {
            for (let u = 0; u < d.H; u++) {
              const cPrev = t === 0 ? 0 : V.c[t - 1][u];
              expect(V.c[t][u]).toBeCloseTo(V.f[t][u] * cPrev + V.i[t][u] * V.g[t][u], 5);
              expect(V.h[t][u]).toBeCloseTo(V.o[t][u] * Math.tanh(V.c[t][u]), 5);
            }
          }
        }
      } finally {
        x.dispose();
        for (const p of rnn.parameters()) p.dispose();
      }
    });
  }
});
