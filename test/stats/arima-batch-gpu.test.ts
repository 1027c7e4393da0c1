// Batched ARIMA on a device (stats/arima-batch-gpu.ts, ops armaLoglik, shaders/linalg/arma-loglik.wgsl) against
// the float64 one-series reference fitARIMA: the likelihood at given parameters (model.loglike) and the fitted
// coefficients, first on the CPU backend (the float64 twin kernel), then on WebGPU (float32). Tolerances: the
// CPU backend's likelihood equals fitARIMA's to 1e-6 relative (float32 storage of the differenced data); the float32 kernel's to 2e-5 relative (n = 60..200
// steps of a float32 filter); fitted coefficients within 5e-3 of fitARIMA's (the optimiser stops at float32's
// gradient noise floor, where the likelihood is flat to ~1e-7 relative), llf within 1e-4 relative.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, type Device } from '../../src/index.ts';
import { fitARIMA, fitARIMABatchGpu, arimaLoglikBatchGpu } from '../../src/stats/index.ts';
import { ArgumentError, ShapeError } from '../../src/errors.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from './fixtures.ts';

/** numSeries ARIMA(p, d, q) paths with coefficients varied by series (deterministic LCG, Box-Muller noise). */
function makeArima(numSeries: number, length: number, p: number, d: number, q: number, seed = 3): number[][] {
  let st = seed >>> 0;
  const u = (): number => {
    st = (Math.imul(st, 1664525) + 1013904223) >>> 0;
    return (st + 0.5) / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: numSeries }, (_, i) => {
    const phi = p === 1 ? [0.3 + 0.4 * u()] : p === 2 ? [0.4 + 0.3 * u(), -0.3 + 0.2 * u()] : [];
    const theta = q >= 1 ? [-0.2 + 0.6 * u()] : [];
    const level = d === 0 ? 10 * (i % 3) : 0;
    const x: number[] = [];
    const e: number[] = [];
    for (let t = 0; t < length + 50; t++) {
      const et = gauss();
      let v = et;
      phi.forEach((c, j) => (v += c * (x[t - j - 1] ?? 0)));
      theta.forEach((c, j) => (v += c * (e[t - j - 1] ?? 0)));
      x.push(v);
      e.push(et);
    }
    let y = x.slice(50).map((v) => v + level);
    for (let k = 0; k < d; k++) {
      let acc = 5;
      y = y.map((v) => (acc += v));
    }
    return y.map((v) => Math.fround(v));
  });
}

const CASES = [
  { p: 1, d: 0, q: 1, n: 120 },
  { p: 2, d: 1, q: 1, n: 150 },
] as const;

