// Moving averages, exponential smoothing and trend regression: the lecture's worked examples,
// recomputed here independently, and statsmodels ExponentialSmoothing fixtures.
import { describe, expect, it } from 'vitest';
import { ema, exponentialTrend, holt, holtWinters, linearTrend, polynomialTrend, sma, wma } from '../../src/stats/index.ts';
import { expectClose, loadJson, nile } from './fixtures.ts';

describe('moving averages (lecture examples)', () => {
  it('3-period SMA of 10, 12, 15, 14, 18: 12.33, 13.67, 15.67; forecast for t=6 is the last MA', () => {
    const m = sma([10, 12, 15, 14, 18], 3);
    expect(Number.isNaN(m[0]) && Number.isNaN(m[1])).toBe(true);
    expectClose(m.slice(2), [37 / 3, 41 / 3, 47 / 3], 1e-14);
    expect([m[2], m[3], m[4]].map((v) => v.toFixed(2))).toEqual(['12.33', '13.67', '15.67']);
    // if Y6 = 20 the MA at t=6 is (14 + 18 + 20) / 3 = 17.33
    expect(sma([10, 12, 15, 14, 18, 20], 3)[5].toFixed(2)).toBe('17.33');
  });

  it('centred 3-period MA of the monthly sales (105, 110, 113.3, 120) and the MA trend forecast', () => {
    const sales = [100, 110, 105, 115, 120, 125];
    const m = sma(sales, 3, { center: true });
    expectClose(m.slice(1, 5), [105, 110, 340 / 3, 120], 1e-14);
    // average change between consecutive MAs = (120 - 105) / 3 = 5, so t=7: 125 + 5 = 130, t=8: 135
    const step = (m[4] - m[1]) / 3;
    expect(step).toBeCloseTo(5, 12);
    expect(sales[5] + step).toBeCloseTo(130, 12);
  });

  it('weighted MA uses newest-largest linear weights; EMA follows the adjust=False recursion', () => {
    expect(wma([1, 2, 3], 3)[2]).toBeCloseTo((1 * 1 + 2 * 2 + 3 * 3) / 6, 14);
    expect(wma([1, 2, 3, 4], [1, 3])[3]).toBeCloseTo((3 + 12) / 4, 14);
    const e = ema([10, 12, 15], { alpha: 0.5 });
    expect(Array.from(e)).toEqual([10, 11, 13]);
    expect(ema([1, 2], { span: 3 })[1]).toBeCloseTo(1.5, 14); // alpha = 2 / (3 + 1)
    expect(() => sma([1, NaN, 3], 2)).toThrow(/index 1/);
    expect(Array.from(sma([1, NaN, 3], 2, { missing: 'interpolate' }))).toEqual([NaN, 1.5, 2.5]);
    expect(() => ema([1, 2], {})).toThrow(/alpha/);
  });
});

describe('trend regression (lecture examples, with its arithmetic slips corrected)', () => {
  it('monthly sales 100,110,105,115,120,125: slope 33/7 = 4.714, intercept 96.0 (lecture: 5.14 and 94.86)', () => {
    // Independently: t-bar = 3.5, y-bar = 112.5, Sxy = 82.5, Sxx = 17.5 -> b = 4.7142857, a = 112.5 - 3.5 b = 96.
    // The lecture's b ~ 5.14 / a ~ 94.86 do not satisfy a = y-bar - b t-bar with these data; its
    // forecasts 130.84, 135.98, 141.12, 146.26 follow from the wrong coefficients. The correct
    // forecasts for t = 7..10 are 129.0, 133.714, 138.429, 143.143.
    const m = linearTrend([100, 110, 105, 115, 120, 125]);
    expect(m.slope).toBeCloseTo(33 / 7, 12);
    expect(m.intercept).toBeCloseTo(96, 12);
    expectClose(m.forecast(4), [96 + (33 / 7) * 7, 96 + (33 / 7) * 8, 96 + (33 / 7) * 9, 96 + (33 / 7) * 10], 1e-13);
    expect(m.forecast(1)[0]).toBeCloseTo(129, 12);
  });

  it('10,12,15,17,20: slope 2.5 as the lecture says, but intercept 7.3 (lecture: 7.5)', () => {
    // t-bar = 3, y-bar = 14.8, Sxy = 25, Sxx = 10 -> b = 2.5, a = 14.8 - 7.5 = 7.3. The lecture's
    // forecasts 22.5, 25.0, 27.5 for t = 6..8 become 22.3, 24.8, 27.3.
    const m = linearTrend([10, 12, 15, 17, 20]);
    expect(m.slope).toBeCloseTo(2.5, 12);
    expect(m.intercept).toBeCloseTo(7.3, 12);
    expectClose(m.forecast(3), [22.3, 24.8, 27.3], 1e-13);
  });

  it('polynomial and exponential trends recover exact curves', () => {
    const t = Array.from({ length: 12 }, (_, i) => i + 1);
    const quad = polynomialTrend(t.map((v) => 2 - 0.5 * v + 0.25 * v * v), 2);
    expectClose(quad.coefficients, [2, -0.5, 0.25], 1e-10, 1e-10);
    expectClose(quad.forecast(1), [2 - 0.5 * 13 + 0.25 * 169], 1e-12);
    const expo = exponentialTrend(t.map((v) => 3 * Math.exp(0.1 * v)));
    expect(expo.scale).toBeCloseTo(3, 10);
    expect(expo.rate).toBeCloseTo(0.1, 12);
    expect(expo.growth).toBeCloseTo(Math.exp(0.1) - 1, 12);
    expect(() => exponentialTrend([1, -2, 3])).toThrow(/strictly positive.*index 1/);
    expect(() => polynomialTrend([1, 2], 2)).toThrow(/at least 3 observations/);
  });
});

