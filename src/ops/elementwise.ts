// Elementwise ops: binary with NumPy broadcasting, and unary activations, with their backward rules. A number
// operand (`mul(x, 2)`, mean's divisor) is not uploaded as a tensor: it travels in the kernel's arguments
// (binaryScalar), so a training loop creates no buffer per scalar.
// Twins: backends/cpu/elementwise.ts, shaders/elementwise/*.wgsl, backends/webgpu/elementwise.ts.
import { Tensor } from '../tensor.ts';
import { record } from '../autograd/tape.ts';
import type { BinaryOp, UnaryOp } from '../kernels/index.ts';
import { broadcastShapes, broadcastView, empty, requireFloat, sameDevice, sameShape } from './util.ts';
import { ArgumentError, describeValue } from '../errors.ts';
import { reshape } from './shape.ts';
import { sumTo } from './reduce.ts';

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

/** Raw tensor-number kernel call, no autograd: op(x, s), or op(s, x) when scalarFirst. */
export function scalarRaw(op: BinaryOp, x: Tensor, s: number, scalarFirst = false): Tensor {
  const device = sameDevice(op, x);
  requireFloat(op, x);
  const out = empty(device, x.shape);
  device.backend.run('binaryScalar', { op, x: x.storage, scalar: s, scalarFirst, out: out.storage });
  return out;
}

function checkOperand(op: string, which: 'first' | 'second', v: unknown): void {
  if (!(v instanceof Tensor) && typeof v !== 'number') {
    throw new ArgumentError(`${op}: the ${which} operand must be a Tensor or a number, got ${describeValue(v)}`);
  }
}

/** Gradient of op(x, s) (or op(s, x) when scalarFirst) with respect to the tensor x. */
type ScalarRule = (g: Tensor, x: Tensor, s: number, scalarFirst: boolean, out: Tensor) => Tensor;

function binary(
  op: BinaryOp,
  aIn: Tensor | number,
  bIn: Tensor | number,
  rule: (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null],
  scalarRule: ScalarRule,
): Tensor {
  checkOperand(op, 'first', aIn);
  checkOperand(op, 'second', bIn);
  if (!(aIn instanceof Tensor) && !(bIn instanceof Tensor)) {
    throw new ArgumentError(`${op}: at least one operand must be a Tensor, got two numbers (${aIn} and ${bIn})`);
  }
  if (!(aIn instanceof Tensor) || !(bIn instanceof Tensor)) {
    const scalarFirst = !(aIn instanceof Tensor);
    const x = (scalarFirst ? bIn : aIn) as Tensor;
    const s = (scalarFirst ? aIn : bIn) as number;
    const out = scalarRaw(op, x, s, scalarFirst);
    record(op, [x], [out], ([g]) => [scalarRule(g!, x, s, scalarFirst, out)]);
    return out;
  }
  const a = aIn;
  const b = bIn;
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

/** f32 as the scalar is stored by the kernel: backward rules that do host arithmetic on it start from this value. */
const f32 = Math.fround;

export const add = (a: Tensor | number, b: Tensor | number): Tensor => binary('add', a, b, (g) => [g, g], (g) => g);
export const sub = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('sub', a, b, (g) => [g, neg(g)], (g, _x, _s, first) => (first ? neg(g) : g));
export const mul = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('mul', a, b, (g, x, y) => [x.requiresGrad ? mul(g, y) : null, y.requiresGrad ? mul(g, x) : null], (g, _x, s) => mul(g, s));
export const div = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('div', a, b, (g, x, y, out) => [
    x.requiresGrad ? div(g, y) : null,
    // d(x/y)/dy = -x/y^2 = -out/y
    y.requiresGrad ? neg(div(mul(g, out), y)) : null,
  ], (g, x, s, first, out) => (first ? neg(div(mul(g, out), x)) : div(g, s)));
export const pow = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('pow', a, b, (g, x, y, out) => [
    x.requiresGrad ? mul(g, mul(y, binaryRaw('pow', x, sub(y, 1)))) : null,
    y.requiresGrad ? mul(g, mul(out, log(x))) : null,
  ], (g, x, s, first, out) =>
    // d(s^x)/dx = s^x log s; d(x^s)/dx = s x^(s-1)
    first ? mul(g, mul(out, f32(Math.log(f32(s))))) : mul(g, mul(scalarRaw('pow', x, f32(s) - 1), s)));
export const maximum = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('maximum', a, b, (g, x, y) => {
    const m = binaryRaw('ge', x, y); // ties send the gradient to the first operand, as torch.maximum's subgradient choice
    return [mul(g, m), mul(g, sub(1, m))];
  }, (g, x, s, first) => (first ? mul(g, sub(1, scalarRaw('ge', x, s, true))) : mul(g, scalarRaw('ge', x, s))));
export const minimum = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary('minimum', a, b, (g, x, y) => {
    const m = binaryRaw('le', x, y);
    return [mul(g, m), mul(g, sub(1, m))];
  }, (g, x, s, first) => (first ? mul(g, sub(1, scalarRaw('le', x, s, true))) : mul(g, scalarRaw('le', x, s))));

/** Comparisons return float32 masks (1 where true, 0 where false) and carry no gradient. */
function compare(op: BinaryOp, a: Tensor, b: Tensor | number): Tensor {
  if (!(a instanceof Tensor)) throw new ArgumentError(`${op}: the first operand must be a Tensor, got ${describeValue(a)}`);
  checkOperand(op, 'second', b);
  return b instanceof Tensor ? binaryRaw(op, a, b) : scalarRaw(op, a, b);
}
export const eq = (a: Tensor, b: Tensor | number): Tensor => compare('eq', a, b);
export const ne = (a: Tensor, b: Tensor | number): Tensor => compare('ne', a, b);
export const gt = (a: Tensor, b: Tensor | number): Tensor => compare('gt', a, b);
export const ge = (a: Tensor, b: Tensor | number): Tensor => compare('ge', a, b);
export const lt = (a: Tensor, b: Tensor | number): Tensor => compare('lt', a, b);
export const le = (a: Tensor, b: Tensor | number): Tensor => compare('le', a, b);

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
