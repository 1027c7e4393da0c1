// Tests of the Conv1d and pool1d CPU references (src/backends/cpu/conv1d.ts, pool1d.ts): the lecture's 1D
// convolution example recomputed, padding resolution, PyTorch fixtures (scripts/fixtures/gen_conv1d.py),
// central finite differences, and clear errors for bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Conv1dArgs,
  type Conv1dPadding,
  conv1dBackward,
  conv1dBackward64,
  conv1dForward,
  conv1dForward64,
  conv1dOutLength,
  resolveConv1dPadding,
} from '../../src/backends/cpu/conv1d.ts';
import { avgPool1dBackward, avgPool1dForward, maxPool1dBackward, maxPool1dForward } from '../../src/backends/cpu/pool1d.ts';

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs(got[i] - want[i]) - (atol + rtol * Math.abs(want[i]));
    if (!(excess <= worst)) { worst = excess; worstAt = i; }
  }
  expect(worstAt, `${what}: first worst mismatch at ${worstAt}: got ${got[worstAt]}, want ${want[worstAt]}`).toBe(-1);
}

function args(p: Partial<Conv1dArgs> & Pick<Conv1dArgs, 'x' | 'w' | 'N' | 'Cin' | 'L' | 'Cout' | 'K'>): Conv1dArgs {
  return { b: null, stride: 1, padLeft: 0, padRight: 0, dilation: 1, groups: 1, ...p };
}

describe("conv1d: the lecture's stock-price example, recomputed", () => {
  it('[100,102,105,103,107] * [0.5,0.3,0.2] = [101.6, 103.1, 104.8] (the lecture says 101.1, 103.1, 104.3)', () => {
    // Cross-correlation, as in PyTorch: y[o] = sum_k w[k] * x[o + k]; no kernel flip.
    //   100*0.5 + 102*0.3 + 105*0.2 = 50 + 30.6 + 21   = 101.6
    //   102*0.5 + 105*0.3 + 103*0.2 = 51 + 31.5 + 20.6 = 103.1
    //   105*0.5 + 103*0.3 + 107*0.2 = 52.5 + 30.9 + 21.4 = 104.8
    const y = conv1dForward64(args({
      x: Float64Array.of(100, 102, 105, 103, 107), w: Float64Array.of(0.5, 0.3, 0.2), N: 1, Cin: 1, L: 5, Cout: 1, K: 3,
    }));
    expect(y.length).toBe(3);
    expect(y[0]).toBeCloseTo(101.6, 10);
    expect(y[1]).toBeCloseTo(103.1, 10);
    expect(y[2]).toBeCloseTo(104.8, 10);
    // the lecture's ReLU step leaves these positive values unchanged
    expect(Array.from(y).map((v) => Math.max(0, v))).toEqual(Array.from(y));
  });
});

describe('conv1d: padding resolution and output length', () => {
  it.each([
    [0, false, 3, 1, 1, 0, 0],
    [2, false, 3, 1, 2, 2, 2],
    ['valid', false, 5, 2, 1, 0, 0],
    ['same', false, 3, 1, 1, 1, 1],
    ['same', false, 4, 1, 1, 1, 2], // even kernel: the extra zero goes on the right (PyTorch)
    ['same', false, 3, 2, 1, 2, 2],
    [0, true, 3, 2, 1, 4, 0], // causal: (K-1)*dilation on the left only
    ['valid', true, 2, 1, 3, 1, 0],
  ] as const)('padding %s causal %s K %i dilation %i stride %i -> [%i, %i]', (p, causal, K, d, s, l, r) => {
    expect(resolveConv1dPadding(p as Conv1dPadding, causal, K, d, s)).toEqual({ padLeft: l, padRight: r });
  });
  it("'same' keeps the length; causal keeps the length at stride 1", () => {
    for (const K of [1, 2, 3, 4, 5]) {
      for (const d of [1, 2, 3]) {
        const same = resolveConv1dPadding('same', false, K, d, 1);
        expect(conv1dOutLength(10, K, 1, same.padLeft, same.padRight, d)).toBe(10);
        const causal = resolveConv1dPadding(0, true, K, d, 1);
        expect(conv1dOutLength(10, K, 1, causal.padLeft, causal.padRight, d)).toBe(10);
      }
    }
  });
  it('errors', () => {
    expect(() => resolveConv1dPadding('same', false, 3, 1, 2)).toThrow(/'same' needs stride 1.*got stride 2/);
    expect(() => resolveConv1dPadding(1, true, 3, 1, 1)).toThrow(/causal=true .* padding must be 0 or 'valid', got 1/);
    expect(() => resolveConv1dPadding(-1, false, 3, 1, 1)).toThrow(/padding must be an integer >= 0, got -1/);
    expect(() => resolveConv1dPadding(0, false, 3, 0, 1)).toThrow(/dilation must be an integer >= 1, got 0/);
    expect(() => resolveConv1dPadding(0, false, 3, 1, 1.5)).toThrow(/stride must be an integer >= 1, got 1.5/);
  });
});