interface SmoothCase {
  name: string;
  series: 'nile' | 'air';
  alpha?: number;
  beta?: number;
  gamma?: number;
  phi?: number;
  initialLevel?: number;
  initialTrend?: number;
  initialSeasonal?: number[];
  fitted?: number[];
  forecast?: number[];
  sse: number;
}

describe('exponential smoothing vs statsmodels ExponentialSmoothing', () => {
  const fx = loadJson<{ series: { air: number[] }; cases: SmoothCase[] }>('test/fixtures/stats/smoothing.json');
  const data = { nile, air: fx.series.air };
  const byName = (n: string): SmoothCase => fx.cases.find((c) => c.name === n)!;

  // With fixed smoothing parameters and known initial states the recursions are deterministic:
  // agreement is to rounding (1e-10 relative).
  it('Holt (plain and damped) with fixed parameters', () => {
    for (const name of ['holt_fixed_nile', 'holt_damped_nile']) {
      const c = byName(name);
      const r = holt(data[c.series], { alpha: c.alpha, beta: c.beta, phi: c.phi, initialLevel: c.initialLevel, initialTrend: c.initialTrend });
      expectClose(r.fitted, c.fitted!, 1e-10, 0, `${name} fitted`);
      expectClose(r.forecast(c.forecast!.length), c.forecast!, 1e-10, 0, `${name} forecast`);
      expect(r.sse).toBeCloseTo(c.sse, 4);
    }
  });

  it('Holt-Winters additive and multiplicative with fixed parameters', () => {
    for (const [name, seasonal] of [['hw_add', 'additive'], ['hw_mul', 'multiplicative']] as const) {
      const c = byName(name);
      const r = holtWinters(data[c.series], {
        period: 12, seasonal, alpha: c.alpha, beta: c.beta, gamma: c.gamma,
        initialLevel: c.initialLevel, initialTrend: c.initialTrend, initialSeasonal: c.initialSeasonal,
      });
      expectClose(r.fitted, c.fitted!, 1e-10, 0, `${name} fitted`);
      // statsmodels 0.13's _predict overwrites the seasonal state updated by the last observation
      // (s[nobs+m-1] = s[nobs-1]) before forecasting, so its step h = m (and 2m, ...) uses a seasonal
      // state one season stale. We use the textbook forecast l_n + h b_n + s_{n+h-m(k+1)} (Hyndman &
      // Athanasopoulos), so that step is compared against the formula instead of the fixture.
      const f = r.forecast(15);
      const steps = [...Array(15).keys()].filter((i) => (i + 1) % 12 !== 0);
      expectClose(steps.map((i) => f[i]), steps.map((i) => c.forecast![i]), 1e-10, 0, `${name} forecast`);
      const n = data.air.length;
      const base = r.level[n - 1] + 12 * r.trend[n - 1];
      const sLatest = seasonal === 'additive' ? f[11] - base : f[11] / base;
      // the latest seasonal state for that season is gamma-updated from the last observation:
      const y = data.air[n - 1];
      const prevBase = r.level[n - 2] + r.trend[n - 2];
      const sOld = seasonal === 'additive' ? r.fitted[n - 1] - prevBase : r.fitted[n - 1] / prevBase;
      const expected = seasonal === 'additive'
        ? c.gamma! * (y - prevBase) + (1 - c.gamma!) * sOld
        : c.gamma! * (y / prevBase) + (1 - c.gamma!) * sOld;
      expect(sLatest).toBeCloseTo(expected, 9);
    }
  });

  // Optimised fits minimise the same SSE from different starting points with different optimisers,
  // so only the attained SSE is compared: ours must be no worse than statsmodels' by 1e-4 relative.
  it('optimised Holt and Holt-Winters reach statsmodels SSE', () => {
    const h = holt(nile);
    expect(h.sse).toBeLessThanOrEqual(byName('holt_opt_nile').sse * (1 + 1e-4));
    const hw = holtWinters(data.air, { period: 12 });
    expect(hw.sse).toBeLessThanOrEqual(byName('hw_opt_add').sse * (1 + 1e-4));
    expect(hw.alpha).toBeGreaterThanOrEqual(0);
    expect(hw.alpha).toBeLessThanOrEqual(1);
  });

  it('rejects short series and bad parameters', () => {
    expect(() => holtWinters([1, 2, 3, 4, 5], { period: 4 })).toThrow(/at least 8 observations/);
    expect(() => holt([1, 2, 3], { alpha: 1.5 })).toThrow(/alpha must be in \[0, 1\]/);
    expect(() => holtWinters([1, -2, 3, 4, 5, 6], { period: 2, seasonal: 'multiplicative' })).toThrow(/strictly positive/);
  });
});
