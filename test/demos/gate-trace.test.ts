// <gate-trace> in the minimal page (one import, no demo styles): an nn.LSTM on a series (value labels), on WebGPU
// when present else CPU; properties in, gate-trace-cell / gate-trace-select / gate-trace-loaded out; keyboard path;
// removal mid-trace cancels (loaded resolves null) and re-insertion traces again. The char-LM test covers the
// element on a live trained GRU. Screenshot: test-artifacts/demos/component-gate-trace.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPage, hasBrowser, openPage } from './open-page.ts';

type Components = typeof import('../../src/components/index.ts');
type Seqgpu = typeof import('../../src/index.ts');
type Win = Window & { seqgpuComponents: Components; seqgpu: Seqgpu };

describe.skipIf(!hasBrowser)('<gate-trace> in a minimal page', () => {
  let p: DemoPage;
  beforeAll(async () => {
    p = await openPage('/test/demos/pages/components.html', { width: 1000, height: 700 });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('traces an LSTM over a series; hover, select and keyboard events; cancels on removal', async () => {
    const out = await p.page.evaluate(async () => {
      const { seqgpu: sg } = window as unknown as Win;
      const device = await sg.init('webgpu').catch(() => sg.init('cpu'));
      const lstm = new sg.nn.LSTM(1, 6, { device, generator: new sg.Generator(3) });
      const series = Array.from({ length: 24 }, (_, t) => Math.sin(t / 3));
      const input = sg.tensor(series, [24, 1], { device });
      const root = document.getElementById('root')!;
      root.replaceChildren();
      const el = document.createElement('gate-trace');
      const events: string[] = [];
      el.addEventListener('gate-trace-loaded', (e) => events.push(`loaded ${e.detail.data.rows.join(',')}`));
      el.addEventListener('gate-trace-select', (e) => events.push(`select ${e.detail.unit}`));
      let cell: { t: number; unit: number; quantity: string; value: number } | null = null;
      el.addEventListener('gate-trace-cell', (e) => (cell = e.detail));
      el.labels = series.map((v) => v.toFixed(1));
      el.units = 6;
      el.model = lstm;
      el.input = input;
      root.append(el);
      const data = await el.loaded;
      await el.updateComplete;
      const sr = el.shadowRoot!;
      // Keyboard: focus, Right x3, Down, Enter follows the unit.
      const region = sr.querySelector<HTMLElement>('.scroll')!;
      region.focus();
      for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'Enter']) region.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      await el.updateComplete;
      const readout = sr.querySelector('.readout')!.textContent;
      const follow = sr.querySelector('.follow .sec')?.textContent ?? '';
      const role = region.getAttribute('role');
      // Hover: a cell of the forget-gate strip (cells run unit by unit, T per unit): unit 5, t = 2.
      const cells = [...sr.querySelectorAll<HTMLElement>('.grid > .c[data-q="f"]')];
      cells[5 * 24 + 2].dispatchEvent(new PointerEvent('pointerenter'));
      const hovered = cell;
      const label = region.getAttribute('aria-label');
      // Removal mid-trace cancels; re-insertion traces again.
      el.input = sg.tensor(series.slice(0, 12), [12, 1], { device });
      await el.updateComplete;
      el.remove();
      const cancelled = await el.loaded;
      root.append(el);
      const again = await el.loaded;
      return {
        device: device.kind,
        rows: data?.rows,
        T: data?.T,
        agreement: data?.agreement,
        hovered,
        readout,
        follow,
        selected: el.selectedUnit,
        events,
        role,
        label,
        cancelled,
        againT: again?.T ?? (el.data as { T: number } | null)?.T,
      };
    });
    console.log(`gate-trace on ${out.device}: ${JSON.stringify({ ...out, hovered: out.hovered })}`);
    expect(out.rows).toEqual(['h', 'c', 'i', 'f', 'g', 'o']);
    expect(out.T).toBe(24);
    expect(out.agreement!).toBeLessThan(1e-4);
    expect(out.hovered).toMatchObject({ t: 2, unit: 5, quantity: 'f' });
    expect(out.readout).toMatch(/^t=3 '.*' unit 1: h=/);
    expect(out.selected).toBe(1);
    expect(out.follow).toMatch(/Following unit 1/);
    expect(out.events).toContain('select 1');
    expect(out.role).toBe('img');
    expect(out.label).toMatch(/LSTM gate trace: 24 timesteps, 6 hidden units/);
    expect(out.againT).toBe(12);
    mkdirSync(`${process.cwd()}/test-artifacts/demos`, { recursive: true });
    // Back to the 24-step trace with unit 1 followed, for the screenshot.
    await p.page.evaluate(async () => {
      const el = document.querySelector('gate-trace')!;
      const { seqgpu: sg } = window as unknown as Win;
      el.input = sg.tensor(Array.from({ length: 24 }, (_, t) => Math.sin(t / 3)), [24, 1], { device: el.input!.device });
      el.labels = Array.from({ length: 24 }, (_, t) => Math.sin(t / 3).toFixed(1));
      await el.loaded;
    });
    const handle = await p.page.$('gate-trace');
    await handle!.screenshot({ path: `${process.cwd()}/test-artifacts/demos/component-gate-trace.png` });
    expect(p.errors).toEqual([]);
  });
});
