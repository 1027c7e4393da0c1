// One config for the dev server (demos, the WebGPU test harness), the builds, and vitest.
// The root is the repo root so that /demos/ and /test/browser/harness.html are both served as-is;
// WGSL is imported with `?raw`, which Vite handles in the browser and vitest handles in Node.
//
// Two builds (npm run build runs both, plus tsc for the declarations):
//   vite build --mode lib   the library: dist/index.js (seqgpu), dist/internal.js, dist/datasets.js,
//                           dist/components.js and dist/components/<tag>.js (one per element), shared code in
//                           dist/chunks/; lit and uplot left as imports (dependencies), uPlot's CSS inlined
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
    entry: libraryEntries(),
    formats: ['es'],
  },
  rolldownOptions: {
    // Runtime dependencies stay imports so an app bundles one copy of each (uPlot's stylesheet, imported with
    // ?inline, is not matched here and is inlined into the component that adopts it). 'webgpu' (Dawn, an
    // optional peer for Node) is only ever imported by a computed specifier, and stays external regardless.
    external: [/^lit($|\/)/, /^@lit\//, /^uplot$/, /^webgpu$/],
    output: {
      // Entries keep their names (dist/components/loss-chart.js); code shared between entries (the engine, the
      // theme, the uPlot base) goes to dist/chunks/, so one element's bundle holds only what that element imports
      // and an app importing seqgpu and seqgpu/components gets one engine.
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
  },
};

/**
 * The package's entry points, one per `exports` subpath in package.json (test/package/exports.test.ts checks
 * the two agree): seqgpu, seqgpu/internal, seqgpu/datasets, seqgpu/components and seqgpu/components/<tag> for
 * every element file in src/components/.
 */
export function libraryEntries(): Record<string, string> {
  const entries: Record<string, string> = {
    index: join(repoRoot, 'src/index.ts'),
    internal: join(repoRoot, 'src/internal.ts'),
    datasets: join(repoRoot, 'src/datasets/index.ts'),
    components: join(repoRoot, 'src/components/index.ts'),
  };
  for (const tag of componentTags()) entries[`components/${tag}`] = join(repoRoot, 'src/components', `${tag}.ts`);
  return entries;
}

/** Element files: src/components/<tag>.ts, a custom-element tag (has a dash), not the index or a types file. */
export function componentTags(): string[] {
  return readdirSync(join(repoRoot, 'src/components'))
    .filter((f) => /^[a-z]+(-[a-z]+)+\.ts$/.test(f) && !f.endsWith('-types.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

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
