// AR fitting, order selection, ACF/PACF and the batched AR fit against statsmodels fixtures
// (AutoReg, ar_select_order, yule_walker, acf, pacf), plus bad-input errors.
import { describe, expect, it } from 'vitest';
import { acf, fitAR, fitARBatch, pacf, selectAROrder } from '../../src/stats/index.ts';
import { expectClose, loadJson, nile, sunspots } from './fixtures.ts';

interface ARFixture {
  series: { synth_ar3: number[] };
  autoreg: { series: string; p: number; trend: 'c' | 'n'; params: number[]; sigma2: number; llf: number; aic: number; bic: number; hqic: number; nobs: number; forecast: number[] }[];
  select: { series: string; ic: 'aic' | 'bic'; trend: 'c' | 'n'; maxlag: number; p: number; params: number[] }[];
  yuleWalker: { series: string; p: number; ar: number[]; sigma2: number; mean: number }[];
}
const fx = loadJson<ARFixture>('test/fixtures/stats/ar.json');
const data: Record<string, number[]> = { nile, sunspots, synth_ar3: fx.series.synth_ar3 };

// AutoReg is a closed-form least-squares fit: the only differences are floating-point rounding
// (QR here, pinv there), so 1e-8 relative is ample (observed ~1e-12).
describe('fitAR (OLS) vs statsmodels AutoReg', () => {
  for (const c of fx.autoreg) {
    it(`${c.series} AR(${c.p}) trend ${c.trend}`, () => {
      const m = fitAR(data[c.series], c.p, { trend: c.trend });
      expectClose(m.params, c.params, 1e-8, 1e-10, 'params');
      expectClose([m.sigma2, m.llf, m.aic, m.bic, m.hqic], [c.sigma2, c.llf, c.aic, c.bic, c.hqic], 1e-9, 0, 'sigma2/llf/ic');
      expect(m.nobs).toBe(c.nobs);
      expectClose(m.forecast(5).mean, c.forecast, 1e-8, 0, 'forecast');
    });
  }
});

describe('selectAROrder vs statsmodels ar_select_order (maxlag 12)', () => {
  for (const c of fx.select) {
    it(`${c.series} by ${c.ic}, trend ${c.trend}: p = ${c.p}`, () => {
      const s = selectAROrder(data[c.series], c.maxlag, { ic: c.ic, trend: c.trend });
      expect(s.p).toBe(c.p);
      expect(s.table.length).toBe(c.maxlag + 1);
      expectClose(s.model.params, c.params, 1e-8, 1e-10, 'refit params');
    });
  }

  it('raises when no order is feasible', () => {
    expect(() => selectAROrder([1, 2, 3, 4, 5], 4)).toThrow(/no feasible AR order in 0\.\.4/);
    expect(() => selectAROrder([5, 5, 5, 5, 5, 5, 5, 5], 2, { trend: 'c' })).toThrow(/no feasible AR order/);
  });
});

describe('Yule-Walker AR vs statsmodels yule_walker(method="mle")', () => {
  for (const c of fx.yuleWalker) {
    it(`${c.series} AR(${c.p})`, () => {
      const m = fitAR(data[c.series], c.p, { method: 'yule-walker' });
      expectClose(m.ar, c.ar, 1e-9, 1e-12, 'ar');
      expect(m.sigma2).toBeCloseTo(c.sigma2, 6);
      expect(m.constant).toBeCloseTo(c.mean * (1 - c.ar.reduce((a, b) => a + b, 0)), 8);
    });
  }
});

describe('fitAR errors and missing values', () => {
  it('names the problem', () => {
    expect(() => fitAR([1, 2, 3], 3)).toThrow(/AR\(3\) with trend 'c' needs at least 8 observations, got 3/);
    expect(() => fitAR([1, 2, NaN, 4, 5, 6, 7], 1)).toThrow(/non-finite value \(NaN\) at index 2/);
    expect(() => fitAR(nile, -1)).toThrow(/AR order p must be an integer >= 0/);
    const withGap = nile.slice();
    withGap[10] = NaN;
    const interp = fitAR(withGap, 1, { missing: 'interpolate' });
    const dropped = fitAR(withGap, 1, { missing: 'drop' });
    expect(interp.nobs).toBe(99);
    expect(dropped.nobs).toBe(98);
  });
});

interface AcfFixture {
  cases: ({ series: string; nlags: number; acf: number[]; acfLower: number[]; acfUpper: number[] } & Record<string, number[] | string | number>)[];
}
describe('acf / pacf vs statsmodels', () => {
  const cf = loadJson<AcfFixture>('test/fixtures/stats/acf.json');
  for (const c of cf.cases) {
    it(`${c.series}: acf with Bartlett bands, pacf yw / ywm / ols with bands`, () => {
      const x = data[c.series];
      const a = acf(x, { nlags: 20, alpha: 0.05 });
      expectClose(a.values, c.acf, 1e-10, 1e-12, 'acf');
      // Bands use our normal quantile (Acklam's approximation, ~1e-9 relative), so they agree to
      // ~1e-9 absolute times the band half-width (< 1): atol 2e-9.
      expectClose(a.lower!, c.acfLower, 1e-8, 2e-9, 'acf lower');
      expectClose(a.upper!, c.acfUpper, 1e-8, 2e-9, 'acf upper');
      for (const method of ['yw', 'ywm', 'ols'] as const) {
        const p = pacf(x, { nlags: 20, method, alpha: 0.05 });
        expectClose(p.values, c[`pacf_${method}`] as number[], 1e-8, 1e-10, `pacf ${method}`);
        expectClose(p.lower!, c[`pacfLower_${method}`] as number[], 1e-8, 2e-9, `pacf ${method} lower`);
      }
    });
  }
  it('rejects too many lags', () => {
    expect(() => pacf([1, 2, 3, 4, 5, 6], { nlags: 3 })).toThrow(/nlags must be < 3/);
    expect(() => acf([2, 2, 2])).toThrow(/zero variance/);
  });
});

describe('fitARBatch (CPU path)', () => {
  it('equals fitAR series by series, for both input layouts and with/without constant', () => {
    const series = [nile, sunspots.slice(0, 100), fx.series.synth_ar3.slice(0, 100)];
    for (const constant of [true, false]) {
      const r = fitARBatch(series, 3, { constant });
      const flat = fitARBatch({ data: series.flat(), shape: [3, 100] }, 3, { constant });
      expect(r.k).toBe(constant ? 4 : 3);
      expect(r.failed).toEqual([]);
      series.forEach((s, i) => {
        const m = fitAR(s, 3, { trend: constant ? 'c' : 'n' });
        expectClose(r.params.subarray(i * r.k, (i + 1) * r.k), m.params, 1e-8, 1e-10, `series ${i} params`);
        expect(r.sigma2[i]).toBeCloseTo(m.sigma2, 6);
        expectClose(flat.params.subarray(i * r.k, (i + 1) * r.k), m.params, 1e-12, 1e-12, 'flat layout');
      });
    }
  });

  it('reports singular systems and bad input by index', () => {
    const r = fitARBatch([nile, new Array(100).fill(3)], 2);
    expect(r.failed).toEqual([1]);
    expect(Number.isNaN(r.params[r.k])).toBe(true);
    expect(() => fitARBatch([[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3]], 1)).toThrow(/series 1 has length 3/);
    expect(() => fitARBatch([[1, 2, 3, NaN, 5, 6, 7, 8]], 1)).toThrow(/series 0 at index 3/);
    expect(() => fitARBatch([[1, 2, 3, 4]], 2)).toThrow(/length at least 6/);
  });
});
