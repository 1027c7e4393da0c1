// Conv1d, CPU reference: direct cross-correlation (no kernel flip, as PyTorch) and its three gradients,
// in plain float64 loops. Twins: shaders/conv1d/conv1d.wgsl, src/ops/conv1d.ts (op, padding modes, autograd),
// src/backends/webgpu/conv1d.ts (glue: direct and im2col rungs). Layouts: x [N, Cin, L],
// w [Cout, Cin/groups, K], y [N, Cout, Lout]. This file wins every numeric dispute.

// Float32 is what the engine stores; Float64 inputs let tests take finite differences without float32 noise.
// Sums run in float64 and are rounded once at the Float32 boundary, so a float32 GPU kernel differs from this
// by its own accumulation error only (bounded in the shared tolerance table, not here).
export type RealArray = Float32Array | Float64Array;
export type Conv1dPadding = number | 'valid' | 'same';

export interface Conv1dArgs {
  x: RealArray; // [N, Cin, L]
  w: RealArray; // [Cout, Cin/groups, K]
  b: RealArray | null; // [Cout] or no bias
  N: number;
  Cin: number;
  L: number;
  Cout: number;
  K: number;
  stride: number;
  padLeft: number;
  padRight: number;
  dilation: number;
  groups: number;
}

export interface Conv1dGrads {
  dx: Float32Array; // [N, Cin, L]
  dw: Float32Array; // [Cout, Cin/groups, K]
  db: Float32Array; // [Cout]; computed even without a bias (it is just dy summed over N and Lout)
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`conv1d: ${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * Turns the user's padding into explicit left/right amounts.
 * 'same' follows PyTorch: total dilation*(K-1), floor half on the left, the odd one on the right, stride 1 only
 * (with stride > 1 no padding keeps the length). causal pads (K-1)*dilation on the left only, so output t sees
 * inputs <= t; it cannot be combined with another padding, which would break that guarantee or be ambiguous.
 */
export function resolveConv1dPadding(
  padding: Conv1dPadding,
  causal: boolean,
  K: number,
  dilation: number,
  stride: number,
): { padLeft: number; padRight: number } {
  checkInt('kernel size K', K, 1);
  checkInt('dilation', dilation, 1);
  checkInt('stride', stride, 1);
  const total = dilation * (K - 1);
  if (causal) {
    if (padding !== 0 && padding !== 'valid') {
      throw new Error(`conv1d: causal=true pads (K-1)*dilation = ${total} on the left; padding must be 0 or 'valid', got ${String(padding)}`);
    }
    return { padLeft: total, padRight: 0 };
  }
  if (padding === 'valid') return { padLeft: 0, padRight: 0 };
  if (padding === 'same') {
    if (stride !== 1) throw new Error(`conv1d: padding='same' needs stride 1 (as in PyTorch), got stride ${stride}`);
    const left = Math.floor(total / 2);
    return { padLeft: left, padRight: total - left };
  }
  checkInt('padding', padding, 0);
  return { padLeft: padding, padRight: padding };
}

/**
 * PyTorch's formula: floor((L + padL + padR - dilation*(K-1) - 1) / stride) + 1. The floor drops a trailing
 * partial window: with stride > 1 the last few inputs may feed no output at all (and get dx = 0).
 */
export function conv1dOutLength(L: number, K: number, stride: number, padLeft: number, padRight: number, dilation: number): number {
  return Math.floor((L + padLeft + padRight - dilation * (K - 1) - 1) / stride) + 1;
}

/** Throws an Error naming the values when the arguments cannot describe a convolution. */
export function validateConv1dArgs(a: Conv1dArgs): void {
  checkInt('N', a.N, 1);
  checkInt('Cin', a.Cin, 1);
  checkInt('L', a.L, 1);
  checkInt('Cout', a.Cout, 1);
  checkInt('kernel size K', a.K, 1);
  checkInt('stride', a.stride, 1);
  checkInt('dilation', a.dilation, 1);
  checkInt('groups', a.groups, 1);
  checkInt('padLeft', a.padLeft, 0);
  checkInt('padRight', a.padRight, 0);
  if (a.Cin % a.groups !== 0) throw new Error(`conv1d: in channels ${a.Cin} are not divisible by groups ${a.groups}`);
  if (a.Cout % a.groups !== 0) throw new Error(`conv1d: out channels ${a.Cout} are not divisible by groups ${a.groups}`);
  const span = a.dilation * (a.K - 1) + 1; // how many input positions one output looks at, holes included
  const padded = a.L + a.padLeft + a.padRight;
  if (span > padded) {
    throw new Error(
      `conv1d: kernel spans ${span} positions (K=${a.K}, dilation=${a.dilation}) but the padded input has only ` +
        `${padded} (L=${a.L} + padding ${a.padLeft}+${a.padRight})`,
    );
  }
  const cinG = a.Cin / a.groups;
  if (a.x.length !== a.N * a.Cin * a.L) {
    throw new Error(`conv1d: x has ${a.x.length} elements, expected [N, Cin, L] = [${a.N}, ${a.Cin}, ${a.L}]`);
  }
  if (a.w.length !== a.Cout * cinG * a.K) {
    throw new Error(`conv1d: weight has ${a.w.length} elements, expected [Cout, Cin/groups, K] = [${a.Cout}, ${cinG}, ${a.K}]`);
  }
  if (a.b !== null && a.b.length !== a.Cout) throw new Error(`conv1d: bias has ${a.b.length} elements, expected Cout = ${a.Cout}`);
}

/** y[n, co, o] = b[co] + sum_{ci in group(co), k} w[co, ci - g*cinG, k] * x[n, ci, o*stride - padLeft + k*dilation]. */
export function conv1dForward64(a: Conv1dArgs): Float64Array {
  validateConv1dArgs(a);
  const { N, Cin, L, Cout, K, stride, padLeft, dilation, groups } = a;
  const Lout = conv1dOutLength(L, K, stride, padLeft, a.padRight, dilation);
  const cinG = Cin / groups; // input channels each output channel sees
  const coutG = Cout / groups; // output channels per group
  const y = new Float64Array(N * Cout * Lout);
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Cout; co++) {
      const g = Math.floor(co / coutG); // output channel co belongs to group g, which reads inputs g*cinG..
      for (let o = 0; o < Lout; o++) {
        let acc = a.b === null ? 0 : a.b[co];
        for (let cl = 0; cl < cinG; cl++) {
          const ci = g * cinG + cl;
          for (let k = 0; k < K; k++) {
            const l = o * stride - padLeft + k * dilation;
            if (l < 0 || l >= L) continue; // zero padding contributes nothing
            acc += a.w[(co * cinG + cl) * K + k] * a.x[(n * Cin + ci) * L + l];
          }
        }
        y[(n * Cout + co) * Lout + o] = acc;
      }
    }
  }
  return y;
}

/** Float32 boundary of conv1dForward64: y [N, Cout, Lout]. */
export function conv1dForward(a: Conv1dArgs): Float32Array {
  return Float32Array.from(conv1dForward64(a));
}

/**
 * The three gradients in float64, by walking the same (n, co, o, ci, k) index set as the forward pass and
 * scattering dy: every product w*x in the forward sends dy*x to dw and dy*w to dx. Padding positions have no
 * x, so they receive nothing (dx covers only the real input).
 */
export function conv1dBackward64(a: Conv1dArgs, dy: RealArray): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  validateConv1dArgs(a);
  const { N, Cin, L, Cout, K, stride, padLeft, dilation, groups } = a;
  const Lout = conv1dOutLength(L, K, stride, padLeft, a.padRight, dilation);
  if (dy.length !== N * Cout * Lout) {
    throw new Error(`conv1d backward: dy has ${dy.length} elements, expected [N, Cout, Lout] = [${N}, ${Cout}, ${Lout}]`);
  }
  const cinG = Cin / groups;
  const coutG = Cout / groups;
  // Scatter is the readable form; a GPU kernel without float atomics gathers instead, one invocation per
  // output element: dx[n,ci,l] sums over co in ci's group and k with (l + padLeft - k*dilation) = o*stride for
  // an integer o in [0, Lout); dw[co,cl,k] sums over n and o; db[co] over n and o. Same sums, in another order.
  const dx = new Float64Array(N * Cin * L);
  const dw = new Float64Array(Cout * cinG * K);
  const db = new Float64Array(Cout);
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Cout; co++) {
      const g = Math.floor(co / coutG);
      for (let o = 0; o < Lout; o++) {
        const d = dy[(n * Cout + co) * Lout + o];
        db[co] += d;
        for (let cl = 0; cl < cinG; cl++) {
          const ci = g * cinG + cl;
          for (let k = 0; k < K; k++) {
            const l = o * stride - padLeft + k * dilation;
            if (l < 0 || l >= L) continue;
            const xi = (n * Cin + ci) * L + l;
            const wi = (co * cinG + cl) * K + k;
            dw[wi] += d * a.x[xi];
            dx[xi] += d * a.w[wi];
          }
        }
      }
    }
  }
  return { dx, dw, db };
}

/** Float32 boundary of conv1dBackward64. */
export function conv1dBackward(a: Conv1dArgs, dy: RealArray): Conv1dGrads {
  const g = conv1dBackward64(a, dy);
  return { dx: Float32Array.from(g.dx), dw: Float32Array.from(g.dw), db: Float32Array.from(g.db) };
}
