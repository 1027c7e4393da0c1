// The static gallery that `npm run build` produces: built here into a temp folder with the project's own Vite
// config (gallery mode), served by `vite preview`, and opened in the run's Chromium: the gallery and the demos
// load from the built files with no console errors and the components are registered.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { demoState, hasBrowser, openPage } from './open-page.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(!hasBrowser)('static gallery build', () => {
  let outDir = '';
  let server: PreviewServer | null = null;
  let base = '';

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'seqgpu-gallery-'));
    const config = { configFile: join(repoRoot, 'vite.config.ts'), root: repoRoot, logLevel: 'warn' as const, mode: 'production' };
    await build({ ...config, build: { outDir, emptyOutDir: true } });
    server = await preview({ ...config, build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    const { port } = server.httpServer.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('holds the gallery, a root page forwarding to it, and every live demo', () => {
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toMatch(/url=\.\/demos\//);
    for (const page of ['demos/index.html', 'demos/gpu-vs-cpu/index.html', 'demos/mlp-regression/index.html']) {
      expect(readFileSync(join(outDir, page), 'utf8'), page).toMatch(/<script type="module" crossorigin src="\.\.?\/(\.\.\/)?assets\//);
    }
  });

  it('the built gallery and MLP demo run from the static files', async () => {
    const gallery = await openPage(`${base}/`);
    try {
      expect(gallery.page.url()).toMatch(/\/demos\/$/);
      expect(await gallery.page.$$eval('.card', (els) => els.length)).toBeGreaterThan(2);
      expect(gallery.errors).toEqual([]);
    } finally {
      await gallery.close();
    }
    const mlp = await openPage(`${base}/demos/mlp-regression/?device=cpu&steps=20&autostart=1`);
    try {
      await mlp.page.waitForFunction(() => (window as { seqgpuDemo?: { status: string } }).seqgpuDemo?.status === 'done', { timeout: 60_000 });
      const s = await demoState<{ losses: number[] }>(mlp.page);
      expect(s.losses).toHaveLength(20);
      expect(await mlp.page.evaluate(() => !!customElements.get('loss-chart'))).toBe(true);
      expect(mlp.errors).toEqual([]);
    } finally {
      await mlp.close();
    }
  });
});
