// Kernel arguments of the conv1d op family: conv1d forward and its three gradients, max/avg pooling.
// See kernels/core.ts for conventions. Twins: backends/cpu/conv1d-kernels.ts, backends/webgpu/conv1d.ts,
// ops/conv1d.ts and ops/pool1d.ts (padding resolution, validation, autograd).
import type { Storage } from '../backend.ts';

/** 'direct': one invocation per output element; 'im2col': unfold + the matmul engine; 'auto' picks by shape. */
export type Conv1dVariant = 'direct' | 'im2col';

/** Layouts x [N, Cin, L], w [Cout, Cin/groups, K], y [N, Cout, Lout]; padding is explicit and already resolved. */
export interface Conv1dGeometry {
  N: number; Cin: number; L: number; Cout: number; K: number; Lout: number;
  stride: number; padLeft: number; padRight: number; dilation: number; groups: number;
}

export interface Pool1dGeometry {
  N: number; C: number; L: number; Lout: number; kernel: number; stride: number; padding: number;
}

export interface Conv1dKernelArgs {
  /** y = conv(x, w) + b; b null means no bias. */
  conv1d: Conv1dGeometry & { x: Storage; w: Storage; b: Storage | null; y: Storage; variant: Conv1dVariant | 'auto' };
  /** dx [N, Cin, L] from dy [N, Cout, Lout] and w (gather form: one output element per invocation). */
  conv1dBackwardInput: Conv1dGeometry & { dy: Storage; w: Storage; dx: Storage };
  /** dw [Cout, Cin/groups, K] from dy and x. */
  conv1dBackwardWeight: Conv1dGeometry & { dy: Storage; x: Storage; dw: Storage };
  /** db [Cout] = dy summed over N and Lout. */
  conv1dBackwardBias: Conv1dGeometry & { dy: Storage; db: Storage };
  /** y [N, C, Lout] window maxima; indices int32 [N, C, Lout] = winning position along L. */
  maxPool1d: Pool1dGeometry & { x: Storage; y: Storage; indices: Storage };
  /** dx [N, C, L] = sum of dy over the windows whose argmax is that position. */
  maxPool1dBackward: Pool1dGeometry & { dy: Storage; indices: Storage; dx: Storage };
  /** y = window sum / kernel (count_include_pad, as PyTorch's default). */
  avgPool1d: Pool1dGeometry & { x: Storage; y: Storage };
  avgPool1dBackward: Pool1dGeometry & { dy: Storage; dx: Storage };
}
