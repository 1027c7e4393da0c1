// Parameter plumbing for ARIMA: the Jones (1980) / Monahan (1984) map from unconstrained reals to
// stationary AR coefficients through partial autocorrelations (the same map as statsmodels'
// constrain_stationary_univariate), its inverse (which doubles as the stationarity test), and the
// multiplication of non-seasonal and seasonal lag polynomials into the reduced form.

/**
 * Map any real vector to the coefficients phi of a stationary AR polynomial 1 - phi_1 B - ... .
 * Each u_k becomes a partial autocorrelation r_k = u_k / sqrt(1 + u_k^2) in (-1, 1), and the
 * Durbin-Levinson recursion turns partial autocorrelations into coefficients.
 */
export function constrainStationary(u: readonly number[]): number[] {
  const n = u.length;
  if (n === 0) return [];
  const r = u.map((v) => v / Math.sqrt(1 + v * v));
  let prev: number[] = [];
  for (let k = 0; k < n; k++) {
    const row = new Array<number>(k + 1);
    for (let i = 0; i < k; i++) row[i] = prev[i] + r[k] * prev[k - i - 1];
    row[k] = r[k];
    prev = row;
  }
  return prev.map((v) => -v);
}

/**
 * Inverse of constrainStationary. Returns null when phi is not stationary (a partial
 * autocorrelation reaches +-1 on the way down the Durbin-Levinson recursion).
 */
export function unconstrainStationary(phi: readonly number[]): number[] | null {
  const n = phi.length;
  if (n === 0) return [];
  let row = phi.map((v) => -v);
  const r = new Array<number>(n);
  for (let k = n - 1; k >= 0; k--) {
    const rk = row[k];
    r[k] = rk;
    if (!(Math.abs(rk) < 1)) return null;
    const next = new Array<number>(k);
    for (let i = 0; i < k; i++) next[i] = (row[i] - rk * row[k - i - 1]) / (1 - rk * rk);
    row = next;
  }
  return r.map((v) => v / Math.sqrt(1 - v * v));
}

/** True when 1 - phi_1 z - ... - phi_p z^p has all roots outside the unit circle. */
export function isStationary(phi: readonly number[]): boolean {
  const u = unconstrainStationary(phi);
  return u !== null && u.every(Number.isFinite);
}

/**
 * Reduced-form lag polynomial coefficients: (1 + sign a_1 B + ...)(1 + sign A_1 B^s + ...), returned
 * without the leading 1. With sign -1 (AR) the result is the phi of x_t = sum phi_i x_{t-i}; with
 * sign +1 (MA) it is the theta of e_t + sum theta_j e_{t-j}.
 */
export function multiplySeasonal(nonSeasonal: readonly number[], seasonal: readonly number[], s: number, sign: 1 | -1): number[] {
  const a = [1, ...nonSeasonal.map((v) => sign * v)];
  const b = new Array<number>(seasonal.length * s + 1).fill(0);
  b[0] = 1;
  seasonal.forEach((v, j) => (b[(j + 1) * s] = sign * v));
  const prod = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) prod[i + j] += a[i] * b[j];
  return prod.slice(1).map((v) => sign * v);
}
