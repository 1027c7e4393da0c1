// fitARIMABatchGpu: ARIMA(p, d, q) by exact maximum likelihood for many series at once, the likelihoods on a
// device. The host differences each series (the exact likelihood of an ARIMA model is that of the differenced
// ARMA series, as fitARIMA's default 'exact' path uses), scales it as fitARIMA does, and uploads the batch
// once, time-major. A batched BFGS then runs one lane per (series, starting point): each round builds every
// lane's trial parameter vectors (central-difference stencils, or line-search steps), evaluates all of them in
// ONE armaLoglik dispatch (shaders/linalg/arma-loglik.wgsl) and reads back one [2, C] vector. Twins: arima.ts
// (fitARIMA, the float64 one-series reference), arma-filter.ts (its likelihood), ops/linalg.ts (armaLoglik).
import { type Device, getDefaultDevice } from '../device.ts';
import { tensor } from '../ops/creation.ts';
import { armaLoglik } from '../ops/linalg.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { constrainStationary, unconstrainStationary } from './arima-params.ts';
import { armaFilterSums } from './arma-filter.ts';
import { differenceSeries, initialGuesses, spread } from './arima-util.ts';
import type { BatchSeries } from './ar-batch.ts';
import type { ARIMAOrder } from './arima.ts';

export interface ARIMABatchGpuOptions {
  /** 'c' estimates a mean (only without differencing; default 'c' when d = 0, else 'n'), as fitARIMA. */
  trend?: 'c' | 'n';
  /** Device for the likelihood kernel (default: the default device; the CPU backend runs the float64 twin). */
  device?: Device;
  /** BFGS iteration cap per lane (default 50; each iteration is two dispatches for the whole batch). */
  maxIter?: number;
  /** Convergence: largest |gradient| of -llf / n in the optimiser's units (default 2e-4, float32's noise floor). */
  gradTol?: number;
  /**
   * BFGS lanes per series (default 4): 1 starts from Hannan-Rissanen, 2 adds all-zero ARMA coefficients (fitARIMA's
   * two starts), 3 adds Hannan-Rissanen with the MA part mirrored, 4 with the AR part mirrored: near-cancelling AR /
   * MA roots give ARMA likelihoods several local maxima, and lanes cost one dispatch no matter how many there are.
   */
  starts?: number;
}

export interface ARIMABatchResult {
  numSeries: number;
  order: ARIMAOrder;
  trend: 'c' | 'n';
  /** fitARIMA's names: const?, ar.L1.., ma.L1.., sigma2. */
  paramNames: string[];
  /** Columns per row of params (paramNames.length). */
  k: number;
  /** [numSeries, k] row-major, data units, fitARIMA's order and sign conventions. NaN rows for failed series. */
  params: Float64Array;
  sigma2: Float64Array;
  /** Exact log-likelihood at params, evaluated in float64 on the host (one filter per series). */
  llf: Float64Array;
  /** 1 when the winning lane stopped on its gradient / progress test, 0 when it hit maxIter or stalled. */
  converged: Uint8Array;
  /** BFGS iterations of the winning lane. */
  iterations: Int32Array;
  /** Series that could not be fitted (constant after differencing, or no finite likelihood at any start). */
  failed: number[];
  /** Likelihood dispatches for the whole batch, and the (series, parameter) candidates they evaluated. */
  dispatches: number;
  evaluations: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
const STEPS = [1, 0.5, 0.25, 0.1, 0.03, 0.01];

/** Rows or flat data to equal-length float64 rows, with errors naming the series (ragged, NaN). */
function readRows(series: BatchSeries, what: string): Float64Array[] {
  if ('shape' in series && !Array.isArray(series)) {
    const [numSeries, length] = series.shape;
    if (series.data.length !== numSeries * length) {
      throw new ShapeError(`${what}: data has ${series.data.length} values, shape [${numSeries}, ${length}] needs ${numSeries * length}`);
    }
    const flat = Float64Array.from(series.data);
    return Array.from({ length: numSeries }, (_, s) => flat.subarray(s * length, (s + 1) * length));
  }
  const rows = series as readonly ArrayLike<number>[];
  const length = rows.length ? rows[0].length : 0;
  return rows.map((row, s) => {
    if (row.length !== length) throw new ShapeError(`${what}: series ${s} has length ${row.length}, series 0 has ${length} (all series must have one length)`);
    return Float64Array.from(row);
  });
}

interface Lane {
  series: number;
  x: number[];
  f: number;
  g: number[];
  h: number[][];
  /** Previous point and gradient, for the BFGS update once the new gradient is known. */
  prevX: number[] | null;
  prevG: number[] | null;
  dir: number[];
  slope: number;
  iter: number;
  done: boolean;
  converged: boolean;
  identity: boolean;
}

const eye = (m: number): number[][] => Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));

