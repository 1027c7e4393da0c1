// Runs the in-page op suite (op-check-suite.ts) on a WebGPU device and on the CPU reference and compares them:
// per case the max absolute and relative difference of every output and every input gradient, pass/fail with
// |got - ref| <= atol + rtol * |ref| (the one table, src/tolerances.ts, which the test suites use too), and wall time per device.
// Cancellable between cases through an AbortSignal; no DOM here (the <gpu-cpu-check> element is the view).
import type { Device } from '../../device.ts';
import type { Tensor } from '../../tensor.ts';
import type { Tolerance } from '../../tolerances.ts';
import { NEG_INF_THRESHOLD } from '../../tolerances.ts';
import { type CheckCase, type CheckFamily, type SeqgpuModule, toleranceFor } from './op-check-suite.ts';

export interface Diff {
  /** max |got - ref| over the compared values. */
  maxAbs: number;
  /** max |got - ref| / |ref| over values with |ref| > atol (smaller ones are judged by atol alone). */
  maxRel: number;
  /** max |got - ref| / (atol + rtol |ref|): the share of the tolerance used; <= 1 passes. */
  used: number;
  /** Values compared, and how many fell outside the tolerance (non-finite mismatches included). */
  count: number;
  bad: number;
  tol: Tolerance;
  ok: boolean;
}

export interface CaseResult {
  name: string;
  family: CheckFamily;
  ok: boolean;
  /** A thrown error on either device (the case then fails). */
  error?: string;
  forward: Diff | null;
  /** null when the case has no gradient inputs. */
  grad: Diff | null;
  /** Wall time for forward + backward + read-back, per device (first GPU cases include pipeline compiles). */
  gpuMs: number;
  cpuMs: number;
  /** GPU dispatches the case cost. */
  dispatches: number;
}

export interface CheckOptions {
  signal?: AbortSignal;
  /** Called after each case (for progress views). */
  onResult?: (r: CaseResult, index: number, total: number) => void;
}

/** What one device produced for a case. */
interface RunOutput {
  outputs: Float32Array[];
  grads: (Float32Array | null)[];
  ms: number;
  dispatches: number;
}

/** Same weights as test/harness/run-cases.ts: L = sum_k <out_k, W_k>, W fixed and non-uniform. */
function upstreamWeights(n: number, salt: number): number[] {
  return Array.from({ length: n }, (_, j) => (((j * 7919 + salt * 104729) % 101) / 50.5) - 0.9);
}

/** Inputs drawn once per case from a seeded generator so both devices see the same bits. */
function drawInputs(sg: SeqgpuModule, c: CheckCase, seed: number): { data: number[]; shape: number[]; dtype: 'float32' | 'int32'; grad: boolean }[] {
  const g = new sg.Generator(seed);
  return c.inputs.map((spec) => {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.dtype ?? 'float32';
    let data: number[];
    if (spec.values) data = spec.values;
    else if (dtype === 'int32') data = Array.from({ length: n }, () => g.int(spec.intMax ?? 4));
    else if (spec.positive) data = Array.from({ length: n }, () => g.uniform(0.2, 2));
    else data = Array.from({ length: n }, () => (g.next() < 0.5 ? -1 : 1) * g.uniform(0.25, 1.75));
    if (dtype === 'float32') data = Array.from(Float32Array.from(data));
    return { data, shape: spec.shape, dtype, grad: spec.grad ?? (dtype === 'float32' && !spec.values) };
  });
}

