// Losses on every backend: mseLoss, crossEntropy with class indices (and ignoreIndex), nllLoss.
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';

const cases: OpCase[] = [
  { name: 'mseLoss mean', inputs: [{ shape: [3, 2] }, { shape: [3, 2] }], run: (s, xs) => s.mseLoss(xs[0], xs[1]) },
  { name: 'mseLoss sum', inputs: [{ shape: [4] }, { shape: [4] }], run: (s, xs) => s.mseLoss(xs[0], xs[1], { reduction: 'sum' }) },
  {
    name: 'crossEntropy mean',
    inputs: [{ shape: [4, 5] }, { shape: [4], dtype: 'int32', values: [0, 4, 2, 2] }],
    run: (s, xs) => s.crossEntropy(xs[0], xs[1]),
  },
  {
    name: 'crossEntropy ignoreIndex',
    inputs: [{ shape: [4, 3] }, { shape: [4], dtype: 'int32', values: [1, -100, 2, -100] }],
    run: (s, xs) => s.crossEntropy(xs[0], xs[1]),
  },
  {
    name: 'nllLoss none',
    inputs: [{ shape: [3, 4] }, { shape: [3], dtype: 'int32', values: [3, 0, 1] }],
    run: (s, xs) => s.nllLoss(s.logSoftmax(xs[0], 1), xs[1], { reduction: 'none' }),
  },
  {
    name: 'hand-worked crossEntropy',
    inputs: [{ shape: [2, 3], values: [1, 2, 3, 1, 1, 1], grad: false }, { shape: [2], dtype: 'int32', values: [2, 0] }],
    run: (s, xs) => s.crossEntropy(xs[0], xs[1]),
    // row 1: log(e + e^2 + e^3) - 3 = 0.40760596; row 2: log 3 = 1.09861229; mean 0.75310912
    expect: [[0.7531091254]],
  },
];

defineOpSuite('loss', cases);
