// Unconstrained minimisers for the likelihood fits: BFGS with central-difference gradients and a
// backtracking (Armijo) line search, and Nelder-Mead as a derivative-free fallback. Constraints
// (stationarity, 0 < alpha < 1, positive variances) are handled by the callers through
// reparameterisation, so the optimisers themselves stay plain.

export type Objective = (x: readonly number[]) => number;

export interface MinimizeOptions {
  /** Maximum iterations (BFGS steps or Nelder-Mead reflections). */
  maxIter?: number;
  /** Stop when the infinity norm of the gradient falls below this. */
  gradTol?: number;
  /** Stop when the objective improves by less than this (relative) over one step. */
  fTol?: number;
  /** Called after every accepted step (BFGS); throwing from it (e.g. on abort) ends the search. */
  onIteration?: (iteration: number, fun: number) => void;
}

export interface MinimizeResult {
  x: number[];
  fun: number;
  iterations: number;
  converged: boolean;
  message: string;
}

/**
 * Central-difference gradient. The step scales with |x_i| (cube root of machine epsilon is the
 * optimal step for central differences: truncation error h^2 balanced against rounding eps/h).
 * A non-finite value on either side (e.g. a step across a constraint) falls back to a one-sided
 * difference, so fits close to a boundary still get a usable direction.
 */
export function numericalGradient(f: Objective, x: readonly number[], fx?: number): number[] {
  const h0 = 6.055454452393343e-6; // eps^(1/3)
  const g = new Array<number>(x.length);
  const xp = x.slice();
  for (let i = 0; i < x.length; i++) {
    const h = h0 * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + h;
    const fp = f(xp);
    xp[i] = x[i] - h;
    const fm = f(xp);
    xp[i] = x[i];
    if (Number.isFinite(fp) && Number.isFinite(fm)) g[i] = (fp - fm) / (2 * h);
    else {
      const f0 = fx ?? f(x);
      g[i] = Number.isFinite(fp) ? (fp - f0) / h : Number.isFinite(fm) ? (f0 - fm) / h : 0;
    }
  }
  return g;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * BFGS on the inverse Hessian. The first step is scaled so that its length is about 1 in the
 * unconstrained parameters (callers standardise their data, so 1 is a sensible scale).
 */
export function minimizeBFGS(f: Objective, x0: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const maxIter = options.maxIter ?? 500;
  const gradTol = options.gradTol ?? 1e-7;
  const fTol = options.fTol ?? 1e-12;
  const n = x0.length;
  let x = x0.slice();
  let fx = f(x);
  if (!Number.isFinite(fx)) {
    return { x, fun: fx, iterations: 0, converged: false, message: 'objective is not finite at the starting point' };
  }
  if (n === 0) return { x, fun: fx, iterations: 0, converged: true, message: 'no parameters' };
  let g = numericalGradient(f, x, fx);
  // hInv: n x n inverse Hessian approximation, starts as a scaled identity.
  let hInv: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let firstStep = true;
  let smallSteps = 0;
  for (let iter = 1; iter <= maxIter; iter++) {
    const gmax = Math.max(...g.map(Math.abs));
    if (gmax < gradTol) return { x, fun: fx, iterations: iter - 1, converged: true, message: 'gradient below tolerance' };
    let dir = hInv.map((row) => -dot(row, g));
    let slope = dot(dir, g);
    if (!(slope < 0)) {
      // Not a descent direction (the approximation went bad): restart from steepest descent.
      hInv = hInv.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      dir = g.map((v) => -v);
      slope = -dot(g, g);
    }
    let step = 1;
    if (firstStep) {
      const len = Math.sqrt(dot(dir, dir));
      if (len > 1) step = 1 / len;
      firstStep = false;
    }
    // Backtracking line search with the Armijo sufficient-decrease condition.
    let xNew = x;
    let fNew = Infinity;
    let found = false;
    for (let ls = 0; ls < 60; ls++) {
      xNew = x.map((v, i) => v + step * dir[i]);
      fNew = f(xNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
        found = true;
        break;
      }
      step *= 0.5;
    }
    if (!found) return { x, fun: fx, iterations: iter, converged: gmax < 1e-4, message: 'line search failed' };
    const gNew = numericalGradient(f, xNew, fNew);
    const s = xNew.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const improvement = fx - fNew;
    x = xNew;
    g = gNew;
    const prevF = fx;
    fx = fNew;
    options.onIteration?.(iter, fx);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      // Standard BFGS inverse update: H = (I - rho s y') H (I - rho y s') + rho s s'.
      const rho = 1 / sy;
      const hy = hInv.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          hInv[i][j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
      }
    }
    if (improvement <= fTol * Math.max(1, Math.abs(prevF))) {
      if (++smallSteps >= 3) return { x, fun: fx, iterations: iter, converged: true, message: 'objective stopped improving' };
    } else smallSteps = 0;
  }
  return { x, fun: fx, iterations: maxIter, converged: false, message: 'maximum iterations reached' };
}

/** Nelder-Mead simplex search (standard coefficients: reflect 1, expand 2, contract 0.5, shrink 0.5). */
export function minimizeNelderMead(f: Objective, x0: readonly number[], options: MinimizeOptions & { initialStep?: number } = {}): MinimizeResult {
  const n = x0.length;
  const maxIter = options.maxIter ?? 2000 * Math.max(1, n);
  const fTol = options.fTol ?? 1e-12;
  const step = options.initialStep ?? 0.1;
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    v[i] += v[i] !== 0 ? step * Math.abs(v[i]) : step;
    simplex.push(v);
  }
  const values = simplex.map((v) => finiteOr(f(v)));
  for (let iter = 1; iter <= maxIter; iter++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sorted = order.map((i) => simplex[i]);
    const sortedValues = order.map((i) => values[i]);
    for (let i = 0; i <= n; i++) {
      simplex[i] = sorted[i];
      values[i] = sortedValues[i];
    }
    if (Math.abs(values[n] - values[0]) <= fTol * Math.max(1, Math.abs(values[0]))) {
      return { x: simplex[0], fun: values[0], iterations: iter, converged: true, message: 'simplex collapsed' };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const xr = along(-1);
    const fr = finiteOr(f(xr));
    if (fr < values[0]) {
      const xe = along(-2);
      const fe = finiteOr(f(xe));
      [simplex[n], values[n]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [xr, fr];
    } else {
      const xc = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = finiteOr(f(xc));
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [xc, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = finiteOr(f(simplex[i]));
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
  return { x: simplex[best], fun: values[best], iterations: maxIter, converged: false, message: 'maximum iterations reached' };
}

/** The simplex treats an infeasible point (NaN / Infinity) as infinitely bad. */
function finiteOr(v: number): number {
  return Number.isFinite(v) ? v : Infinity;
}
