// Elementwise ops on every backend: forward, gradients vs finite differences (CPU) and vs the CPU
// reference (WebGPU), broadcasting in both directions, and hand-worked values.
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';

const unary = (['neg', 'exp', 'tanh', 'sigmoid', 'relu', 'gelu', 'abs'] as const).map(
  (op): OpCase => ({ name: op, inputs: [{ shape: [3, 5] }], run: new Function('s', 'xs', `return s.${op}(xs[0]);`) as OpCase['run'] }),
);

const cases: OpCase[] = [
  ...unary,
  { name: 'log', inputs: [{ shape: [7], positive: true }], run: (s, xs) => s.log(xs[0]) },
  { name: 'sqrt', inputs: [{ shape: [7], positive: true }], run: (s, xs) => s.sqrt(xs[0]) },
  { name: 'add broadcast [2,3,4]+[3,1]', inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1] }], run: (s, xs) => s.add(xs[0], xs[1]) },
  { name: 'sub broadcast [4]-[2,4]', inputs: [{ shape: [4] }, { shape: [2, 4] }], run: (s, xs) => s.sub(xs[0], xs[1]) },
  { name: 'mul broadcast [2,1,3]*[1,4,1]', inputs: [{ shape: [2, 1, 3] }, { shape: [1, 4, 1] }], run: (s, xs) => s.mul(xs[0], xs[1]) },
  { name: 'div', inputs: [{ shape: [3, 4] }, { shape: [4], positive: true }], run: (s, xs) => s.div(xs[0], xs[1]) },
  { name: 'pow', inputs: [{ shape: [5], positive: true }, { shape: [5], positive: true }], run: (s, xs) => s.pow(xs[0], xs[1]) },
  { name: 'maximum/minimum', inputs: [{ shape: [6] }, { shape: [6] }], run: (s, xs) => [s.maximum(xs[0], xs[1]), s.minimum(xs[0], xs[1])] },
  { name: 'scalar operands', inputs: [{ shape: [2, 2] }], run: (s, xs) => s.div(s.sub(s.mul(s.add(xs[0], 1), 3), 0.5), 2) },
  // Number operands travel in the kernel's arguments (binaryScalar), on either side of the op.
  {
    name: 'number first: 1-x, 2/x, 1.5^x, max(0.3, x), min(0.3, x), 4+x, 0.5*x',
    inputs: [{ shape: [2, 3], positive: true }],
    run: (s, xs) => [
      s.sub(1, xs[0]), s.div(2, xs[0]), s.pow(1.5, xs[0]), s.maximum(0.3, xs[0]), s.minimum(0.3, xs[0]), s.add(4, xs[0]), s.mul(0.5, xs[0]),
    ],
  },
  {
    name: 'number second: x^3, x^0.5, max(x, 0.1), min(x, -0.1), x/3',
    inputs: [{ shape: [5], positive: true }],
    run: (s, xs) => [s.pow(xs[0], 3), s.pow(xs[0], 0.5), s.maximum(xs[0], 0.1), s.minimum(xs[0], -0.1), s.div(xs[0], 3)],
  },
  {
    name: 'comparisons with a number, and hand-worked number operands',
    inputs: [{ shape: [4], values: [1, 2, 3, 4], grad: false }],
    run: (s, xs) => [s.gt(xs[0], 2), s.le(xs[0], 3), s.eq(xs[0], 4), s.sub(10, xs[0]), s.div(12, xs[0]), s.pow(2, xs[0])],
    expect: [[0, 0, 1, 1], [1, 1, 1, 0], [0, 0, 0, 1], [9, 8, 7, 6], [12, 6, 4, 3], [2, 4, 8, 16]],
  },
  {
    name: 'where',
    inputs: [{ shape: [2, 3], values: [1, 0, 1, 0, 0, 1], grad: false }, { shape: [2, 3] }, { shape: [3] }],
    run: (s, xs) => s.where(xs[0], xs[1], xs[2]),
  },
  {
    name: 'hand-worked: tanh, sigmoid, gelu at 0 and 1',
    inputs: [{ shape: [2], values: [0, 1], grad: false }],
    run: (s, xs) => [s.tanh(xs[0]), s.sigmoid(xs[0]), s.gelu(xs[0])],
    expect: [[0, 0.7615941559557649], [0.5, 0.7310585786300049], [0, 0.8413447460685429]],
  },
  {
    name: 'comparisons give 0/1 masks',
    inputs: [{ shape: [4], values: [1, 2, 3, 4], grad: false }, { shape: [4], values: [4, 2, 2, 5], grad: false }],
    run: (s, xs) => [s.eq(xs[0], xs[1]), s.gt(xs[0], xs[1]), s.le(xs[0], xs[1])],
    expect: [[0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 0, 1]],
  },
];

defineOpSuite('elementwise', cases);

// The WebGPU binary kernel's layout fast paths (binary.wgsl MODE_A / MODE_B): which views take them.
import { describe as describeModes, expect as expectModes, it as itModes } from 'vitest';
import { viewMode } from '../../src/backends/webgpu/elementwise.ts';
import type { Storage } from '../../src/backend.ts';

describeModes('binary kernel layout modes', () => {
  const s = {} as Storage;
  itModes('same layout as the output: contiguous', () => {
    expectModes(viewMode({ storage: s, offset: 0, strides: [12, 4, 1] }, [2, 3, 4])).toEqual({ mode: 1, period: 0 });
  });
  itModes('a row repeated along leading dims, and a scalar: periodic', () => {
    expectModes(viewMode({ storage: s, offset: 0, strides: [0, 0, 1] }, [2, 3, 4])).toEqual({ mode: 2, period: 4 });
    expectModes(viewMode({ storage: s, offset: 0, strides: [0, 4, 1] }, [2, 3, 4])).toEqual({ mode: 2, period: 12 });
    expectModes(viewMode({ storage: s, offset: 0, strides: [0, 0] }, [5, 6])).toEqual({ mode: 2, period: 1 });
  });
  itModes('a broadcast in the middle or a transposed view: the general strided walk', () => {
    expectModes(viewMode({ storage: s, offset: 0, strides: [0, 1, 0] }, [2, 3, 4]).mode).toBe(0);
    expectModes(viewMode({ storage: s, offset: 0, strides: [1, 3] }, [3, 4]).mode).toBe(0);
    expectModes(viewMode({ storage: s, offset: 2, strides: [4, 1] }, [3, 4]).mode).toBe(0);
  });
});