describe('conv1d: bad input gets a clear error', () => {
  const ok = (): Conv1dArgs => args({ x: new Float32Array(2 * 4 * 6), w: new Float32Array(4 * 2 * 3), N: 2, Cin: 4, L: 6, Cout: 4, K: 3, groups: 2 });
  it.each([
    ['in channels not divisible by groups', { groups: 3, w: new Float32Array(3 * 1 * 3), Cout: 3 }, /in channels 4 are not divisible by groups 3/],
    ['out channels not divisible by groups', { Cout: 3, w: new Float32Array(3 * 2 * 3) }, /out channels 3 are not divisible by groups 2/],
    ['kernel longer than the padded input', { K: 9, w: new Float32Array(4 * 2 * 9), padLeft: 1, padRight: 1 }, /kernel spans 9 positions \(K=9, dilation=1\) but the padded input has only 8/],
    ['dilated kernel longer than the input', { dilation: 4 }, /kernel spans 9 positions \(K=3, dilation=4\)/],
    ['stride 0', { stride: 0 }, /stride must be an integer >= 1, got 0/],
    ['dilation 0', { dilation: 0 }, /dilation must be an integer >= 1, got 0/],
    ['wrong x size', { x: new Float32Array(5) }, /x has 5 elements, expected \[N, Cin, L\] = \[2, 4, 6\]/],
    ['wrong weight size', { w: new Float32Array(5) }, /weight has 5 elements, expected \[Cout, Cin\/groups, K\] = \[4, 2, 3\]/],
    ['wrong bias size', { b: new Float32Array(3) }, /bias has 3 elements, expected Cout = 4/],
  ] as const)('%s', (_n, patch, msg) => {
    expect(() => conv1dForward({ ...ok(), ...patch })).toThrow(msg);
  });
});

// ---------- PyTorch fixtures ----------

interface ConvFixture {
  name: string; N: number; Cin: number; L: number; Cout: number; K: number; stride: number;
  padding: number | 'same' | 'valid'; dilation: number; groups: number; causal: boolean; Lout: number;
  x: number[]; w: number[]; b: number[] | null; dy: number[]; y: number[]; dx: number[]; dw: number[]; db: number[] | null;
}
interface PoolFixture {
  name: string; kind: 'max' | 'avg'; N: number; C: number; L: number; kernel: number; stride: number | null;
  padding: number; x: number[]; dy: number[]; y: number[]; dx: number[]; indices: number[] | null;
}
const fixtureDir = join(__dirname, '..', 'fixtures', 'conv1d');
const convFixtures = JSON.parse(readFileSync(join(fixtureDir, 'conv1d.json'), 'utf8')) as ConvFixture[];
const poolFixtures = JSON.parse(readFileSync(join(fixtureDir, 'pool1d.json'), 'utf8')) as PoolFixture[];

function convArgsOf(fx: ConvFixture): Conv1dArgs {
  const pad = resolveConv1dPadding(fx.padding, fx.causal, fx.K, fx.dilation, fx.stride);
  return {
    x: Float32Array.from(fx.x), w: Float32Array.from(fx.w), b: fx.b === null ? null : Float32Array.from(fx.b),
    N: fx.N, Cin: fx.Cin, L: fx.L, Cout: fx.Cout, K: fx.K, stride: fx.stride, dilation: fx.dilation, groups: fx.groups,
    ...pad,
  };
}

