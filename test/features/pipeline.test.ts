// The feature pipeline end to end, with a linear model standing in for the LSTM: series ->
// difference -> scale -> windows -> model -> forecast -> inverse scale -> inverse difference.
// A least-squares fit on windows of the scaled differences is exactly AR(size) OLS on the
// differences (scaling is undone by the inverse transform), so the level forecast must equal the
// AR forecast of the next difference added to the last level.
import { describe, expect, it } from 'vitest';
import { difference, inverseDifference, slidingWindows, StandardScaler } from '../../src/features/index.ts';
import { fitAR } from '../../src/stats/index.ts';
import { lstsq } from '../../src/stats/linalg.ts';
import { nile } from '../stats/fixtures.ts';

describe('series -> windows -> model -> forecast -> inverse transforms', () => {
  it('recovers levels consistent with an AR fit on the differenced Nile series', () => {
    const size = 4;
    const diffs = difference(nile);
    const scaler = new StandardScaler();
    const z = scaler.fitTransform(diffs);
    const { inputs, targets } = slidingWindows(z, { size });
    const n = inputs.shape[0];
    // Float32 windows are what a network sees; the linear stand-in reads them back as doubles.
    const rows = Array.from({ length: n }, (_, i) => [1, ...Array.from(inputs.data.subarray(i * size, (i + 1) * size))]);
    const { beta } = lstsq(rows, Array.from(targets.data));
    const lastWindow = Array.from(z.subarray(z.length - size));
    const zNext = beta[0] + lastWindow.reduce((a, v, j) => a + beta[j + 1] * v, 0);
    const diffNext = scaler.inverseTransform([zNext]);
    const levelNext = inverseDifference(diffNext, nile)[0];

    const ar = fitAR(diffs, size);
    const expected = nile[nile.length - 1] + ar.forecast(1).mean[0];
    // Float32 storage of the windows limits agreement to ~1e-6 relative.
    expect(Math.abs(levelNext - expected) / Math.abs(expected)).toBeLessThan(1e-5);
  });
});
