/**
 * Float16 weight storage of streaming inference (module.stream({ weightDtype: 'float16' })): the rounding rules
 * (backends/cpu/f16.ts) checked over every binary16 value and every midpoint, the GPU packing kernel bit-equal to
 * the CPU's, the float16 stream equal to the float32 model whose W_ih/W_hh/W_hr were rounded on the host (CPU, and
 * WebGPU against the CPU), and how far it strays from the unrounded float32 model (TOL.f16Weights).
 */
import { describe, expect, it } from 'vitest';
import * as sgPublic from '../../src/index.ts';
import * as internal from '../../src/internal.ts';
import { float32ToHalfBits as toHalf, halfBitsToFloat32 as fromHalf } from '../../src/backends/cpu/f16.ts';
import { describeWebGPU } from '../browser/remote.ts';
import { compare, expectClose } from '../harness/compare.ts';
import { TOL } from '../harness/tolerances.ts';
import { type StreamCase, type StreamCaseResult, runStreamCase } from './stream-case.ts';

const sg = { ...sgPublic, ...internal };

/** The float32 next to v (v > 0 finite), up (+1) or down (-1): one ulp. */
function nextF32(v: number, dir: 1 | -1): number {
  const f = new Float32Array([v]);
  new Uint32Array(f.buffer)[0] += dir;
  return f[0];
}

