// vitest globalSetup: runs once per `vitest run` in the main process. Starts a Vite dev server on 127.0.0.1
// (serving the repo root, so test/browser/harness.html can import src/ and shaders/) and a headless Chromium
// with WebGPU, then hands their addresses to the test workers via provide/inject (see remote.ts).
// No Chromium, or no WebGPU adapter in it: a visible skip locally, a thrown error in CI.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { isWebGPURequired, locateChromium } from './find-chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** puppeteer.connect() endpoint of the shared headless Chromium; null when WebGPU suites skip. */
    browserWSEndpoint: string | null;
    /** http URL of test/browser/harness.html on the run's Vite server; null when WebGPU suites skip. */
    harnessUrl: string | null;
    /** One-line adapter summary (vendor, architecture, device, description); null when WebGPU suites skip. */
    webgpuAdapter: string | null;
    /** File the suites append one line to per GPU-vs-CPU comparison; teardown prints the total. */
    comparisonLog: string | null;
  }
}

/**
 * The flags that give a WebGPU adapter in headless Chromium on a GPU-less Linux box (SwiftShader, i.e. Vulkan
 * on the CPU). Nothing more is needed with Debian's Chromium 150: no --enable-features=Vulkan, no
 * --use-angle/--use-webgpu-adapter. puppeteer-core adds its own defaults (--headless=new, background-throttling
 * off, ...) on top; the fresh --user-data-dir is appended per run.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const HARNESS_PATH = '/test/browser/harness.html';

const SKIP_NO_CHROMIUM =
  'WebGPU suites SKIPPED: no Chromium found; install it with `sudo apt-get install chromium` or set SEQGPU_CHROMIUM=/path/to/chrome';

interface AdapterReport {
  error?: string;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  features?: string[];
  limits?: Record<string, number>;
  harness?: string;
}

// Limits worth a line in every log: they decide which kernel variants can run.
const LOGGED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
] as const;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const required = isWebGPURequired();
  const logDir = mkdtempSync(join(tmpdir(), 'seqgpu-comparisons-'));
  const comparisonLog = join(logDir, 'count');
  writeFileSync(comparisonLog, '');
  project.provide('comparisonLog', comparisonLog);
  const reportComparisons = (): void => {
    const n = readFileSync(comparisonLog, 'utf8').split('\n').filter(Boolean).length;
    console.log(`GPU-vs-CPU comparisons this run: ${n} (each one an output or gradient array checked against the CPU reference)`);
    rmSync(logDir, { recursive: true, force: true });
  };
  const skip = (line: string): (() => Promise<void>) => {
    project.provide('browserWSEndpoint', null);
    project.provide('harnessUrl', null);
    project.provide('webgpuAdapter', null);
    console.warn(line);
    return async () => {};
  };

  const chromium = locateChromium();
  if (!chromium) {
    const line = process.env.SEQGPU_CHROMIUM?.trim() === 'none' ? 'WebGPU suites SKIPPED: SEQGPU_CHROMIUM=none' : SKIP_NO_CHROMIUM;
    if (required) throw new Error(line.replace('SKIPPED', 'cannot run (CI=true or SEQGPU_REQUIRE_WEBGPU is set)'));
    return skip(line);
  }

  const t0 = performance.now();
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  const userDataDir = mkdtempSync(join(tmpdir(), 'seqgpu-chromium-'));
  const teardown = async (): Promise<void> => {
    // Each step guarded: a failed close must not leave the other process (or the temp profile) behind.
    await browser?.close().catch((e: unknown) => console.warn(`closing Chromium failed: ${String(e)}`));
    await server?.close().catch((e: unknown) => console.warn(`closing Vite failed: ${String(e)}`));
    rmSync(userDataDir, { recursive: true, force: true });
  };

  try {
    const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
    server = await createServer({
      configFile: join(repoRoot, 'vite.config.ts'),
      root: repoRoot,
      logLevel: 'warn', // transform errors in src/ or shaders/ still print here, which is where to look
      clearScreen: false,
      // No HMR and no watcher: the page must not reload under a running test when someone saves a file.
      server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null, open: false },
    });
    await server.listen();
    const { port } = server.httpServer!.address() as AddressInfo;
    const harnessUrl = `http://127.0.0.1:${port}${HARNESS_PATH}`;

    browser = await puppeteer.launch({
      executablePath: chromium.path,
      headless: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`],
    });
    const version = await browser.version();

    // Open the harness once: a secure (http://127.0.0.1) page to ask for the adapter, and a warm-up of the
    // Vite transform/dep-optimizer so the first test file does not pay for it.
    const page = await browser.newPage();
    await page.goto(harnessUrl, { waitUntil: 'load' });
    const report = await page.evaluate(async (): Promise<AdapterReport> => {
      const r: AdapterReport = {};
      if (!('gpu' in navigator) || !navigator.gpu) return { error: 'navigator.gpu is undefined' };
      const adapter = await navigator.gpu.requestAdapter();
      if (!adapter) return { error: 'navigator.gpu.requestAdapter() returned null' };
      const info = adapter.info;
      Object.assign(r, {
        vendor: info.vendor,
        architecture: info.architecture,
        device: info.device,
        description: info.description,
        isFallbackAdapter: (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter,
        features: [...adapter.features].sort(),
        limits: {},
      });
      for (const key in adapter.limits) r.limits![key] = (adapter.limits as unknown as Record<string, number>)[key]!;
      // Give the harness module a moment to import src/: its status goes in the log, its failure is reported
      // again (as a test failure) by every suite that opens it.
      const w = window as unknown as { seqgpuReady?: boolean; seqgpuError?: string };
      const deadline = performance.now() + 60_000;
      while (!w.seqgpuReady && !w.seqgpuError && performance.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      r.harness = w.seqgpuReady ? 'ready' : w.seqgpuError ? `import failed: ${w.seqgpuError.split('\n')[0]}` : 'not ready after 60 s';
      return r;
    });
    await page.close();

    if (report.error) {
      const line = `WebGPU suites SKIPPED: ${version} at ${chromium.path} gave no WebGPU adapter (${report.error})`;
      if (required) throw new Error(line.replace('SKIPPED', 'cannot run (CI=true or SEQGPU_REQUIRE_WEBGPU is set)'));
      await teardown();
      return skip(line);
    }

    const adapter =
      [report.vendor, report.architecture, report.device, report.description].filter((s) => s).join(' / ') +
      (report.isFallbackAdapter ? ' (fallback adapter)' : '');
    const interesting = (report.features ?? []).filter((f) => /f16|subgroup|timestamp/.test(f));
    const limits = LOGGED_LIMITS.map((k) => `${k}=${report.limits?.[k]}`).join(' ');
    console.log(
      `WebGPU adapter: ${adapter} in ${version} (${chromium.path}, from ${chromium.source}); ` +
        `features: ${interesting.join(', ') || 'none of shader-f16/subgroups/timestamp-query'}; ${limits}; ` +
        `harness ${report.harness}; setup ${Math.round(performance.now() - t0)} ms`,
    );

    project.provide('browserWSEndpoint', browser.wsEndpoint());
    project.provide('harnessUrl', harnessUrl);
    project.provide('webgpuAdapter', adapter);
    return async () => {
      reportComparisons();
      await teardown();
    };
  } catch (e) {
    await teardown();
    if (required) throw e;
    // Chromium exists but would not start or serve: the local run goes on without WebGPU, loudly.
    return skip(`WebGPU suites SKIPPED: starting ${chromium.path} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
