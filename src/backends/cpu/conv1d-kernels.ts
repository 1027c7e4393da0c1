// CPU kernel table of the conv1d family: binds the kernel names in kernels/conv1d.ts to the reference functions
// in backends/cpu/conv1d.ts and pool1d.ts. The CPU has one rung, so the conv1d `variant` is ignored here.
// Twin: backends/webgpu/conv1d.ts.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { Conv1dGeometry, Conv1dKernelArgs, Pool1dGeometry } from '../../kernels/conv1d.ts';
import { type Conv1dArgs, conv1dBackward, conv1dForward } from './conv1d.ts';
import { type Pool1dArgs, avgPool1dBackward, avgPool1dForward, maxPool1dBackward, maxPool1dForward } from './pool1d.ts';
import { arr } from './storage.ts';
import type { Storage } from '../../backend.ts';

function convArgs(g: Conv1dGeometry, x: Storage | null, w: Storage | null, b: Storage | null): Conv1dArgs {
  const cinG = g.Cin / g.groups;
  // A gradient kernel lacks one operand; zeros of the right size stand in (the reference validates sizes).
  const f32 = (s: Storage | null, n: number): Float32Array => (s ? (arr(s) as Float32Array) : new Float32Array(n));
  return {
    x: f32(x, g.N * g.Cin * g.L), w: f32(w, g.Cout * cinG * g.K), b: b ? (arr(b) as Float32Array) : null,
    N: g.N, Cin: g.Cin, L: g.L, Cout: g.Cout, K: g.K, stride: g.stride, padLeft: g.padLeft, padRight: g.padRight,
    dilation: g.dilation, groups: g.groups,
  };
}

function poolArgs(g: Pool1dGeometry, x: Storage | null): Pool1dArgs {
  const xs = x ? (arr(x) as Float32Array) : new Float32Array(g.N * g.C * g.L);
  return { x: xs, N: g.N, C: g.C, L: g.L, kernel: g.kernel, stride: g.stride, padding: g.padding };
}

export const conv1dCpuKernels: KernelTableOf<Conv1dKernelArgs> = {
  conv1d(a) {
    arr(a.y).set(conv1dForward(convArgs(a, a.x, a.w, a.b)));
  },
  conv1dBackwardInput(a) {
    arr(a.dx).set(conv1dBackward(convArgs(a, null, a.w, null), arr(a.dy) as Float32Array).dx);
  },
  conv1dBackwardWeight(a) {
    arr(a.dw).set(conv1dBackward(convArgs(a, a.x, null, null), arr(a.dy) as Float32Array).dw);
  },
  conv1dBackwardBias(a) {
    arr(a.db).set(conv1dBackward(convArgs(a, null, null, null), arr(a.dy) as Float32Array).db);
  },
  maxPool1d(a) {
    const r = maxPool1dForward(poolArgs(a, a.x));
    arr(a.y).set(r.y);
    arr(a.indices).set(r.indices);
  },
  maxPool1dBackward(a) {
    arr(a.dx).set(maxPool1dBackward(poolArgs(a, null), arr(a.dy) as Float32Array, arr(a.indices) as Int32Array));
  },
  avgPool1d(a) {
    arr(a.y).set(avgPool1dForward(poolArgs(a, a.x)));
  },
  avgPool1dBackward(a) {
    arr(a.dx).set(avgPool1dBackward(poolArgs(a, null), arr(a.dy) as Float32Array));
  },
};
