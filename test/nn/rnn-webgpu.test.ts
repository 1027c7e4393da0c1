/**
 * The nn recurrent modules on WebGPU (headless Chromium, SwiftShader): a few representative PyTorch fixture cases
 * through fixtures.ts's runFixtureCase inside the page (every kernel path: persistent, fused per-step, composed),
 * learning in a small config, and GPU and CPU parameters agreeing after identical Adam steps. Twin of
 * rnn-fixtures.test.ts and learning.test.ts; kept small because SwiftShader is slow.
 */
import { expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { checkAgainstFixture, findCase, runFixtureCase } from './fixtures.ts';
import { type TaskConfig, trainNextValue } from './learning-task.ts';

const CASES: [string, 'auto' | 'fused' | 'composed'][] = [
  ['lstm_lengths_2layer_bidir', 'auto'],
  ['lstm_lengths_2layer_bidir', 'fused'],
  ['gru_lengths_batch_first', 'auto'],
  ['rnn_relu_2layer_bidir', 'fused'],
  ['lstm_proj_lengths', 'auto'], // projection: the composed path on WebGPU
  ['gru_2layer', 'composed'],
  ['lstmcell', 'auto'],
  ['grucell', 'auto'],
];

describeWebGPU('nn recurrent modules on WebGPU', (remote) => {
  for (const [name, impl] of CASES) {
    it(`fixture ${name} (impl ${impl})`, async () => {
      const c = findCase(name);
      const { got, shapes } = await remote().evaluate(runFixtureCase, { c, device: 'webgpu', impl });
      checkAgainstFixture(c, got, shapes, 'gpu-vs-cpu');
    });
  }

  it('LSTM and GRU learn in a small config, and GPU and CPU parameters agree after identical Adam steps', async () => {
    for (const cell of ['LSTM', 'GRU'] as const) {
      const cfg: TaskConfig = { cell, hidden: 8, T: 12, N: 8, steps: 60, lr: 0.03, seed: 2, device: 'webgpu', returnParams: true };
      const gpu = await remote().evaluate(trainNextValue, cfg, { timeoutMs: 110_000 });
      const cpu = await trainNextValue(sg, { ...cfg, device: 'cpu' });
      const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
      const [first, last] = [mean(gpu.losses.slice(0, 5)), mean(gpu.losses.slice(-10))];
      console.log(`${cell} on WebGPU: MSE ${first.toFixed(4)} -> ${last.toFixed(4)} in ${cfg.steps} steps; CPU ${mean(cpu.losses.slice(-10)).toFixed(4)}`);
      expect(last).toBeLessThan(0.15);
      expect(last).toBeLessThan(first / 3);
      // The same seed draws the same data and weights on both backends; only float rounding differs.
      expectClose(gpu.losses, cpu.losses, { atol: 1e-3, rtol: 1e-2 }, `${cell} losses GPU vs CPU`, 'gpu-vs-cpu');
      expect(Object.keys(gpu.params).sort()).toEqual(Object.keys(cpu.params).sort());
      for (const [k, v] of Object.entries(cpu.params)) expectClose(gpu.params[k], v, { atol: 1e-3, rtol: 1e-2 }, `${cell} ${k} after ${cfg.steps} steps`, 'gpu-vs-cpu');
    }
  });
});
