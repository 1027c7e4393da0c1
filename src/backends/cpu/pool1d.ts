// MaxPool1d and AvgPool1d, CPU reference: plain loops over [N, C, L] with PyTorch's defaults (stride = kernel,
// zero padding, ceil_mode=false, avg count_include_pad=true). Twins: src/ops/pool1d.ts,
// shaders/conv1d/{max,avg}-pool.wgsl and src/backends/webgpu/conv1d.ts (pooling rides with the conv family).
// Max pooling returns argmax positions along L so the backward pass is a pure scatter.

// Float32 is what the engine stores; Float64 inputs are accepted for finite-difference tests.
export type RealArray = Float32Array | Float64Array;

export interface Pool1dArgs {
  x: RealArray; // [N, C, L]
  N: number;
  C: number;
  L: number;
  kernel: number;
  stride?: number; // default: kernel
  padding?: number; // default: 0, at most kernel/2 (PyTorch's rule)
}

interface Pool1dShape {
  stride: number;
  padding: number;
  Lout: number;
}

/** floor((L + 2*padding - kernel) / stride) + 1, PyTorch's formula with ceil_mode=false. */
export function pool1dOutLength(L: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((L + 2 * padding - kernel) / stride) + 1;
}

function resolvePool(a: Pool1dArgs, op: string): Pool1dShape {
  const stride = a.stride ?? a.kernel;
  const padding = a.padding ?? 0;
  for (const [name, v, min] of [['N', a.N, 1], ['C', a.C, 1], ['L', a.L, 1], ['kernel', a.kernel, 1], ['stride', stride, 1], ['padding', padding, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new Error(`${op}: ${name} must be an integer >= ${min}, got ${v}`);
  }
  // PyTorch refuses more padding than half the window: a window of only padding would have no input at all.
  if (padding > a.kernel / 2) throw new Error(`${op}: padding ${padding} is more than half the kernel ${a.kernel}`);
  if (a.x.length !== a.N * a.C * a.L) {
    throw new Error(`${op}: x has ${a.x.length} elements, expected [N, C, L] = [${a.N}, ${a.C}, ${a.L}]`);
  }
  const Lout = pool1dOutLength(a.L, a.kernel, stride, padding);
  if (Lout < 1) throw new Error(`${op}: kernel ${a.kernel} is longer than the padded input ${a.L + 2 * padding}`);
  return { stride, padding, Lout };
}

/**
 * y[n, c, o] = max over l in [o*stride - padding, +kernel) ∩ [0, L) of x[n, c, l]; indices holds that l.
 * Ties keep the first position and NaN wins (propagates), matching PyTorch's CPU kernel.
 */
export function maxPool1dForward(a: Pool1dArgs): { y: Float32Array; indices: Int32Array } {
  const { stride, padding, Lout } = resolvePool(a, 'maxPool1d');
  const { N, C, L, kernel } = a;
  const y = new Float32Array(N * C * Lout);
  const indices = new Int32Array(N * C * Lout);
  for (let r = 0; r < N * C; r++) {
    for (let o = 0; o < Lout; o++) {
      let best = Number.NEGATIVE_INFINITY; // padding behaves as -Infinity: it never wins
      let arg = -1;
      for (let k = 0; k < kernel; k++) {
        const l = o * stride - padding + k;
        if (l < 0 || l >= L) continue;
        const v = a.x[r * L + l];
        if (arg < 0 || v > best || Number.isNaN(v)) {
          best = v;
          arg = l;
          if (Number.isNaN(v)) break;
        }
      }
      y[r * Lout + o] = best;
      indices[r * Lout + o] = arg;
    }
  }
  return { y, indices };
}

/**
 * dx[n, c, indices[o]] += dy[n, c, o]: overlapping windows (stride < kernel) may pick one input twice, so
 * this is an accumulation. indices are positions along L within the row (PyTorch's return_indices), not flat
 * offsets, which keeps them valid for any batch/channel layout.
 */
export function maxPool1dBackward(a: Pool1dArgs, dy: RealArray, indices: Int32Array): Float32Array {
  const { Lout } = resolvePool(a, 'maxPool1d backward');
  const { N, C, L } = a;
  if (dy.length !== N * C * Lout || indices.length !== N * C * Lout) {
    throw new Error(`maxPool1d backward: dy and indices must have [N, C, Lout] = [${N}, ${C}, ${Lout}] elements`);
  }
  const dx = new Float64Array(N * C * L);
  for (let r = 0; r < N * C; r++) {
    for (let o = 0; o < Lout; o++) dx[r * L + indices[r * Lout + o]] += dy[r * Lout + o];
  }
  return Float32Array.from(dx);
}

/**
 * y = (sum of the window's real inputs) / kernel: count_include_pad=true counts padded zeros in the mean.
 * With ceil_mode=false every window lies inside the padded input, so the divisor is always the full kernel;
 * (PyTorch's divisor only shrinks for windows that run past the padding, which ceil_mode=true can create.)
 */
export function avgPool1dForward(a: Pool1dArgs): Float32Array {
  const { stride, padding, Lout } = resolvePool(a, 'avgPool1d');
  const { N, C, L, kernel } = a;
  const y = new Float32Array(N * C * Lout);
  for (let r = 0; r < N * C; r++) {
    for (let o = 0; o < Lout; o++) {
      let acc = 0;
      for (let k = 0; k < kernel; k++) {
        const l = o * stride - padding + k;
        if (l >= 0 && l < L) acc += a.x[r * L + l];
      }
      y[r * Lout + o] = acc / kernel;
    }
  }
  return y;
}

/** Each real input in a window receives dy / kernel from that window. */
export function avgPool1dBackward(a: Pool1dArgs, dy: RealArray): Float32Array {
  const { stride, padding, Lout } = resolvePool(a, 'avgPool1d backward');
  const { N, C, L, kernel } = a;
  if (dy.length !== N * C * Lout) throw new Error(`avgPool1d backward: dy must have [N, C, Lout] = [${N}, ${C}, ${Lout}] elements`);
  const dx = new Float64Array(N * C * L);
  for (let r = 0; r < N * C; r++) {
    for (let o = 0; o < Lout; o++) {
      const share = dy[r * Lout + o] / kernel;
      for (let k = 0; k < kernel; k++) {
        const l = o * stride - padding + k;
        if (l >= 0 && l < L) dx[r * L + l] += share;
      }
    }
  }
  return Float32Array.from(dx);
}