describe('conv1d: PyTorch fixtures (forward, dx, dw, db)', () => {
  for (const fx of convFixtures) {
    it(fx.name, () => {
      const a = convArgsOf(fx);
      expect(conv1dOutLength(fx.L, fx.K, fx.stride, a.padLeft, a.padRight, fx.dilation)).toBe(fx.Lout);
      expectClose(conv1dForward(a), fx.y, 1e-6, 1e-6, 'y');
      const g = conv1dBackward(a, Float32Array.from(fx.dy));
      expectClose(g.dx, fx.dx, 1e-6, 1e-6, 'dx');
      expectClose(g.dw, fx.dw, 1e-6, 1e-6, 'dw');
      // without a bias PyTorch has no db; ours is still sum(dy), checked against a direct sum
      const dbWant = fx.db ?? Array.from({ length: fx.Cout }, (_, co) => {
        let s = 0;
        for (let n = 0; n < fx.N; n++) for (let o = 0; o < fx.Lout; o++) s += fx.dy[(n * fx.Cout + co) * fx.Lout + o];
        return s;
      });
      expectClose(g.db, dbWant, 1e-6, 1e-6, 'db');
    });
  }
});

describe('conv1d: central finite differences of the float64 reference', () => {
  for (const name of ['stride2-pad1', 'same-k4', 'groups2', 'depthwise', 'dilation3-pad2', 'causal-dil2']) {
    it(name, () => {
      const fx = convFixtures.find((f) => f.name === name);
      if (fx === undefined) throw new Error(`fixture ${name} missing`);
      const base = convArgsOf(fx);
      const a: Conv1dArgs = { ...base, x: Float64Array.from(base.x), w: Float64Array.from(base.w), b: base.b && Float64Array.from(base.b) };
      const dy = Float64Array.from(fx.dy);
      // scalar objective f = sum(y * dy), whose gradient is exactly what backward(dy) returns
      const f = (p: Conv1dArgs): number => conv1dForward64(p).reduce((acc, v, i) => acc + v * dy[i], 0);
      const g = conv1dBackward64(a, dy);
      const h = 1e-4; // f is linear in each parameter, so the central difference is exact up to rounding
      const check = (key: 'x' | 'w' | 'b', grad: Float64Array): void => {
        const arr = a[key];
        if (arr === null) return;
        for (let i = 0; i < arr.length; i++) {
          const up = Float64Array.from(arr); up[i] += h;
          const dn = Float64Array.from(arr); dn[i] -= h;
          const fd = (f({ ...a, [key]: up }) - f({ ...a, [key]: dn })) / (2 * h);
          expect(Math.abs(grad[i] - fd), `${key}[${i}]`).toBeLessThan(1e-8 + 1e-8 * Math.abs(fd));
        }
      };
      check('x', g.dx);
      check('w', g.dw);
      check('b', g.db);
    });
  }
});

describe('pool1d: PyTorch fixtures', () => {
  for (const fx of poolFixtures) {
    it(fx.name, () => {
      const a = { x: Float32Array.from(fx.x), N: fx.N, C: fx.C, L: fx.L, kernel: fx.kernel, stride: fx.stride ?? undefined, padding: fx.padding };
      const dy = Float32Array.from(fx.dy);
      if (fx.kind === 'max') {
        const { y, indices } = maxPool1dForward(a);
        expectClose(y, fx.y.map(Math.fround), 0, 0, 'y'); // a max copies an input exactly
        expect(Array.from(indices)).toEqual(fx.indices);
        expectClose(maxPool1dBackward(a, dy, indices), fx.dx, 1e-6, 1e-6, 'dx');
      } else {
        expectClose(avgPool1dForward(a), fx.y, 1e-6, 1e-6, 'y');
        expectClose(avgPool1dBackward(a, dy), fx.dx, 1e-6, 1e-6, 'dx');
      }
    });
  }
  it('max pool: ties keep the first position, NaN propagates', () => {
    const { y, indices } = maxPool1dForward({ x: Float32Array.of(1, 3, 3, 0, NaN, 2), N: 1, C: 1, L: 6, kernel: 3 });
    expect(Array.from(indices)).toEqual([1, 4]);
    expect(y[0]).toBe(3);
    expect(Number.isNaN(y[1])).toBe(true);
  });
  it('errors', () => {
    const x = new Float32Array(8);
    expect(() => maxPool1dForward({ x, N: 1, C: 1, L: 8, kernel: 3, padding: 2 })).toThrow(/padding 2 is more than half the kernel 3/);
    expect(() => avgPool1dForward({ x, N: 1, C: 1, L: 8, kernel: 9 })).toThrow(/kernel 9 is longer than the padded input 8/);
    expect(() => avgPool1dForward({ x, N: 1, C: 1, L: 8, kernel: 2, stride: 0 })).toThrow(/stride must be an integer >= 1, got 0/);
    expect(() => maxPool1dForward({ x, N: 1, C: 2, L: 8, kernel: 2 })).toThrow(/x has 8 elements, expected \[N, C, L\] = \[1, 2, 8\]/);
  });
});
