// ADF (adfuller) against statsmodels 0.13 on Nile, log AirPassengers, sunspots and WWWusage, every
// regression ('c', 'ct', 'n', 'ctt') and lag rule (AIC, BIC, t-stat, fixed 4): statistic, MacKinnon
// p-value, used lag, nobs, critical values (fixture: scripts/fixtures/gen_stats_exact.py).
import { describe, expect, it } from 'vitest';
import { adfuller, boxPierce, chi2Sf, ljungBox, normalCdf } from '../../src/stats/index.ts';
import { loadJson, nile, sunspots } from './fixtures.ts';

interface AdfCase {
  series: string;
  regression: 'c' | 'ct' | 'n' | 'ctt';
  autolag: 'AIC' | 'BIC' | 't-stat' | null;
  stat: number;
  pvalue: number;
  usedlag: number;
  nobs: number;
  crit: number[];
}
const fx = loadJson<{ adf: AdfCase[] }>('test/fixtures/stats/exact-sm.json');
const air = loadJson<{ values: number[] }>('data/airpassengers.json').values;
const www = loadJson<{ values: number[] }>('data/wwwusage.json').values;
const series: Record<string, number[]> = { nile, air_log: air.map(Math.log), sunspots, www };

describe('adfuller vs statsmodels', () => {
  for (const c of fx.adf) {
    it(`${c.series} regression ${c.regression} autolag ${c.autolag}`, () => {
      const r = adfuller(series[c.series], {
        regression: c.regression,
        autolag: c.autolag === null ? null : c.autolag === 't-stat' ? 't-stat' : c.autolag === 'AIC' ? 'aic' : 'bic',
        maxLag: c.autolag === null ? 4 : undefined,
      });
      expect(r.usedLag).toBe(c.usedlag);
      expect(r.nobs).toBe(c.nobs);
      expect(Math.abs(r.statistic - c.stat)).toBeLessThan(1e-8 * Math.max(1, Math.abs(c.stat)));
      expect(Math.abs(r.pValue - c.pvalue)).toBeLessThan(1e-10 + 1e-8 * c.pvalue);
      const crit = [r.criticalValues['1%'], r.criticalValues['5%'], r.criticalValues['10%']];
      crit.forEach((v, i) => expect(Math.abs(v - c.crit[i])).toBeLessThan(1e-12));
    });
  }
});

describe('distribution functions and portmanteau tests', () => {
  it('chi2Sf and normalCdf match scipy values', () => {
    // scipy.stats.chi2.sf(3.84, 1) = 0.05004352124870519, chi2.sf(20, 10) = 0.029252688076961124
    expect(Math.abs(chi2Sf(3.84, 1) - 0.05004352124870519)).toBeLessThan(1e-14);
    expect(Math.abs(chi2Sf(20, 10) - 0.029252688076961124)).toBeLessThan(1e-14);
    // scipy.stats.norm.cdf(-1.96) = 0.024997895148220435, norm.cdf(0.5) = 0.6914624612740131
    expect(Math.abs(normalCdf(-1.96) - 0.024997895148220435)).toBeLessThan(1e-15);
    expect(Math.abs(normalCdf(0.5) - 0.6914624612740131)).toBeLessThan(1e-14);
  });
  it('rejects bad lags and names them', () => {
    expect(() => ljungBox([1, 2, 3, 4], { lags: 9 })).toThrow(/lags must be an integer in \[1, 3\], got 9/);
    expect(() => boxPierce([1, 2, 3, 4], { modelDf: -1, lags: 2 })).toThrow(/modelDf must be a non-negative integer/);
    expect(() => adfuller(nile, { regression: 'x' as never })).toThrow(/regression must be/);
  });
});
