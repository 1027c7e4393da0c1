// Shared by the test/nn suites: reads the PyTorch fixtures of test/fixtures/rnn/*.json (scripts/fixtures/gen_rnn.py)
// and builds the matching seqgpu module from a case's options, so CPU and WebGPU suites run the same cases.
import { readFileSync } from 'node:fs';
import type { SeqgpuModule } from '../browser/remote.ts';
import { expect } from 'vitest';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';

export interface FxTensor {
  shape: number[];
  data: number[];
}
export type FxModule = 'RNN' | 'LSTM' | 'GRU' | 'RNNCell' | 'LSTMCell' | 'GRUCell';
export interface FxCase {
  name: string;
  module: FxModule;
  options: {
    inputSize: number; hiddenSize: number; bias: boolean; numLayers?: number; batchFirst?: boolean;
    dropout?: number; bidirectional?: boolean; projSize?: number; nonlinearity?: 'tanh' | 'relu';
  };
  T: number;
  N: number;
  lengths: number[] | null;
  stateDict: Record<string, FxTensor>;
  inputs: { x: FxTensor; h0?: FxTensor; c0?: FxTensor };
  outputs: { output?: FxTensor; hN: FxTensor; cN?: FxTensor };
  upstream: { output?: FxTensor; hN: FxTensor; cN?: FxTensor };
  grads: Record<string, FxTensor>;
}

export const FIXTURE_FILES = ['rnn.json', 'lstm.json', 'gru.json', 'cells.json'] as const;

export function loadCases(file: string): FxCase[] {
  const text = readFileSync(new URL(`../fixtures/rnn/${file}`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { cases: FxCase[] }).cases;
}

export function allCases(): FxCase[] {
  return FIXTURE_FILES.flatMap((f) => loadCases(f));
}

export function findCase(name: string): FxCase {
  const c = allCases().find((k) => k.name === name);
  if (!c) throw new Error(`no fixture case named ${name}`);
  return c;
}

/** Compares a runCase result with the fixture's PyTorch values (forward and gradient tolerances of TOL). */
export function checkAgainstFixture(
  c: FxCase, got: Record<string, Float32Array>, shapes: Record<string, readonly number[]>, kind: 'gpu-vs-cpu' | 'other' = 'other',
): void {
  for (const [k, want] of Object.entries(c.outputs) as [string, FxTensor][]) {
    expect([...shapes[k]], `${c.name}: ${k} shape`).toEqual(want.shape);
    expectClose(got[`out:${k}`], want.data, TOL.forward, `${c.name}: ${k}`, kind);
  }
  const gradKeys = Object.keys(got).filter((k) => k.startsWith('grad:')).map((k) => k.slice(5));
  expect(gradKeys.sort()).toEqual(Object.keys(c.grads).sort());
  for (const [k, want] of Object.entries(c.grads)) expectClose(got[`grad:${k}`], want.data, TOL.grad, `${c.name}: d${k}`, kind);
}


export interface RunCaseArg {
  c: FxCase;
  device: 'cpu' | 'webgpu';
  impl?: 'auto' | 'fused' | 'persistent' | 'tiled' | 'composed';
}
export interface RunCaseResult {
  got: Record<string, Float32Array>;
  shapes: Record<string, number[]>;
}

/**
 * Runs one fixture case through the nn module it names: loadStateDict, forward (with h0/c0 and lengths), the
 * fixture's loss Σ output·U_output + Σ hN·U_hN (+ Σ cN·U_cN), backward. Returns outputs as `out:<name>` and
 * gradients of x, h0, c0 and every parameter as `grad:<name>`. Self-contained (no imports, no closures) so the
 * WebGPU suite can ship it into the page with remote().evaluate(runFixtureCase, arg).
 */
export async function runFixtureCase(sg: SeqgpuModule, arg: RunCaseArg): Promise<RunCaseResult> {
  const { c } = arg;
  const device = await sg.init(arg.device);
  const o = c.options;
  const impl = arg.impl ?? 'auto';
  const common = { bias: o.bias, device };
  const full = { ...common, numLayers: o.numLayers, batchFirst: o.batchFirst, dropout: o.dropout, bidirectional: o.bidirectional, impl };
  const m =
    c.module === 'RNN' ? new sg.nn.RNN(o.inputSize, o.hiddenSize, { ...full, nonlinearity: o.nonlinearity })
    : c.module === 'LSTM' ? new sg.nn.LSTM(o.inputSize, o.hiddenSize, { ...full, projSize: o.projSize })
    : c.module === 'GRU' ? new sg.nn.GRU(o.inputSize, o.hiddenSize, full)
    : c.module === 'RNNCell' ? new sg.nn.RNNCell(o.inputSize, o.hiddenSize, { ...common, nonlinearity: o.nonlinearity })
    : c.module === 'LSTMCell' ? new sg.nn.LSTMCell(o.inputSize, o.hiddenSize, common)
    : new sg.nn.GRUCell(o.inputSize, o.hiddenSize, common);
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, { data: v.data, shape: v.shape }])));
  const make = (t: FxTensor, requiresGrad: boolean) => sg.tensor(new Float32Array(t.data), t.shape, { device, requiresGrad });
  const x = make(c.inputs.x, true);
  const h0 = c.inputs.h0 ? make(c.inputs.h0, true) : null;
  const c0 = c.inputs.c0 ? make(c.inputs.c0, true) : null;
  const outs: Record<string, InstanceType<SeqgpuModule['Tensor']>> = {};
  if (m instanceof sg.nn.LSTM) {
    const [output, [hN, cN]] = m.forward(x, h0 && c0 ? [h0, c0] : null, { lengths: c.lengths });
    Object.assign(outs, { output, hN, cN });
  } else if (m instanceof sg.nn.RNN || m instanceof sg.nn.GRU) {
    const [output, hN] = m.forward(x, h0, { lengths: c.lengths });
    Object.assign(outs, { output, hN });
  } else if (m instanceof sg.nn.LSTMCell) {
    const [hN, cN] = m.forward(x, h0 && c0 ? [h0, c0] : null);
    Object.assign(outs, { hN, cN });
  } else {
    outs.hN = m.forward(x, h0);
  }
  let loss = null;
  for (const [k, u] of Object.entries(c.upstream)) {
    const term = sg.sum(sg.mul(outs[k], make(u as FxTensor, false)));
    loss = loss ? sg.add(loss, term) : term;
  }
  loss!.backward();
  const got: Record<string, Float32Array> = {};
  const shapes: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(outs)) {
    got[`out:${k}`] = (await t.data()) as Float32Array;
    shapes[k] = [...t.shape];
  }
  const grads = { x: x.grad, ...Object.fromEntries(m.namedParameters().map(([k, p]) => [k, p.grad])) };
  if (h0) Object.assign(grads, { h0: h0.grad });
  if (c0) Object.assign(grads, { c0: c0.grad });
  for (const [k, g] of Object.entries(grads)) {
    if (!g) throw new Error(`${c.name}: no gradient reached ${k}`);
    got[`grad:${k}`] = (await g.data()) as Float32Array;
  }
  return { got, shapes };
}
