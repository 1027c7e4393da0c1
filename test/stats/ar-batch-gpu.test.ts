// Batched AR least squares on a device (ops/linalg.ts, stats/ar-batch-gpu.ts) against the float64 plain-array
// reference fitARBatch: the CPU backend running the reference kernels, then WebGPU in headless Chromium (the fused
// one-dispatch kernel on time-major and row layouts, and the staged five-dispatch rung); the
// batched Cholesky op on hand cases; bad input. Tolerance: params atol 1e-4 + rtol 1e-3, sigma2 rtol 1e-3,
// because the device path forms float32 normal equations (about 7 digits, squared condition number).
import { beforeAll, describe, expect, it } from 'vitest';
import { init, tensor, type Device } from '../../src/index.ts';
import { choleskySolve, arLeastSquares } from '../../src/internal.ts';
import { fitARBatch, fitARBatchGpu } from '../../src/stats/index.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { expectClose } from './fixtures.ts';

/**
 * numSeries stationary AR(3) paths (coefficients vary by series), float32-rounded. With `levels`, every
 * fourth series sits near 100 (the constant's case); without, all are zero-mean: a model without a constant
 * on data far from 0 has nearly collinear lags, whose float32 normal equations keep too few digits.
 */
function makeBatch(numSeries: number, length: number, levels = true, seed = 7): Float32Array {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const out = new Float32Array(numSeries * length);
  for (let i = 0; i < numSeries; i++) {
    const phi = [0.5 + 0.3 * rnd(), -0.2 + 0.2 * rnd(), 0.1 * rnd()];
    const level = !levels ? 0 : i % 4 === 0 ? 100 : i % 4 === 1 ? -3 : 0;
    const x = [0, 0, 0];
    for (let t = 0; t < length + 50; t++) {
      const v = phi[0] * x[0] + phi[1] * x[1] + phi[2] * x[2] + rnd();
      x.unshift(v);
      x.pop();
      if (t >= 50) out[i * length + t - 50] = level + v;
    }
  }
  return out;
}

/** The reference on the same float32-rounded values the device sees (isolates the solver's rounding). */
function reference(data: Float32Array, shape: [number, number], p: number, constant: boolean): { params: Float64Array; sigma2: Float64Array } {
  return fitARBatch({ data, shape }, p, { constant });
}

describe('arLeastSquares / fitARBatchGpu on the CPU backend vs fitARBatch', () => {
  let cpu: Device;
  beforeAll(async () => {
    cpu = await init('cpu');
  });
  for (const [p, constant] of [[1, true], [3, true], [3, false], [8, true]] as const) {
    it(`64 series x 60, AR(${p}) ${constant ? 'with' : 'without'} a constant`, async () => {
      const data = makeBatch(64, 60, constant);
      const ref = reference(data, [64, 60], p, constant);
      const got = await fitARBatchGpu({ data, shape: [64, 60] }, p, { constant, device: cpu });
      expect(got.k).toBe(p + (constant ? 1 : 0));
      expect(got.failed).toEqual([]);
      expectClose(got.params, ref.params, 1e-3, 1e-4, 'params');
      expectClose(got.sigma2, ref.sigma2, 1e-3, 0, 'sigma2');
      // The staged rung (5 kernels) and the fused one on a [numSeries, length] tensor (strided reads) agree too.
      const x = tensor(data, [64, 60], { device: cpu });
      for (const variant of ['staged', 'fused'] as const) {
        const r = await fitARBatchGpu(x, p, { constant, variant });
        expectClose(r.params, ref.params, 1e-3, 1e-4, `${variant} params`);
      }
      x.dispose();
    });
  }

  it('choleskySolve: hand-checked 2x2 system and a singular one', async () => {
    // [[4, 2], [2, 3]] x = [2, 5]  ->  x = [-0.5, 2]; [[1, 2], [2, 4]] is rank 1: pivot 2 fails.
    const a = tensor([[[4, 2], [2, 3]], [[1, 2], [2, 4]]], { device: cpu });
    const b = tensor([[2, 5], [1, 1]], { device: cpu });
    const { x, info } = choleskySolve(a, b);
    const xv = await x.data();
    expectClose(xv.slice(0, 2), [-0.5, 2], 1e-6, 1e-7, 'x');
    expect(Number.isNaN(xv[2]) && Number.isNaN(xv[3])).toBe(true);
    expect(Array.from(await info.data())).toEqual([0, 2]);
  });

  it('bad input: order, short series, NaN, singular systems', async () => {
    const data = makeBatch(4, 30);
    const batch = { data, shape: [4, 30] as [number, number] };
    await expect(fitARBatchGpu(batch, 0, { device: cpu })).rejects.toThrow(/order p must be an integer in \[1, 32\], got 0/);
    await expect(fitARBatchGpu(batch, 33, { device: cpu })).rejects.toThrow(/\[1, 32\], got 33/);
    await expect(fitARBatchGpu({ data: data.slice(0, 4 * 7), shape: [4, 7] }, 3, { device: cpu })).rejects.toThrow(/length at least 8, got 7/);
    const withNaN = data.slice();
    withNaN[2 * 30 + 5] = NaN;
    await expect(fitARBatchGpu({ data: withNaN, shape: [4, 30] }, 2, { device: cpu })).rejects.toThrow(/series 2 at index 5/);
    // A device tensor is not scanned on the host: the residual kernel flags it.
    await expect(fitARBatchGpu(tensor(withNaN, [4, 30], { device: cpu }), 2)).rejects.toThrow(/series 2 contains NaN or Infinity/);
    // A constant series has collinear lags: NaN params and its index, or a throw on request.
    const flat = data.slice();
    flat.fill(5, 30, 60);
    const r = await fitARBatchGpu({ data: flat, shape: [4, 30] }, 2, { device: cpu });
    expect(r.failed).toEqual([1]);
    expect(Number.isNaN(r.params[3]) && Number.isNaN(r.sigma2[1])).toBe(true);
    expect(fitARBatch({ data: flat, shape: [4, 30] }, 2).failed).toEqual([1]);
    await expect(fitARBatchGpu({ data: flat, shape: [4, 30] }, 2, { device: cpu, onSingular: 'throw' })).rejects.toThrow(/series 1 are singular/);
    expect(() => arLeastSquares(tensor(data, [120], { device: cpu }), 2)).toThrow(/\[numSeries, length\], got \[120\]/);
  });
});

