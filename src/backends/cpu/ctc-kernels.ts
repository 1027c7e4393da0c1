// CPU kernel table of the ctc family: binds the kernel names in kernels/ctc.ts to the reference functions
// in backends/cpu/ctc.ts. Twin: backends/webgpu/ctc.ts.
import type { KernelTableOf } from '../../kernels/index.ts';
import type { CtcDims, CtcKernelArgs } from '../../kernels/ctc.ts';
import type { Storage } from '../../backend.ts';
import { type CtcArgs, ctcLossBackward64, ctcLossForward } from './ctc.ts';
import { arr } from './storage.ts';

function ctcArgs(d: CtcDims & { logProbs: Storage; targets: Storage; meta: Storage; zeroInfinity: boolean }): CtcArgs {
  const meta = arr(d.meta) as Int32Array; // [3, N]: offsets | inputLengths | targetLengths
  const total = d.targetsPadded ? d.N * d.S : meta.subarray(2 * d.N).reduce((a, b) => a + b, 0);
  return {
    logProbs: arr(d.logProbs) as Float32Array, T: d.T, N: d.N, C: d.C,
    // the engine stores empty targets in a 1-element placeholder; the reference wants the exact length
    targets: (arr(d.targets) as Int32Array).subarray(0, total), targetsPadded: d.targetsPadded, S: d.S,
    inputLengths: meta.subarray(d.N, 2 * d.N), targetLengths: meta.subarray(2 * d.N, 3 * d.N),
    blank: d.blank, zeroInfinity: d.zeroInfinity,
  };
}

export const ctcCpuKernels: KernelTableOf<CtcKernelArgs> = {
  ctcLoss(args) {
    const saved = ctcLossForward(ctcArgs(args));
    arr(args.losses).set(saved.losses);
    arr(args.logAlpha).set(saved.logAlpha);
    arr(args.logBeta).set(saved.logBeta);
  },
  ctcLossBackward(args) {
    // Recompute alpha/beta in float64 rather than reading the float32 copies the forward kernel stored: the
    // reference stays exact to float64, and the GPU is compared against that.
    const a = ctcArgs(args);
    const g = Float64Array.from(arr(args.gradLosses));
    arr(args.grad).set(ctcLossBackward64(a, ctcLossForward(a), g));
  },
  ctcArgmax({ x, out, rows, C }) {
    const xs = arr(x) as Float32Array;
    const o = arr(out);
    // the same rule as decode/ctc-greedy.ts ctcArgmax (not imported: decode depends on tensors, this must not)
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (xs[r * C + c] > xs[r * C + best]) best = c; // strict: first maximum wins
      o[r] = best;
    }
  },
};
