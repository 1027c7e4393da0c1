// The gallery (demos/index.html, what `npm start` opens): loads without console errors, detects WebGPU, links
// every live demo to a page that exists, and lays out as cards. Screenshot: test-artifacts/demos/gallery.png.
import { describe, expect, it } from 'vitest';
import { demoState, hasBrowser, openPage } from './open-page.ts';
import { DEMOS } from '../../demos/gallery-data.ts';

describe.skipIf(!hasBrowser)('demo gallery', () => {
  it('loads, reports WebGPU, links every live demo', async () => {
    const p = await openPage('/demos/');
    try {
      await p.page.waitForFunction(() => !document.getElementById('webgpu')!.classList.contains('pending'), { timeout: 60_000 });
      const state = await demoState<{ webgpu: { available: boolean; detail: string } }>(p.page);
      expect(state.webgpu.available, state.webgpu.detail).toBe(true);
      const notice = await p.page.$eval('#webgpu', (e) => e.textContent ?? '');
      expect(notice).toMatch(/WebGPU available/);
      const cards = await p.page.$$eval('.card', (els) =>
        els.map((e) => ({ demo: (e as HTMLElement).dataset.demo, href: e.getAttribute('href'), live: e.classList.contains('live') })),
      );
      expect(cards).toHaveLength(DEMOS.length);
      const live = cards.filter((c) => c.live);
      expect(live.map((c) => c.demo)).toEqual(DEMOS.filter((d) => d.status === 'live').map((d) => d.path));
      for (const c of live) {
        const res = await p.page.evaluate(async (href) => {
          const r = await fetch(href);
          return { status: r.status, text: await r.text() };
        }, c.href!);
        expect(res.status, c.href!).toBe(200);
        expect(res.text, `${c.href} should be a demo page`).toMatch(/<script type="module" src="\.\/main\.ts">/);
      }
      // Layout: cards sit in a grid (several per row at laptop width) and none overflows the viewport.
      const boxes = await p.page.$$eval('#live .card', (els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      expect(boxes[0].top).toBe(boxes[1].top);
      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      await p.screenshot('gallery');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('a narrow (phone) viewport stacks the cards without horizontal overflow', async () => {
    const p = await openPage('/demos/', { width: 390, height: 800 });
    try {
      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow).toBe(false);
      await p.screenshot('gallery-narrow');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