describeWebGPU('fitARBatchGpu on WebGPU vs fitARBatch', (remote) => {
  for (const [p, constant] of [[3, true], [3, false], [8, true]] as const) {
    it(`64 series x 60, AR(${p}) ${constant ? 'with' : 'without'} a constant: fused (host time-major, tensor rows) and staged`, async () => {
      const data = makeBatch(64, 60, constant);
      const ref = reference(data, [64, 60], p, constant);
      const got = await remote().evaluate(async (sg, a) => {
        const dev = await sg.init('webgpu');
        const x = sg.tensor(a.data, [64, 60], { device: dev });
        const runs = [];
        for (const mode of ['host', 'tensor', 'staged'] as const) {
          const before = dev.stats();
          const r = mode === 'host'
            ? await sg.stats.fitARBatchGpu({ data: a.data, shape: [64, 60] }, a.p, { constant: a.constant, device: dev })
            : await sg.stats.fitARBatchGpu(x, a.p, { constant: a.constant, variant: mode === 'staged' ? 'staged' : 'fused' });
          const after = dev.stats();
          runs.push({ mode, ...r, dispatches: after.dispatches - before.dispatches });
        }
        return runs;
      }, { data, p, constant });
      for (const r of got) {
        expect(r.failed, r.mode).toEqual([]);
        expectClose(r.params, ref.params, 1e-3, 1e-4, `${r.mode} params`);
        expectClose(r.sigma2, ref.sigma2, 1e-3, 0, `${r.mode} sigma2`);
      }
      // Fused: the whole fit is one dispatch. Staged: centring (or a zero shift), Gram matmul, assembly, Cholesky, residuals.
      expect(got.map((r) => r.dispatches)).toEqual([1, 1, 5]);
    });
  }

  it('flags NaN and singular series by index', async () => {
    const data = makeBatch(8, 40);
    data[3 * 40 + 7] = NaN;
    data.fill(2, 5 * 40, 6 * 40);
    const out = await remote().evaluate(async (sg, a) => {
      const dev = await sg.init('webgpu');
      const r = sg.arLeastSquares(sg.tensor(a, [8, 40], { device: dev }), 2);
      return Array.from(await r.status.data());
    }, data);
    expect(out[3]).toBe(-1);
    expect(out[5]).toBeGreaterThan(0);
    expect(out.filter((v, i) => i !== 3 && i !== 5 && v !== 0)).toEqual([]);
  });
});
