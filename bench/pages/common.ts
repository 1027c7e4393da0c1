// Page side of the benchmark runner (Node side: bench/runner.ts). A suite is bench/pages/<suite>.html, which
// loads bench/pages/<suite>.ts, which calls defineSuite(). The runner opens the page in headless Chromium, waits
// for window.benchResult (or window.benchError), writes bench/results/<suite>.json and the suite's section of
// BENCHMARKS.md. A new suite needs only those two files: copy matmul.html/matmul.ts and change the names.
//
// Import this module before anything that may create a GPU device (tfjs in particular: import tfjs through
// ./tfjs.ts, which imports this first), so the dispatch counter below sees every dispatch of the page.
import type { BenchTable, Cell, PageResult } from '../types.ts';

export type { BenchTable, Cell, PageResult };

declare global {
  interface Window {
    benchResult?: PageResult;
    benchError?: string;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dispatch counting, for any engine: GPUComputePassEncoder.prototype is wrapped once, at import time.

let dispatches = 0;
if (typeof GPUComputePassEncoder !== 'undefined') {
  const proto = GPUComputePassEncoder.prototype;
  const direct = proto.dispatchWorkgroups;
  const indirect = proto.dispatchWorkgroupsIndirect;
  proto.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<typeof direct>) {
    dispatches++;
    return direct.apply(this, args);
  };
  proto.dispatchWorkgroupsIndirect = function (this: GPUComputePassEncoder, ...args: Parameters<typeof indirect>) {
    dispatches++;
    return indirect.apply(this, args);
  };
}

/** Compute dispatches encoded on this page so far, by every engine (seqgpu, tfjs, anything else). */
export function dispatchCount(): number {
  return dispatches;
}

/** Compute dispatches encoded while fn runs (await it to completion: encode happens before submit). */
export async function countDispatches(fn: () => unknown): Promise<number> {
  const before = dispatches;
  await fn();
  return dispatches - before;
}

// ---------------------------------------------------------------------------------------------------------
// Timing

export interface TimeOptions {
  /** Untimed runs first (pipeline compilation, uploads, pool warm-up). Default 2. */
  warmup?: number;
  /** Timed runs at most. Default 10. */
  iters?: number;
  /** Stop taking samples once this much time per contender went into them (at least minIters). Default Infinity. */
  budgetMs?: number;
  /** Timed runs at least, whatever the budget. Default 3. */
  minIters?: number;
  /**
   * A sample shorter than this repeats fn until it is not (calibrated after the warm-up; the reported time is per
   * call). performance.now() is coarsened to 0.1 ms in pages that are not cross-origin isolated. Default 5.
   */
  minSampleMs?: number;
}

export interface Timing {
  /** Median of the samples, per call: the figure to report. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Per-call time of each sample. */
  samples: number[];
  /** Calls of fn per sample. */
  reps: number;
  /** Calls of fn in all, warm-up and calibration included (to turn a counter's delta into a per-call figure). */
  calls: number;
}

/** One of the configurations timed side by side by timeInterleaved. */
export interface Contender {
  name: string;
  /** One call: must not return before its work is done (see timeIt). */
  fn: () => unknown;
  /**
   * Untimed, awaited before each sample and each warm-up call: switching a global engine state (tfjs's active
   * backend) when contenders of different backends share one round.
   */
  prepare?: () => unknown;
}

export interface Measured extends Timing {
  /** GPU compute dispatches per call of fn, over all its calls (warm-up included). */
  dispatchesPerCall: number;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Times several configurations of the same work in rounds, one sample of each per round (the order shuffled
 * from round to round by a fixed-seed generator: with a rotation, every contender always followed the same one,
 * and the one after the CPU engines paid the GPU's wake-up each round), so that a change in machine load during the run hits all of them alike: on a shared
 * host the ratios stay meaningful where back-to-back blocks of samples would not. Each contender gets `warmup`
 * untimed calls, then calls per sample are calibrated to last minSampleMs; rounds continue until `iters`, or
 * until at least `minIters` and `budgetMs` per contender (on average) were spent. Returns one entry per name.
 */
export async function timeInterleaved(contenders: readonly Contender[], options: TimeOptions = {}): Promise<Map<string, Measured>> {
  const { warmup = 2, iters = 10, budgetMs = Infinity, minIters = 3, minSampleMs = 5 } = options;
  const state = contenders.map((c) => ({ ...c, reps: 1, calls: 0, dispatches: 0, samples: [] as number[] }));
  type State = (typeof state)[number];
  const run = async (c: State, reps: number): Promise<number> => {
    if (c.prepare) await c.prepare();
    const d0 = dispatches;
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) await c.fn();
    const dt = performance.now() - t0;
    c.calls += reps;
    c.dispatches += dispatches - d0;
    return dt;
  };
  let spent = 0;
  for (const c of state) {
    for (let i = 0; i < warmup; i++) await run(c, 1);
    // Calibrate: double the calls per sample until a sample lasts minSampleMs; that sample is the first kept.
    let dt = await run(c, 1);
    while (dt < minSampleMs && c.reps < 1 << 20) {
      c.reps *= 2;
      dt = await run(c, c.reps);
    }
    c.samples.push(dt / c.reps);
    spent += dt;
  }
  const order = state.map((_, i) => i);
  let seed = 0x9e3779b9;
  const random = (): number => {
    // mulberry32: a small fixed-seed generator, so a run's order is reproducible
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let round = 1; round < iters && (round < minIters || spent < budgetMs * state.length); round++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    for (let k = 0; k < state.length; k++) {
      const c = state[order[k]!]!;
      const dt = await run(c, c.reps);
      c.samples.push(dt / c.reps);
      spent += dt;
    }
  }
  return new Map(
    state.map((c) => [
      c.name,
      {
        medianMs: median(c.samples),
        minMs: Math.min(...c.samples),
        maxMs: Math.max(...c.samples),
        samples: c.samples,
        reps: c.reps,
        calls: c.calls,
        dispatchesPerCall: c.dispatches / c.calls,
      },
    ]),
  );
}

/**
 * Times fn: `warmup` untimed calls, then up to `iters` timed samples (see timeInterleaved for the options);
 * returns the median per call and the dispatches per call. fn must not return before its work is done: for
 * seqgpu on WebGPU end it with `await device.sync()` (or read a value), for tfjs with tfjsSync() from ./tfjs.ts
 * or `await t.data()`.
 */
export async function timeIt(fn: () => unknown, options: TimeOptions = {}): Promise<Measured> {
  return (await timeInterleaved([{ name: 'fn', fn }], options)).get('fn')!;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs and checks

/** Deterministic uniform values in [-1, 1) (mulberry32), so every engine gets the same inputs. */
export function randomValues(n: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Largest |x[i] - y[i]|; Infinity when the lengths differ or a value is not finite. */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

// ---------------------------------------------------------------------------------------------------------
// Formatting helpers for table cells

/** 3 significant digits, no exponent for ordinary magnitudes: 0.123, 1.23, 12.3, 123, 1234. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits)); // 0.99996 -> 1.00, not 1.000
  const mag = Math.floor(Math.log10(Math.abs(rounded)));
  x = rounded;
  if (mag >= digits - 1) return Math.round(x).toString();
  return x.toFixed(Math.min(6, digits - 1 - mag));
}

/** A ratio as '1.23x'. */
export function ratio(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${fmt(x)}x`;
}

// ---------------------------------------------------------------------------------------------------------
// The adapter, described as test/browser/global-setup.ts describes it

export async function adapterDescription(): Promise<string | null> {
  if (!('gpu' in navigator) || !navigator.gpu) return null;
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return (
    [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' / ') +
    (info.isFallbackAdapter ? ' (fallback adapter)' : '')
  );
}

// ---------------------------------------------------------------------------------------------------------
// Suites

export interface SuiteContext {
  /** WebGPU adapter summary, or null where the page has no WebGPU (suites then run their CPU parts only). */
  adapter: string | null;
  /** `npm run bench -- --quick`: take few samples; the run is a smoke test and is not recorded. */
  quick: boolean;
  /** The page's query string (the runner passes `quick=1`; anything else is for running pages by hand). */
  params: URLSearchParams;
  /** A progress line on the runner's console. */
  log(message: string): void;
  /** Adds a table to the suite's section of BENCHMARKS.md (in call order). */
  table(table: BenchTable): void;
  /** Adds a finding (a bullet under the tables). */
  finding(text: string): void;
  /** Adds a raw measurement to the JSON file. */
  record(row: Record<string, unknown>): void;
}

export interface SuiteInfo {
  /** Must match the file names: bench/pages/<name>.html and .ts. */
  name: string;
  title: string;
  description?: string;
}

/** Runs a suite in the page and publishes its result (or error) for the runner. Call once per page. */
export function defineSuite(info: SuiteInfo, run: (ctx: SuiteContext) => Promise<void>): void {
  const status = document.getElementById('status');
  const params = new URLSearchParams(location.search);
  const quick = params.get('quick') === '1';
  const tables: BenchTable[] = [];
  const findings: string[] = [];
  const records: Record<string, unknown>[] = [];
  const t0 = performance.now();
  const log = (message: string): void => {
    console.log(`[${info.name} ${((performance.now() - t0) / 1000).toFixed(1)}s] ${message}`);
    if (status) status.textContent = message;
  };
  void (async () => {
    try {
      const adapter = await adapterDescription();
      log(`adapter: ${adapter ?? 'none (WebGPU unavailable: CPU parts only)'}${quick ? ' (quick run)' : ''}`);
      await run({
        adapter,
        quick,
        params,
        log,
        table: (t) => void tables.push(t),
        finding: (f) => void findings.push(f),
        record: (r) => void records.push(r),
      });
      window.benchResult = {
        suite: info.name,
        title: info.title,
        description: info.description,
        adapter,
        quick,
        tables,
        findings,
        records,
        elapsedMs: performance.now() - t0,
      };
      log('done');
    } catch (e) {
      window.benchError = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
      if (status) status.textContent = window.benchError;
    }
  })();
}
