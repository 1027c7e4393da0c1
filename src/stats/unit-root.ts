// Unit-root / stationarity testing: the KPSS test (Kwiatkowski, Phillips, Schmidt & Shin 1992) as
// statsmodels.tsa.stattools.kpss computes it (0.13: Newey-West long-run variance, Hobijn et al.
// data-dependent lag choice for nlags 'auto', p-value interpolated in the KPSS table and clamped to
// [0.01, 0.1]), and ndiffs: the number of differences auto.arima needs, found by repeated KPSS tests.
import { requireInt, requireLength, toSeries, type MissingOption, type SeriesLike } from './series.ts';

export interface KPSSOptions extends MissingOption {
  /** Null hypothesis: 'c' level stationarity (default), 'ct' trend stationarity. */
  regression?: 'c' | 'ct';
  /** Newey-West truncation lag: 'auto' (default; Hobijn et al. 1998, as statsmodels) or an integer in [0, n). */
  nlags?: 'auto' | number;
}

export interface KPSSResult {
  statistic: number;
  /** Interpolated from Table 1 of Kwiatkowski et al. (1992); clamped to [0.01, 0.1] outside the table. */
  pValue: number;
  /** Truncation lag used for the long-run variance. */
  lags: number;
  /** Critical values at 10%, 5%, 2.5% and 1%. */
  criticalValues: { '10%': number; '5%': number; '2.5%': number; '1%': number };
}

export interface NdiffsOptions extends MissingOption {
  /** Significance level of each KPSS test (default 0.05). */
  alpha?: number;
  /** Largest number of differences to return (default 2). */
  maxD?: number;
}

const KPSS_MIN_OBS = 3;
const PVALS = [0.1, 0.05, 0.025, 0.01];
const CRIT = { c: [0.347, 0.463, 0.574, 0.739], ct: [0.119, 0.146, 0.176, 0.216] } as const;

/** sum_{t >= k} r[t] r[t - k]. */
function lagProduct(r: Float64Array, k: number): number {
  let s = 0;
  for (let t = k; t < r.length; t++) s += r[t] * r[t - k];
  return s;
}

/** Hobijn, Franses & Ooms (1998) automatic bandwidth for the Bartlett kernel (statsmodels' _kpss_autolag). */
function autoLags(r: Float64Array): number {
  const n = r.length;
  const covlags = Math.trunc(Math.pow(n, 2 / 9));
  let s0 = lagProduct(r, 0) / n;
  let s1 = 0;
  for (let i = 1; i <= covlags; i++) {
    const prod = lagProduct(r, i) / (n / 2);
    s0 += prod;
    s1 += i * prod;
  }
  const sHat = s1 / s0;
  const gammaHat = 1.1447 * Math.pow(sHat * sHat, 1 / 3);
  return Math.trunc(gammaHat * Math.pow(n, 1 / 3));
}

/** np.interp(x, xs, ys) for increasing xs: linear inside, end values outside. */
function interp(x: number, xs: readonly number[], ys: readonly number[]): number {
  if (x <= xs[0]) return ys[0];
  const last = xs.length - 1;
  if (x >= xs[last]) return ys[last];
  let i = 0;
  while (x > xs[i + 1]) i++;
  const w = (x - xs[i]) / (xs[i + 1] - xs[i]);
  return ys[i] + w * (ys[i + 1] - ys[i]);
}