describe('fitARIMABatchGpu on the CPU backend vs fitARIMA', () => {
  let cpu: Device;
  beforeAll(async () => {
    cpu = await init('cpu');
  });
  for (const c of CASES) {
    const order = { p: c.p, d: c.d, q: c.q };
    it(`ARIMA(${c.p},${c.d},${c.q}): loglike at fitARIMA's params, and the fits, 6 series x ${c.n}`, async () => {
      const rows = makeArima(6, c.n, c.p, c.d, c.q);
      const refs = rows.map((y) => fitARIMA(y, order));
      const llf = await arimaLoglikBatchGpu(rows, order, refs.map((r, s) => ({ series: s, params: r.params })), { device: cpu });
      expectClose(llf, refs.map((r) => r.llf), 1e-6, 0, 'llf at fitARIMA params');
      // The same parameter vectors moved off the optimum: many points for one series in one call.
      const moved = refs.map((r) => r.params.map((v, i) => (i === r.params.length - 1 ? v * 1.3 : v * 0.9)));
      const llfMoved = await arimaLoglikBatchGpu(rows, order, moved.map((prm) => ({ series: 0, params: prm })), { device: cpu });
      const refMoved = moved.map((prm) => refs[0].loglike(prm));
      // fitARIMA's model.loglike needs stationary params; moved ones stay so (scaled towards 0).
      expectClose(llfMoved, refMoved, 1e-6, 0, 'llf at moved params (series 0)');

      const got = await fitARIMABatchGpu(rows, order, { device: cpu });
      expect(got.paramNames).toEqual(refs[0].paramNames);
      expect(got.failed).toEqual([]);
      refs.forEach((r, s) => {
        const row = got.params.subarray(s * got.k, (s + 1) * got.k);
        // Coefficients (not sigma2, which is relative): 5e-3 absolute; the mean relative to the data scale.
        expectClose(row.slice(0, -1), r.params.slice(0, -1), 5e-3, 5e-3, `series ${s} coefficients`);
        expectClose([got.sigma2[s]], [r.sigma2], 5e-3, 0, `series ${s} sigma2`);
        expect(got.llf[s]).toBeGreaterThan(r.llf - 1e-4 * Math.abs(r.llf));
      });
      expect(got.converged.every((v) => v === 1)).toBe(true);
      expect(got.dispatches).toBeGreaterThan(0);
    });
  }

  it('bad input: ragged lengths, NaN, order too large for the length or the kernel, a constant with d > 0', async () => {
    const rows = makeArima(3, 40, 1, 0, 1);
    const ragged = [rows[0], rows[1].slice(0, 39), rows[2]];
    await expect(fitARIMABatchGpu(ragged, { p: 1, d: 0, q: 1 }, { device: cpu })).rejects.toThrow(ShapeError);
    await expect(fitARIMABatchGpu(ragged, { p: 1, d: 0, q: 1 }, { device: cpu })).rejects.toThrow(/series 1 has length 39, series 0 has 40/);
    const withNaN = rows.map((r) => r.slice());
    withNaN[2][7] = NaN;
    await expect(fitARIMABatchGpu(withNaN, { p: 1, d: 0, q: 1 }, { device: cpu })).rejects.toThrow(ArgumentError);
    await expect(fitARIMABatchGpu(withNaN, { p: 1, d: 0, q: 1 }, { device: cpu })).rejects.toThrow(/series 2 at index 7/);
    const short = rows.map((r) => r.slice(0, 6));
    await expect(fitARIMABatchGpu(short, { p: 2, d: 1, q: 2 }, { device: cpu })).rejects.toThrow(ShapeError);
    await expect(fitARIMABatchGpu(short, { p: 2, d: 1, q: 2 }, { device: cpu })).rejects.toThrow(/length at least 7, got 6/);
    await expect(fitARIMABatchGpu(rows, { p: 9, d: 0, q: 0 }, { device: cpu })).rejects.toThrow(/order p must be an integer in \[0, 8\], got 9/);
    await expect(fitARIMABatchGpu(rows, { p: 1, d: 0, q: 8 }, { device: cpu })).rejects.toThrow(/order q must be an integer in \[0, 7\], got 8/);
    await expect(fitARIMABatchGpu(rows, { p: 1, d: 0, q: 1 }, { device: cpu, starts: 5 })).rejects.toThrow(/starts must be 1, 2, 3 or 4, got 5/);
    await expect(fitARIMABatchGpu(rows, { p: 1, d: 1, q: 0 }, { device: cpu, trend: 'c' })).rejects.toThrow(/not identified after differencing/);
    await expect(fitARIMABatchGpu({ data: new Float64Array(10), shape: [3, 4] }, { p: 1, d: 0, q: 0 }, { device: cpu })).rejects.toThrow(/10 values, shape \[3, 4\] needs 12/);
    // A series constant after differencing is reported, not thrown: the others still fit.
    const flat = rows.map((r) => r.slice());
    flat[1].fill(4);
    const r = await fitARIMABatchGpu(flat, { p: 1, d: 0, q: 0 }, { device: cpu });
    expect(r.failed).toEqual([1]);
    expect(Number.isNaN(r.params[r.k])).toBe(true);
    expect(Number.isFinite(r.llf[0]) && Number.isFinite(r.llf[2])).toBe(true);
  });
});

describeWebGPU('fitARIMABatchGpu on WebGPU (float32) vs fitARIMA', (remote) => {
  for (const c of CASES) {
    const order = { p: c.p, d: c.d, q: c.q };
    it(`ARIMA(${c.p},${c.d},${c.q}), 4 series x ${c.n}: loglike and fits`, async () => {
      const rows = makeArima(4, c.n, c.p, c.d, c.q, 11);
      const refs = rows.map((y) => fitARIMA(y, order));
      const points = refs.map((r, s) => ({ series: s, params: r.params }));
      const got = await remote().evaluate(async (sg, a) => {
        const dev = await sg.init('webgpu');
        const llf = await sg.stats.arimaLoglikBatchGpu(a.rows, a.order, a.points, { device: dev });
        const before = dev.stats().dispatches;
        const fit = await sg.stats.fitARIMABatchGpu(a.rows, a.order, { device: dev });
        return { llf, fit: { ...fit }, deviceDispatches: dev.stats().dispatches - before };
      }, { rows, order, points }, { timeoutMs: 110_000 });
      expectClose(got.llf, refs.map((r) => r.llf), 2e-5, 0, 'float32 llf at fitARIMA params');
      refs.forEach((r, s) => {
        const row = got.fit.params.subarray(s * got.fit.k, (s + 1) * got.fit.k);
        expectClose(row.slice(0, -1), r.params.slice(0, -1), 5e-3, 5e-3, `series ${s} coefficients`);
        expectClose([got.fit.llf[s]], [r.llf], 1e-4, 0, `series ${s} llf`);
      });
      expect(got.fit.failed).toEqual([]);
      // Every likelihood round was one dispatch on this device.
      expect(got.deviceDispatches).toBe(got.fit.dispatches);
      expect(got.fit.converged.every((v) => v === 1)).toBe(true);
    });
  }
});
