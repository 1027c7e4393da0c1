// Feature engineering: the lecture's worked examples (stock windows, traffic lags, temperature
// rolling mean, sales differencing), round trips (difference/inverse, scalers, fft/ifft), and errors.
import { describe, expect, it } from 'vitest';
import {
  slidingWindows, lagFeatures, rolling, rollingMean, difference, inverseDifference,
  fft, ifft, dominantFrequencies, fourierFeatures, StandardScaler, MinMaxScaler,
} from '../../src/features/index.ts';

describe('slidingWindows', () => {
  it('reproduces the lecture stock example: 3-day windows predict the next day', () => {
    const w = slidingWindows([100, 102, 101, 105, 107], { size: 3 });
    expect(w.inputs.shape).toEqual([2, 3]);
    expect(Array.from(w.inputs.data)).toEqual([100, 102, 101, 102, 101, 105]);
    expect(w.targets.shape).toEqual([2, 1]);
    expect(Array.from(w.targets.data)).toEqual([105, 107]);
  });

  it('handles horizon and stride', () => {
    const w = slidingWindows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { size: 3, horizon: 2, stride: 2 });
    // starts 0, 2, 4 (start 6 would need t = 6..10)
    expect(w.inputs.shape).toEqual([3, 3]);
    expect(Array.from(w.inputs.data)).toEqual([0, 1, 2, 2, 3, 4, 4, 5, 6]);
    expect(Array.from(w.targets.data)).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('builds [n, size, features] for a multivariate series with a chosen target column', () => {
    const rows = [[1, 10], [2, 20], [3, 30], [4, 40]];
    const w = slidingWindows(rows, { size: 2, targetIndex: 1 });
    expect(w.inputs.shape).toEqual([2, 2, 2]);
    expect(Array.from(w.inputs.data)).toEqual([1, 10, 2, 20, 2, 20, 3, 30]);
    expect(Array.from(w.targets.data)).toEqual([30, 40]);
  });

  it('rejects a series too short, bad rows and NaN with the index', () => {
    expect(() => slidingWindows([1, 2, 3], { size: 3 })).toThrow(/at least size \+ horizon = 4/);
    expect(() => slidingWindows([[1, 2], [3]], { size: 1 })).toThrow(/row 1 has 1 features/);
    expect(() => slidingWindows([1, 2, NaN, 4, 5], { size: 2 })).toThrow(/index 2/);
  });
});

describe('lagFeatures', () => {
  it('reproduces the lecture traffic example (current vs one hour ago)', () => {
    const lf = lagFeatures([150, 180, 220, 200], [1]);
    expect(lf.startIndex).toBe(1);
    expect(Array.from(lf.target)).toEqual([180, 220, 200]);
    expect(Array.from(lf.features.data)).toEqual([150, 180, 220]);
    // The lecture's two rows: current 220 with 180 an hour ago, current 200 with 220.
    expect([lf.target[1], lf.features.data[1]]).toEqual([220, 180]);
    expect([lf.target[2], lf.features.data[2]]).toEqual([200, 220]);
  });

  it('stacks several lags and rejects a lag longer than the series', () => {
    const lf = lagFeatures([1, 2, 3, 4, 5], [1, 3]);
    expect(lf.features.shape).toEqual([2, 2]);
    expect(Array.from(lf.features.data)).toEqual([3, 1, 4, 2]);
    expect(() => lagFeatures([1, 2], [2])).toThrow(/at least 3 observations/);
  });
});

describe('rolling statistics', () => {
  const temps = [22, 24, 23, 25, 26]; // Mon..Fri from the lecture
  it('reproduces the lecture 3-day moving average (Wed 23.0, Thu 24.0, Fri 24.7)', () => {
    const m = rollingMean(temps, { window: 3 });
    expect(Number.isNaN(m[0]) && Number.isNaN(m[1])).toBe(true);
    expect(m[2]).toBeCloseTo((22 + 24 + 23) / 3, 12);
    expect(m[3]).toBeCloseTo((24 + 23 + 25) / 3, 12);
    expect(m[4]).toBeCloseTo((23 + 25 + 26) / 3, 12);
    expect(m[4].toFixed(1)).toBe('24.7');
  });

  it('computes std/min/max/sum/median like pandas, with minPeriods and NaN skipping', () => {
    const x = [1, 5, 2, NaN, 8, 3];
    expect(Array.from(rolling(x, 'sum', { window: 3, minPeriods: 1 }))).toEqual([1, 6, 8, 7, 10, 11]);
    expect(Array.from(rolling(x, 'max', { window: 2, minPeriods: 1 }))).toEqual([1, 5, 5, 2, 8, 8]);
    expect(Array.from(rolling(x, 'min', { window: 3, minPeriods: 2 }))).toEqual([NaN, 1, 1, 2, 2, 3]);
    expect(Array.from(rolling(x, 'median', { window: 3 }))).toEqual([NaN, NaN, 2, NaN, NaN, NaN]);
    expect(Array.from(rolling(x, 'median', { window: 3, minPeriods: 2 }))).toEqual([NaN, 3, 2, 3.5, 5, 5.5]);
    // pandas: pd.Series([1,5,2]).rolling(3).std() -> sample std 2.0816659994661326
    expect(rolling([1, 5, 2], 'std', { window: 3 })[2]).toBeCloseTo(2.0816659994661326, 14);
  });
});

describe('differencing', () => {
  it('reproduces the lecture sales growth (Feb +30, Mar +15, Apr +25)', () => {
    expect(Array.from(difference([100, 130, 145, 170]))).toEqual([30, 15, 25]);
  });

  it('inverts exactly for any order and lag, including seasonal', () => {
    const x = Array.from({ length: 40 }, (_, t) => 0.3 * t * t + 5 * Math.sin((2 * Math.PI * t) / 12) + (t % 5));
    for (const o of [{ order: 1, lag: 1 }, { order: 2, lag: 1 }, { order: 1, lag: 12 }, { order: 2, lag: 4 }]) {
      const d = difference(x, o);
      expect(d.length).toBe(40 - o.order * o.lag);
      const back = inverseDifference(d, x.slice(0, o.order * o.lag), o);
      back.forEach((v, i) => expect(v).toBeCloseTo(x[i + o.order * o.lag], 9));
    }
  });

  it('turns forecasts of differences into level forecasts from the history', () => {
    // levels 100,130,145,170; predicted next growths 20, 10 -> 190, 200
    expect(Array.from(inverseDifference([20, 10], [100, 130, 145, 170]))).toEqual([190, 200]);
    // second differences: x = t^2 has constant second difference 2
    expect(Array.from(inverseDifference([2, 2], [0, 1, 4, 9], { order: 2 }))).toEqual([16, 25]);
    expect(() => inverseDifference([1], [5], { order: 1, lag: 12 })).toThrow(/needs the last 12 levels/);
    expect(() => difference([1, 2, 3], { lag: 3 })).toThrow(/more than 3 observations/);
  });
});

describe('Fourier', () => {
  function naiveDft(x: number[]): { re: number[]; im: number[] } {
    const n = x.length;
    const re: number[] = [];
    const im: number[] = [];
    for (let k = 0; k < n; k++) {
      let r = 0;
      let i = 0;
      for (let t = 0; t < n; t++) {
        r += x[t] * Math.cos((-2 * Math.PI * k * t) / n);
        i += x[t] * Math.sin((-2 * Math.PI * k * t) / n);
      }
      re.push(r);
      im.push(i);
    }
    return { re, im };
  }

  it('matches a direct DFT for power-of-two and other lengths (Bluestein), and inverts', () => {
    for (const n of [1, 2, 8, 64, 3, 12, 37, 100]) {
      const x = Array.from({ length: n }, (_, t) => Math.sin(t * 1.3) + 0.1 * t);
      const got = fft(x);
      const want = naiveDft(x);
      for (let k = 0; k < n; k++) {
        expect(Math.abs(got.re[k] - want.re[k])).toBeLessThan(1e-9);
        expect(Math.abs(got.im[k] - want.im[k])).toBeLessThan(1e-9);
      }
      const back = ifft(got.re, got.im);
      x.forEach((v, t) => expect(back.re[t]).toBeCloseTo(v, 10));
    }
  });

  it('finds the heart rate of a synthetic ECG-like signal (lecture: 75 BPM = 1.25 Hz)', () => {
    const fs = 100; // 10 ms sampling as in the lecture
    const x = Array.from({ length: 800 }, (_, t) => Math.sin(2 * Math.PI * 1.25 * (t / fs)) + 0.3 * Math.sin(2 * Math.PI * 7.5 * (t / fs)));
    const top = dominantFrequencies(x, { sampleRate: fs, count: 2 });
    expect(top[0].frequency).toBeCloseTo(1.25, 10);
    expect(top[0].frequency * 60).toBeCloseTo(75, 8);
    expect(top[1].frequency).toBeCloseTo(7.5, 10);
    // Parseval for a pure bin-centred sine of amplitude A: power at its bin = n A^2 / 4.
    expect(top[0].power).toBeCloseTo((800 * 1) / 4, 6);
  });

  it('builds sin/cos features that continue across explicit time points', () => {
    const f = fourierFeatures(4, [4], 2);
    expect(f.shape).toEqual([4, 4]);
    expect(f.names).toEqual(['sin(1,4)', 'cos(1,4)', 'sin(2,4)', 'cos(2,4)']);
    const row1 = Array.from(f.data.slice(4, 8));
    [1, 0, 0, -1].forEach((v, i) => expect(row1[i]).toBeCloseTo(v, 6));
    const future = fourierFeatures([4, 5], [4], 2);
    Array.from(future.data.slice(4, 8)).forEach((v, i) => expect(v).toBeCloseTo(row1[i], 6));
    expect(() => fourierFeatures(3, [0])).toThrow(/must be positive/);
  });
});

describe('scalers', () => {
  it('StandardScaler uses the population std and inverts exactly', () => {
    const s = new StandardScaler();
    const z = s.fitTransform([1, 2, 3, 4]);
    expect(s.mean![0]).toBe(2.5);
    expect(s.std![0]).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 14);
    Array.from(s.inverseTransform(z)).forEach((v, i) => expect(v).toBeCloseTo(i + 1, 12));
  });

  it('MinMaxScaler maps columns to the range and back; constant columns do not divide by zero', () => {
    const s = new MinMaxScaler([-1, 1]);
    const rows = [[0, 5], [5, 5], [10, 5]];
    const y = s.fitTransform(rows);
    expect(y).toEqual([[-1, -1], [0, -1], [1, -1]]);
    expect(s.inverseTransform(y)).toEqual(rows);
    expect(() => new StandardScaler().transform([1])).toThrow(/not fitted/);
    expect(() => s.transform([[1, 2, 3]])).toThrow(/fitted on 2/);
  });
});
