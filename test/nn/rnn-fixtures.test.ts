/**
 * nn.RNN / nn.LSTM / nn.GRU and the cells against every PyTorch fixture in test/fixtures/rnn/*.json on the CPU
 * backend: load the fixture's state_dict with loadStateDict, run forward, compare output and final states, backprop
 * the fixture's weighted sum and compare the gradients of x, h0, c0 and every parameter. Twin: rnn-webgpu.test.ts
 * (the same runner, fixtures.ts's runFixtureCase, inside the page).
 */
import { describe, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { FIXTURE_FILES, checkAgainstFixture, findCase, loadCases, runFixtureCase } from './fixtures.ts';

for (const file of FIXTURE_FILES) {
  describe(`nn modules vs PyTorch fixtures (CPU): ${file}`, () => {
    for (const c of loadCases(file)) {
      it(c.name, async () => {
        const { got, shapes } = await runFixtureCase(sg, { c, device: 'cpu' });
        checkAgainstFixture(c, got, shapes);
      });
    }
  });
}

describe('the composed path agrees with the fixtures too (CPU)', () => {
  for (const name of ['lstm_lengths_2layer_bidir', 'gru_lengths_batch_first', 'rnn_relu_lengths_2layer_bidir', 'lstm_proj_2layer_bidir']) {
    it(name, async () => {
      const c = findCase(name);
      const { got, shapes } = await runFixtureCase(sg, { c, device: 'cpu', impl: 'composed' });
      checkAgainstFixture(c, got, shapes);
    });
  }
});
