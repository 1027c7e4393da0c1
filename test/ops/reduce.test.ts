// Reductions and softmax on every backend: axes, keepDim, multiple axes, full reductions.
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';

const cases: OpCase[] = [
  { name: 'sum all', inputs: [{ shape: [3, 4] }], run: (s, xs) => s.sum(xs[0]) },
  { name: 'sum axis 1 keepDim', inputs: [{ shape: [2, 3, 4] }], run: (s, xs) => s.sum(xs[0], 1, true) },
  { name: 'sum axes [0,2]', inputs: [{ shape: [2, 3, 4] }], run: (s, xs) => s.sum(xs[0], [0, 2]) },
  { name: 'mean axis -1', inputs: [{ shape: [3, 5] }], run: (s, xs) => s.mean(xs[0], -1) },
  { name: 'max axis 0', inputs: [{ shape: [4, 3] }], run: (s, xs) => s.max(xs[0], 0) },
  { name: 'min all', inputs: [{ shape: [2, 5] }], run: (s, xs) => s.min(xs[0]) },
  { name: 'long axis (300)', inputs: [{ shape: [2, 300] }], run: (s, xs) => s.sum(xs[0], 1), fd: false },
  { name: 'softmax', inputs: [{ shape: [3, 4] }], run: (s, xs) => s.softmax(xs[0], -1) },
  { name: 'logSoftmax axis 0', inputs: [{ shape: [4, 3] }], run: (s, xs) => s.logSoftmax(xs[0], 0) },
  {
    name: 'hand-worked: sum and max',
    inputs: [{ shape: [2, 3], values: [1, 5, 2, -1, 0, 7], grad: false }],
    run: (s, xs) => [s.sum(xs[0], 1), s.max(xs[0], 1), s.mean(xs[0])],
    expect: [[8, 6], [5, 7], [14 / 6]],
  },
  {
    name: 'softmax of large logits does not overflow',
    inputs: [{ shape: [1, 3], values: [1000, 1001, 1002], grad: false }],
    run: (s, xs) => s.softmax(xs[0]),
    expect: [[0.09003057317038046, 0.24472847105479767, 0.6652409557748219]],
  },
];

defineOpSuite('reduce', cases);
