// The GPU-vs-CPU demo page: the op suite runs on WebGPU (SwiftShader here) and on the CPU reference in the page,
// every op passes the tolerance table, and the table renders a row per op. Screenshot: gpu-vs-cpu.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';
import { defaultCases } from '../../src/components/lib/op-check-suite.ts';

interface Summary {
  passed: number;
  failed: number;
  adapter: string;
  gpuMs: number;
  cpuMs: number;
  results: { name: string; ok: boolean; error?: string; forward: { maxAbs: number; used: number } | null; grad: { maxAbs: number } | null }[];
}

describe.skipIf(!hasBrowser)('GPU vs CPU demo', () => {
  it('runs the op suite on WebGPU and the CPU reference: every op passes', async () => {
    const p = await openPage('/demos/gpu-vs-cpu/');
    try {
      await p.page.waitForFunction(() => (window as { seqgpuDemo?: { done: boolean } }).seqgpuDemo?.done === true, { timeout: 110_000, polling: 200 });
      const state = await demoState<{ summary: Summary | null; error: string | null }>(p.page);
      expect(state.error).toBeNull();
      const s = state.summary!;
      const failures = s.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error ?? JSON.stringify(r)}`);
      expect(failures).toEqual([]);
      expect(s.passed).toBe(defaultCases().length);
      expect(s.adapter).toMatch(/swiftshader|\w/i);
      // Every family is covered, with gradients on the differentiable ones.
      expect(s.results.some((r) => r.name.startsWith('matmul naive'))).toBe(true);
      expect(s.results.some((r) => r.name.startsWith('matmul blocked'))).toBe(true);
      expect(s.results.filter((r) => r.grad !== null).length).toBeGreaterThan(30);
      console.log(`gpu-vs-cpu page: ${s.passed} ops pass on ${s.adapter}; GPU ${s.gpuMs.toFixed(0)} ms, CPU ${s.cpuMs.toFixed(0)} ms`);
      // The component's table: one row per op, all marked ok.
      const rows = await p.page.$eval('#check', (el) => [...el.shadowRoot!.querySelectorAll('tr[data-op]')].map((r) => r.getAttribute('data-ok')));
      expect(rows).toHaveLength(s.results.length);
      expect(rows.every((ok) => ok === 'true')).toBe(true);
      const badge = await p.page.$eval('#check', (el) => el.shadowRoot!.querySelector('.badge')?.textContent ?? '');
      expect(badge).toMatch(/all \d+ ops pass/);
      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      await p.screenshot('gpu-vs-cpu');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('measures the speed table: every model on WebGPU and CPU, and TensorFlow.js where it loads', async () => {
    const p = await openPage('/demos/gpu-vs-cpu/?speed=1&speedSteps=2');
    try {
      await p.page.waitForFunction(() => (window as { seqgpuDemo?: { speed: { done: boolean } } }).seqgpuDemo?.speed.done === true, { timeout: 115_000, polling: 250 });
      const { speed } = await demoState<{ speed: { rows: { model: string; backend: string; stepsPerSecond: number; dispatchesPerStep: number | null; note?: string }[] } }>(p.page);
      const ours = speed.rows.filter((r) => r.backend.startsWith('seqgpu'));
      expect(ours.length).toBe(8); // 4 models x 2 backends
      for (const r of ours) expect(r.stepsPerSecond).toBeGreaterThan(0);
      for (const r of ours.filter((x) => x.backend === 'seqgpu webgpu')) expect(r.dispatchesPerStep).toBeGreaterThan(0);
      const tfjs = speed.rows.filter((r) => r.backend.startsWith('tfjs'));
      expect(tfjs.length).toBeGreaterThan(0);
      const tfWebgpu = tfjs.find((r) => r.backend === 'tfjs webgpu');
      const ourLstm = ours.find((r) => r.backend === 'seqgpu webgpu' && r.model.startsWith('LSTM'));
      if (tfWebgpu && ourLstm) {
        console.log(`speed table: LSTM step ${ourLstm.stepsPerSecond.toFixed(2)}/s with ${ourLstm.dispatchesPerStep} dispatches vs tfjs-webgpu ${tfWebgpu.stepsPerSecond.toFixed(2)}/s with ${tfWebgpu.dispatchesPerStep}`);
        expect(ourLstm.dispatchesPerStep!).toBeLessThan(tfWebgpu.dispatchesPerStep!);
      }
      await p.screenshot('gpu-vs-cpu-speed');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