/** Fits ARIMA(p, d, q) (p <= 8, d <= 2, q <= 7) to every series of an equal-length batch. */
export async function fitARIMABatchGpu(series: BatchSeries, order: ARIMAOrder, options: ARIMABatchGpuOptions = {}): Promise<ARIMABatchResult> {
  const what = 'fitARIMABatchGpu';
  const { p, d, q } = order;
  // The kernel's state has max(p, q + 1) <= 8 entries (private arrays of fixed size).
  for (const [name, v, hi] of [['p', p, 8], ['d', d, 2], ['q', q, 7]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > hi) throw new ArgumentError(`${what}: order ${name} must be an integer in [0, ${hi}], got ${v}`);
  }
  const trend = options.trend ?? (d === 0 ? 'c' : 'n');
  if (trend !== 'c' && trend !== 'n') throw new ArgumentError(`${what}: trend must be 'c' or 'n', got ${String(trend)}`);
  if (trend === 'c' && d > 0) throw new ArgumentError(`${what}: a constant is not identified after differencing (d > 0); use trend 'n'`);
  const hasMean = trend === 'c';
  const m = (hasMean ? 1 : 0) + p + q;
  if (m === 0) throw new ArgumentError(`${what}: ARIMA(0,${d},0) without a constant has no parameters to estimate`);
  const maxIter = options.maxIter ?? 50;
  const nStarts = options.starts ?? 4;
  if (!Number.isInteger(nStarts) || nStarts < 1 || nStarts > 4) throw new ArgumentError(`${what}: starts must be 1, 2, 3 or 4, got ${nStarts}`);
  const gradTol = options.gradTol ?? 2e-4;
  if (!(maxIter >= 1) || !(gradTol > 0)) throw new ArgumentError(`${what}: maxIter must be >= 1 and gradTol > 0, got ${maxIter}, ${gradTol}`);

  const rows = readRows(series, what);
  const S = rows.length;
  const T = S ? rows[0].length : 0;
  rows.forEach((row, s) => {
    for (let t = 0; t < T; t++) {
      if (!Number.isFinite(row[t])) throw new ArgumentError(`${what}: non-finite value ${row[t]} in series ${s} at index ${t}`);
    }
  });
  const nParams = m + 1;
  if (S > 0 && T < d + nParams + 1) {
    throw new ShapeError(`${what}: ARIMA(${p},${d},${q})${hasMean ? ' with a constant' : ''} needs series of length at least ${d + nParams + 1}, got ${T}`);
  }
  const n = T - d;
  const names = [...(hasMean ? ['const'] : []), ...Array.from({ length: p }, (_, i) => `ar.L${i + 1}`), ...Array.from({ length: q }, (_, i) => `ma.L${i + 1}`), 'sigma2'];
  const result: ARIMABatchResult = {
    numSeries: S, order: { p, d, q }, trend, paramNames: names, k: nParams,
    params: new Float64Array(S * nParams).fill(NaN), sigma2: new Float64Array(S).fill(NaN), llf: new Float64Array(S).fill(NaN),
    converged: new Uint8Array(S), iterations: new Int32Array(S), failed: [], dispatches: 0, evaluations: 0,
  };
  if (S === 0) return result;

  // Differenced, scaled series (fitARIMA's units: O(1) parameters for the optimiser), time-major for the kernel.
  const scales = new Float64Array(S);
  const dys: Float64Array[] = [];
  const tm = new Float32Array(n * S);
  const ok: boolean[] = [];
  for (let s = 0; s < S; s++) {
    const dy = differenceSeries(rows[s], d, 0, 0);
    const sc = spread(dy);
    ok.push(sc > 0);
    scales[s] = sc || 1;
    const scaled = Float64Array.from(dy, (v) => v / scales[s]);
    dys.push(scaled);
    for (let t = 0; t < n; t++) tm[t * S + s] = scaled[t];
  }

  // Unconstrained vector [mean?, u_ar, u_ma] <-> kernel coefficients [mean?, phi, theta], as fitARIMA's toParams.
  const coefsOf = (u: readonly number[]): number[] => {
    const off = hasMean ? 1 : 0;
    const ar = constrainStationary(u.slice(off, off + p));
    const ma = constrainStationary(u.slice(off + p, off + p + q)).map((v) => -v);
    return [...u.slice(0, off), ...ar, ...ma];
  };
  const lanes: Lane[] = [];
  for (let s = 0; s < S; s++) {
    if (!ok[s]) continue;
    const y = Float64Array.from(rows[s], (v) => v / scales[s]);
    const x = hasMean ? Array.from({ length: T }, () => [1]) : Array.from({ length: T }, () => []);
    const guesses = initialGuesses(y, x, d, 0, 0, { nBeta: hasMean ? 1 : 0, p, q, P: 0, Q: 0 });
    const starts: number[][] = [];
    for (const gs of guesses) {
      const off = hasMean ? 1 : 0;
      const ua = unconstrainStationary(gs.slice(off, off + p));
      const um = unconstrainStationary(gs.slice(off + p, off + p + q).map((v) => -v));
      if (ua && um && [...ua, ...um].every(Number.isFinite)) starts.push([...gs.slice(0, off), ...ua, ...um]);
    }
    const hr = guesses.length > 1 && starts.length === 2 ? starts[0] : null; // Hannan-Rissanen was usable
    if (hr) {
      const off = hasMean ? 1 : 0;
      starts.push(hr.map((v, i) => (i >= off + p ? -v : v)), hr.map((v, i) => (i >= off && i < off + p ? -v : v)));
    }
    for (const x0 of starts.slice(0, nStarts)) {
      lanes.push({ series: s, x: x0, f: Infinity, g: [], h: eye(m), prevX: null, prevG: null, dir: [], slope: 0, iter: 0, done: false, converged: false, identity: true });
    }
  }

  const device = options.device ?? getDefaultDevice();
  const xs = tensor(tm, [n, S], { device });
  // One dispatch: f = -llf / n (concentrated, scaled units) at every point; Infinity where it does not exist.
  const evaluate = async (points: { series: number; u: number[] }[]): Promise<number[]> => {
    const C = points.length;
    const coefs = new Float32Array(m * C);
    const which = new Int32Array(C);
    points.forEach((pt, c) => {
      which[c] = pt.series;
      coefsOf(pt.u).forEach((v, i) => (coefs[i * C + c] = v));
    });
    const wt = tensor(which, [C], { device, dtype: 'int32' });
    const ct = tensor(coefs, [m, C], { device });
    const out = armaLoglik(xs, wt, ct, { p, q, hasMean });
    const sums = await out.data();
    for (const t of [wt, ct, out]) t.dispose();
    result.dispatches++;
    result.evaluations += C;
    return points.map((_, c) => {
      const sumLogF = sums[c], sumSq = sums[C + c];
      if (!(sumSq > 0) || !Number.isFinite(sumLogF)) return Infinity;
      const llf = -0.5 * (n * (LOG_2PI + Math.log(sumSq / n) + 1) + sumLogF);
      return Number.isFinite(llf) ? -llf / n : Infinity;
    });
  };

  try {
    // Central differences: float32 likelihoods carry ~1e-6 relative noise, so the step is large (noise / h ~ 1e-4).
    const H = 5e-3;
    let active = lanes.filter((l) => !l.done);
    while (active.length) {
      // Round A: value and gradient stencil at every active lane's current point.
      const pts: { series: number; u: number[] }[] = [];
      for (const l of active) {
        pts.push({ series: l.series, u: l.x });
        for (let i = 0; i < m; i++) {
          const up = l.x.slice(), dn = l.x.slice();
          up[i] += H;
          dn[i] -= H;
          pts.push({ series: l.series, u: up }, { series: l.series, u: dn });
        }
      }
      const fv = await evaluate(pts);
      active.forEach((l, a) => {
        const o = a * (2 * m + 1);
        l.f = fv[o];
        if (!Number.isFinite(l.f)) {
          l.done = true;
          return;
        }
        l.g = Array.from({ length: m }, (_, i) => {
          const fu = fv[o + 1 + 2 * i], fd = fv[o + 2 + 2 * i];
          if (Number.isFinite(fu) && Number.isFinite(fd)) return (fu - fd) / (2 * H);
          return Number.isFinite(fu) ? (fu - l.f) / H : Number.isFinite(fd) ? (l.f - fd) / H : 0;
        });
        // BFGS update of the inverse Hessian with s = x - prevX, y = g - prevG (skipped unless s'y > 0).
        if (l.prevX && l.prevG) {
          const sv = l.x.map((v, i) => v - l.prevX![i]);
          const yv = l.g.map((v, i) => v - l.prevG![i]);
          const sy = sv.reduce((acc, v, i) => acc + v * yv[i], 0);
          if (sy > 1e-12) {
            const hy = l.h.map((row) => row.reduce((acc, v, j) => acc + v * yv[j], 0));
            const yhy = yv.reduce((acc, v, i) => acc + v * hy[i], 0);
            l.h = l.h.map((row, i) => row.map((v, j) => v + ((sy + yhy) * sv[i] * sv[j]) / (sy * sy) - (hy[i] * sv[j] + sv[i] * hy[j]) / sy));
            l.identity = false;
          }
        }
        if (Math.max(...l.g.map(Math.abs)) < gradTol) {
          l.done = true;
          l.converged = true;
          return;
        }
        if (l.iter >= maxIter) {
          l.done = true;
          return;
        }
        l.dir = l.h.map((row) => -row.reduce((acc, v, j) => acc + v * l.g[j], 0));
        l.slope = l.dir.reduce((acc, v, i) => acc + v * l.g[i], 0);
        if (!(l.slope < 0)) {
          l.h = eye(m);
          l.identity = true;
          l.dir = l.g.map((v) => -v);
          l.slope = -l.g.reduce((acc, v) => acc + v * v, 0);
        }
        // First (identity) steps are capped at length 1 in the unconstrained space, as minimizeBFGS.
        const len = Math.sqrt(l.dir.reduce((acc, v) => acc + v * v, 0));
        if (l.identity && len > 1) {
          l.dir = l.dir.map((v) => v / len);
          l.slope /= len;
        }
      });
      active = active.filter((l) => !l.done);
      if (!active.length) break;
      // Round B: the line search, every step length of every lane in one dispatch; keep the best Armijo point.
      const trial: { series: number; u: number[] }[] = [];
      for (const l of active) for (const a of STEPS) trial.push({ series: l.series, u: l.x.map((v, i) => v + a * l.dir[i]) });
      const ft = await evaluate(trial);
      active.forEach((l, a) => {
        l.iter++;
        let best = -1;
        for (let j = 0; j < STEPS.length; j++) {
          const fj = ft[a * STEPS.length + j];
          if (fj <= l.f + 1e-4 * STEPS[j] * l.slope && (best < 0 || fj < ft[a * STEPS.length + best])) best = j;
        }
        if (best < 0) {
          // No decrease along this direction: retry once from steepest descent, then stop (float32 noise floor).
          if (l.identity) {
            l.done = true;
            l.converged = Math.max(...l.g.map(Math.abs)) < 50 * gradTol;
          } else {
            l.h = eye(m);
            l.identity = true;
            l.prevX = l.prevG = null;
          }
          return;
        }
        const fNew = ft[a * STEPS.length + best];
        l.prevX = l.x;
        l.prevG = l.g;
        l.x = l.x.map((v, i) => v + STEPS[best] * l.dir[i]);
        if (l.f - fNew <= 1e-9 * (1 + Math.abs(l.f))) {
          l.f = fNew;
          l.done = true;
          l.converged = true;
        }
      });
      active = active.filter((l) => !l.done);
    }
  } finally {
    xs.dispose();
  }

  // The winning lane per series, then the reported fit in float64 on the host (one filter per series).
  const bestLane = new Array<Lane | null>(S).fill(null);
  for (const l of lanes) if (Number.isFinite(l.f) && (!bestLane[l.series] || l.f < bestLane[l.series]!.f)) bestLane[l.series] = l;
  for (let s = 0; s < S; s++) {
    const l = bestLane[s];
    const coefs = l ? coefsOf(l.x) : null;
    const off = hasMean ? 1 : 0;
    const mu = coefs && hasMean ? coefs[0] : 0;
    const f = coefs ? armaFilterSums(coefs.slice(off, off + p), coefs.slice(off + p), dys[s].map((v) => v - mu)) : null;
    if (!l || !coefs || !f) {
      result.failed.push(s);
      continue;
    }
    const s2 = f.sumSq / n;
    const sc = scales[s];
    const row = [...(hasMean ? [mu * sc] : []), ...coefs.slice(off), s2 * sc * sc];
    row.forEach((v, i) => (result.params[s * nParams + i] = v));
    result.sigma2[s] = s2 * sc * sc;
    result.llf[s] = -0.5 * (n * (LOG_2PI + Math.log(s2) + 1) + f.sumLogF) - n * Math.log(sc);
    result.converged[s] = l.converged ? 1 : 0;
    result.iterations[s] = l.iter;
  }
  return result;
}

