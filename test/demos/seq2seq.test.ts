// The seq2seq demo: both date converters (teacher forcing, scheduled sampling) train a bounded number of steps and
// their losses fall; accuracy is measured; the decode panel shows greedy and beam outputs, the attention map (one
// row per generated token, rows summing to 1) and the beam tree. The loop is the shared TrainControls.
// Screenshots: seq2seq-*.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';

interface State {
  status: string;
  device: string;
  step: number;
  modelLosses: Record<string, number[]>;
  modelEvals: Record<string, [number, number][]>;
  accuracy: Record<string, [number, number][]>;
  decoded: { input: string; expected: string; greedy: string; beams: { text: string; logProb: number }[]; attentionRows: number; treeNodes: number } | null;
  error: string | null;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(!hasBrowser)('seq2seq demo', () => {
  // CPU only: on SwiftShader, 4 steps of both models plus the accuracy pass and the beam search outlast the test
  // budget (the engine's own seq2seq WebGPU tests check the GPU path against the CPU).
  for (const [device, steps] of [['cpu', 60]] as const) {
    it(`${device}: ${steps} steps, losses fall, decode panel filled`, async () => {
      const p = await openPage(`/demos/seq2seq/?device=${device}&steps=${steps}&every=${steps}&autostart=1`);
      try {
        await p.page.waitForFunction(() => ['done', 'error'].includes((window as { seqgpuDemo?: { status: string } }).seqgpuDemo?.status ?? ''), {
          timeout: 230_000, // the 2-core test machine is shared; the run itself is 60 steps as before
          polling: 200,
        });
        const s = await demoState<State>(p.page);
        expect(s.error).toBeNull();
        expect(s.step).toBe(steps);
        for (const r of ['teacher-forcing', 'scheduled-sampling']) {
          const l = s.modelLosses[r];
          const [first, last] = [mean(l.slice(0, 2)), mean(l.slice(-2))];
          console.log(`seq2seq ${device} ${r}: loss ${first.toFixed(3)} -> ${last.toFixed(3)}; exact match ${s.accuracy[r].map(([, a]) => a.toFixed(2)).join(', ')}`);
          expect(last).toBeLessThan(first * (device === 'cpu' ? 0.6 : 0.98));
          expect(s.accuracy[r]).toHaveLength(1);
          // The shared TrainControls put 1 - accuracy on the model's chart as its validation curve.
          expect(s.modelEvals[r]).toEqual([[steps, 1 - s.accuracy[r][0][1]]]);
        }
        const d = s.decoded!;
        expect(d.expected).toBe('31/12/1999');
        // 60 steps already convert most dates exactly (the greedy output is usually right by now; not asserted).
        expect(d.beams.length).toBeGreaterThanOrEqual(1);
        expect(d.treeNodes).toBeGreaterThan(3);
        console.log(`seq2seq ${device} decode 1999-12-31: greedy '${d.greedy}', beams ${d.beams.map((b) => `'${b.text}' ${b.logProb.toFixed(2)}`).join(', ')}`);
        // The attention map: a row per generated token, each a distribution over the 10 source characters.
        const rows = await p.page.$eval('#attention', (el) => (el as HTMLElement & { weights: number[][] }).weights);
        expect(rows.length).toBe(d.attentionRows);
        for (const row of rows) {
          expect(row).toHaveLength(10);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        }
        const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(overflow).toBe(false);
        await p.screenshot(`seq2seq-${device}`);
        expect(p.errors).toEqual([]);
      } finally {
        await p.close();
      }
    }, 240_000);
  }
});
