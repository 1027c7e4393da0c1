// <forecast-chart>, <ctc-lattice>, <beam-search-tree>, <attention-map> in the minimal page (one import, no demo
// styles): properties in, CustomEvents out, standalone rendering, and cancellation when removed mid-work.
// Screenshots: test-artifacts/demos/component-<tag>.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPage, hasBrowser, openPage } from './open-page.ts';

type Components = typeof import('../../src/components/index.ts');
type Seqgpu = typeof import('../../src/index.ts');
type Win = Window & { seqgpuComponents: Components; seqgpu: Seqgpu };

describe.skipIf(!hasBrowser)('sequence components in a minimal page', () => {
  let p: DemoPage;
  beforeAll(async () => {
    p = await openPage('/test/demos/pages/components.html', { width: 1000, height: 700 });
  });
  afterAll(async () => {
    await p?.close();
  });

  const shot = async (tag: string): Promise<void> => {
    mkdirSync(`${process.cwd()}/test-artifacts/demos`, { recursive: true }); // absent in a fresh clone
    const el = await p.page.$(tag);
    await el!.screenshot({ path: `${process.cwd()}/test-artifacts/demos/component-${tag}.png` as `${string}.png` });
  };

  it('all four are registered by the one import', async () => {
    const defined = await p.page.evaluate(() => ['forecast-chart', 'ctc-lattice', 'beam-search-tree', 'attention-map'].map((t) => !!customElements.get(t)));
    expect(defined).toEqual([true, true, true, true]);
  });

  it('<forecast-chart>: series and intervals in, forecast-toggle and forecast-cursor out', async () => {
    await p.page.evaluate(() => document.getElementById('root')!.replaceChildren());
    const out = await p.page.evaluate(async () => {
      const el = document.createElement('forecast-chart');
      const x = Array.from({ length: 60 }, (_, i) => 1900 + i);
      el.x = x;
      el.actual = x.map((_, i) => 100 + 10 * Math.sin(i / 5));
      el.splitAt = 1948;
      el.yLabel = 'level';
      el.xLabel = 'year';
      const mean = Array.from({ length: 12 }, (_, i) => 100 + 10 * Math.sin((48 + i) / 5) + 1);
      el.forecasts = [
        { name: 'ARIMA', start: 48, mean, lower: mean.map((m, i) => m - 3 - i / 2), upper: mean.map((m, i) => m + 3 + i / 2) },
        { name: 'LSTM', start: 48, mean: mean.map((m) => m - 2) },
      ];
      document.getElementById('root')!.append(el);
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const toggles: unknown[] = [];
      el.addEventListener('forecast-toggle', (e) => toggles.push((e as CustomEvent).detail));
      const btn = el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-name="LSTM"]')!;
      btn.click();
      await el.updateComplete;
      const pressed = btn.getAttribute('aria-pressed');
      btn.click();
      await el.updateComplete;
      const canvas = el.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
      return { toggles, pressed, canvasW: canvas.width, legend: el.shadowRoot!.querySelector('.legend')!.textContent!.replace(/\s+/g, ' ').trim() };
    });
    expect(out.toggles).toEqual([
      { name: 'LSTM', visible: false },
      { name: 'LSTM', visible: true },
    ]);
    expect(out.pressed).toBe('false');
    expect(out.canvasW).toBeGreaterThan(300);
    expect(out.legend).toMatch(/actual ARIMA LSTM/);
    const cursor = p.page.evaluate(
      () => new Promise<unknown>((resolve) => document.querySelector('forecast-chart')!.addEventListener('forecast-cursor', (e) => resolve((e as CustomEvent).detail), { once: true })),
    );
    const over = await p.page.evaluate(() => {
      const r = document.querySelector('forecast-chart')!.shadowRoot!.querySelector('.u-over')!.getBoundingClientRect();
      return { x: r.x + r.width * 0.92, y: r.y + r.height / 2 };
    });
    await p.page.mouse.move(over.x, over.y);
    const d = (await cursor) as { x: number; actual: number; values: { name: string; mean: number | null; lower: number | null }[] };
    expect(d.x).toBeGreaterThan(1948);
    expect(d.values.map((v) => v.name)).toEqual(['ARIMA', 'LSTM']);
    expect(d.values[0].mean).not.toBeNull();
    expect(d.values[0].lower).toBeLessThan(d.values[0].mean!);
    await shot('forecast-chart');
  });

  it('<ctc-lattice>: the lecture example computed by ctcAlphaBeta: P("A") = 0.85, path and events out', async () => {
    const out = await p.page.evaluate(async () => {
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('ctc-lattice');
      el.labels = ['-', 'A'];
      const events: unknown[] = [];
      el.addEventListener('lattice-computed', (e) => events.push((e as CustomEvent).detail));
      // The lecture's CTC example: P(A) per frame 0.4, 0.7, 0.5 (blank the rest), target "A".
      el.logProbs = [0.4, 0.7, 0.5].map((a) => [Math.log(1 - a), Math.log(a)]);
      el.target = [1];
      document.getElementById('root')!.append(el);
      const r = await el.computed;
      await el.updateComplete;
      return { r, n: events.length, loss: el.shadowRoot!.querySelector('.loss')!.textContent, canvas: el.shadowRoot!.querySelector('canvas')!.width };
    });
    expect(out.n).toBe(1);
    expect(out.r!.loss).toBeCloseTo(-Math.log(0.85), 5);
    expect(out.loss).toBe('0.163');
    expect(out.r!.extended).toEqual([0, 1, 0]);
    // Posteriors per frame sum to 1 over the lattice.
    for (let t = 0; t < 3; t++) expect(out.r!.posterior.reduce((s, row) => s + row[t], 0)).toBeCloseTo(1, 5);
    // Most probable alignment: "-A-"/"-AA" tie at 0.21; the Viterbi path ends on the label or final blank.
    expect(out.r!.path[1]).toBe(1);
    expect(out.r!.greedy).toEqual([0, 1, 0]);
    expect(out.canvas).toBeGreaterThan(0);
    await shot('ctc-lattice');
  });

  it('<ctc-lattice>: a bigger lattice, hover event, and removal mid-computation cancels it', async () => {
    const out = await p.page.evaluate(async () => {
      const el = document.querySelector('ctc-lattice')!;
      const T = 30;
      const C = 5;
      const rows = Array.from({ length: T }, (_, t) => {
        const hot = t % 6 === 2 ? 1 + ((t / 6) | 0) % 4 : 0;
        const z: number[] = Array.from({ length: C }, (_, c) => (c === hot ? 2.5 : 0));
        const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
        return z.map((v) => v - lse);
      });
      el.labels = ['-', 'a', 'b', 'c', 'd'];
      el.logProbs = rows;
      el.target = [1, 2, 3, 4, 1];
      const r = await el.computed;
      await el.updateComplete;
      const hovered = new Promise<unknown>((resolve) => el.addEventListener('lattice-hover', (e) => resolve((e as CustomEvent).detail), { once: true }));
      const c = el.shadowRoot!.querySelector('canvas')!;
      const box = c.getBoundingClientRect();
      c.dispatchEvent(new PointerEvent('pointermove', { clientX: box.x + 52 + 2 * 16 + 4, clientY: box.y + 10, bubbles: true }));
      const hover = await Promise.race([hovered, new Promise((r) => setTimeout(() => r(null), 500))]);
      // Removal mid-computation: no lattice-computed afterwards.
      const sg = (window as unknown as Win).seqgpu;
      el.device = await sg.init('webgpu').catch(() => null); // a real read-back, so the work is in flight when removed
      await el.computed;
      let after = 0;
      el.addEventListener('lattice-computed', () => after++);
      el.target = [2, 3];
      await el.updateComplete; // started
      el.remove();
      const cancelled = await el.computed;
      await new Promise((res) => setTimeout(res, 200));
      document.getElementById('root')!.append(el); // re-inserted: computes again
      const again = await el.computed;
      return { loss: r!.loss, pathLen: r!.path.length, hover, cancelled, after, again: again?.extended.length, webgpu: el.device !== null };
    });
    expect(Number.isFinite(out.loss)).toBe(true);
    expect(out.pathLen).toBe(30);
    expect(out.hover).toMatchObject({ t: expect.any(Number), s: 0, label: '-' });
    expect(out.cancelled).toBeNull();
    expect(out.after).toBe(1); // only the recomputation after re-insertion
    expect(out.webgpu).toBe(true);
    expect(out.again).toBe(5);
    await shot('ctc-lattice');
  });

  it('<beam-search-tree>: fed from decode.beamSearch via the recorder; the lecture example picks "ABB" (log P -2.12)', async () => {
    const out = await p.page.evaluate(async () => {
      const { decode } = (window as unknown as Win).seqgpu;
      const { BeamTreeRecorder } = (window as unknown as Win).seqgpuComponents;
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('beam-search-tree');
      el.tokenLabels = ['A', 'B', 'C'];
      document.getElementById('root')!.append(el);
      // The lecture's table: next-token distributions by prefix.
      const table: Record<string, number[]> = { '': [0.5, 0.3, 0.2], A: [0.4, 0.4, 0.2], B: [0.6, 0.2, 0.2], AA: [0.3, 0.5, 0.2], AB: [0.2, 0.6, 0.2] };
      const names = ['A', 'B', 'C'];
      const snapshots: number[] = [];
      const rec = new BeamTreeRecorder({ candidatesPerBeam: 3, beamWidth: 2, onStep: (t) => snapshots.push(t.nodes.length) });
      const step = (prefixes: number[][]): number[][] => prefixes.map((p) => (table[p.map((t) => names[t]).join('')] ?? [1 / 3, 1 / 3, 1 / 3]).map(Math.log));
      const result = await decode.beamSearch(rec.wrap(step), { beamWidth: 2, maxLength: 3, nBest: 2 });
      el.tree = rec.finish(result);
      const selected = new Promise<unknown>((resolve) => el.addEventListener('beam-node-select', (e) => resolve((e as CustomEvent).detail), { once: true }));
      await el.updateComplete;
      const g = el.shadowRoot!.querySelector<SVGGElement>('g.node[data-id="0,1,1"]')!;
      g.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      const sel = (await selected) as { node: { tokens: number[]; logProb: number; status: string } };
      const statuses = Object.fromEntries([...el.shadowRoot!.querySelectorAll('g.node')].map((n) => [n.getAttribute('data-id'), n.getAttribute('data-status')]));
      return { result: result.map((h) => [h.tokens.join(''), h.logProb]), snapshots, sel, statuses, best: el.shadowRoot!.querySelectorAll('g.node.best').length };
    });
    expect(out.result[0][0]).toBe('011'); // A B B
    expect(out.result[0][1]).toBeCloseTo(Math.log(0.5 * 0.4 * 0.6), 6); // -2.120
    expect(out.result[1][0]).toBe('001'); // A A B
    expect(out.snapshots).toHaveLength(4); // three steps and the finish
    expect(out.sel.node.status).toBe('finished');
    // "B" survives step 1, but all its children are pruned at step 2 (B->A = -1.715 loses to AA = AB = -1.609).
    expect(out.statuses['1']).toBe('kept');
    expect(out.statuses['1,0']).toBe('pruned');
    expect(out.statuses['0,0']).toBe('kept');
    expect(out.statuses['0,1']).toBe('kept');
    expect(out.statuses['0,0,1']).toBe('finished');
    expect(out.statuses['0,0,0']).toBe('pruned');
    expect(out.statuses['1,0,0']).toBeUndefined(); // a pruned beam is never expanded
    expect(out.best).toBe(4); // root, A, AB, ABB
    await shot('beam-search-tree');
  });

  it('<attention-map>: weights in, attention-cell out; a tensor is read in a task and the read cancels on removal', async () => {
    const out = await p.page.evaluate(async () => {
      const sg = (window as unknown as Win).seqgpu;
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('attention-map');
      el.sourceTokens = [...'12345'];
      el.targetTokens = [...'54321'];
      el.weights = Array.from({ length: 5 }, (_, t) => Array.from({ length: 5 }, (_, s) => (s === 4 - t ? 0.8 : 0.05)));
      document.getElementById('root')!.append(el);
      await el.updateComplete;
      const cells = el.shadowRoot!.querySelectorAll('.cell').length;
      const cellEvent = new Promise<unknown>((resolve) => el.addEventListener('attention-cell', (e) => resolve((e as CustomEvent).detail), { once: true }));
      el.shadowRoot!.querySelector('.cell[data-row="1"][data-col="3"]')!.dispatchEvent(new PointerEvent('pointerenter'));
      const cell = await cellEvent;
      // A [N, T, S] tensor, item 1.
      const dev = await sg.init('cpu');
      const t = sg.tensor(Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i / 100), [2, 3, 4], { device: dev });
      let loadedEvents = 0;
      el.addEventListener('attention-loaded', () => loadedEvents++);
      el.item = 1;
      el.tensor = t;
      await el.updateComplete;
      const rows = await el.loaded;
      // Removed while its read is in flight (a WebGPU read-back takes real time; CPU when there is no WebGPU):
      // the read is aborted, no attention-loaded, the old weights stay.
      const gpu = await sg.init('webgpu').catch(() => dev);
      el.tensor = sg.tensor(new Float32Array(24), [2, 3, 4], { device: gpu });
      await el.updateComplete; // the update ran and started the read
      el.remove();
      const cancelled = await el.loaded;
      const keptRows = el.weights.length === 3 && el.weights[0][0] > 0;
      // Re-inserted: it reads the pending tensor.
      document.getElementById('root')!.append(el);
      const reread = await el.loaded;
      el.remove();
      return { cells, cell, rows, loadedEvents, cancelled, keptRows, reread: reread?.[0][0], error: el.error };
    });
    expect(out.cells).toBe(25);
    expect(out.cell).toEqual({ row: 1, col: 3, weight: 0.8, source: '4', target: '4' });
    expect(out.rows![0][0]).toBeCloseTo(0.12, 6);
    expect(out.rows).toHaveLength(3);
    expect(out.loadedEvents).toBe(2); // the first tensor, then the re-read after re-insertion
    expect(out.cancelled).toBeNull();
    expect(out.keptRows).toBe(true);
    expect(out.reread).toBe(0);
    await p.page.evaluate(async () => {
      const el = document.createElement('attention-map');
      el.sourceTokens = [...'2024-03-07'];
      el.targetTokens = [...'07/03/2024'];
      const map = [8, 9, 7, 5, 6, 4, 0, 1, 2, 3];
      el.weights = map.map((j) => Array.from({ length: 10 }, (_, s) => (s === j ? 0.7 : 0.3 / 9)));
      document.getElementById('root')!.append(el);
      await el.updateComplete;
    });
    await shot('attention-map');
    expect(p.errors).toEqual([]);
  });
});
