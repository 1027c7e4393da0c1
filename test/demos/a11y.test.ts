// Accessibility of the elements, read through Chromium's accessibility tree (puppeteer's snapshot of what a screen
// reader gets) in the minimal page: every chart has a text alternative that states its numbers, a keyboard path
// (focus, arrow keys move a cursor) whose readout lands in a live region, beam-tree nodes are treeitems that the
// keyboard moves between and selects, and <gpu-cpu-check> announces its progress in an aria-live region.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerializedAXNode } from 'puppeteer-core';
import { type DemoPage, hasBrowser, openPage } from './open-page.ts';

type Components = typeof import('../../src/components/index.ts');
type Seqgpu = typeof import('../../src/index.ts');
type Win = Window & { seqgpuComponents: Components; seqgpu: Seqgpu };

interface Ax {
  role: string;
  name: string;
  live?: string;
  level?: number;
  selected?: boolean;
  focused?: boolean;
}

function flatten(n: SerializedAXNode | null, out: Ax[] = []): Ax[] {
  if (!n) return out;
  out.push({ role: n.role, name: n.name ?? '', level: n.level, selected: n.selected, focused: n.focused });
  for (const c of n.children ?? []) flatten(c, out);
  return out;
}

/** The text inside the first role=status node (what a screen reader announces from the live region). */
function statusOf(n: SerializedAXNode | null): string | null {
  if (!n) return null;
  if (n.role === 'status') return flatten(n).filter((c) => c.role === 'StaticText').map((c) => c.name).join(' ');
  for (const c of n.children ?? []) {
    const t = statusOf(c);
    if (t !== null) return t;
  }
  return null;
}

