/**
 * The nn recurrent modules on WebGPU (headless Chromium, SwiftShader): a few representative PyTorch fixture cases
 * through fixtures.ts's runFixtureCase inside the page (every kernel path: persistent, fused per-step, tiled, composed),
 * learning in a small config, and GPU and CPU parameters agreeing after identical Adam steps. Twin of
 * rnn-fixtures.test.ts, learning.test.ts and modules.test.ts (Embedding, LayerNorm, Dropout); kept small because SwiftShader is slow.
 */
import { expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';
import { checkAgainstFixture, findCase, runFixtureCase } from './fixtures.ts';
import { type TaskConfig, trainNextValue } from './learning-task.ts';

const CASES: [string, 'auto' | 'fused' | 'tiled' | 'composed'][] = [
  ['lstm_lengths_2layer_bidir', 'auto'],
  ['lstm_lengths_2layer_bidir', 'fused'],
  ['gru_lengths_batch_first', 'auto'],
  ['rnn_relu_2layer_bidir', 'fused'],
  ['lstm_proj_lengths', 'auto'], // projection: the persistent projection kernels
  ['lstm_proj_2layer_bidir', 'fused'], // projection, both directions in the same per-step dispatches
  ['gru_2layer', 'composed'],
  ['lstm_lengths_2layer_bidir', 'tiled'], // the tiled rung (coalesced packed W_hh, staged h tiles), D = 2
  ['gru_lengths_batch_first', 'tiled'],
  ['rnn_relu_2layer_bidir', 'tiled'],
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

  it('Embedding (paddingIdx), LayerNorm and Dropout match the CPU backend, forward and gradients', async () => {
    // Self-contained: runs in the page on WebGPU and here on the CPU with the same seeds.
    const run = async (s: typeof sg, kind: 'cpu' | 'webgpu') => {
      const device = await s.init(kind);
      const emb = new s.nn.Embedding(6, 4, { paddingIdx: 0, device, generator: new s.Generator(1) });
      const ln = new s.nn.LayerNorm(4, { device });
      const drop = new s.nn.Dropout(0.25, { generator: new s.Generator(2) });
      const ids = s.tensor(Int32Array.from([0, 3, 5, 3, 0, 1]), [2, 3], { device });
      const y = drop.forward(ln.forward(emb.forward(ids)));
      const w = s.tensor(Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)), [2, 3, 4], { device });
      s.sum(s.mul(y, w)).backward();
      return { y: await y.data(), gEmb: await emb.weight.grad!.data(), gLnW: await ln.weight!.grad!.data(), gLnB: await ln.bias!.grad!.data() };
    };
    const gpu = await remote().evaluate(run, 'webgpu');
    const cpu = await run(sg, 'cpu');
    for (const k of ['y', 'gEmb', 'gLnW', 'gLnB'] as const) expectClose(gpu[k], cpu[k], TOL[k === 'y' ? 'forward' : 'grad'], k, 'gpu-vs-cpu');
    expect(Array.from(cpu.gEmb.slice(0, 4))).toEqual([0, 0, 0, 0]); // the padding row gets no gradient
  });
});
