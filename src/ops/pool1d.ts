// maxPool1d and avgPool1d over [N, C, L] with PyTorch's defaults (stride = kernel, zero padding at most
// kernel/2, ceil_mode=false, count_include_pad=true) and their backward rules.
// Twins: backends/cpu/pool1d.ts (reference), shaders/conv1d/pool1d.wgsl, backends/webgpu/conv1d.ts (glue).
import type { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import { isGradEnabled } from '../autograd/grad-mode.ts';
import { fmtShape } from '../dtype.ts';
import type { Pool1dGeometry } from '../kernels/conv1d.ts';
import { pool1dOutLength } from '../backends/cpu/pool1d.ts';
import { empty, requireFloat, sameDevice } from './util.ts';
import { ArgumentError, ShapeError } from '../errors.ts';

export interface Pool1dOptions {
  /** Default: the kernel size. */
  stride?: number;
  /** Zeros (avg) or -Infinity (max) on both sides; at most kernel/2. */
  padding?: number;
}

function geometry(op: string, x: Tensor, kernel: number, options: Pool1dOptions): Pool1dGeometry {
  sameDevice(op, x);
  requireFloat(op, x);
  if (x.ndim !== 3) throw new ShapeError(`${op}: input must be [N, C, L], got ${fmtShape(x.shape)}`);
  const [N, C, L] = x.shape;
  const stride = options.stride ?? kernel;
  const padding = options.padding ?? 0;
  for (const [name, v, min] of [['kernel', kernel, 1], ['stride', stride, 1], ['padding', padding, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new ArgumentError(`${op}: ${name} must be an integer >= ${min}, got ${v}`);
  }
  if (padding > kernel / 2) throw new ArgumentError(`${op}: padding ${padding} is more than half the kernel ${kernel}`);
  const Lout = pool1dOutLength(L, kernel, stride, padding);
  if (Lout < 1) throw new ShapeError(`${op}: kernel ${kernel} is longer than the padded input ${L + 2 * padding} (input ${fmtShape(x.shape)})`);
  return { N, C, L, Lout, kernel, stride, padding };
}

/** x [N, C, L] -> [N, C, Lout]: the maximum of each window; ties and the gradient go to the first maximum. */
export function maxPool1d(x: Tensor, kernel: number, options: Pool1dOptions = {}): Tensor {
  const geo = geometry('maxPool1d', x, kernel, options);
  const device = x.device;
  const y = empty(device, [geo.N, geo.C, geo.Lout]);
  const indices = empty(device, [geo.N, geo.C, geo.Lout], 'int32');
  device.backend.run('maxPool1d', { ...geo, x: x.storage, y: y.storage, indices: indices.storage });
  if (!isGradEnabled() || !x.requiresGrad) {
    indices.dispose(); // only the backward pass reads the argmax positions
    return y;
  }
  record('maxPool1d', [x], [y], ([g]) => {
    const dx = empty(device, x.shape);
    device.backend.run('maxPool1dBackward', { ...geo, dy: g!.storage, indices: indices.storage, dx: dx.storage });
    return [dx];
  });
  return y;
}

/** x [N, C, L] -> [N, C, Lout]: each window's sum divided by the kernel size (padded zeros count). */
export function avgPool1d(x: Tensor, kernel: number, options: Pool1dOptions = {}): Tensor {
  const geo = geometry('avgPool1d', x, kernel, options);
  const device = x.device;
  const y = empty(device, [geo.N, geo.C, geo.Lout]);
  device.backend.run('avgPool1d', { ...geo, x: x.storage, y: y.storage });
  record('avgPool1d', [x], [y], ([g]) => {
    const dx = empty(device, x.shape);
    device.backend.run('avgPool1dBackward', { ...geo, dy: g!.storage, dx: dx.storage });
    return [dx];
  });
  return y;
}
