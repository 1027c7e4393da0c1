// KPSS and ndiffs against statsmodels.tsa.stattools.kpss (fixtures from
// scripts/fixtures/gen_unit_root.py), autoARIMA choosing d by KPSS, and the errors users hit.
import { describe, expect, it } from 'vitest';
import { autoARIMA, kpss, ndiffs } from '../../src/stats/index.ts';
import { loadJson, nile, sunspots } from './fixtures.ts';

interface KpssCase {
  series: string;
  regression: 'c' | 'ct';
  nlags: 'auto' | number;
  statistic: number;
  pValue: number;
  lags: number;
  criticalValues: { '10%': number; '5%': number; '2.5%': number; '1%': number };
}
interface UnitRootFixture {
  series: { random_walk: number[]; white_noise: number[] };
  kpss: KpssCase[];
  ndiffs: { series: string; alpha: number; maxD: number; d: number }[];
}
const fx = loadJson<UnitRootFixture>('test/fixtures/stats/unit-root.json');
const data: Record<string, number[]> = { nile, sunspots, random_walk: fx.series.random_walk, white_noise: fx.series.white_noise };

function seriesFor(name: string): number[] {
  const [base, diff] = name.split(':');
  const x = data[base];
  if (x === undefined) throw new Error(`unknown series ${base}`);
  return diff === 'diff1' ? x.slice(1).map((v, i) => v - x[i]) : x;
}

describe('kpss vs statsmodels', () => {
  for (const c of fx.kpss) {
    it(`${c.series} regression=${c.regression} nlags=${c.nlags}`, () => {
      const r = kpss(seriesFor(c.series), { regression: c.regression, nlags: c.nlags });
      // Same sums in a different order: agreement to rounding.
      expect(r.lags).toBe(c.lags);
      expect(Math.abs(r.statistic - c.statistic)).toBeLessThanOrEqual(1e-8 * Math.abs(c.statistic));
      expect(r.pValue).toBeCloseTo(c.pValue, 10);
      expect(r.criticalValues).toEqual(c.criticalValues);
    });
  }

  it('the fixture exercises interpolated as well as clamped p-values', () => {
    expect(fx.kpss.some((c) => c.pValue > 0.01 && c.pValue < 0.1)).toBe(true);
    expect(fx.kpss.some((c) => c.pValue === 0.01)).toBe(true);
    expect(fx.kpss.some((c) => c.pValue === 0.1)).toBe(true);
  });

  it('statsmodels rejects level stationarity for the Nile', () => {
    const c = fx.kpss.find((k) => k.series === 'nile' && k.regression === 'c' && k.nlags === 'auto');
    expect(c?.pValue).toBeLessThan(0.05);
    expect(kpss(nile).pValue).toBeLessThan(0.05);
  });
});

describe('ndiffs vs the statsmodels KPSS loop', () => {
  for (const c of fx.ndiffs) {
    it(`${c.series} alpha=${c.alpha} maxD=${c.maxD} -> ${c.d}`, () => {
      expect(ndiffs(seriesFor(c.series), { alpha: c.alpha, maxD: c.maxD })).toBe(c.d);
    });
  }

  it('defaults to alpha 0.05, maxD 2; constant series need no differencing; maxD 0 caps', () => {
    expect(ndiffs(nile)).toBe(1);
    expect(ndiffs(fx.series.white_noise)).toBe(0);
    expect(ndiffs([4, 4, 4, 4, 4])).toBe(0);
    expect(ndiffs(nile, { maxD: 0 })).toBe(0);
  });
});

describe('autoARIMA choosing d', () => {
  it('picks d = 1 on the Nile by KPSS and still returns the AIC-best model', () => {
    const r = autoARIMA(nile, { maxP: 2, maxQ: 2, search: 'grid', ic: 'aic' });
    expect(r.d).toBe(1);
    expect(r.model.order.d).toBe(1);
    expect(r.candidates.length).toBe(9);
    const finite = r.candidates.filter((c) => Number.isFinite(c.aic));
    // the winner is refitted at full tolerance after the (looser) search fits
    expect(r.model.aic).toBeLessThanOrEqual(Math.min(...finite.map((c) => c.aic)) + 1e-6);
    // Same search as with d = 1 given explicitly.
    const explicit = autoARIMA(nile, { d: 1, maxP: 2, maxQ: 2, search: 'grid', ic: 'aic' });
    expect(explicit.d).toBe(1);
    expect(r.model.aic).toBeCloseTo(explicit.model.aic, 10);
    expect(r.model.order).toEqual(explicit.model.order);
  }, 60_000);

  it('an explicit d is used as given', () => {
    const r = autoARIMA(nile, { d: 0, maxP: 1, maxQ: 0 });
    expect(r.d).toBe(0);
    expect(r.model.order.d).toBe(0);
  }, 60_000);
});

describe('unit-root bad input', () => {
  it('names the problem', () => {
    expect(() => kpss([1, 2])).toThrow(RangeError);
    expect(() => kpss([1, 2])).toThrow(/kpss needs at least 3 observations, got 2/);
    expect(() => ndiffs([1])).toThrow(/ndiffs needs at least 3 observations, got 1/);
    const gap = nile.slice();
    gap[17] = NaN;
    expect(() => kpss(gap)).toThrow(/non-finite value \(NaN\) at index 17/);
    expect(() => ndiffs(gap)).toThrow(/non-finite value \(NaN\) at index 17/);
    expect(() => autoARIMA(gap, { maxP: 1, maxQ: 1 })).toThrow(/non-finite value \(NaN\) at index 17/);
    expect(() => autoARIMA([1, 2], { maxP: 1, maxQ: 1 })).toThrow(/choosing d by KPSS needs at least 3 observations/);
    expect(() => kpss([3, 3, 3, 3])).toThrow(/series is constant/);
    expect(() => kpss(nile, { nlags: 100 })).toThrow(/kpss nlags must be an integer in \[0, 99\], got 100/);
    expect(() => kpss(nile, { nlags: 1.5 })).toThrow(/kpss nlags/);
    expect(() => ndiffs(nile, { alpha: 0 })).toThrow(/alpha must be in \(0, 1\)/);
    expect(() => ndiffs(nile, { maxD: -1 })).toThrow(/ndiffs maxD must be an integer/);
  });
});
