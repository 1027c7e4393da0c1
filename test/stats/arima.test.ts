// ARIMA-family fits against statsmodels' ARIMA (state-space MLE): the log-likelihood at fixed
// parameters (a check of the state-space form and Kalman filter alone), then fitted parameters,
// llf, AIC/BIC and forecasts with standard errors; and the errors users hit.
import { describe, expect, it } from 'vitest';
import { fitARIMA } from '../../src/stats/index.ts';
import { expectClose, loadJson, nile, sunspots } from './fixtures.ts';

interface ArimaCase {
  name: string;
  order: [number, number, number];
  seasonal: [number, number, number, number];
  trend: 'c' | 'n';
  paramNames: string[];
  params: number[];
  llf: number;
  aic: number;
  bic: number;
  converged: boolean;
  forecast: number[];
  se: number[];
  lower: number[];
  upper: number[];
  fixedParams: number[];
  fixedLlf: number;
  h: number;
}
interface ArimaFixture {
  series: { seasonal: number[]; arimax_y: number[]; arimax_x: number[]; arma11: number[] };
  cases: ArimaCase[];
}
const fx = loadJson<ArimaFixture>('test/fixtures/stats/arima.json');
const seriesFor = (name: string): number[] =>
  name.startsWith('nile') ? nile : name.startsWith('sunspots') ? sunspots : name.startsWith('seasonal') ? fx.series.seasonal : name.startsWith('arimax') ? fx.series.arimax_y : fx.series.arma11;

function fit(c: ArimaCase) {
  const [p, d, q] = c.order;
  const [P, D, Q, s] = c.seasonal;
  const exog = c.name.startsWith('arimax') ? fx.series.arimax_x.slice(0, fx.series.arimax_y.length) : undefined;
  // statsmodels' ARIMA uses the approximate diffuse prior; the exact default is tested in arima-exact.test.ts.
  return fitARIMA(seriesFor(c.name), { p, d, q }, { trend: c.trend, seasonal: s ? { P, D, Q, s } : undefined, exog, diffuse: 'approximate' });
}

describe('ARIMA vs statsmodels ARIMA', () => {
  for (const c of fx.cases) {
    it(`${c.name}: llf at fixed params, fitted params, llf/aic/bic, forecasts`, () => {
      const m = fit(c);
      expect(m.paramNames).toEqual(c.paramNames);
      // Same state-space form, same prior, same filter: the likelihood agrees to rounding.
      expect(m.loglike(c.fixedParams)).toBeCloseTo(c.fixedLlf, 8);
      // Both sides maximise the same function with different optimisers and stopping rules (the
      // fixture script tightens statsmodels' L-BFGS tolerances; with its defaults it stops up to
      // 1e-3 short in llf). Observed: llf within 1e-8 (ours never lower), params within 3e-5
      // relative. Asserted with headroom: llf 1e-6 absolute, params 2e-4 relative (+1e-4 absolute
      // for near-zero coefficients), since parameters sit in flat directions of the likelihood.
      expect(Math.abs(m.llf - c.llf)).toBeLessThan(1e-6);
      expectClose(m.params, c.params, 2e-4, 1e-4, 'params');
      expectClose([m.aic, m.bic], [c.aic, c.bic], 1e-8, 1e-6, 'aic/bic');
      const exogFuture = c.name.startsWith('arimax') ? fx.series.arimax_x.slice(fx.series.arimax_y.length, fx.series.arimax_y.length + c.h) : undefined;
      const f = m.forecast(c.h, { exog: exogFuture });
      // Forecasts inherit the parameter differences (observed up to 1.3e-4 relative on the seasonal
      // case, whose forecasts cross zero): 5e-4 relative + 1e-3 absolute; standard errors 1e-4.
      expectClose(f.mean, c.forecast, 5e-4, 1e-3, 'forecast');
      expectClose(f.se, c.se, 1e-4, 0, 'forecast se');
      expectClose(f.lower, c.lower, 5e-4, 1e-3, 'lower');
      expectClose(f.upper, c.upper, 5e-4, 1e-3, 'upper');
    });
  }
});
