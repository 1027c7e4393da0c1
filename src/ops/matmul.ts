// matmul: 2-D and batched, broadcasting batch dims, with optional transposed operands (read through
// strides, never materialised). Backward: dA = g @ B^T and dB = A^T @ g, expressed with the same flags and the
// same forced rung, so a rung's transposed-operand paths are exercised by its own gradients.
// Twins: backends/cpu/matmul.ts, shaders/matmul/*.wgsl (naive, tiled, blocked, vec4, register), backends/webgpu/matmul.ts.
import { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import type { MatmulVariant } from '../kernels/index.ts';
import { fmtShape, shapeSize } from '../dtype.ts';
import { broadcastShapes, empty, requireFloat, sameDevice, sameShape } from './util.ts';
import { expandTo, reshape } from './shape.ts';
import { sumTo } from './reduce.ts';
import { ShapeError } from '../errors.ts';

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  /** Force a WebGPU kernel rung (also for the backward products); 'auto' (default) picks by shape and adapter. Ignored by the CPU backend. */
  variant?: MatmulVariant | 'auto';
}

export function matmul(aIn: Tensor, bIn: Tensor, options: MatmulOptions = {}): Tensor {
  const device = sameDevice('matmul', aIn, bIn);
  requireFloat('matmul', aIn, bIn);
  const tA = options.transposeA ?? false;
  const tB = options.transposeB ?? false;
  if (aIn.ndim === 0 || bIn.ndim === 0) throw new ShapeError(`matmul: operands must have at least 1 dimension, got ${fmtShape(aIn.shape)} and ${fmtShape(bIn.shape)}`);
  // 1-D operands are promoted as in torch.matmul and the added dim removed at the end.
  const a = aIn.ndim === 1 ? reshape(aIn, [1, aIn.shape[0]]) : aIn;
  const b = bIn.ndim === 1 ? reshape(bIn, [bIn.shape[0], 1]) : bIn;
  const [aR, aC] = a.shape.slice(-2);
  const [bR, bC] = b.shape.slice(-2);
  const [M, K] = tA ? [aC, aR] : [aR, aC];
  const [K2, N] = tB ? [bC, bR] : [bR, bC];
  if (K !== K2) {
    throw new ShapeError(
      `matmul: inner dimensions differ: ${fmtShape(aIn.shape)}${tA ? '^T' : ''} @ ${fmtShape(bIn.shape)}${tB ? '^T' : ''} (${K} vs ${K2})`,
    );
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batchShape = broadcastShapes('matmul (batch dims)', batchA, batchB);
  const batch = shapeSize(batchShape);
  // An operand whose batch is neither full nor a single matrix is materialised to the full batch.
  const fit = (t: Tensor, tb: number[]): [Tensor, number] => {
    const n = shapeSize(tb);
    if (n === 1) return [t, 0];
    if (sameShape(tb, batchShape)) return [t, t.shape[t.ndim - 1] * t.shape[t.ndim - 2]];
    const e = expandTo(t, [...batchShape, ...t.shape.slice(-2)]);
    return [e, e.shape[e.ndim - 1] * e.shape[e.ndim - 2]];
  };
  const [aF, aBatchStride] = fit(a, batchA);
  const [bF, bBatchStride] = fit(b, batchB);
  const out = empty(device, [...batchShape, M, N]);
  if (out.size > 0) {
    if (K === 0) {
      device.backend.run('fill', { out: out.storage, value: 0 });
    } else {
      device.backend.run('matmul', {
        a: aF.storage, b: bF.storage, out: out.storage, batch, M, N, K,
        aStrides: [aBatchStride, tA ? 1 : aC, tA ? aC : 1],
        bStrides: [bBatchStride, tB ? 1 : bC, tB ? bC : 1],
        variant: options.variant ?? 'auto',
      });
    }
  }
  record('matmul', [a, b], [out], ([g]) => {
    const variant = options.variant;
    const gA = !a.requiresGrad ? null : tA ? matmul(b, g!, { transposeA: tB, transposeB: true, variant }) : matmul(g!, b, { transposeB: !tB, variant });
    const gB = !b.requiresGrad ? null : tB ? matmul(g!, a, { transposeA: true, transposeB: tA, variant }) : matmul(a, g!, { transposeA: !tA, variant });
    return [gA && reshape(sumTo(gA, a.shape), [...a.shape]), gB && reshape(sumTo(gB, b.shape), [...b.shape])];
  });
  let result = out;
  if (aIn.ndim === 1) result = reshape(result, [...batchShape, N]);
  if (bIn.ndim === 1) result = reshape(result, result.shape.slice(0, -1));
  return result;
}
