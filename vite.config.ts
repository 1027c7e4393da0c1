// One config for the dev server (demos, the WebGPU test harness), the library build, and vitest.
// The root is the repo root so that /demos/ and /test/browser/harness.html are both served as-is;
// WGSL is imported with `?raw`, which Vite handles in the browser and vitest handles in Node.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: repoRoot,
  server: {
    fs: { strict: true, allow: [repoRoot] },
  },
  build: {
    // Library build: dist/index.js (ESM). Type declarations come from tsc, not from Vite.
    // The demo gallery build can be added later as a separate mode/config.
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    lib: {
      entry: fileURLToPath(new URL('src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: 'index',
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Starts a Vite server and headless Chromium once per run and hands the endpoint to the WebGPU suites
    // (see test/browser/global-setup.ts). Without Chromium those suites skip locally and fail in CI.
    globalSetup: ['test/browser/global-setup.ts'],
    // SwiftShader (the CPU Vulkan behind headless Chromium here) is slow: generous per-test and hook limits.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