/**
 * Exact log-likelihood (data units, fitARIMA's paramNames order including sigma2) of ARIMA(p, d, q) at many
 * (series, params) points in one dispatch: the float32 device twin of fitARIMA's model.loglike. points[c].series
 * indexes `series`. Parameters must be stationary and invertible.
 */
export async function arimaLoglikBatchGpu(
  series: BatchSeries, order: ARIMAOrder, points: readonly { series: number; params: readonly number[] }[],
  options: { trend?: 'c' | 'n'; device?: Device } = {},
): Promise<Float64Array> {
  const what = 'arimaLoglikBatchGpu';
  const { p, d, q } = order;
  const trend = options.trend ?? (d === 0 ? 'c' : 'n');
  const hasMean = trend === 'c';
  if (hasMean && d > 0) throw new ArgumentError(`${what}: a constant is not identified after differencing (d > 0); use trend 'n'`);
  const m = (hasMean ? 1 : 0) + p + q;
  const rows = readRows(series, what);
  const S = rows.length;
  const T = S ? rows[0].length : 0;
  const n = T - d;
  if (n < 1) throw new ShapeError(`${what}: series of length ${T} leave nothing after differencing d = ${d}`);
  const tm = new Float32Array(n * S);
  rows.forEach((row, s) => {
    const dy = differenceSeries(row, d, 0, 0);
    dy.forEach((v, t) => {
      if (!Number.isFinite(v)) throw new ArgumentError(`${what}: non-finite value in series ${s}`);
      tm[t * S + s] = v;
    });
  });
  const C = points.length;
  const coefs = new Float32Array(m * C);
  const which = new Int32Array(C);
  const sigma2 = new Float64Array(C);
  points.forEach((pt, c) => {
    if (!Number.isInteger(pt.series) || pt.series < 0 || pt.series >= S) throw new ArgumentError(`${what}: point ${c} names series ${pt.series}, the batch has ${S}`);
    if (pt.params.length !== m + 1) throw new ArgumentError(`${what}: point ${c} has ${pt.params.length} params, ARIMA(${p},${d},${q}) ${hasMean ? 'with' : 'without'} a constant has ${m + 1}`);
    which[c] = pt.series;
    for (let i = 0; i < m; i++) coefs[i * C + c] = pt.params[i];
    sigma2[c] = pt.params[m];
  });
  const device = options.device ?? getDefaultDevice();
  const xs = tensor(tm, [n, S], { device });
  const wt = tensor(which, [C], { device, dtype: 'int32' });
  const ct = tensor(coefs, [m, C], { device });
  try {
    const out = armaLoglik(xs, wt, ct, { p, q, hasMean });
    const sums = await out.data();
    out.dispose();
    // Non-concentrated: -0.5 (n log 2 pi + n log sigma2 + sum v^2 / (sigma2 F) + sum log F).
    return Float64Array.from({ length: C }, (_, c) => -0.5 * (n * LOG_2PI + n * Math.log(sigma2[c]) + sums[C + c] / sigma2[c] + sums[c]));
  } finally {
    xs.dispose();
    wt.dispose();
    ct.dispose();
  }
}
