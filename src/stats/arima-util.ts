// Helpers behind fitARIMA: regressor parsing, differencing, the parameter-vector layout, and the
// cheap starting values (least squares for beta, Hannan-Rissanen for the ARMA part) that both
// fitARIMA and autoARIMA's stepwise search start their optimisers from.
import { lstsq } from './linalg.ts';

export interface Layout {
  nBeta: number;
  p: number;
  q: number;
  P: number;
  Q: number;
}

export type ExogInput = readonly (readonly number[])[] | ArrayLike<number>;

/** Convert exog into [n][k] rows, checking length and values. */
export function readExog(exog: ExogInput | undefined, n: number, what: string): number[][] {
  if (exog === undefined) return Array.from({ length: n }, () => []);
  const rows = Array.from({ length: exog.length }, (_, t) => {
    const v = (exog as ArrayLike<unknown>)[t];
    return Array.isArray(v) ? (v as number[]).slice() : [v as number];
  });
  if (rows.length !== n) throw new RangeError(`${what} has ${rows.length} rows, expected ${n}`);
  const k = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((r, t) => {
    if (r.length !== k) throw new RangeError(`${what} row ${t} has ${r.length} columns, expected ${k}`);
    r.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new RangeError(`${what} has a non-finite value (${v}) at row ${t}, column ${j}`);
    });
  });
  return rows;
}

/** Apply (1 - B)^d (1 - B^s)^D to a series. */
export function differenceSeries(x: ArrayLike<number>, d: number, D: number, s: number): number[] {
  let v = Array.from(x);
  for (let i = 0; i < d; i++) v = v.slice(1).map((val, t) => val - v[t]);
  for (let i = 0; i < D; i++) v = v.slice(s).map((val, t) => val - v[t]);
  return v;
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function spread(x: readonly number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, v) => a + (v - m) * (v - m), 0) / x.length);
}

export function split(params: readonly number[], l: Layout): { beta: number[]; ar: number[]; ma: number[]; sar: number[]; sma: number[]; sigma2: number } {
  let i = 0;
  const take = (n: number): number[] => params.slice(i, (i += n));
  return { beta: take(l.nBeta), ar: take(l.p), ma: take(l.q), sar: take(l.P), sma: take(l.Q), sigma2: params[i] };
}

/**
 * Starting values (scaled units): beta by least squares on the differenced data, then for the ARMA
 * part a Hannan-Rissanen regression (long AR for innovations, then OLS on lagged values and lagged
 * innovations); seasonal coefficients start at zero. A second start with every ARMA coefficient at
 * zero guards against a poor first guess.
 */
export function initialGuesses(y: Float64Array, x: number[][], d: number, D: number, s: number, l: Layout): number[][] {
  const dy = differenceSeries(y, d, D, s);
  let beta = new Array<number>(l.nBeta).fill(0);
  if (l.nBeta > 0) {
    const cols = range(l.nBeta).map((j) => differenceSeries(x.map((r) => r[j]), d, D, s));
    try {
      beta = lstsq(dy.map((_, t) => cols.map((col) => col[t])), dy).beta;
    } catch {
      // collinear differenced regressors (e.g. a constant after differencing): start at zero
    }
  }
  const xd = range(l.nBeta).map((j) => differenceSeries(x.map((r) => r[j]), d, D, s));
  const w = dy.map((v, t) => v - xd.reduce((a, col, j) => a + col[t] * beta[j], 0));
  const variance = w.reduce((a, v) => a + v * v, 0) / w.length || 1;
  const zeros = [...beta, ...new Array<number>(l.p + l.q + l.P + l.Q).fill(0), variance];
  const guesses: number[][] = [];
  const hr = hannanRissanen(w, l.p, l.q);
  if (hr !== null) guesses.push([...beta, ...hr.ar, ...hr.ma, ...new Array<number>(l.P + l.Q).fill(0), hr.sigma2]);
  guesses.push(zeros);
  return guesses;
}

export function hannanRissanen(w: number[], p: number, q: number): { ar: number[]; ma: number[]; sigma2: number } | null {
  if (p + q === 0) return null;
  const n = w.length;
  const m = q > 0 ? Math.min(Math.max(p + q + 5, Math.round(Math.log(n) ** 2)), Math.floor(n / 3)) : 0;
  try {
    // innovations from a long AR(m) fit (none needed for a pure AR)
    const e = new Array<number>(n).fill(0);
    if (m > 0) {
      const rows = range(n - m).map((i) => range(m).map((j) => w[i + m - j - 1]));
      const { beta } = lstsq(rows, w.slice(m));
      for (let t = m; t < n; t++) e[t] = w[t] - beta.reduce((a, b, j) => a + b * w[t - j - 1], 0);
    }
    const start = m + Math.max(p, q);
    const rows = range(n - start).map((i) => [...range(p).map((j) => w[start + i - j - 1]), ...range(q).map((j) => e[start + i - j - 1])]);
    const fit = lstsq(rows, w.slice(start));
    return { ar: fit.beta.slice(0, p), ma: fit.beta.slice(p), sigma2: fit.ssr / rows.length };
  } catch {
    return null;
  }
}
