// init('auto') in a browser: with WebGPU it picks WebGPU and names the adapter; in a browser without WebGPU (a
// page where navigator.gpu is hidden before any script runs, as in a browser that does not ship it) it falls back to
// the CPU, says why on device.reason, and computes.
import { describe, expect, it } from 'vitest';
import { hasBrowser, openPage } from '../demos/open-page.ts';
import { webgpuAdapter } from '../browser/remote.ts';

interface AutoResult { kind: string; reason: string; sum: number[] }

async function runAuto(page: import('puppeteer-core').Page): Promise<AutoResult> {
  await page.waitForFunction(() => (window as { seqgpuReady?: boolean }).seqgpuReady === true);
  return page.evaluate(async () => {
    const sg = (window as unknown as { seqgpu: typeof import('../../src/index.ts') }).seqgpu;
    const d = await sg.init('auto', { quiet: true });
    const a = sg.tensor([1, 2, 3], [3], { device: d });
    const sum = Array.from(await sg.add(a, a).data());
    return { kind: d.kind, reason: d.reason, sum };
  });
}

describe.skipIf(!hasBrowser)("init('auto') in the browser", () => {
  it.skipIf(!webgpuAdapter)('chooses WebGPU where the browser has it', async () => {
    const p = await openPage('/test/demos/pages/components.html', { width: 600, height: 300, waitReady: false });
    try {
      const r = await runAuto(p.page);
      expect(r.kind).toBe('webgpu');
      expect(r.reason).toMatch(/^init\('auto'\) chose WebGPU/);
      expect(r.sum).toEqual([2, 4, 6]);
    } finally {
      await p.close();
    }
  });

  it('falls back to the CPU in a browser without WebGPU, and says why', async () => {
    const p = await openPage('/test/demos/pages/components.html', { width: 600, height: 300, waitReady: false });
    try {
      await p.page.evaluateOnNewDocument(() => {
        Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
      });
      await p.page.reload();
      expect(await p.page.evaluate(() => navigator.gpu)).toBeUndefined();
      const r = await runAuto(p.page);
      expect(r.kind).toBe('cpu');
      expect(r.reason).toMatch(/^init\('auto'\) chose the CPU: WebGPU is not usable here \(.*navigator\.gpu/);
      expect(r.sum).toEqual([2, 4, 6]);
    } finally {
      await p.close();
    }
  });
});
