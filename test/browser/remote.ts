// Node side of the WebGPU test driver: a test file opens the harness page (harness.html / harness.ts) in the
// shared headless Chromium that global-setup.ts started, runs functions in it against `window.seqgpu`, and gets
// the results back to compare with the CPU reference in Node.
//
//   const remote = await openRemote();            // null when no browser (local skip)
//   const out = await remote!.evaluate(async (sg, a) => {
//     const dev = await sg.init('webgpu');
//     return await sg.tensor(a.x, [2, 2], { device: dev }).data();   // a Float32Array arrives as a Float32Array
//   }, { x: [1, 2, 3, 4] });
//
// `fn` runs IN THE PAGE: it is sent as its source text, so it must be self-contained. It may use only its two
// parameters (the seqgpu module and `arg`) and browser globals; a closure over a Node variable or an imported
// helper fails (the latter is caught before sending, with a message). A dynamic import() inside fn runs in the
// page, with absolute paths from the repo root, e.g. import('/shaders/matmul/naive.wgsl?raw').
// Arguments and results cross the wire through a small codec: JSON-like values, plus typed arrays and
// ArrayBuffers (exact bytes, so NaN/-0 survive), NaN, +-Infinity and -0 as plain numbers, undefined, and bigint.
// Class instances (a Tensor, a Device) do not cross: return `await t.data()` or `await t.toArray()` instead.
// Coverage instrumentation would break the self-containedness of fn; run WebGPU suites without --coverage.

import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { isWebGPURequired } from './find-chromium.ts';

/** The seqgpu public API as the page sees it. */
export type SeqgpuModule = typeof import('../../src/index.ts');
/** What evaluate's fn gets: the public API plus seqgpu/internal (src/internal.ts), for tests of the building blocks. */
export type SeqgpuPageModule = SeqgpuModule & typeof import('../../src/internal.ts');

/** True when global setup started Chromium with a WebGPU adapter for this run. */
export const hasBrowser: boolean = inject('browserWSEndpoint') != null && inject('harnessUrl') != null;
/** In CI (CI=true) or with SEQGPU_REQUIRE_WEBGPU=1, WebGPU suites must run: missing WebGPU fails instead of skipping. */
export const requireWebGPU: boolean = isWebGPURequired();
/** One-line description of the run's WebGPU adapter, or null. */
export const webgpuAdapter: string | null = inject('webgpuAdapter') ?? null;

export interface EvaluateOptions {
  /** Per-call limit in ms (default 90 000, below vitest's 120 000 testTimeout so this message wins). */
  timeoutMs?: number;
  /** Names the call in the timeout message; default: the start of fn's source. */
  label?: string;
}

export interface OpenRemoteOptions {
  /** Page to open, relative to the server root (default the harness). It must set seqgpuReady or seqgpuError. */
  path?: string;
  /** How long to wait for the page to load and import seqgpu (default 120 000 ms). */
  readyTimeoutMs?: number;
}

export interface Remote {
  /** The puppeteer page, for anything evaluate() does not cover. */
  readonly page: Page;
  /**
   * Runs `fn(window.seqgpu, arg)` in the page and returns its (awaited) result. `fn` must be self-contained; see
   * the file header for what crosses the wire. A throw in the page rejects with a RemoteError carrying the page's
   * error name, message and stack.
   */
  evaluate<T, A = undefined>(fn: (sg: SeqgpuPageModule, arg: A) => Promise<T> | T, arg?: A, options?: EvaluateOptions): Promise<T>;
  /** Closes the page and disconnects (the browser itself belongs to global setup). */
  close(): Promise<void>;
}

/** An error thrown inside the page, re-thrown in Node with the page's name, message and stack. */
export class RemoteError extends Error {
  constructor(
    readonly remoteName: string,
    message: string,
    readonly remoteStack: string,
  ) {
    super(message);
    this.name = remoteName === 'Error' ? 'RemoteError' : `RemoteError(${remoteName})`;
    this.stack = `${this.name}: ${message}\n    --- in the page ---\n${remoteStack}\n    --- in node ---\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}`;
  }
}

const DEFAULT_TIMEOUT_MS = 90_000;
const DEFAULT_READY_TIMEOUT_MS = 120_000;

/**
 * Connects to the run's Chromium and opens the harness. Returns null when the run has no browser (local skip);
 * throws when WebGPU is required (CI) but missing, and when the page cannot import seqgpu (with the page's message).
 */