describe.skipIf(!hasBrowser)('accessibility of the elements (Chromium accessibility tree)', () => {
  let p: DemoPage;
  beforeAll(async () => {
    p = await openPage('/test/demos/pages/components.html', { width: 1000, height: 700 });
  });
  afterAll(async () => {
    await p?.close();
  });

  /** The accessibility subtree of the first `tag` on the page, flattened. */
  const ax = async (tag: string): Promise<Ax[]> => {
    const h = await p.page.$(tag);
    return flatten(await p.page.accessibility.snapshot({ root: h!, interestingOnly: false }));
  };
  /** The text of the element's live region (what a screen reader announces after a key press). */
  const status = async (tag: string): Promise<string> => {
    const h = await p.page.$(tag);
    const t = statusOf(await p.page.accessibility.snapshot({ root: h!, interestingOnly: false }));
    expect(t, `${tag} has a role=status live region`).not.toBeNull();
    return t!;
  };
  const focusIn = (tag: string, selector: string): Promise<void> =>
    p.page.evaluate((t, s) => (document.querySelector(t)!.shadowRoot!.querySelector(s) as HTMLElement).focus(), tag, selector);

  it('<loss-chart>: an img with a summary of both curves; arrow keys move a cursor read out by a live region', async () => {
    await p.page.evaluate(async () => {
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('loss-chart');
      document.getElementById('root')!.append(el);
      await el.updateComplete;
      for (let s = 1; s <= 100; s++) el.push(s, 2 / s, s % 25 === 0 ? 2.5 / s : undefined);
      el.flush();
      await el.updateComplete;
    });
    const nodes = await ax('loss-chart');
    const img = nodes.find((n) => n.role === 'image');
    expect(img?.name).toMatch(/^loss against step, 100 points\. train 2 at step 1 to 0\.02 at step 100, lowest 0\.02 at step 100\. validation 0\.1 at step 25 to 0\.025 at step 100/);
    const cursor = p.page.evaluate(
      () => new Promise((resolve) => document.querySelector('loss-chart')!.addEventListener('loss-cursor', (e) => resolve(e.detail), { once: true })),
    );
    await focusIn('loss-chart', '.wrap');
    await p.page.keyboard.press('End');
    expect(await cursor).toEqual({ step: 100, train: 0.02, val: 0.025 });
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    expect(await status('loss-chart')).toBe('step 98, train 0.02041 (point 98 of 100)');
    await p.page.keyboard.press('Home');
    expect(await status('loss-chart')).toBe('step 1, train 2 (point 1 of 100)');
    // The legend follows the keyboard cursor, as it follows the pointer.
    const legend = await p.page.$eval('loss-chart', (el) => el.shadowRoot!.querySelector('.legend')!.textContent!.replace(/\s+/g, ' ').trim());
    expect(legend).toMatch(/^step 1 train 2\.000/);
  });

  it('<forecast-chart>: years print as 1871 (not 1,871), dates as ISO; summary and keyboard readout', async () => {
    const years = await p.page.evaluate(async () => {
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('forecast-chart');
      el.x = Array.from({ length: 60 }, (_, i) => 1871 + i);
      el.actual = el.x.map((_, i) => 1000 + 100 * Math.sin(i / 5));
      el.splitAt = 1921;
      el.xLabel = 'year';
      el.yLabel = 'flow';
      el.forecasts = [{ name: 'ARIMA', start: 50, mean: [1010, 1020], lower: [900, 880], upper: [1120, 1160] }];
      document.getElementById('root')!.append(el);
      await el.updateComplete;
      el.flush();
      // uPlot's x axis labels, as drawn (the axis' values formatter applied to its splits).
      const u = (el as unknown as { host: { plot: { axes: { _values?: string[] }[] } } }).host.plot;
      return { type: el.resolvedXType, ticks: u.axes[0]._values ?? [], one: el.formatX(1880) };
    });
    expect(years.type).toBe('year');
    expect(years.one).toBe('1880');
    expect(years.ticks.length).toBeGreaterThan(2);
    for (const t of years.ticks) expect(t).toMatch(/^1[89]\d\d$/);
    const nodes = await ax('forecast-chart');
    const img = nodes.find((n) => n.role === 'image');
    expect(img?.name).toMatch(/^flow against year, 1871 to 1930\. actual: 60 values from 900 \(1\d{3}\) to 1100 \(1\d{3}\), last .* at 1930\. held out from 1921\. forecasts: ARIMA with interval, 2 values, first 1010, last 1020/);
    expect(img?.name).not.toMatch(/1,8/);
    await focusIn('forecast-chart', '.plot');
    await p.page.keyboard.press('End');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft');
    await p.page.keyboard.press('ArrowLeft'); // index 50: year 1921, the first forecast value
    expect(await status('forecast-chart')).toMatch(/^year 1921; actual \d+(\.\d+)?; ARIMA 1010 \(interval 900 to 1120\)$/);
    const dates = await p.page.evaluate(async () => {
      const el = document.querySelector('forecast-chart')!;
      el.x = Array.from({ length: 24 }, (_, i) => Date.UTC(1949, i, 1));
      el.actual = el.x.map((_, i) => 100 + i);
      el.splitAt = null;
      el.forecasts = [];
      await el.updateComplete;
      return { type: el.resolvedXType, first: el.formatX(el.x[0]), summary: el.summary() };
    });
    expect(dates.type).toBe('date');
    expect(dates.first).toBe('1949-01');
    expect(dates.summary).toMatch(/^flow against year, 1949-01 to 1950-12\./);
    await p.screenshot('a11y-forecast-chart-dates');
  });

  it('<ctc-lattice>: an img naming loss, Viterbi alignment and greedy path; arrow keys read cells', async () => {
    await p.page.evaluate(async () => {
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('ctc-lattice');
      el.labels = ['-', 'A'];
      el.logProbs = [
        [0.6, 0.4],
        [0.3, 0.7],
        [0.5, 0.5],
      ].map((r) => r.map(Math.log));
      el.target = [1];
      document.getElementById('root')!.append(el);
      await el.computed;
      await el.updateComplete;
    });
    const nodes = await ax('ctc-lattice');
    const img = nodes.find((n) => n.role === 'image');
    // P("A") over three frames = 0.85 (the lecture's example): -log 0.85 = 0.1625.
    expect(img?.name).toMatch(/^CTC lattice, 3 frames by 3 extended labels, target A, negative log-likelihood 0\.16[23]\. Viterbi alignment per frame: [-A] [-A] [-A]\. argmax per frame: - A [-A]\./);
    await focusIn('ctc-lattice', 'canvas');
    await p.page.keyboard.press('ArrowRight'); // first press: the cursor appears at frame 0 on the path
    await p.page.keyboard.press('ArrowRight');
    expect(await status('ctc-lattice')).toMatch(/^frame 1, [-A] \(s=\d\): posterior \d\.\d{3}.*; argmax A$/);
    await p.page.keyboard.press('ArrowDown');
    const hover = await p.page.$eval('ctc-lattice', (el) => (el as unknown as { hover: { t: number; s: number } }).hover);
    expect(hover.t).toBe(1);
  });

  it('<attention-map>: an img naming each output token\'s strongest input; arrow keys read cells', async () => {
    await p.page.evaluate(async () => {
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('attention-map');
      el.sourceTokens = ['1', '2', '3'];
      el.targetTokens = ['3', '2', '1'];
      el.weights = [
        [0.1, 0.1, 0.8],
        [0.2, 0.7, 0.1],
        [0.9, 0.05, 0.05],
      ];
      document.getElementById('root')!.append(el);
      await el.updateComplete;
    });
    const img = (await ax('attention-map')).find((n) => n.role === 'image');
    expect(img?.name).toBe('attention map, 3 output tokens by 3 input tokens. Strongest input per output: 3 → 3 0.80, 2 → 2 0.70, 1 → 1 0.90. Arrow keys read the cells.');
    const cell = p.page.evaluate(
      () => new Promise((resolve) => document.querySelector('attention-map')!.addEventListener('attention-cell', (e) => resolve(e.detail), { once: true })),
    );
    await focusIn('attention-map', '.scroll');
    await p.page.keyboard.press('ArrowDown'); // the cursor appears on (0, 0)
    expect(await cell).toMatchObject({ row: 0, col: 0, weight: 0.1 });
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowRight');
    expect(await status('attention-map')).toBe('output 1 2 attends to input 1 2 with weight 0.700');
  });

  it('<beam-search-tree>: treeitems with levels; arrow keys move the focus, Enter selects', async () => {
    await p.page.evaluate(async () => {
      const { BeamTreeRecorder } = (window as unknown as Win).seqgpuComponents;
      const { decode } = (window as unknown as Win).seqgpu;
      document.getElementById('root')!.replaceChildren();
      const tree = document.createElement('beam-search-tree');
      document.getElementById('root')!.append(tree);
      tree.tokenLabels = ['A', 'B', 'C'];
      const table: Record<string, number[]> = { '': [0.5, 0.3, 0.2], A: [0.4, 0.4, 0.2], B: [0.6, 0.2, 0.2], AA: [0.3, 0.5, 0.2], AB: [0.2, 0.6, 0.2] };
      const step = (prefixes: number[][]): number[][] => prefixes.map((q) => (table[q.map((t) => 'ABC'[t]).join('')] ?? [1 / 3, 1 / 3, 1 / 3]).map(Math.log));
      const rec = new BeamTreeRecorder({ candidatesPerBeam: 3, beamWidth: 2 });
      const hyps = await decode.beamSearch(rec.wrap(step), { beamWidth: 2, maxLength: 3, nBest: 2 });
      tree.tree = rec.finish(hyps);
      await tree.updateComplete;
    });
    const nodes = await ax('beam-search-tree');
    const treeNode = nodes.find((n) => n.role === 'tree');
    expect(treeNode?.name).toMatch(/^beam search tree: 3 steps, beam width 2, \d+ kept and \d+ pruned candidates, best ABB with log P -2\.120\./);
    const items = nodes.filter((n) => n.role === 'treeitem');
    expect(items.length).toBeGreaterThan(6);
    expect(items.find((n) => n.level === 1)?.name).toBe('start of the search');
    expect(items.some((n) => /^ABB: step 3, token B, log P -2\.120 .*finished, best hypothesis$/.test(n.name))).toBe(true);
    const selected = p.page.evaluate(
      () => new Promise((resolve) => document.querySelector('beam-search-tree')!.addEventListener('beam-node-select', (e) => resolve(e.detail.node.tokens), { once: true })),
    );
    await focusIn('beam-search-tree', 'g[tabindex="0"]');
    for (const k of ['ArrowRight', 'ArrowRight', 'ArrowRight'] as const) await p.page.keyboard.press(k);
    const focused = (await ax('beam-search-tree')).find((n) => n.focused);
    expect(focused?.role).toBe('treeitem');
    expect(focused?.level).toBe(4);
    await p.page.keyboard.press('Enter');
    const tokens = (await selected) as number[];
    expect(tokens.length).toBe(3);
    const after = await ax('beam-search-tree');
    expect(after.find((n) => n.selected)?.name.startsWith(tokens.map((t) => 'ABC'[t]).join(''))).toBe(true);
    expect(await status('beam-search-tree')).toMatch(/^selected [ABC]{3}: step 3/);
    await p.page.keyboard.press('ArrowLeft');
    expect((await ax('beam-search-tree')).find((n) => n.focused)?.level).toBe(3);
    await p.screenshot('a11y-beam-search-tree');
  });

  it('<gpu-cpu-check>: progress and outcome are announced in an aria-live region', async () => {
    const live = await p.page.evaluate(async () => {
      const { defaultCases } = (window as unknown as Win).seqgpuComponents;
      document.getElementById('root')!.replaceChildren();
      const el = document.createElement('gpu-cpu-check');
      el.cases = defaultCases().filter((c) => c.name === 'tanh' || c.name === 'sub');
      document.getElementById('root')!.append(el);
      const seen: string[] = [];
      const region = () => el.shadowRoot!.querySelector('[aria-live]');
      el.addEventListener('check-progress', () => void el.updateComplete.then(() => seen.push(region()!.textContent!.trim())));
      await el.run();
      await el.updateComplete;
      return { seen, attr: region()?.getAttribute('aria-live') };
    });
    expect(live.attr).toBe('polite');
    expect(live.seen[0]).toMatch(/^Checked 1 of 2 ops\.$/);
    expect(await status('gpu-cpu-check')).toBe('Check done: all 2 ops pass.');
    expect(p.errors).toEqual([]);
  });
});