async function runOn(sg: SeqgpuModule, device: Device, c: CheckCase, inputs: ReturnType<typeof drawInputs>): Promise<RunOutput> {
  const t0 = performance.now();
  const before = device.stats().dispatches;
  // The graph is built and differentiated in a synchronous scope (an async scope would also catch tensors that
  // other code on the page creates during its awaits); outputs and leaf gradients survive it and are freed below.
  const { outs, xs } = sg.scope(() => {
    const xs = inputs.map((i) => sg.tensor(i.data, i.shape, { device, dtype: i.dtype, requiresGrad: i.grad }));
    const raw = c.run(sg, xs);
    const outs = Array.isArray(raw) ? raw : [raw];
    let total: Tensor | null = null;
    outs.forEach((o, k) => {
      if (o.dtype !== 'float32' || !o.requiresGrad) return;
      const term = sg.sum(sg.mul(o, sg.tensor(upstreamWeights(o.size, k), [...o.shape], { device })));
      total = total ? sg.add(total, term) : term;
    });
    if (total) (total as Tensor).backward();
    return { outs, xs };
  });
  try {
    const outputs: Float32Array[] = [];
    for (const o of outs) outputs.push(Float32Array.from(await o.data()));
    const grads: (Float32Array | null)[] = [];
    for (const x of xs) grads.push(x.grad ? Float32Array.from(await x.grad.data()) : null);
    return { outputs, grads, ms: performance.now() - t0, dispatches: device.stats().dispatches - before };
  } finally {
    for (const o of outs) o.dispose();
    for (const x of xs) {
      x.grad?.dispose();
      x.dispose();
    }
  }
}

/** GPU log-space sentinels mean -Infinity (shaders/common/numerics.wgsl); map them as the Node suites do. */
const norm = (v: number): number => (v <= NEG_INF_THRESHOLD ? -Infinity : v);

/** Compares got against ref (the CPU reference) under tol. Exported for the component tests. */
export function diff(got: ArrayLike<number>[], ref: ArrayLike<number>[], tol: Tolerance): Diff {
  let maxAbs = 0;
  let maxRel = 0;
  let used = 0;
  let count = 0;
  let bad = 0;
  for (let k = 0; k < ref.length; k++) {
    const g = got[k];
    const r = ref[k];
    if (!g || g.length !== r.length) {
      bad += Math.max(1, r.length);
      continue;
    }
    for (let i = 0; i < r.length; i++) {
      count++;
      const a = norm(g[i]);
      const b = norm(r[i]);
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)))) bad++;
        continue;
      }
      const d = Math.abs(a - b);
      const bound = tol.atol + tol.rtol * Math.abs(b);
      maxAbs = Math.max(maxAbs, d);
      if (Math.abs(b) > tol.atol) maxRel = Math.max(maxRel, d / Math.abs(b));
      used = Math.max(used, d / bound);
      if (d > bound) bad++;
    }
  }
  return { maxAbs, maxRel, used, count, bad, tol, ok: bad === 0 };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs every case on `gpu` and on `cpu` (the reference) and returns one result per case. Stops between cases
 * when the signal aborts (rejecting with the signal's reason); a case that throws is a failed row, not a stop.
 */
export async function runOpCheck(sg: SeqgpuModule, gpu: Device, cpu: Device, cases: CheckCase[], options: CheckOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (let i = 0; i < cases.length; i++) {
    options.signal?.throwIfAborted();
    const c = cases[i];
    const inputs = drawInputs(sg, c, 1000 + i);
    const tol = toleranceFor(c);
    let result: CaseResult;
    try {
      const ref = await runOn(sg, cpu, c, inputs);
      options.signal?.throwIfAborted();
      const got = await runOn(sg, gpu, c, inputs);
      options.signal?.throwIfAborted(); // no result events after a cancel
      const forward = diff(got.outputs, ref.outputs, tol.forward);
      const gradIdx = ref.grads.map((g, k) => (g ? k : -1)).filter((k) => k >= 0);
      const grad = gradIdx.length
        ? diff(gradIdx.map((k) => got.grads[k] ?? new Float32Array(0)), gradIdx.map((k) => ref.grads[k]!), tol.grad)
        : null;
      result = { name: c.name, family: c.family, ok: forward.ok && (grad?.ok ?? true), forward, grad, gpuMs: got.ms, cpuMs: ref.ms, dispatches: got.dispatches };
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      result = { name: c.name, family: c.family, ok: false, error: errorText(e), forward: null, grad: null, gpuMs: 0, cpuMs: 0, dispatches: 0 };
    }
    results.push(result);
    options.onResult?.(result, i, cases.length);
    // Let the page paint between cases (CPU cases run synchronously).
    await new Promise((r) => setTimeout(r, 0));
  }
  return results;
}
