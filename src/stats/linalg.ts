// Small dense linear algebra for the statistical models: least squares by Householder QR, linear
// solves and log-determinants by LU with partial pivoting.
// Matrices are number[][] (row-major, rows of equal length): the sizes here are tens, not thousands,
// so clarity wins over packing. The Kalman filter keeps its own flat loops (state-space.ts).

export type Matrix = number[][];

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function transpose(a: Matrix): Matrix {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0].length;
  const t = zeros(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j][i] = a[i][j];
  return t;
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const k = b.length;
  const m = k === 0 ? 0 : b[0].length;
  const c = zeros(n, m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i][p];
      if (aip === 0) continue;
      const bp = b[p];
      const ci = c[i];
      for (let j = 0; j < m; j++) ci[j] += aip * bp[j];
    }
  }
  return c;
}

export interface LstsqResult {
  /** Coefficients, one per column of X. */
  beta: number[];
  /** Residual sum of squares. */
  ssr: number;
  /** y - X beta. */
  resid: number[];
}

/**
 * Ordinary least squares min ||y - X beta|| by Householder QR (better conditioned than the normal
 * equations, which matters for polynomial trends and long AR lags). Throws on a rank-deficient X,
 * naming `what`, instead of returning garbage.
 */
export function lstsq(x: Matrix, y: ArrayLike<number>, what = 'least squares'): LstsqResult {
  const n = x.length;
  const k = n === 0 ? 0 : x[0].length;
  if (n < k) throw new RangeError(`${what}: ${n} rows cannot determine ${k} coefficients`);
  // Work on copies: a[i][j] becomes R above the diagonal, qty becomes Q'y.
  const a = x.map((row) => row.slice());
  const qty = Array.from(y);
  let maxDiag = 0;
  const rDiag = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i][j] * a[i][j];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      rDiag[j] = 0;
      continue;
    }
    const alpha = a[j][j] > 0 ? -norm : norm;
    // Householder vector v = x - alpha e1, stored in column j from row j down.
    a[j][j] -= alpha;
    let vnorm2 = 0;
    for (let i = j; i < n; i++) vnorm2 += a[i][j] * a[i][j];
    for (let c = j + 1; c < k; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += a[i][j] * a[i][c];
      const f = (2 * dot) / vnorm2;
      for (let i = j; i < n; i++) a[i][c] -= f * a[i][j];
    }
    let dot = 0;
    for (let i = j; i < n; i++) dot += a[i][j] * qty[i];
    const f = (2 * dot) / vnorm2;
    for (let i = j; i < n; i++) qty[i] -= f * a[i][j];
    rDiag[j] = alpha;
    maxDiag = Math.max(maxDiag, Math.abs(alpha));
  }
  const tol = Math.max(n, k) * 2.220446049250313e-16 * maxDiag;
  for (let j = 0; j < k; j++) {
    if (Math.abs(rDiag[j]) <= tol) {
      throw new RangeError(`${what}: the regressors are collinear (column ${j} is a combination of the others)`);
    }
  }
  // Back substitution R beta = (Q'y)[0..k).
  const beta = new Array<number>(k).fill(0);
  for (let j = k - 1; j >= 0; j--) {
    let s = qty[j];
    for (let c = j + 1; c < k; c++) s -= a[j][c] * beta[c];
    beta[j] = s / rDiag[j];
  }
  const resid = new Array<number>(n);
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < k; j++) fit += x[i][j] * beta[j];
    resid[i] = y[i] - fit;
    ssr += resid[i] * resid[i];
  }
  return { beta, ssr, resid };
}

/** LU factorisation with partial pivoting; returns null for a singular matrix. */
function luDecompose(a: Matrix): { lu: Matrix; perm: number[]; sign: number } | null {
  const n = a.length;
  const lu = a.map((r) => r.slice());
  const perm = Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(lu[i][j]) > Math.abs(lu[p][j])) p = i;
    if (lu[p][j] === 0) return null;
    if (p !== j) {
      [lu[p], lu[j]] = [lu[j], lu[p]];
      [perm[p], perm[j]] = [perm[j], perm[p]];
      sign = -sign;
    }
    for (let i = j + 1; i < n; i++) {
      const f = (lu[i][j] /= lu[j][j]);
      if (f === 0) continue;
      for (let c = j + 1; c < n; c++) lu[i][c] -= f * lu[j][c];
    }
  }
  return { lu, perm, sign };
}

/** Solve A x = b (A square). Throws naming `what` when A is singular. */
export function solve(a: Matrix, b: ArrayLike<number>, what = 'linear solve'): number[] {
  const f = luDecompose(a);
  if (f === null) throw new RangeError(`${what}: the matrix is singular`);
  const n = a.length;
  const x = f.perm.map((p) => b[p]);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= f.lu[i][j] * x[j];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) x[i] -= f.lu[i][j] * x[j];
    x[i] /= f.lu[i][i];
  }
  return x;
}

/** log |det A| via LU; -Infinity for a singular matrix. */
export function logAbsDet(a: Matrix): number {
  const f = luDecompose(a);
  if (f === null) return -Infinity;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.log(Math.abs(f.lu[i][i]));
  return s;
}
