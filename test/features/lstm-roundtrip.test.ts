// The round trip with the real network: Nile series -> difference -> scale -> windows -> tensors ->
// nn.LSTM + Linear trained with Adam -> one-step forecasts -> inverse scale -> inverse difference ->
// levels. The LSTM must beat the naive "no change" forecast on the training windows, and the
// inverse transforms must put its forecasts back on the level scale of the series.
import { describe, expect, it } from 'vitest';
import * as sg from '../../src/index.ts';
import { difference, inverseDifference, slidingWindows, StandardScaler } from '../../src/features/index.ts';
import { nile } from '../stats/fixtures.ts';

describe('series -> windows -> LSTM -> forecast -> inverse transforms', () => {
  it('trains on windows of the scaled differences and forecasts levels', async () => {
    const device = await sg.init('cpu');
    const size = 8;
    const diffs = difference(nile);
    const scaler = new StandardScaler();
    const z = scaler.fitTransform(diffs);
    const { inputs, targets } = slidingWindows(z, { size }); // [n, size], [n, 1]
    const n = inputs.shape[0];
    // Windows become a [T=size, N=n, 1] sequence batch, the layout nn.LSTM expects.
    const x = sg.permute(sg.tensor(inputs.data, [n, size, 1], { device }), [1, 0, 2]);
    const y = sg.tensor(targets.data, [n, 1], { device });
    const init = { device, generator: new sg.Generator(3) };
    const lstm = new sg.nn.LSTM(1, 16, init);
    const head = new sg.nn.Linear(16, 1, init);
    const opt = new sg.optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.01 });
    const predict = (): sg.Tensor => {
      const [out] = lstm.forward(x);
      const last = sg.reshape(sg.slice(out, [size - 1, 0, 0], [1, n, 16]), [n, 16]);
      return head.forward(last); // [n, 1] scaled next difference
    };
    let first = 0;
    let last = 0;
    for (let step = 0; step < 120; step++) {
      const loss = sg.scope(() => {
        opt.zeroGrad();
        const l = sg.mseLoss(predict(), y);
        l.backward();
        opt.step();
        return l;
      });
      if (step === 0) first = await loss.item();
      last = await loss.item();
      loss.dispose();
    }
    expect(last).toBeLessThan(first);
    // "No change" predicts a zero difference, i.e. the scaled value of 0: its MSE is the variance of the targets around that.
    const zeroDiff = scaler.transform([0])[0];
    const naive = Array.from(targets.data).reduce((a, v) => a + (v - zeroDiff) ** 2, 0) / n;
    expect(last).toBeLessThan(naive);

    // Forecast the step after the series and map it back to a flow level.
    const lastWindow = sg.tensor(Array.from(z.subarray(z.length - size)), [size, 1, 1], { device });
    const [out] = lstm.forward(lastWindow);
    const zNext = (await head.forward(sg.reshape(sg.slice(out, [size - 1, 0, 0], [1, 1, 16]), [1, 16])).data())[0];
    const diffNext = scaler.inverseTransform([zNext]);
    const levelNext = inverseDifference(diffNext, nile)[0];
    const lastLevel = nile[nile.length - 1];
    // The inverse transforms land on the series' scale: last level plus a difference of typical size.
    const sd = Math.sqrt(diffs.reduce((a, v) => a + v * v, 0) / diffs.length);
    expect(Math.abs(levelNext - lastLevel)).toBeLessThan(3 * sd);
    expect(levelNext).toBeGreaterThan(Math.min(...nile) * 0.5);
  });
});
