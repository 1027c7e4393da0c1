// Fourier tools: an FFT (iterative radix-2, and Bluestein's chirp-z for other lengths so any n is
// O(n log n)), the one-sided power spectrum with its dominant frequencies, and sin/cos features for
// chosen periods (the regressors that let linear and neural models see seasonality).
import { requireInt, toSeries, type SeriesLike } from '../stats/series.ts';

export interface Complex {
  re: Float64Array;
  im: Float64Array;
}

/** Discrete Fourier transform X_k = sum_t x_t exp(-2 pi i k t / n) (numpy's sign and scaling). */
export function fft(re: ArrayLike<number>, im?: ArrayLike<number>): Complex {
  const n = re.length;
  const r = Float64Array.from(re);
  const i = im ? Float64Array.from(im) : new Float64Array(n);
  if (i.length !== n) throw new RangeError(`fft: real part has length ${n} but imaginary part has ${i.length}`);
  if (n <= 1) return { re: r, im: i };
  if ((n & (n - 1)) === 0) {
    radix2InPlace(r, i, false);
    return { re: r, im: i };
  }
  return bluestein(r, i, false);
}

/** Inverse DFT with the 1/n factor, so ifft(fft(x)) = x. */
export function ifft(re: ArrayLike<number>, im: ArrayLike<number>): Complex {
  const n = re.length;
  const r = Float64Array.from(re);
  const i = Float64Array.from(im);
  let out: Complex;
  if (n <= 1) out = { re: r, im: i };
  else if ((n & (n - 1)) === 0) {
    radix2InPlace(r, i, true);
    out = { re: r, im: i };
  } else out = bluestein(r, i, true);
  for (let k = 0; k < n; k++) {
    out.re[k] /= n;
    out.im[k] /= n;
  }
  return out;
}

/** Cooley-Tukey: bit-reversal permutation, then log2(n) butterfly passes. n must be a power of 2. */
function radix2InPlace(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < len / 2; k++) {
        // Twiddles computed directly (not by repeated multiplication) to keep rounding error flat.
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = start + k;
        const b = a + len / 2;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

/**
 * Bluestein: with kt = (k^2 + t^2 - (k-t)^2) / 2 the DFT becomes a convolution with the chirp
 * exp(+-i pi t^2 / n), computed by zero-padded power-of-two FFTs.
 */
function bluestein(re: Float64Array, im: Float64Array, inverse: boolean): Complex {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const sign = inverse ? 1 : -1;
  // chirp_t = exp(sign * i * pi * t^2 / n); t^2 mod 2n keeps the angle small and exact.
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const ang = (sign * Math.PI * ((t * t) % (2 * n))) / n;
    cr[t] = Math.cos(ang);
    ci[t] = Math.sin(ang);
  }
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    ar[t] = re[t] * cr[t] - im[t] * ci[t];
    ai[t] = re[t] * ci[t] + im[t] * cr[t];
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = cr[0];
  bi[0] = -ci[0];
  for (let t = 1; t < n; t++) {
    br[t] = br[m - t] = cr[t];
    bi[t] = bi[m - t] = -ci[t];
  }
  radix2InPlace(ar, ai, false);
  radix2InPlace(br, bi, false);
  for (let k = 0; k < m; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  radix2InPlace(ar, ai, true);
  const outR = new Float64Array(n);
  const outI = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = ar[k] / m;
    const i = ai[k] / m;
    outR[k] = r * cr[k] - i * ci[k];
    outI[k] = r * ci[k] + i * cr[k];
  }
  return { re: outR, im: outI };
}

export interface SpectrumOptions {
  /** Samples per unit time (default 1): frequencies come out in cycles per that unit. */
  sampleRate?: number;
  /** Subtract the mean first (default true) so the zero-frequency bin does not dominate. */
  demean?: boolean;
}

export interface Spectrum {
  /** k * sampleRate / n for k = 0 .. floor(n/2). */
  frequencies: Float64Array;
  /** Periodogram |X_k|^2 / n at those frequencies. */
  power: Float64Array;
}

/** One-sided periodogram of a real series. */
export function spectrum(series: SeriesLike, options: SpectrumOptions = {}): Spectrum {
  const x = toSeries(series);
  const n = x.length;
  if (n < 2) throw new RangeError(`spectrum needs at least 2 observations, got ${n}`);
  const sampleRate = options.sampleRate ?? 1;
  if (options.demean ?? true) {
    const m = x.reduce((a, b) => a + b, 0) / n;
    for (let t = 0; t < n; t++) x[t] -= m;
  }
  const { re, im } = fft(x);
  const half = Math.floor(n / 2);
  const frequencies = new Float64Array(half + 1);
  const power = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    frequencies[k] = (k * sampleRate) / n;
    power[k] = (re[k] * re[k] + im[k] * im[k]) / n;
  }
  return { frequencies, power };
}

export interface DominantFrequency {
  frequency: number;
  /** 1 / frequency, in the same time unit. */
  period: number;
  power: number;
}

/** The `count` strongest non-zero frequencies of the periodogram, strongest first. */
export function dominantFrequencies(series: SeriesLike, options: SpectrumOptions & { count?: number } = {}): DominantFrequency[] {
  const count = options.count ?? 3;
  requireInt(count, 'dominantFrequencies count', 1);
  const { frequencies, power } = spectrum(series, options);
  const bins = Array.from({ length: frequencies.length - 1 }, (_, i) => i + 1);
  bins.sort((a, b) => power[b] - power[a]);
  return bins.slice(0, count).map((k) => ({ frequency: frequencies[k], period: 1 / frequencies[k], power: power[k] }));
}

export interface FourierFeatures {
  /** [length, columns]: for each period p and harmonic k = 1..K, sin(2 pi k t / p) then cos(2 pi k t / p). */
  data: Float32Array;
  shape: [number, number];
  names: string[];
}

/**
 * Sin/cos regressors for the given periods. `t` is either a length (t = 0 .. length-1) or explicit
 * time points (so features for a forecast horizon continue the training ones). `harmonics` is one
 * number for all periods or one per period.
 */
export function fourierFeatures(t: number | ArrayLike<number>, periods: readonly number[], harmonics: number | readonly number[] = 1): FourierFeatures {
  const times = typeof t === 'number' ? Array.from({ length: t }, (_, i) => i) : Array.from(t);
  if (typeof t === 'number') requireInt(t, 'fourierFeatures length', 0);
  if (periods.length === 0) throw new RangeError('fourierFeatures needs at least one period');
  const ks = periods.map((p, j) => {
    if (!(p > 0)) throw new RangeError(`fourierFeatures: period ${j} must be positive, got ${p}`);
    const k = typeof harmonics === 'number' ? harmonics : harmonics[j];
    requireInt(k, `fourierFeatures harmonics for period ${p}`, 1);
    return k;
  });
  const names: string[] = [];
  periods.forEach((p, j) => {
    for (let k = 1; k <= ks[j]; k++) names.push(`sin(${k},${p})`, `cos(${k},${p})`);
  });
  const cols = names.length;
  const data = new Float32Array(times.length * cols);
  times.forEach((time, row) => {
    let c = 0;
    periods.forEach((p, j) => {
      for (let k = 1; k <= ks[j]; k++) {
        const ang = (2 * Math.PI * k * time) / p;
        data[row * cols + c++] = Math.sin(ang);
        data[row * cols + c++] = Math.cos(ang);
      }
    });
  });
  return { data, shape: [times.length, cols], names };
}