export async function openRemote(options: OpenRemoteOptions = {}): Promise<Remote | null> {
  const endpoint = inject('browserWSEndpoint');
  const harnessUrl = inject('harnessUrl');
  if (endpoint == null || harnessUrl == null) {
    if (requireWebGPU) throw new Error('openRemote: WebGPU is required (CI or SEQGPU_REQUIRE_WEBGPU) but global setup provided no browser');
    return null;
  }
  const url = options.path ? new URL(options.path, harnessUrl).href : harnessUrl;
  const browser: Browser = await puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout: 600_000, defaultViewport: null });
  let page: Page | undefined;
  try {
    page = await browser.newPage();
    forwardPageLogs(page, url);
    const readyTimeout = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    await page.goto(url, { waitUntil: 'load', timeout: readyTimeout });
    await page
      .waitForFunction(() => window.seqgpuReady === true || typeof window.seqgpuError === 'string', { timeout: readyTimeout, polling: 50 })
      .catch(() => {
        throw new Error(`openRemote: ${url} did not set seqgpuReady or seqgpuError within ${readyTimeout} ms`);
      });
    const importError = await page.evaluate(() => window.seqgpuError ?? null);
    if (importError !== null) throw new Error(`openRemote: the harness page could not load seqgpu: ${importError}`);
    // Install the wire codec and the runner in the page (one copy of the codec's source, shared with Node).
    await page.evaluate(`window.__seqgpuWire = (${wireCodec.toString()})();`);
    await page.evaluate(`window.__seqgpuRun = (${pageRunner.toString()});`);
  } catch (e) {
    await page?.close().catch(() => {});
    await browser.disconnect();
    throw e;
  }
  return makeRemote(browser, page);
}

/**
 * describe() for a WebGPU suite: skipped (visibly) when the run has no browser, otherwise opens one page for the
 * whole block. `remote()` returns the open Remote inside tests and hooks.
 */
export function describeWebGPU(name: string, body: (remote: () => Remote) => void): void {
  describe.skipIf(!hasBrowser)(name, () => {
    let current: Remote | null = null;
    beforeAll(async () => {
      current = await openRemote();
    });
    afterAll(async () => {
      await current?.close();
      current = null;
    });
    body(() => {
      if (!current) throw new Error('describeWebGPU: the remote page is not open (did beforeAll fail?)');
      return current;
    });
  });
}

