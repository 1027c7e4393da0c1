// autoARIMA's stepwise search (Hyndman & Khandakar, as R's forecast::auto.arima) against R's choice on
// AirPassengers (scripts/fixtures/gen_stats_exact.R: forecast 8.20 picks ARIMA(2,1,1)(0,1,0)[12],
// AICc 1018.1652), plus abort and progress. Speed is measured in bench/stats-auto-arima.ts, not here.
import { describe, expect, it } from 'vitest';
import { autoARIMA, fitARIMA } from '../../src/stats/index.ts';
import { loadJson, nile } from './fixtures.ts';

const air = loadJson<{ values: number[] }>('data/airpassengers.json').values;
const rAuto = loadJson<{ autoArima: { order: number[]; aicc: number[]; coef: number[] } }>('test/fixtures/stats/exact-r.json').autoArima;

describe('autoARIMA stepwise', () => {
  it("chooses R auto.arima's model on AirPassengers (AICc within 0.5)", () => {
    const seen: number[] = [];
    const r = autoARIMA(air, { seasonal: { s: 12, D: 1 }, progress: (i) => seen.push(i.tried) });
    expect(r.d).toBe(1);
    const m = r.model;
    // Observed: the same orders, AICc 1018.16552 vs R's 1018.16517 (R's likelihood keeps a 1e6 prior).
    expect(Math.abs(m.aicc - rAuto.aicc[0])).toBeLessThan(0.5);
    expect([m.order.p, m.order.d, m.order.q, m.seasonal.P, m.seasonal.D, m.seasonal.Q, m.seasonal.s]).toEqual(rAuto.order);
    expect(Math.abs(m.aicc - rAuto.aicc[0])).toBeLessThan(1e-3);
    expect(seen).toEqual(r.candidates.map((_, i) => i + 1));
    expect(r.candidates.length).toBeLessThan(40);
  }, 120_000);

  it('aborts with an AbortError (from the progress callback, or already aborted)', () => {
    const ac = new AbortController();
    expect(() => autoARIMA(nile, { d: 1, progress: () => ac.abort() , signal: ac.signal })).toThrow(expect.objectContaining({ name: 'AbortError', message: expect.stringMatching(/autoARIMA was aborted/) }));
    expect(() => fitARIMA(nile, { p: 1, d: 1, q: 1 }, { signal: ac.signal })).toThrow(/fitARIMA was aborted/);
    const ac2 = new AbortController();
    let steps = 0;
    expect(() => fitARIMA(nile, { p: 1, d: 1, q: 1 }, { signal: ac2.signal, progress: (p) => { steps++; expect(Number.isFinite(p.llf)).toBe(true); if (steps === 3) ac2.abort(); } })).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(steps).toBe(3);
  });
});
