// One config for the dev server (demos, the WebGPU test harness), the builds, and vitest.
// The root is the repo root so that /demos/ and /test/browser/harness.html are both served as-is;
// WGSL is imported with `?raw`, which Vite handles in the browser and vitest handles in Node.
//
// Two builds (npm run build runs both, plus tsc for the declarations):
//   vite build --mode lib   the library: dist/index.js (seqgpu) and dist/components.js (seqgpu/components),
//                           lit and uplot left as imports (dependencies), uPlot's CSS inlined
//   vite build              the static demo gallery: every demos/**/index.html into dist-demos/ (relative base,
//                           so the folder can be served from any path)

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { BuildEnvironmentOptions, Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

const libraryBuild: BuildEnvironmentOptions = {
  // Type declarations come from tsc (tsconfig.build.json), not from Vite.
  outDir: 'dist',
  emptyOutDir: true,
  sourcemap: true,
  target: 'es2022',
  lib: {
    entry: {
      index: join(repoRoot, 'src/index.ts'),
      components: join(repoRoot, 'src/components/index.ts'),
    },
    formats: ['es'],
  },
  rolldownOptions: {
    // Runtime dependencies stay imports so an app bundles one copy of each (uPlot's stylesheet, imported with
    // ?inline, is not matched here and is inlined into the component that adopts it).
    external: [/^lit($|\/)/, /^@lit\//, /^uplot$/],
  },
};

/** The gallery page and one page per demo folder. */
function galleryPages(): Record<string, string> {
  const demos = join(repoRoot, 'demos');
  const pages: Record<string, string> = { gallery: join(demos, 'index.html') };
  for (const entry of readdirSync(demos, { withFileTypes: true })) {
    const page = join(demos, entry.name, 'index.html');
    if (entry.isDirectory() && existsSync(page)) pages[entry.name] = page;
  }
  return pages;
}

const galleryBuild = (): BuildEnvironmentOptions => ({
  outDir: 'dist-demos',
  emptyOutDir: true,
  sourcemap: false,
  target: 'es2022',
  rolldownOptions: { input: galleryPages() },
});

/** The gallery lands at dist-demos/demos/ (paths mirror the dev server); a root page forwards there. */
const galleryRootRedirect: Plugin = {
  name: 'seqgpu-gallery-root',
  apply: (_config, env) => env.command === 'build' && env.mode !== 'lib',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'index.html',
      source: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><meta http-equiv="refresh" content="0; url=./demos/"><title>seqgpu demos</title><a href="./demos/">seqgpu demos</a>\n',
    });
  },
};

export default defineConfig(({ command, mode }) => ({
  root: repoRoot,
  base: command === 'build' && mode !== 'lib' ? './' : '/',
  plugins: [galleryRootRedirect],
  server: {
    fs: { strict: true, allow: [repoRoot] },
  },
  build: mode === 'lib' ? libraryBuild : galleryBuild(),
  test: {
    include: ['test/**/*.test.ts'],
    // Starts a Vite server and headless Chromium once per run and hands the endpoint to the WebGPU suites
    // (see test/browser/global-setup.ts). Without Chromium those suites skip locally and fail in CI.
    globalSetup: ['test/browser/global-setup.ts'],
    // SwiftShader (the CPU Vulkan behind headless Chromium here) is slow: generous per-test and hook limits.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
}));
