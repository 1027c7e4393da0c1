// One shared suite per op family, run on every backend: the CPU reference in Node (with central
// finite-difference checks of every gradient) and WebGPU in headless Chromium, compared case by
// case against the CPU results with the tolerance table. Cases are plain data plus a small
// self-contained function `(sg, xs) => Tensor | Tensor[]` that both sides run.
import { afterAll, describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { type WireCase, type WireResult, runCases } from './run-cases.ts';
import { TOL, type Tolerance } from './tolerances.ts';
import { comparisonsInThisFile, expectClose } from './compare.ts';
import type { Tensor } from '../../src/tensor.ts';

export interface InputSpec {
  shape: number[];
  /** Explicit values; otherwise drawn from a seeded generator. */
  values?: number[];
  dtype?: 'float32' | 'int32';
  /** Check this input's gradient (float32 only; default true for float inputs without explicit values). */
  grad?: boolean;
  /** Draw from [0.2, 2) instead of ±[0.25, 1.75) (for log, sqrt, div denominators). */
  positive?: boolean;
  /** int32 inputs: draw integers in [0, intMax). */
  intMax?: number;
}

export interface OpCase {
  name: string;
  inputs: InputSpec[];
  /** Runs in Node and in the page: use only `sg` and `xs`. */
  run: (s: typeof sg, xs: Tensor[]) => Tensor | Tensor[];
  /** Backpropagate and compare gradients (default: when any input has grad). */
  grad?: boolean;
  /** Finite-difference check on the CPU (default: same as grad). */
  fd?: boolean;
  /** Hand-worked expected outputs (checked on every backend). */
  expect?: number[][];
  tol?: { forward?: Tolerance; grad?: Tolerance; fd?: Tolerance };
}

function drawInputs(c: OpCase, seed: number): WireCase['inputs'] {
  const g = new sg.Generator(seed);
  return c.inputs.map((spec) => {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.dtype ?? 'float32';
    let data: number[];
    if (spec.values) data = spec.values;
    else if (dtype === 'int32') data = Array.from({ length: n }, () => g.int(spec.intMax ?? 4));
    // Values kept away from 0 so kinks (relu, abs, sign) sit outside the finite-difference step.
    else if (spec.positive) data = Array.from({ length: n }, () => g.uniform(0.2, 2));
    else data = Array.from({ length: n }, () => (g.next() < 0.5 ? -1 : 1) * g.uniform(0.25, 1.75));
    return { data: Array.from(Float32Array.from(data)), shape: spec.shape, dtype, grad: spec.grad ?? (dtype === 'float32' && !spec.values) };
  });
}

function toWire(cases: OpCase[]): WireCase[] {
  return cases.map((c, i) => {
    const inputs = drawInputs(c, 1000 + i);
    return { name: c.name, src: c.run.toString(), inputs, grad: c.grad ?? inputs.some((x) => x.grad) };
  });
}

/** L(x) = sum_i <out_i, W_i> on the CPU, in float64 from float32 outputs (the same W as run-cases). */
async function lossAt(c: WireCase, inputs: WireCase['inputs']): Promise<number> {
  const [r] = await runCases(sg, { device: 'cpu', cases: [{ ...c, inputs: inputs.map((x) => ({ ...x, grad: false })), grad: false }] });
  if (r.error) throw new Error(r.error);
  const weight = (n: number, salt: number): number[] => Array.from({ length: n }, (_, j) => (((j * 7919 + salt * 104729) % 101) / 50.5) - 0.9);
  let loss = 0;
  r.outputs.forEach((o, k) => {
    const w = weight(o.data.length, k);
    o.data.forEach((v, j) => (loss += v * w[j]));
  });
  return loss;
}

const FD_EPS = 3e-3;
const FD_MAX_ELEMENTS = 48;

export function defineOpSuite(family: string, cases: OpCase[]): void {
  const wire = toWire(cases);
  let cpuResults: WireResult[] | null = null;
  const cpu = async (): Promise<WireResult[]> => (cpuResults ??= await runCases(sg, { device: 'cpu', cases: wire }));

  describe(`${family} on cpu`, () => {
    cases.forEach((c, i) => {
      it(c.name, async () => {
        const r = (await cpu())[i];
        expect(r.error, `${c.name} threw`).toBeUndefined();
        c.expect?.forEach((e, k) => expectClose(r.outputs[k].data, e, c.tol?.forward ?? TOL.forward, `${c.name} output ${k} (hand-worked)`));
        const w = wire[i];
        if (!(c.fd ?? w.grad)) return;
        // Central finite differences of every gradient input (first FD_MAX_ELEMENTS elements).
        for (let k = 0; k < w.inputs.length; k++) {
          if (!w.inputs[k].grad) continue;
          const analytic = r.grads[k];
          expect(analytic, `${c.name}: input ${k} got no gradient`).not.toBeNull();
          const count = Math.min(FD_MAX_ELEMENTS, w.inputs[k].data.length);
          const numeric: number[] = [];
          for (let j = 0; j < count; j++) {
            const shifted = (d: number): WireCase['inputs'] =>
              w.inputs.map((x, m) => (m === k ? { ...x, data: x.data.map((v, q) => (q === j ? v + d : v)) } : x));
            numeric.push(((await lossAt(w, shifted(FD_EPS))) - (await lossAt(w, shifted(-FD_EPS)))) / (2 * FD_EPS));
          }
          expectClose(analytic!.slice(0, count), numeric, c.tol?.fd ?? TOL.fd, `${c.name}: d/d input ${k} vs finite differences`);
        }
      });
    });
  });

  describeWebGPU(`${family} on webgpu vs cpu`, (remote) => {
    let gpuResults: WireResult[] | null = null;
    const gpu = async (): Promise<WireResult[]> => (gpuResults ??= await remote().evaluate(runCases, { device: 'webgpu' as const, cases: wire }));
    cases.forEach((c, i) => {
      it(c.name, async () => {
        const [g, r] = [(await gpu())[i], (await cpu())[i]];
        expect(g.error, `${c.name} threw on webgpu`).toBeUndefined();
        expect(g.outputs.length).toBe(r.outputs.length);
        g.outputs.forEach((o, k) => {
          expect(o.shape).toEqual(r.outputs[k].shape);
          expectClose(o.data, r.outputs[k].data, c.tol?.forward ?? TOL.forward, `${c.name} output ${k}`, 'gpu-vs-cpu');
        });
        g.grads.forEach((gr, k) => {
          if (r.grads[k] === null) return expect(gr).toBeNull();
          expectClose(gr!, r.grads[k]!, c.tol?.grad ?? TOL.grad, `${c.name} grad of input ${k}`, 'gpu-vs-cpu');
        });
      });
    });
    afterAll(() => console.log(`${family}: ${comparisonsInThisFile()} GPU-vs-CPU comparisons in this file`));
  });
}
