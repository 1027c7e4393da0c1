// conv1d with PyTorch semantics (stride, padding number | 'valid' | 'same', dilation, groups) plus `causal`
// (left padding only, for temporal convolutional networks), and its backward rule (dx, dw, db kernels).
// Twins: backends/cpu/conv1d.ts (reference and padding rules), shaders/conv1d/*.wgsl, backends/webgpu/conv1d.ts.
import type { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import { fmtShape } from '../dtype.ts';
import type { Conv1dGeometry, Conv1dVariant } from '../kernels/conv1d.ts';
import { type Conv1dPadding, conv1dOutLength, resolveConv1dPadding } from '../backends/cpu/conv1d.ts';
import { empty, requireFloat, sameDevice } from './util.ts';
import { ArgumentError, ShapeError } from '../errors.ts';

export type { Conv1dPadding, Conv1dVariant };

export interface Conv1dOptions {
  stride?: number;
  /** Zeros added on both sides (number), none ('valid'), or enough to keep the length ('same', stride 1). */
  padding?: Conv1dPadding;
  dilation?: number;
  groups?: number;
  /** Pad (K-1)*dilation on the left only, so output t sees inputs <= t. */
  causal?: boolean;
  /** Force a WebGPU forward rung; 'auto' (default) picks by shape. Ignored by the CPU backend. */
  variant?: Conv1dVariant | 'auto';
}

/** x [N, Cin, L], weight [Cout, Cin/groups, K], bias [Cout] or null -> [N, Cout, Lout]. */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv1dOptions = {}): Tensor {
  const device = bias ? sameDevice('conv1d', x, weight, bias) : sameDevice('conv1d', x, weight);
  requireFloat('conv1d', ...(bias ? [x, weight, bias] : [x, weight]));
  if (x.ndim !== 3) throw new ShapeError(`conv1d: input must be [N, Cin, L], got ${fmtShape(x.shape)}`);
  if (weight.ndim !== 3) throw new ShapeError(`conv1d: weight must be [Cout, Cin/groups, K], got ${fmtShape(weight.shape)}`);
  const [N, Cin, L] = x.shape;
  const [Cout, cinG, K] = weight.shape;
  const stride = options.stride ?? 1;
  const dilation = options.dilation ?? 1;
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ArgumentError(`conv1d: groups must be an integer >= 1, got ${groups}`);
  if (Cin % groups !== 0) throw new ShapeError(`conv1d: in channels ${Cin} (input ${fmtShape(x.shape)}) are not divisible by groups ${groups}`);
  if (Cout % groups !== 0) throw new ShapeError(`conv1d: out channels ${Cout} (weight ${fmtShape(weight.shape)}) are not divisible by groups ${groups}`);
  if (cinG !== Cin / groups) {
    throw new ShapeError(`conv1d: weight ${fmtShape(weight.shape)} expects ${cinG} input channels per group, input ${fmtShape(x.shape)} with groups ${groups} has ${Cin / groups}`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== Cout)) throw new ShapeError(`conv1d: bias must be [${Cout}], got ${fmtShape(bias.shape)}`);
  const { padLeft, padRight } = resolveConv1dPadding(options.padding ?? 0, options.causal ?? false, K, dilation, stride);
  const span = dilation * (K - 1) + 1;
  if (span > L + padLeft + padRight) {
    throw new ShapeError(`conv1d: kernel spans ${span} positions (K=${K}, dilation=${dilation}) but the padded input has only ${L + padLeft + padRight} (L=${L} + padding ${padLeft}+${padRight})`);
  }
  if (N < 1 || Cin < 1 || L < 1 || Cout < 1) throw new ShapeError(`conv1d: empty input ${fmtShape(x.shape)} or weight ${fmtShape(weight.shape)}`);
  const Lout = conv1dOutLength(L, K, stride, padLeft, padRight, dilation);
  const geo: Conv1dGeometry = { N, Cin, L, Cout, K, Lout, stride, padLeft, padRight, dilation, groups };
  const y = empty(device, [N, Cout, Lout]);
  device.backend.run('conv1d', {
    ...geo, x: x.storage, w: weight.storage, b: bias ? bias.storage : null, y: y.storage, variant: options.variant ?? 'auto',
  });
  const inputs = bias ? [x, weight, bias] : [x, weight];
  record('conv1d', inputs, [y], ([g]) => {
    const dy = g!;
    let dx: Tensor | null = null;
    let dw: Tensor | null = null;
    let db: Tensor | null = null;
    if (x.requiresGrad) {
      dx = empty(device, x.shape);
      device.backend.run('conv1dBackwardInput', { ...geo, dy: dy.storage, w: weight.storage, dx: dx.storage });
    }
    if (weight.requiresGrad) {
      dw = empty(device, weight.shape);
      device.backend.run('conv1dBackwardWeight', { ...geo, dy: dy.storage, x: x.storage, dw: dw.storage });
    }
    if (bias?.requiresGrad) {
      db = empty(device, [Cout]);
      device.backend.run('conv1dBackwardBias', { ...geo, dy: dy.storage, db: db.storage });
    }
    return bias ? [dx, dw, db] : [dx, dw];
  });
  return y;
}