function makeRemote(browser: Browser, page: Page): Remote {
  const codec = wireCodec();
  let closed = false;
  return {
    page,
    async evaluate<T, A>(fn: (sg: SeqgpuPageModule, arg: A) => Promise<T> | T, arg?: A, options: EvaluateOptions = {}): Promise<T> {
      if (closed) throw new Error('Remote.evaluate: the remote is closed');
      // vitest rewrites import() in test files to a Node-side helper; in the page a plain import() is what's meant
      // (it resolves against the harness page, e.g. import('/shaders/x/y.wgsl?raw')).
      const source = fn.toString().replace(/\b__vite_ssr_dynamic_import__\(/g, 'import(');
      checkSelfContained(source);
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const label = options.label ?? oneLine(source, 120);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Remote.evaluate timed out after ${timeoutMs} ms (the page is still running it): ${label}`)),
          timeoutMs,
        );
      });
      try {
        const call = page.evaluate(
          (src: string, encodedArg: unknown) =>
            (window as unknown as { __seqgpuRun: (s: string, a: unknown) => Promise<unknown> }).__seqgpuRun(src, encodedArg),
          source,
          codec.encode(arg) as never,
        ) as Promise<WireResult>;
        const result = await Promise.race([call, timeout]);
        if (!result.ok) throw new RemoteError(result.name, result.message, result.stack);
        return codec.decode(result.value) as T;
      } finally {
        clearTimeout(timer);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await page.close().catch(() => {});
      await browser.disconnect();
    },
  };
}

type WireResult = { ok: true; value: unknown } | { ok: false; name: string; message: string; stack: string };

// A function's source after Vite's SSR transform names its imports like this; in the page they do not exist.
const NODE_ONLY_NAMES = /\b(__vite_ssr_import_\d+__|__vite_ssr_dynamic_import__|__vite_ssr_exports__|__vi_import_\d+__|__vite_ssr_import_meta__)\b/;

function checkSelfContained(source: string): void {
  const m = NODE_ONLY_NAMES.exec(source);
  if (m) {
    throw new Error(
      `Remote.evaluate: fn uses something imported in Node (${m[1]}); fn runs in the page and may only use its ` +
        `parameters (sg, arg) and browser globals. Pass data through arg, and reach seqgpu through sg. Source: ${oneLine(source, 200)}`,
    );
  }
}

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function forwardPageLogs(page: Page, url: string): void {
  const all = (process.env.SEQGPU_BROWSER_LOG ?? '') === 'all';
  const where = new URL(url).pathname;
  page.on('console', (msg) => {
    const type = msg.type();
    // WebGPU validation errors that escape an error scope arrive as console warnings: forward those too.
    if (type === 'error' || type === 'warn') console.error(`[chromium ${type} ${where}] ${msg.text()}`);
    else if (all) console.log(`[chromium ${type} ${where}] ${msg.text()}`);
  });
  page.on('pageerror', (err) => {
    console.error(`[chromium pageerror ${where}] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });
  page.on('error', (err) => console.error(`[chromium page crashed ${where}] ${err.message}`));
}

/**
 * Runs in the page (installed as window.__seqgpuRun). Self-contained: only browser globals and __seqgpuWire.
 */
async function pageRunner(source: string, encodedArg: unknown): Promise<WireResult> {
  const w = window as unknown as {
    seqgpu: unknown;
    seqgpuDescribeError?: (e: unknown) => Promise<string>;
    __seqgpuWire: { encode(v: unknown): unknown; decode(v: unknown): unknown };
  };
  try {
    const fn = (0, eval)(`(${source})`) as (sg: unknown, arg: unknown) => unknown;
    const value = await fn(w.seqgpu, w.__seqgpuWire.decode(encodedArg));
    return { ok: true, value: w.__seqgpuWire.encode(value) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    let message = err.message;
    // A lazily imported module that Vite could not transform: add Vite's own message (harness.ts).
    if (w.seqgpuDescribeError && /Failed to fetch dynamically imported module/.test(message)) {
      message = (await w.seqgpuDescribeError(err)).replace(`${err.name}: `, '');
    }
    return { ok: false, name: err.name, message, stack: err.stack ?? '' };
  }
}

/**
 * The wire codec, used in Node and (via its source text) in the page, so it must stay self-contained.
 * JSON-safe encoding of what JSON and the DevTools protocol lose: typed arrays (their bytes, base64), NaN,
 * +-Infinity, -0, undefined, bigint. Plain objects and arrays recurse; other class instances are refused with
 * a message naming the class (a Tensor must be read with data()/toArray() first).
 */
export function wireCodec(): { encode(v: unknown): unknown; decode(v: unknown): unknown } {
  const TAG = '__seqgpuWire';
  const g = globalThis as unknown as Record<string, unknown> & {
    Buffer?: { from(b: ArrayBufferLike, o?: number, l?: number): { toString(enc: string): string }; from(s: string, enc: string): Uint8Array };
  };
  const toB64 = (bytes: Uint8Array): string => {
    if (g.Buffer) return g.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  };
  const fromB64 = (s: string): Uint8Array => {
    if (g.Buffer) return new Uint8Array(g.Buffer.from(s, 'base64')); // copy: offset 0, so any element size aligns
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  };
  const encode = (v: unknown, path: string): unknown => {
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { [TAG]: 'number', value: Object.is(v, -0) ? '-0' : String(v) };
    }
    if (v === undefined) return { [TAG]: 'undefined' };
    if (typeof v === 'bigint') return { [TAG]: 'bigint', value: v.toString() };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'function' || typeof v === 'symbol') throw new Error(`cannot send a ${typeof v} across the page boundary (at ${path})`);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      // toStringTag gives the typed-array kind even for subclasses such as Node's Buffer (-> Uint8Array).
      return { [TAG]: 'typed', type: Object.prototype.toString.call(v).slice(8, -1), data: toB64(bytes) };
    }
    if (v instanceof ArrayBuffer) return { [TAG]: 'arraybuffer', data: toB64(new Uint8Array(v)) };
    if (Array.isArray(v)) return v.map((x, i) => encode(x, `${path}[${i}]`));
    if (v instanceof Error) return { [TAG]: 'error', name: v.name, message: v.message, stack: v.stack ?? '' };
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      const name = (v as object).constructor?.name ?? 'object';
      throw new Error(
        `cannot send a ${name} across the page boundary (at ${path}): return plain data, e.g. await t.data() or await t.toArray() for a tensor`,
      );
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = encode(x, `${path}.${k}`);
    return out;
  };
  const decode = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(decode);
    const o = v as Record<string, unknown>;
    switch (o[TAG]) {
      case 'number':
        return o.value === '-0' ? -0 : Number(o.value);
      case 'undefined':
        return undefined;
      case 'bigint':
        return BigInt(o.value as string);
      case 'typed': {
        const Ctor = g[o.type as string] as (new (b: ArrayBufferLike) => ArrayBufferView) | undefined;
        if (typeof Ctor !== 'function') throw new Error(`cannot rebuild a ${String(o.type)} here`);
        return new Ctor(fromB64(o.data as string).buffer);
      }
      case 'arraybuffer':
        return fromB64(o.data as string).buffer;
      case 'error': {
        const e = new Error(o.message as string);
        e.name = o.name as string;
        e.stack = o.stack as string;
        return e;
      }
      default: {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(o)) out[k] = decode(x);
        return out;
      }
    }
  };
  return { encode: (v: unknown) => encode(v, 'value'), decode };
}
