// Regression: AR(3) on the full sunspots series made the optimiser try a point where the Kalman
// filter breaks down (innovation variance not positive); that must count as an infeasible trial
// point, not abort the fit. Expected values from statsmodels 0.13.5:
//   ARIMA(sunspots, order=(3,0,0), trend='c').fit() -> params, llf below.
import { describe, expect, it } from 'vitest';
import { fitARIMA } from '../../src/stats/index.ts';
import sunspots from '../../data/sunspots.json';

describe('fitARIMA survives infeasible trial points', () => {
  it('AR(3) with a constant on the full sunspots series matches statsmodels', () => {
    const m = fitARIMA((sunspots as { values: number[] }).values, { p: 3, d: 0, q: 0 });
    const ref = [49.7519115, 1.30081787, -0.508102485, -0.129644021, 270.10114];
    m.params.forEach((v, i) => expect(Math.abs(v - ref[i]) / Math.abs(ref[i])).toBeLessThan(2e-4));
    expect(Math.abs(m.llf - -1304.701814622833)).toBeLessThan(1e-6 * 1304.7);
  });
});