describe('float16 rounding (CPU reference)', () => {
  it('every normal half round-trips; every midpoint ties to even and its neighbours round to the nearer half', () => {
    const bad: string[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const e = (h >> 10) & 0x1f;
      if (e === 0 || e === 0x1f) continue; // subnormals (flushed) and Inf/NaN: below
      if (toHalf(fromHalf(h)) !== h) bad.push(`round trip 0x${h.toString(16)}`);
      if ((h & 0x7fff) === 0x7bff) continue; // the largest finite: its upper neighbour is Inf (below)
      const a = fromHalf(h);
      const b = fromHalf(h + 1); // same sign, one step further from 0
      const mid = (a + b) / 2; // 12 significant bits: exact in float32
      const even = (h & 1) === 0 ? h : h + 1;
      if (toHalf(mid) !== even) bad.push(`midpoint of 0x${h.toString(16)} -> 0x${toHalf(mid).toString(16)}`);
      const away = Math.abs(a) < Math.abs(b) ? 1 : -1; // float32 bit steps move away from 0
      if (toHalf(nextF32(mid, away)) !== h + 1) bad.push(`above the midpoint of 0x${h.toString(16)}`);
      if (toHalf(nextF32(mid, -away as 1 | -1)) !== h) bad.push(`below the midpoint of 0x${h.toString(16)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('named values: 1, 0.1 (0x2e66, as torch), 65504, the overflow edge 65520, Inf, NaN, signed zero, the subnormal flush', () => {
    const cases: [number, number][] = [
      [1, 0x3c00], [-2, 0xc000], [0.1, 0x2e66], [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02],
      [65504, 0x7bff], [65519.99, 0x7bff], [65520, 0x7c00], [1e6, 0x7c00], [-1e6, 0xfc00],
      [Infinity, 0x7c00], [-Infinity, 0xfc00], [NaN, 0x7e00], [0, 0], [-0, 0x8000],
      [2 ** -14, 0x0400], [2 ** -15, 0], [-(2 ** -20), 0x8000], [6.0e-5, 0], // below 2^-14 = 6.10e-5: flushed
    ];
    for (const [v, bits] of cases) expect(toHalf(v), `${v}`).toBe(bits);
    expect(fromHalf(0x0001)).toBe(2 ** -24); // decoding keeps subnormals (exact), only the packing flushes
    expect(Number.isNaN(fromHalf(0x7e00))).toBe(true);
  });

  it('packFloat16 op on the CPU: two halves per word, element 2i low, zero padded to a multiple of 4 words', async () => {
    const dev = await sg.init('cpu');
    const w = sg.packFloat16(sg.tensor([1, -2, 0.5], [3], { device: dev }));
    expect(w.dtype).toBe('int32');
    expect([...(await w.data())]).toEqual([0x3c00 | (0xc000 << 16), 0x3800, 0, 0]);
    expect(() => sg.packFloat16(sg.zeros([2], { device: dev, dtype: 'int32' }))).toThrow(sg.DTypeError);
  });
});

// Odd sizes: K C4 odd (the last word half used, padding words), C4 past one 64-wide block, K past one 256-value
// tile, projection, chunks (stepped one timestep at a time with float16), reset, batchFirst.
const CASES: (Omit<StreamCase, 'device' | 'seed' | 'weightDtype'> & { name: string })[] = [
  { name: 'LSTM K 9 C4 5 (odd, padded words), 2 layers, chunks', family: 'LSTM', I: 4, H: 5, L: 2, N: 3, pattern: [1, 3, 1], resetRows: [1], T2: 2 },
  { name: 'LSTM projSize', family: 'LSTM', I: 3, H: 7, P: 4, L: 2, N: 2, pattern: [1, 2, 1], resetRows: null, T2: 2 },
  { name: 'GRU H 65 (two column blocks)', family: 'GRU', I: 3, H: 65, L: 2, N: 2, pattern: [1, 1], resetRows: [1], T2: 1 },
  { name: 'RNN relu H 7 batchFirst', family: 'RNN', I: 3, H: 7, L: 1, N: 2, pattern: [2, 1], resetRows: null, T2: 1, relu: true, batchFirst: true },
  { name: 'LSTM tile edges (K 270, H 70), N 6', family: 'LSTM', I: 200, H: 70, L: 1, N: 6, pattern: [1, 1], resetRows: [0, 5], T2: 1 },
];

function check(r: StreamCaseResult, ref: StreamCaseResult, tol: { atol: number; rtol: number }, name: string, L: number, kind: 'gpu-vs-cpu' | 'other'): void {
  expect(ref.weightsRounded, `${name}: the rounding changed some weights`).toBeGreaterThan(0);
  expectClose(r.yStream, ref.yFull, tol, `${name}: float16 stream vs forward with rounded weights`, kind);
  expectClose(r.hStream, ref.hFull, tol, `${name}: h`, kind);
  if (ref.cFull) expectClose(r.cStream!, ref.cFull, tol, `${name}: c`, kind);
  expectClose(r.y2Stream, ref.y2Ref, tol, `${name}: after reset`, kind);
  for (const d of r.stepDispatches) expect(d, `${name}: dispatches per step`).toBe(L);
}

describe('float16 streaming on the CPU', () => {
  for (const c of CASES) {
    it(`${c.name}: equals the float32 model with rounded weights`, async () => {
      const r = await runStreamCase(sg, { ...c, device: 'cpu', seed: 11, weightDtype: 'float16' });
      check(r, r, { atol: 1e-6, rtol: 1e-5 }, c.name, c.L, 'other');
    });
  }

  it('against the unrounded float32 model: within TOL.f16Weights, and not equal', async () => {
    const dev = await sg.init('cpu');
    for (const family of ['LSTM', 'GRU'] as const) {
      const g = new sg.Generator(5);
      const opts = { numLayers: 2, device: dev, generator: g };
      const m = family === 'LSTM' ? new sg.nn.LSTM(16, 64, opts) : new sg.nn.GRU(16, 64, opts);
      const x = sg.randn([20, 2, 16], { device: dev, generator: g });
      const y32 = await (m.forward(x)[0] as sgPublic.Tensor).data();
      const s = m.stream({ batch: 2, weightDtype: 'float16' });
      expect(s.weightDtype).toBe('float16');
      const y16 = await s.chunk(x).data();
      const c = compare(y16, y32, TOL.f16Weights);
      expect(c.ok, `${family}: max |f16 - f32| ${c.maxAbs}`).toBe(true);
      expect(c.maxAbs, `${family}: the rounding shows`).toBeGreaterThan(0);
      s.dispose();
    }
  });

  it('misuse: an unknown weightDtype names the choices', async () => {
    const dev = await sg.init('cpu');
    const gru = new sg.nn.GRU(2, 3, { device: dev, generator: new sg.Generator(1) });
    expect(() => gru.stream({ weightDtype: 'bfloat16' as 'float16' })).toThrow(sg.ArgumentError);
    expect(() => gru.stream({ weightDtype: 'bfloat16' as 'float16' })).toThrow(/weightDtype must be 'float32' or 'float16', got string "bfloat16"/);
  });
});

describeWebGPU('float16 streaming on WebGPU', (remote) => {
  it('packFloat16: the GPU kernel gives the CPU reference\'s bits (ties, overflow, NaN, signed zero, subnormals)', async () => {
    const g = new sg.Generator(3);
    const dev = await sg.init('cpu');
    const scales = [1e-6, 3e-5, 1e-3, 0.1, 1, 30, 1e3, 7e4];
    const rnd = await sg.randn([1001], { device: dev, generator: g }).data();
    const vals = Array.from(rnd, (v, i) => v * scales[i % scales.length]);
    vals.push(65520, 65519.99, -65520, Infinity, -Infinity, NaN, -0, 2 ** -14, 2 ** -15, 1 + 2 ** -11, 1 + 3 * 2 ** -11);
    const gpu = await remote().evaluate(async (sgp, v: number[]) => {
      const d = await sgp.init('webgpu');
      return Array.from(await sgp.packFloat16(sgp.tensor(v, [v.length], { device: d })).data());
    }, vals);
    const cpu = Array.from(await sg.packFloat16(sg.tensor(vals, [vals.length], { device: dev })).data());
    expect(gpu.length).toBe(cpu.length);
    const diff = cpu.findIndex((w, i) => w !== gpu[i]);
    expect(diff, diff < 0 ? '' : `word ${diff}: gpu 0x${(gpu[diff] >>> 0).toString(16)} cpu 0x${(cpu[diff] >>> 0).toString(16)}`).toBe(-1);
  });

  for (const c of CASES) {
    it(`${c.name}: GPU float16 stream vs CPU forward with rounded weights`, async () => {
      const gpu = await remote().evaluate(runStreamCase, { ...c, device: 'webgpu', seed: 11, weightDtype: 'float16', impl: 'columns' }, { timeoutMs: 110_000 });
      const cpu = await runStreamCase(sg, { ...c, device: 'cpu', seed: 11, weightDtype: 'float16' });
      check(gpu, cpu, TOL.forward, c.name, c.L, 'gpu-vs-cpu');
    });
  }
});
