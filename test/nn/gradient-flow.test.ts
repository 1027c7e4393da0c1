// Gradient flow through time (src/components/lib/gradient-flow.ts): ||dL/dh_t|| from seqgpu's backward pass via
// zero probes on each h_t. CPU: on a fixed seed the
// vanilla RNN's gradient decays with distance from the read-out far more than the LSTM's; training the LSTM on a
// short recall task beats chance. WebGPU (headless Chromium): the same norms as the CPU reference within TOL.grad.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { DEFAULT_RECALL, RecallModel, recallBatch, type FlowCell, type RecallConfig } from '../../src/components/lib/gradient-flow.ts';
import { TOL } from '../../src/tolerances.ts';
import { hasBrowser, openRemote } from '../browser/remote.ts';

const CFG: RecallConfig = { ...DEFAULT_RECALL, T: 30, hidden: 8, batch: 8 };

async function measure(kind: FlowCell, cfg: RecallConfig): Promise<number[]> {
  const dev = await sg.init('cpu');
  const m = new RecallModel(sg, dev, kind, cfg);
  try {
    return (await m.step(false)).gradNorms;
  } finally {
    m.dispose();
  }
}

describe('gradient flow (CPU reference)', () => {
  it('RNN gradients decay with distance; the LSTM keeps more of its gradient', async () => {
    const rnn = await measure('rnn', CFG);
    const lstm = await measure('lstm', CFG);
    expect(rnn).toHaveLength(CFG.T);
    // Ratio of the gradient at the first step to the last (the read-out): how much survives T - 1 steps.
    const keep = (g: number[]): number => g[0] / g[g.length - 1];
    console.log(`survival over ${CFG.T} steps: rnn ${keep(rnn).toExponential(2)}, lstm ${keep(lstm).toExponential(2)}`);
    expect(rnn[0]).toBeLessThan(rnn[rnn.length - 1] * 1e-3);
    for (let t = 5; t < CFG.T; t += 5) expect(rnn[t - 5]).toBeLessThan(rnn[t]);
    expect(keep(lstm)).toBeGreaterThan(keep(rnn) * 100);
  });

  it('a ReLU RNN with recurrent spectral scale 3 explodes; clipping bounds the applied gradient', async () => {
    const dev = await sg.init('cpu');
    const m = new RecallModel(sg, dev, 'rnn', { ...CFG, T: 20, recurrentScale: 3, rnnNonlinearity: 'relu', clip: 1 });
    try {
      const s = await m.step();
      console.log(`exploding rnn: ||dL/dh_1|| / ||dL/dh_T|| = ${(s.gradNorms[0] / s.gradNorms[19]).toExponential(2)}, ||grad theta|| before clipping ${s.paramGradNorm.toExponential(2)}`);
      expect(s.gradNorms[0]).toBeGreaterThan(s.gradNorms[19] * 10);
      expect(s.paramGradNorm).toBeGreaterThan(1);
      let sq = 0;
      for (const p of m.parameters()) for (const v of await p.grad!.data()) sq += v * v;
      expect(Math.sqrt(sq)).toBeLessThanOrEqual(1 + 1e-4);
    } finally {
      m.dispose();
    }
  });

  it('an LSTM learns to recall over a short distance', async () => {
    const dev = await sg.init('cpu');
    const m = new RecallModel(sg, dev, 'lstm', { ...CFG, T: 5, lr: 0.03 });
    try {
      let acc = 0;
      for (let i = 0; i < 60; i++) acc = (await m.step()).accuracy;
      const evalAcc = (await m.step(false)).accuracy;
      console.log(`lstm recall T=5 after 60 steps: train acc ${acc}, eval ${evalAcc}`);
      expect(evalAcc).toBeGreaterThan(0.5);
    } finally {
      m.dispose();
    }
  });
});

describe.skipIf(!hasBrowser)('gradient flow on WebGPU vs the CPU reference', () => {
  it('||dL/dh_t|| agree within TOL.grad for RNN, LSTM and GRU', async () => {
    const remote = (await openRemote())!;
    try {
      for (const kind of ['rnn', 'lstm', 'gru'] as const) {
        const cfg = { ...CFG, T: 12 };
        const got: number[] = await remote.evaluate(
          async (s, a) => {
            const lib = (await import('/src/components/lib/gradient-flow.ts' as string)) as typeof import('../../src/components/lib/gradient-flow.ts');
            const dev = await s.init('webgpu');
            const m = new lib.RecallModel(s, dev, a.kind, a.cfg);
            try {
              return (await m.step(false)).gradNorms;
            } finally {
              m.dispose();
            }
          },
          { kind, cfg },
        );
        const ref = await measure(kind, cfg);
        // The norms are small (the loss is a batch mean), so TOL.grad's atol alone would pass nearly anything:
        // compare them scaled by the largest reference norm, where atol means something.
        const scale = Math.max(...ref);
        const bad = ref.map((r, i) => Math.abs(got[i] / scale - r / scale) - (TOL.grad.atol + TOL.grad.rtol * Math.abs(r / scale)));
        console.log(`${kind}: max excess ${Math.max(...bad).toExponential(2)}; gpu ${got.slice(0, 3).map((v) => v.toExponential(3))} cpu ${ref.slice(0, 3).map((v) => v.toExponential(3))}`);
        expect(bad.every((b) => b <= 0)).toBe(true);
      }
    } finally {
      await remote.close();
    }
  });
});
