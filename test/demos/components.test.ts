// Component tests in a minimal page (test/demos/pages/components.html: one import, no demo styles): properties
// in, CustomEvents out, standalone rendering, and cancellation when an element is removed mid-run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPage, hasBrowser, openPage } from './open-page.ts';

type Components = typeof import('../../src/components/index.ts');
type Win = Window & { seqgpuComponents: Components };

describe.skipIf(!hasBrowser)('components in a minimal page', () => {
  let p: DemoPage;
  beforeAll(async () => {
    p = await openPage('/test/demos/pages/components.html', { width: 1000, height: 700 });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('both elements are registered by the one import', async () => {
    const defined = await p.page.evaluate(() => ['gpu-cpu-check', 'loss-chart'].map((t) => !!customElements.get(t)));
    expect(defined).toEqual([true, true]);
  });

  it('<gpu-cpu-check>: cases in, check-start / check-progress / check-complete out', async () => {
    const out = await p.page.evaluate(async () => {
      const { defaultCases } = (window as unknown as Win).seqgpuComponents;
      const el = document.createElement('gpu-cpu-check');
      el.cases = defaultCases().filter((c) => c.name === 'tanh' || c.name.startsWith('matmul tiled: [9'));
      const events: string[] = [];
      for (const n of ['check-start', 'check-progress', 'check-cancel', 'check-error']) el.addEventListener(n, () => events.push(n));
      const complete = new Promise<CustomEvent>((resolve) => el.addEventListener('check-complete', (e) => resolve(e as CustomEvent)));
      document.getElementById('root')!.append(el);
      el.autoRun = true; // a property in: starts the run
      const e = await complete;
      await el.updateComplete;
      const rows = [...el.shadowRoot!.querySelectorAll('tr[data-op]')].map((r) => [r.getAttribute('data-op'), r.getAttribute('data-ok')]);
      const d = e.detail as { passed: number; failed: number; adapter: string; results: { name: string; ok: boolean }[] };
      return { events, state: el.state, passed: d.passed, failed: d.failed, adapter: d.adapter, names: d.results.map((r) => r.name), rows, bubbles: e.bubbles, composed: e.composed };
    });
    expect(out.events).toEqual(['check-start', 'check-progress', 'check-progress']);
    expect(out).toMatchObject({ state: 'done', passed: 2, failed: 0, bubbles: true, composed: true });
    expect(out.adapter).toBeTruthy();
    expect(out.names).toEqual(['tanh', 'matmul tiled: [9,17] @ [17,13]']);
    expect(out.rows).toEqual([
      ['tanh', 'true'],
      ['matmul tiled: [9,17] @ [17,13]', 'true'],
    ]);
    await p.screenshot('component-gpu-cpu-check');
  });

  it('<gpu-cpu-check>: removing the element mid-run cancels its work', async () => {
    const out = await p.page.evaluate(async () => {
      const el = document.createElement('gpu-cpu-check');
      let progressAfterRemoval = 0;
      let removed = false;
      let cancelled: string | null = null;
      el.addEventListener('check-cancel', (e) => (cancelled = (e as CustomEvent<{ reason: string }>).detail.reason));
      el.addEventListener('check-complete', () => (cancelled = 'completed instead'));
      const firstProgress = new Promise<void>((resolve) =>
        el.addEventListener('check-progress', () => {
          if (removed) progressAfterRemoval++;
          resolve();
        }),
      );
      document.getElementById('root')!.append(el);
      const run = el.run(); // the default suite: ~40 cases, far longer than this test waits
      await firstProgress;
      el.remove();
      removed = true;
      const result = await run;
      await new Promise((r) => setTimeout(r, 500));
      return { result, cancelled, progressAfterRemoval, state: el.state, done: el.results.length, total: el.total };
    });
    expect(out.result).toBeNull();
    expect(out.cancelled).toMatch(/removed/);
    expect(out.progressAfterRemoval).toBe(0);
    expect(out.state).toBe('cancelled');
    expect(out.done).toBeLessThan(out.total);
  });

  it('<loss-chart>: points in (batched per frame), drawn on a canvas, loss-cursor out, plot freed on removal', async () => {
    const out = await p.page.evaluate(async () => {
      const el = document.createElement('loss-chart');
      el.logScale = true;
      el.trainLabel = 'train';
      document.getElementById('root')!.append(el);
      await el.updateComplete;
      for (let s = 1; s <= 200; s++) {
        el.push(s, 1 / s + 0.01 * Math.sin(s));
        if (s % 20 === 0) el.push(s, undefined, 1.2 / s);
      }
      el.push(201, -1); // not drawable on a log scale: kept as a gap
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await el.updateComplete;
      const pts = el.points;
      const canvas = el.shadowRoot!.querySelector('canvas')!;
      const box = canvas.getBoundingClientRect();
      const legend = el.shadowRoot!.querySelector('.legend')!.textContent!.replace(/\s+/g, ' ').trim();
      return {
        n: pts.steps.length,
        vals: pts.val.filter((v) => v !== null).length,
        lastTrain: pts.train[pts.train.length - 1],
        canvas: { w: box.width, h: box.height, x: box.x, y: box.y },
        legend,
      };
    });
    expect(out.n).toBe(201);
    expect(out.vals).toBe(10);
    expect(out.lastTrain).toBeNull();
    expect(out.canvas.w).toBeGreaterThan(300);
    // The legend: the last step, and each curve's most recent drawable value (step 201's -1 is a gap).
    expect(out.legend).toMatch(/step 201 \(latest\) train 0\.00\d+ validation 0\.006000/);
    // The pointer over the plot: a loss-cursor event with the point under it.
    const cursor = p.page.evaluate(
      () =>
        new Promise<unknown>((resolve) =>
          document.querySelector('loss-chart')!.addEventListener('loss-cursor', (e) => resolve((e as CustomEvent).detail), { once: true }),
        ),
    );
    const over = await p.page.evaluate(() => {
      const r = document.querySelector('loss-chart')!.shadowRoot!.querySelector('.u-over')!.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await p.page.mouse.move(over.x, over.y);
    const detail = (await cursor) as { step: number; train: number };
    expect(detail.step).toBeGreaterThan(80);
    expect(detail.step).toBeLessThan(120);
    expect(detail.train).toBeCloseTo(1 / detail.step + 0.01 * Math.sin(detail.step), 5);
    await p.screenshot('component-loss-chart');
    const removed = await p.page.evaluate(async () => {
      const el = document.querySelector('loss-chart')!;
      el.remove();
      const gone = el.shadowRoot!.querySelector('.uplot') === null;
      document.getElementById('root')!.append(el);
      await el.updateComplete;
      const back = el.shadowRoot!.querySelector('.uplot') !== null;
      el.remove();
      return { gone, back, kept: el.points.steps.length };
    });
    expect(removed).toEqual({ gone: true, back: true, kept: 201 });
    expect(p.errors).toEqual([]);
  });
});

describe.skipIf(!hasBrowser)('<gpu-cpu-check> without WebGPU', () => {
  it('says why and fires check-error with reason webgpu-unavailable', async () => {
    const p = await openPage('/test/demos/pages/components.html', { width: 900, height: 400, waitReady: false });
    try {
      // A browser without WebGPU: hide navigator.gpu in this page before the element asks for it.
      await p.page.evaluate(() => {
        Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
      });
      await p.page.waitForFunction(() => (window as { seqgpuReady?: boolean }).seqgpuReady === true);
      const out = await p.page.evaluate(async () => {
        const el = document.createElement('gpu-cpu-check');
        const err = new Promise<{ message: string; reason: string }>((resolve) => el.addEventListener('check-error', (e) => resolve((e as CustomEvent).detail)));
        document.getElementById('root')!.append(el);
        const result = await el.run();
        const detail = await err;
        await el.updateComplete;
        return { result, detail, state: el.state, note: el.shadowRoot!.querySelector('.note.error')?.textContent ?? '' };
      });
      expect(out.result).toBeNull();
      expect(out.state).toBe('unavailable');
      expect(out.detail.reason).toBe('webgpu-unavailable');
      expect(out.detail.message).toMatch(/webgpu|gpu/i);
      expect(out.note).toContain(out.detail.message);
      await p.screenshot('component-gpu-cpu-check-unavailable');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
