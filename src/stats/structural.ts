// Structural time-series models on the state-space API (kalman.ts): the local level model
// (random walk plus noise) and the local linear trend model, with exact diffuse initial states and
// their variances by maximum likelihood (BFGS on log variances), as statsmodels'
// UnobservedComponents('llevel' / 'lltrend', use_exact_diffuse=True) and R's StructTS.
import { ArgumentError } from '../errors.ts';
import { makeForecast, type Forecast } from './forecast.ts';
import { forecastStateSpace, kalmanFilter, type KalmanFilterResult, type StateSpaceModel } from './kalman.ts';
import { stateSmoother, type SmootherResult } from './kalman-smoother.ts';
import { minimizeBFGS } from './optimize.ts';

export type StructuralKind = 'level' | 'trend';

export interface StructuralModel {
  kind: StructuralKind;
  /** statsmodels' names: sigma2.irregular, sigma2.level (, sigma2.trend). */
  paramNames: string[];
  params: number[];
  llf: number;
  converged: boolean;
  model: StateSpaceModel;
  filter: KalmanFilterResult;
  smooth(): SmootherResult;
  forecast(h: number, options?: { alpha?: number }): Forecast;
}

/** The state-space form of a local level ([irregular, level]) or local linear trend model. */
export function structuralStateSpace(kind: StructuralKind, variances: readonly number[]): StateSpaceModel {
  if (kind === 'level') {
    return { T: [[1]], Z: [1], R: [[1]], Q: [[variances[1]]], H: variances[0], Pinf: [[1]] };
  }
  if (kind === 'trend') {
    return { T: [[1, 1], [0, 1]], Z: [1, 0], R: [[1, 0], [0, 1]], Q: [[variances[1], 0], [0, variances[2]]], H: variances[0], Pinf: [[1, 0], [0, 1]] };
  }
  throw new ArgumentError(`structural model kind must be 'level' or 'trend', got ${String(kind)}`);
}

/** Fit a local level / local linear trend model by exact diffuse maximum likelihood (NaN = missing). */
export function fitStructural(y: ArrayLike<number>, kind: StructuralKind = 'level', options: { maxIter?: number } = {}): StructuralModel {
  const obs = Array.from(y).filter((v) => !Number.isNaN(v));
  const need = kind === 'level' ? 3 : 5;
  if (obs.length < need) throw new ArgumentError(`fitStructural('${kind}') needs at least ${need} observations, got ${obs.length}`);
  const k = kind === 'level' ? 2 : 3;
  // Scale: work with variances relative to the variance of the observed series' first differences.
  const diffs = obs.slice(1).map((v, i) => v - obs[i]);
  const scale = diffs.reduce((a, v) => a + v * v, 0) / diffs.length || 1;
  const toVar = (u: readonly number[]): number[] => u.map((x) => scale * Math.exp(x));
  const objective = (u: readonly number[]): number => {
    try {
      const f = kalmanFilter(structuralStateSpace(kind, toVar(u)), y);
      return Number.isFinite(f.llf) ? -f.llf / obs.length : Infinity;
    } catch {
      return Infinity;
    }
  };
  let best = { x: new Array<number>(k).fill(Math.log(0.5)), fun: Infinity, converged: false };
  for (const start of [new Array<number>(k).fill(Math.log(0.5)), [0, ...new Array<number>(k - 1).fill(-2)]]) {
    const r = minimizeBFGS(objective, start, { maxIter: options.maxIter ?? 500, gradTol: 1e-9 });
    if (r.fun < best.fun) best = r;
  }
  const params = toVar(best.x);
  const model = structuralStateSpace(kind, params);
  const filter = kalmanFilter(model, y);
  return {
    kind,
    paramNames: ['sigma2.irregular', 'sigma2.level', ...(kind === 'trend' ? ['sigma2.trend'] : [])],
    params,
    llf: filter.llf,
    converged: best.converged,
    model,
    filter,
    smooth: () => stateSmoother(model, y),
    forecast: (h, fo = {}) => {
      const f = forecastStateSpace(model, filter, h);
      return makeForecast(f.mean, f.variance, fo.alpha ?? 0.05);
    },
  };
}
