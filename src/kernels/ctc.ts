// Kernel arguments of the ctc op family (loss forward, loss backward, per-frame argmax for greedy decoding).
// See kernels/core.ts for conventions. Twins: backends/cpu/ctc-kernels.ts (reference bindings),
// backends/webgpu/ctc.ts (WGSL glue), ops/ctc.ts (validation, reductions, autograd).
import type { Storage } from '../backend.ts';

/** Sizes shared by the CTC kernels. Labels and lengths are already validated on the host by ops/ctc.ts. */
export interface CtcDims {
  T: number;
  N: number;
  C: number;
  /** Padded target width, or the longest target when targets are concatenated. Rows of alpha/beta are 2S+1 wide. */
  S: number;
  blank: number;
  targetsPadded: boolean;
}

export interface CtcKernelArgs {
  /**
   * logProbs float32 [T, N, C]; targets int32 (padded [N, S] or concatenated); meta int32 [3, N] holding each
   * item's target offset, input length and target length (packed into one buffer to stay under 8 bindings).
   * Writes losses float32 [N] (+Infinity for impossible alignments, 0 instead with zeroInfinity) and
   * logAlpha, logBeta float32 [N, T, 2S+1] (log 0 is -Infinity on the CPU, the NEG_INF sentinel on WebGPU).
   */
  ctcLoss: CtcDims & {
    logProbs: Storage; targets: Storage; meta: Storage;
    losses: Storage; logAlpha: Storage; logBeta: Storage;
    zeroInfinity: boolean;
  };
  /**
   * grad float32 [T, N, C] = PyTorch's CTC gradient w.r.t. logProbs times gradLosses[n] (float32 [N]);
   * 0 for frames t >= inputLength and for impossible items under zeroInfinity, NaN for impossible items otherwise.
   */
  ctcLossBackward: CtcDims & {
    logProbs: Storage; targets: Storage; meta: Storage;
    logAlpha: Storage; logBeta: Storage; gradLosses: Storage; grad: Storage;
    zeroInfinity: boolean;
  };
  /** out int32 [rows] = argmax over the last axis of x float32 [rows, C]; ties keep the lowest index. */
  ctcArgmax: { x: Storage; out: Storage; rows: number; C: number };
}
