// Vector autoregression VAR(p) for multivariate series, fitted equation by equation by least squares
// (identical to the joint GLS fit when all equations share regressors). Conventions follow
// statsmodels' VAR: params rows [const, L1.y1..L1.yk, L2.y1, ...], one column per equation;
// sigmaU divides by nobs - (k p + 1); AIC/BIC are Lutkepohl's per-observation criteria.
import { makeForecast, type Forecast } from './forecast.ts';
import { logAbsDet, lstsq, matmul, transpose, type Matrix } from './linalg.ts';
import { requireInt } from './series.ts';

export interface VAROptions {
  /** 'c' (default): an intercept per equation; 'n': none. */
  trend?: 'c' | 'n';
}

export interface VARModel {
  p: number;
  /** Number of variables. */
  k: number;
  /** [(1) + k p][k]: statsmodels' params layout. */
  params: number[][];
  /** coefs[i][eq][v]: effect of variable v at lag i+1 on equation eq. */
  coefs: number[][][];
  intercept: number[];
  /** Residual covariance, degrees-of-freedom adjusted; sigmaUMle divides by nobs. */
  sigmaU: number[][];
  sigmaUMle: number[][];
  llf: number;
  aic: number;
  bic: number;
  hqic: number;
  nobs: number;
  resid: number[][];
  /** h-step forecasts (rows = steps) with per-variable standard errors from the MA(inf) form. */
  forecast(h: number, alpha?: number): { mean: number[][]; perVariable: Forecast[] };
}

/** Fit VAR(p) to a time-major series `data[t][variable]`. */
export function fitVAR(data: readonly (readonly number[])[], p: number, options: VAROptions = {}): VARModel {
  requireInt(p, 'VAR order p', 1);
  const trend = options.trend ?? 'c';
  const T = data.length;
  const k = T > 0 ? data[0].length : 0;
  if (k < 1) throw new RangeError('fitVAR needs rows with at least one variable');
  data.forEach((row, t) => {
    if (row.length !== k) throw new RangeError(`fitVAR: row ${t} has ${row.length} variables, expected ${k}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new RangeError(`fitVAR: non-finite value (${v}) at time ${t}, variable ${j}`);
    });
  });
  const kTrend = trend === 'c' ? 1 : 0;
  const nReg = kTrend + k * p;
  const nobs = T - p;
  if (nobs <= nReg) {
    throw new RangeError(`VAR(${p}) with ${k} variables needs more than ${nReg + p} observations, got ${T}`);
  }
  // Shared regressors for every equation: [1, y_{t-1}, ..., y_{t-p}].
  const rows: Matrix = [];
  for (let t = p; t < T; t++) {
    const row = trend === 'c' ? [1] : [];
    for (let lag = 1; lag <= p; lag++) row.push(...data[t - lag]);
    rows.push(row);
  }
  const columns: number[][] = [];
  const resid: number[][] = Array.from({ length: nobs }, () => new Array<number>(k));
  for (let eq = 0; eq < k; eq++) {
    const fit = lstsq(rows, rows.map((_, i) => data[i + p][eq]), `VAR(${p}) equation ${eq}`);
    columns.push(fit.beta);
    fit.resid.forEach((r, i) => (resid[i][eq] = r));
  }
  const params = transpose(columns);
  const crossProduct = matmul(transpose(resid), resid);
  const sigmaUMle = crossProduct.map((r) => r.map((v) => v / nobs));
  const sigmaU = crossProduct.map((r) => r.map((v) => v / (nobs - nReg)));
  const ld = logAbsDet(sigmaUMle);
  const free = p * k * k + k * kTrend;
  const intercept = trend === 'c' ? params[0].slice() : new Array<number>(k).fill(0);
  const coefs = Array.from({ length: p }, (_, lag) =>
    Array.from({ length: k }, (_, eq) => Array.from({ length: k }, (_, v) => params[kTrend + lag * k + v][eq])),
  );
  const history = data.slice(T - p).map((r) => r.slice());
  return {
    p,
    k,
    params,
    coefs,
    intercept,
    sigmaU,
    sigmaUMle,
    llf: -0.5 * nobs * k * Math.log(2 * Math.PI) - 0.5 * nobs * ld - 0.5 * nobs * k,
    aic: ld + (2 / nobs) * free,
    bic: ld + (Math.log(nobs) / nobs) * free,
    hqic: ld + ((2 * Math.log(Math.log(nobs))) / nobs) * free,
    nobs,
    resid,
    forecast(h: number, alpha = 0.05) {
      requireInt(h, 'forecast horizon', 0);
      const path = history.map((r) => r.slice());
      const mean: number[][] = [];
      for (let step = 0; step < h; step++) {
        const next = intercept.slice();
        for (let lag = 1; lag <= p; lag++) {
          const prev = path[path.length - lag];
          for (let eq = 0; eq < k; eq++) for (let v = 0; v < k; v++) next[eq] += coefs[lag - 1][eq][v] * prev[v];
        }
        path.push(next);
        mean.push(next);
      }
      // MSE(h) = sum_{j<h} Psi_j Sigma_u Psi_j', Psi_0 = I, Psi_j = sum_{i=1..min(j,p)} A_i Psi_{j-i}.
      const psi: Matrix[] = [];
      const variance = Array.from({ length: k }, () => new Float64Array(h));
      let mse: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
      for (let j = 0; j < h; j++) {
        let pj: Matrix;
        if (j === 0) pj = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => (a === b ? 1 : 0)));
        else {
          pj = Array.from({ length: k }, () => new Array<number>(k).fill(0));
          for (let i = 1; i <= Math.min(j, p); i++) {
            const term = matmul(coefs[i - 1], psi[j - i]);
            pj = pj.map((r, a) => r.map((v, b) => v + term[a][b]));
          }
        }
        psi.push(pj);
        const add = matmul(matmul(pj, sigmaU), transpose(pj));
        mse = mse.map((r, a) => r.map((v, b) => v + add[a][b]));
        for (let v = 0; v < k; v++) variance[v][j] = mse[v][v];
      }
      const perVariable = Array.from({ length: k }, (_, v) => makeForecast(Float64Array.from(mean, (r) => r[v]), variance[v], alpha));
      return { mean, perVariable };
    },
  };
}

/** Choose the VAR order in 1..maxLag by an information criterion, all fitted on a common sample. */
export function selectVAROrder(data: readonly (readonly number[])[], maxLag: number, options: VAROptions & { ic?: 'aic' | 'bic' | 'hqic' } = {}): { p: number; table: { p: number; aic: number; bic: number; hqic: number }[] } {
  requireInt(maxLag, 'selectVAROrder maxLag', 1);
  const ic = options.ic ?? 'aic';
  const table: { p: number; aic: number; bic: number; hqic: number }[] = [];
  for (let p = 1; p <= maxLag; p++) {
    // Drop the first maxLag - p rows so every candidate explains the same observations.
    try {
      const m = fitVAR(data.slice(maxLag - p), p, options);
      table.push({ p, aic: m.aic, bic: m.bic, hqic: m.hqic });
    } catch {
      // infeasible order: too few observations for its regressors
    }
  }
  if (table.length === 0) throw new RangeError(`selectVAROrder: no feasible VAR order in 1..${maxLag} for ${data.length} observations`);
  let best = table[0];
  for (const row of table) if (row[ic] < best[ic]) best = row;
  return { p: best.p, table };
}