function isConstant(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

function kpssOn(x: Float64Array, regression: 'c' | 'ct', nlags: 'auto' | number): KPSSResult {
  const n = x.length;
  requireLength(x, KPSS_MIN_OBS, 'kpss');
  if (isConstant(x)) throw new RangeError(`kpss: series is constant (${x[0]}); the test statistic is undefined`);
  const r = new Float64Array(n);
  let xbar = 0;
  for (let i = 0; i < n; i++) xbar += x[i];
  xbar /= n;
  if (regression === 'c') {
    for (let i = 0; i < n; i++) r[i] = x[i] - xbar;
  } else {
    // OLS on [1, t], t = 1..n, in centred form.
    const tbar = (n + 1) / 2;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      const tc = i + 1 - tbar;
      sxy += tc * (x[i] - xbar);
      sxx += tc * tc;
    }
    const b = sxy / sxx;
    for (let i = 0; i < n; i++) r[i] = x[i] - xbar - b * (i + 1 - tbar);
  }
  let lags: number;
  if (nlags === 'auto') {
    lags = Math.min(autoLags(r), n - 1);
  } else {
    requireInt(nlags, 'kpss nlags', 0, n - 1);
    lags = nlags;
  }
  // eta = sum of squared partial sums / n^2 (eq. 11); s2 the Newey-West long-run variance (eq. 10).
  let cum = 0;
  let eta = 0;
  for (let i = 0; i < n; i++) {
    cum += r[i];
    eta += cum * cum;
  }
  eta /= n * n;
  let s2 = lagProduct(r, 0);
  for (let i = 1; i <= lags; i++) s2 += 2 * lagProduct(r, i) * (1 - i / (lags + 1));
  s2 /= n;
  if (!(s2 > 0)) {
    throw new RangeError(`kpss: the long-run variance estimate with ${lags} lags is ${s2} (not positive); pass a smaller nlags`);
  }
  const statistic = eta / s2;
  const crit = CRIT[regression];
  return {
    statistic,
    pValue: interp(statistic, crit, PVALS),
    lags,
    criticalValues: { '10%': crit[0], '5%': crit[1], '2.5%': crit[2], '1%': crit[3] },
  };
}

/**
 * KPSS test of the null that `series` is level ('c') or trend ('ct') stationary; small p-values
 * reject stationarity. Matches statsmodels.tsa.stattools.kpss (0.13). Throws RangeError for fewer
 * than 3 observations, non-finite values (unless `missing` says otherwise), a constant series, or
 * an nlags outside [0, n).
 */
export function kpss(series: SeriesLike, options: KPSSOptions = {}): KPSSResult {
  const regression = options.regression ?? 'c';
  if (regression !== 'c' && regression !== 'ct') {
    throw new RangeError(`kpss regression must be 'c' or 'ct', got ${String(regression)}`);
  }
  const nlags = options.nlags ?? 'auto';
  if (nlags !== 'auto' && typeof nlags !== 'number') {
    throw new RangeError(`kpss nlags must be 'auto' or an integer, got ${String(nlags)}`);
  }
  return kpssOn(toSeries(series, 'series', options.missing), regression, nlags);
}

/**
 * Number of ordinary differences needed for stationarity, as pmdarima's / forecast's ndiffs with
 * the KPSS test: while the level-stationarity KPSS test (nlags 'auto') rejects at `alpha`
 * (p-value < alpha), difference once more, up to `maxD`. A constant series needs 0; differencing
 * stops early once the differenced series is constant or too short (< 3 points) to test.
 */
export function ndiffs(series: SeriesLike, options: NdiffsOptions = {}): number {
  const alpha = options.alpha ?? 0.05;
  const maxD = options.maxD ?? 2;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`ndiffs alpha must be in (0, 1), got ${alpha}`);
  requireInt(maxD, 'ndiffs maxD', 0, 10);
  let x = toSeries(series, 'series', options.missing);
  requireLength(x, KPSS_MIN_OBS, 'ndiffs');
  if (isConstant(x)) return 0;
  let d = 0;
  let p = kpssOn(x, 'c', 'auto').pValue;
  while (p < alpha && d < maxD) {
    d++;
    const dx = new Float64Array(x.length - 1);
    for (let i = 0; i < dx.length; i++) dx[i] = x[i + 1] - x[i];
    x = dx;
    if (x.length < KPSS_MIN_OBS || isConstant(x)) return d;
    p = kpssOn(x, 'c', 'auto').pValue;
  }
  return d;
}
