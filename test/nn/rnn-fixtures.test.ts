/**
 * nn.RNN / nn.LSTM / nn.GRU and the cells against every PyTorch fixture in test/fixtures/rnn/*.json on the CPU
 * backend: load the fixture's state_dict with loadStateDict, run forward, compare output and final states, backprop
 * the fixture's weighted sum and compare the gradients of x, h0, c0 and every parameter. Twin: rnn-webgpu.test.ts.
 */
import { describe, it, expect } from 'vitest';
import * as sg from '../../src/index.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';
import { FIXTURE_FILES, type FxCase, type FxTensor, loadCases } from './fixtures.ts';

type AnyModule = sg.nn.RNN | sg.nn.LSTM | sg.nn.GRU | sg.nn.RNNCell | sg.nn.LSTMCell | sg.nn.GRUCell;

function buildModule(c: FxCase, device: sg.Device, impl: 'auto' | 'composed' = 'auto'): AnyModule {
  const o = c.options;
  const common = { bias: o.bias, device };
  const full = { ...common, numLayers: o.numLayers, batchFirst: o.batchFirst, dropout: o.dropout, bidirectional: o.bidirectional, impl };
  switch (c.module) {
    case 'RNN': return new sg.nn.RNN(o.inputSize, o.hiddenSize, { ...full, nonlinearity: o.nonlinearity });
    case 'LSTM': return new sg.nn.LSTM(o.inputSize, o.hiddenSize, { ...full, projSize: o.projSize });
    case 'GRU': return new sg.nn.GRU(o.inputSize, o.hiddenSize, full);
    case 'RNNCell': return new sg.nn.RNNCell(o.inputSize, o.hiddenSize, { ...common, nonlinearity: o.nonlinearity });
    case 'LSTMCell': return new sg.nn.LSTMCell(o.inputSize, o.hiddenSize, common);
    case 'GRUCell': return new sg.nn.GRUCell(o.inputSize, o.hiddenSize, common);
    default: return c.module satisfies never;
  }
}

const leaf = (t: FxTensor, device: sg.Device): sg.Tensor => sg.tensor(new Float32Array(t.data), t.shape, { device, requiresGrad: true });
const plain = (t: FxTensor, device: sg.Device): sg.Tensor => sg.tensor(new Float32Array(t.data), t.shape, { device });

/** Runs one fixture case through the module; returns named outputs and named gradients as host arrays. */
async function runCase(c: FxCase, device: sg.Device, impl: 'auto' | 'composed' = 'auto') {
  const m = buildModule(c, device, impl);
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, { data: v.data, shape: v.shape }])));
  const x = leaf(c.inputs.x, device);
  const h0 = c.inputs.h0 ? leaf(c.inputs.h0, device) : null;
  const c0 = c.inputs.c0 ? leaf(c.inputs.c0, device) : null;
  const outs: Record<string, sg.Tensor> = {};
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
  // The fixture's loss: Σ output·U_output + Σ hN·U_hN (+ Σ cN·U_cN).
  let loss: sg.Tensor | null = null;
  for (const [k, u] of Object.entries(c.upstream) as [string, FxTensor][]) {
    const term = sg.sum(sg.mul(outs[k], plain(u, device)));
    loss = loss ? sg.add(loss, term) : term;
  }
  loss!.backward();
  const got: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(outs)) got[`out:${k}`] = (await t.data()) as Float32Array;
  const shapes: Record<string, readonly number[]> = Object.fromEntries(Object.entries(outs).map(([k, t]) => [k, t.shape]));
  const grads: Record<string, sg.Tensor | null> = { x: x.grad, ...Object.fromEntries(m.namedParameters().map(([k, p]) => [k, p.grad])) };
  if (h0) grads.h0 = h0.grad;
  if (c0) grads.c0 = c0.grad;
  for (const [k, g] of Object.entries(grads)) {
    if (!g) throw new Error(`${c.name}: no gradient reached ${k}`);
    got[`grad:${k}`] = (await g.data()) as Float32Array;
  }
  return { got, shapes };
}

/** Compares a runCase result with the fixture's PyTorch values (forward and gradient tolerances of TOL). */
function checkAgainstFixture(c: FxCase, got: Record<string, Float32Array>, shapes: Record<string, readonly number[]>): void {
  for (const [k, want] of Object.entries(c.outputs) as [string, FxTensor][]) {
    expect([...shapes[k]], `${c.name}: ${k} shape`).toEqual(want.shape);
    expectClose(got[`out:${k}`], want.data, TOL.forward, `${c.name}: ${k}`);
  }
  const gradKeys = Object.keys(got).filter((k) => k.startsWith('grad:')).map((k) => k.slice(5));
  expect(gradKeys.sort()).toEqual(Object.keys(c.grads).sort());
  for (const [k, want] of Object.entries(c.grads)) expectClose(got[`grad:${k}`], want.data, TOL.grad, `${c.name}: d${k}`);
}

for (const file of FIXTURE_FILES) {
  describe(`nn modules vs PyTorch fixtures (CPU): ${file}`, () => {
    for (const c of loadCases(file)) {
      it(c.name, async () => {
        const device = await sg.init('cpu');
        const { got, shapes } = await runCase(c, device);
        checkAgainstFixture(c, got, shapes);
      });
    }
  });
}

describe('composed path agrees with the fixtures too (CPU)', () => {
  for (const name of ['lstm_lengths_2layer_bidir', 'gru_lengths_batch_first', 'rnn_relu_lengths_2layer_bidir', 'lstm_proj_2layer_bidir']) {
    it(name, async () => {
      const device = await sg.init('cpu');
      const c = [...loadCases('lstm.json'), ...loadCases('gru.json'), ...loadCases('rnn.json')].find((k) => k.name === name)!;
      const { got, shapes } = await runCase(c, device, 'composed');
      checkAgainstFixture(c, got, shapes);
    });
  }
});
