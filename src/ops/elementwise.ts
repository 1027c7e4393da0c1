// Elementwise ops: binary with NumPy broadcasting, and unary activations, with their backward rules.
// Twins: backends/cpu/elementwise.ts, shaders/elementwise/*.wgsl, backends/webgpu/elementwise.ts.
import { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import type { BinaryOp, UnaryOp } from '../kernels/index.ts';
import { broadcastShapes, broadcastView, empty, requireFloat, sameDevice, sameShape, scalarTensor } from './util.ts';
import { reshape } from './shape.ts';
import { sumTo } from './reduce.ts';

function asTensor(x: Tensor | number, like: Tensor): Tensor {
  return x instanceof Tensor ? x : scalarTensor(like.device, x, 'float32');
}

/** Raw broadcasting binary kernel call, no autograd. Comparisons return 0/1 float32. */
export function binaryRaw(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const device = sameDevice(op, a, b);
  requireFloat(op, a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = empty(device, shape);
  device.backend.run('binary', { op, a: broadcastView(a, shape), b: broadcastView(b, shape), out: out.storage, outShape: shape });
  return out;
}

export function unaryRaw(op: UnaryOp, x: Tensor): Tensor {
  const device = sameDevice(op, x);
  requireFloat(op, x);
  const out = empty(device, x.shape);
  device.backend.run('unary', { op, x: x.storage, out: out.storage });
  return out;
}

function binary(
  op: BinaryOp,
  aIn: Tensor | number,
  bIn: Tensor | number,
  rule: (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null],
): Tensor {
  const ref = aIn instanceof Tensor ? aIn : (bIn as Tensor);
  if (!(ref instanceof Tensor)) throw new Error(`${op}: at least one operand must be a Tensor`);
  const a = asTensor(aIn, ref);
  const b = asTensor(bIn, ref);
  const out = binaryRaw(op, a, b);
  record(op, [a, b], [out], ([g]) => {
    const [ga, gb] = rule(g!, a, b, out);
    // Gradients of broadcast operands are summed back to the operand's own shape.
    return [
      ga && a.requiresGrad ? reduceToShape(ga, a.shape) : null,
      gb && b.requiresGrad ? reduceToShape(gb, b.shape) : null,
    ];
  });
  return out;
}

function reduceToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  return reshape(sumTo(g, shape), [...shape]);
}

export const add = (a: Tensor | number, b: Tensor | number): Tensor => binary('add', a, b, (g) => [g, g]);
export const sub = (a: Tensor | number, b: Tensor | number): Tensor => binary('sub', a, b, (g) => [g, neg(g)]);
export const mul = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('mul', a, b, (g, x, y) => [x.requiresGrad ? mul(g, y) : null, y.requiresGrad ? mul(g, x) : null]);
export const div = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('div', a, b, (g, x, y, out) => [
    x.requiresGrad ? div(g, y) : null,
    // d(x/y)/dy = -x/y^2 = -out/y
    y.requiresGrad ? neg(div(mul(g, out), y)) : null,
  ]);
export const pow = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('pow', a, b, (g, x, y, out) => [
    x.requiresGrad ? mul(g, mul(y, binaryRaw('pow', x, sub(y, 1)))) : null,
    y.requiresGrad ? mul(g, mul(out, log(x))) : null,
  ]);
export const maximum = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('maximum', a, b, (g, x, y) => {
    const m = binaryRaw('ge', x, y); // ties send the gradient to the first operand, as torch.maximum's subgradient choice
    return [mul(g, m), mul(g, sub(1, m))];
  });
export const minimum = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('minimum', a, b, (g, x, y) => {
    const m = binaryRaw('le', x, y);
    return [mul(g, m), mul(g, sub(1, m))];
  });

/** Comparisons return float32 masks (1 where true, 0 where false) and carry no gradient. */
export const eq = (a: Tensor, b: Tensor | number): Tensor => binaryRaw('eq', a, asTensor(b, a));
export const ne = (a: Tensor, b: Tensor | number): Tensor => binaryRaw('ne', a, asTensor(b, a));
export const gt = (a: Tensor, b: Tensor | number): Tensor => binaryRaw('gt', a, asTensor(b, a));
export const ge = (a: Tensor, b: Tensor | number): Tensor => binaryRaw('ge', a, asTensor(b, a));
export const lt = (a: Tensor, b: Tensor | number): Tensor => binaryRaw('lt', a, asTensor(b, a));
export const le = (a: Tensor, b: Tensor | number): Tensor => binaryRaw('le', a, asTensor(b, a));

function unary(op: UnaryOp, x: Tensor, rule: (g: Tensor, x: Tensor, out: Tensor) => Tensor): Tensor {
  const out = unaryRaw(op, x);
  record(op, [x], [out], ([g]) => [rule(g!, x, out)]);
  return out;
}

export const neg = (x: Tensor): Tensor => unary('neg', x, (g) => neg(g));
export const exp = (x: Tensor): Tensor => unary('exp', x, (g, _x, out) => mul(g, out));
export const log = (x: Tensor): Tensor => unary('log', x, (g, x) => div(g, x));
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, (g, _x, out) => div(mul(g, 0.5), out));
export const abs = (x: Tensor): Tensor => unary('abs', x, (g, x) => mul(g, unaryRaw('sign', x)));
export const tanh = (x: Tensor): Tensor => unary('tanh', x, (g, _x, out) => mul(g, sub(1, mul(out, out))));
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x, (g, _x, out) => mul(g, mul(out, sub(1, out))));
export const relu = (x: Tensor): Tensor => unary('relu', x, (g, x) => mul(g, unaryRaw('step', x)));
/** Exact GELU, x * Phi(x), as PyTorch's default (approximate='none'). */
export const gelu = (x: Tensor): Tensor => unary('gelu', x, (g, x) => mul(g, unaryRaw('geluGrad', x)));
export const square = (x: Tensor): Tensor => unary('square', x, (g, x) => mul(g, mul(x, 2)));
