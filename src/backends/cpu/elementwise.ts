// Reference elementwise kernels: the definitions the WGSL in shaders/elementwise/ must match.
// Twins: ops/elementwise.ts, shaders/elementwise/*.wgsl.
import type { BinaryOp, KernelArgs, UnaryOp } from '../../kernels/index.ts';
import { arr, dot, forEachIndex } from './storage.ts';

/** erf by Abramowitz-Stegun 7.1.26 (JavaScript has no Math.erf): absolute error < 1.5e-7; the WGSL uses the same formula. */
export function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

export function unaryFn(op: UnaryOp): (x: number) => number {
  switch (op) {
    case 'neg': return (x) => -x;
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'sqrt': return Math.sqrt;
    case 'abs': return Math.abs;
    case 'tanh': return Math.tanh;
    case 'sigmoid': return (x) => 1 / (1 + Math.exp(-x));
    case 'relu': return (x) => (x > 0 ? x : 0);
    // GELU(x) = x * Phi(x), Phi the standard normal CDF.
    case 'gelu': return (x) => 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'sign': return (x) => Math.sign(x);
    case 'step': return (x) => (x > 0 ? 1 : 0);
    // d/dx [x Phi(x)] = Phi(x) + x phi(x)
    case 'geluGrad': return (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
    case 'square': return (x) => x * x;
    case 'reciprocal': return (x) => 1 / x;
    default:
      op satisfies never;
      throw new Error(`unknown unary op ${String(op)}`);
  }
}

export function binaryFn(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'maximum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
    case 'minimum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));
    case 'pow': return Math.pow;
    case 'eq': return (a, b) => (a === b ? 1 : 0);
    case 'ne': return (a, b) => (a !== b ? 1 : 0);
    case 'gt': return (a, b) => (a > b ? 1 : 0);
    case 'ge': return (a, b) => (a >= b ? 1 : 0);
    case 'lt': return (a, b) => (a < b ? 1 : 0);
    case 'le': return (a, b) => (a <= b ? 1 : 0);
    default:
      op satisfies never;
      throw new Error(`unknown binary op ${String(op)}`);
  }
}

export function unary({ op, x, out }: KernelArgs['unary']): void {
  const f = unaryFn(op);
  const xs = arr(x);
  const o = arr(out);
  for (let i = 0; i < o.length; i++) o[i] = f(xs[i]);
}

export function binary({ op, a, b, out, outShape }: KernelArgs['binary']): void {
  const f = binaryFn(op);
  const as = arr(a.storage);
  const bs = arr(b.storage);
  const o = arr(out);
  forEachIndex(outShape, (i, idx) => {
    o[i] = f(as[dot(idx, a.strides, a.offset)], bs[dot(idx, b.strides, b.offset)]);
  });
}

/** The scalar is rounded to float32 once, as the one-element tensor it replaces was stored. */
export function binaryScalar({ op, x, scalar, scalarFirst, out }: KernelArgs['binaryScalar']): void {
  const f = binaryFn(op);
  const s = Math.fround(scalar);
  const xs = arr(x);
  const o = arr(out);
  if (scalarFirst) for (let i = 0; i < o.length; i++) o[i] = f(s, xs[i]);
  else for (let i = 0; i < o.length; i++) o[i] = f(xs[i], s);
}

export function where({ cond, a, b, out, outShape }: KernelArgs['where']): void {
  const cs = arr(cond.storage);
  const as = arr(a.storage);
  const bs = arr(b.storage);
  const o = arr(out);
  forEachIndex(outShape, (i, idx) => {
    o[i] = cs[dot(idx, cond.strides, cond.offset)] !== 0 ? as[dot(idx, a.strides, a.offset)] : bs[dot(idx, b.strides, b.offset)];
  });
}

export function fill({ out, value }: KernelArgs['fill']): void {
  arr(out).fill(value);
}

export function cast({ x, out }: KernelArgs['cast']): void {
  const xs = arr(x);
  const o = arr(out);
  // Int32Array assignment truncates toward zero, Float32Array rounds to nearest: as PyTorch's casts.
  for (let i = 0; i < o.length; i++) o[i] = out.dtype === 'int32' ? Math.trunc(xs[i]) : xs[i];
}
