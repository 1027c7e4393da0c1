// The state-space API (kalman.ts, kalman-smoother.ts, structural.ts) against statsmodels'
// UnobservedComponents(use_exact_diffuse=True) and R's StructTS (scripts/fixtures/gen_stats_exact.*):
// fitted variances and llf, filtered / smoothed level and variances, smoothed observation
// disturbances, forecasts; missing observations (NaN) on Nile with a gap.
import { describe, expect, it } from 'vitest';
import { fitStructural, kalmanFilter, stateSmoother } from '../../src/stats/index.ts';
import { expectClose, loadJson, nile } from './fixtures.ts';

interface UcCase {
  name: string;
  params: number[];
  llf: number;
  nobsDiffuse: number;
  filtered: number[];
  filteredVar: number[];
  smoothed: number[];
  smoothedVar: number[];
  smoothedObsDist: (number | null)[];
  forecast: number[];
  forecastVar: number[];
}
const sm = loadJson<{ structural: UcCase[]; series: { nile_gap: (number | null)[] } }>('test/fixtures/stats/exact-sm.json');
const r = loadJson<{ structural: { name: string; coef: number[] }[] }>('test/fixtures/stats/exact-r.json');
const www = loadJson<{ values: number[] }>('data/wwwusage.json').values;
const nileGap = sm.series.nile_gap.map((v) => (v === null ? NaN : v));
const seriesOf = (name: string): number[] => (name === 'nile_level' ? nile : name === 'www_trend' ? www : nileGap);

describe('structural models vs statsmodels UnobservedComponents (exact diffuse)', () => {
  for (const c of sm.structural) {
    it(c.name, () => {
      const y = seriesOf(c.name);
      const kind = c.name.endsWith('trend') ? 'trend' : 'level';
      const m = fitStructural(y, kind);
      // Variances at a boundary (WWWusage: irregular and level variances are 0) are compared absolutely.
      expectClose(m.params, c.params, 1e-4, 1e-4 * Math.max(...c.params), `${c.name} params`);
      expect(Math.abs(m.llf - c.llf)).toBeLessThan(1e-6);
      expect(m.filter.nobsDiffuse).toBe(c.nobsDiffuse);
      // At statsmodels' own parameters the filter and smoother agree to rounding.
      const fixed = { ...m.model, H: c.params[0], Q: kind === 'level' ? [[c.params[1]]] : [[c.params[1], 0], [0, c.params[2]]] };
      const f = kalmanFilter(fixed, y);
      expect(Math.abs(f.llf - c.llf)).toBeLessThan(1e-8);
      expectClose(f.filtered.map((a) => a[0]), c.filtered, 1e-8, 1e-8, 'filtered level');
      expectClose(f.filteredCov.map((p) => p[0][0]), c.filteredVar, 1e-7, 1e-7, 'filtered variance');
      const s = stateSmoother(fixed, y);
      expectClose(s.smoothed.map((a) => a[0]), c.smoothed, 1e-8, 1e-8, 'smoothed level');
      expectClose(s.smoothedCov.map((p) => p[0][0]), c.smoothedVar, 1e-7, 1e-6, 'smoothed variance');
      // compared where y is observed (statsmodels also reports a value at the gaps)
      const dist = Array.from(s.observationDisturbance);
      expectClose(dist.filter((v) => !Number.isNaN(v)), c.smoothedObsDist.filter((_, t) => !Number.isNaN(y[t])) as number[], 1e-7, 1e-6, 'observation disturbance');
      const fc = m.forecast(c.forecast.length);
      expectClose(fc.mean, c.forecast, 1e-4, 1e-4, 'forecast');
      expectClose(Array.from(fc.se, (v) => v * v), c.forecastVar, 1e-3, 0, 'forecast variance');
    });
  }

  it("is close to R's StructTS (which keeps a large-but-finite prior)", () => {
    const lvl = fitStructural(nile, 'level');
    const rl = r.structural.find((x) => x.name === 'nile_level')!.coef; // [level, epsilon]
    expectClose([lvl.params[1], lvl.params[0]], rl, 1e-2, 0, 'StructTS level');
  });
});
