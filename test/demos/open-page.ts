// Opens a page under the Vite server root (a demo, or a minimal component page) in the run's headless Chromium,
// with console errors, page errors and failed requests collected from before the first byte loads, and saves
// screenshots under test-artifacts/demos/. It connects the way test/browser/remote.ts does (the same injected
// endpoint), but attaches its listeners before navigation: openRemote() navigates first, so errors raised while
// a page loads would be missed, and those are the errors a demo test exists to catch.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { inject } from 'vitest';

export { hasBrowser, requireWebGPU } from '../browser/remote.ts';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/demos');

export interface DemoPage {
  page: Page;
  /** Console errors, uncaught page errors and failed requests seen so far. */
  errors: string[];
  /** Full-page PNG under test-artifacts/demos/<name>.png; returns the path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Laptop-sized by default. */
  width?: number;
  height?: number;
  /** Wait for window.seqgpuReady (default true). */
  waitReady?: boolean;
  timeoutMs?: number;
}

export async function openPage(path: string, options: OpenOptions = {}): Promise<DemoPage> {
  const endpoint = inject('browserWSEndpoint');
  const harnessUrl = inject('harnessUrl');
  if (!endpoint || !harnessUrl) throw new Error('openPage: no browser in this run (guard the suite with hasBrowser)');
  const url = new URL(path, harnessUrl).href;
  const browser: Browser = await puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout: 600_000, defaultViewport: null });
  const page = await browser.newPage();
  await page.setViewport({ width: options.width ?? 1280, height: options.height ?? 860 });
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
    // Warnings count too (WebGPU validation messages and Lit's misuse warnings arrive as warnings), except Lit's
    // one-line notice that the dev server serves its development build.
    if (msg.type() === 'warn' && !/Lit is in dev mode/.test(msg.text())) errors.push(`console.warn: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  page.on('requestfailed', (req) => {
    // Aborted requests (a navigation away, a cancelled prefetch) are not page errors.
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const timeout = options.timeoutMs ?? 120_000;
  await page.goto(url, { waitUntil: 'load', timeout });
  if (options.waitReady ?? true) {
    await page
      .waitForFunction(() => (window as { seqgpuReady?: boolean }).seqgpuReady === true || typeof (window as { seqgpuError?: string }).seqgpuError === 'string', {
        timeout,
        polling: 50,
      })
      .catch(() => {
        throw new Error(`openPage: ${path} did not become ready within ${timeout} ms; errors: ${errors.join(' | ') || 'none'}`);
      });
    const failed = await page.evaluate(() => (window as { seqgpuError?: string }).seqgpuError ?? null);
    if (failed) throw new Error(`openPage: ${path} failed to start: ${failed}`);
  }
  return {
    page,
    errors,
    async screenshot(name: string): Promise<string> {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file as `${string}.png`, fullPage: true });
      return file;
    },
    async close(): Promise<void> {
      await page.close().catch(() => {});
      await browser.disconnect();
    },
  };
}

/** Reads window.seqgpuDemo (the demo's published state) as plain data. */
export function demoState<T>(page: Page): Promise<T> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as { seqgpuDemo?: unknown }).seqgpuDemo ?? null)) as T);
}
