// Shape ops on every backend: reshape, permute/transpose, slice, concat, stack, gather.
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';

const cases: OpCase[] = [
  { name: 'reshape', inputs: [{ shape: [2, 6] }], run: (s, xs) => s.mul(s.reshape(xs[0], [3, -1]), 2) },
  { name: 'transpose', inputs: [{ shape: [3, 4] }], run: (s, xs) => s.transpose(xs[0]) },
  { name: 'permute [2,0,1]', inputs: [{ shape: [2, 3, 4] }], run: (s, xs) => s.permute(xs[0], [2, 0, 1]) },
  { name: 'slice', inputs: [{ shape: [4, 5] }], run: (s, xs) => s.slice(xs[0], [1, 2], [2, -1]) },
  { name: 'concat axis 1', inputs: [{ shape: [2, 3] }, { shape: [2, 2] }], run: (s, xs) => s.concat([xs[0], xs[1]], 1) },
  { name: 'stack axis 0', inputs: [{ shape: [3] }, { shape: [3] }], run: (s, xs) => s.stack([xs[0], xs[1]], 0) },
  {
    name: 'gather rows (embedding lookup, repeated indices)',
    inputs: [{ shape: [5, 3] }, { shape: [4], dtype: 'int32', values: [4, 0, 4, 2] }],
    run: (s, xs) => s.gather(xs[0], xs[1], 0),
  },
  {
    name: 'gather axis 1 with 2-D index',
    inputs: [{ shape: [2, 4] }, { shape: [2, 2], dtype: 'int32', values: [3, 1, 0, 3] }],
    run: (s, xs) => s.gather(xs[0], xs[1], 1),
  },
  {
    name: 'hand-worked: permute and slice',
    inputs: [{ shape: [2, 3], values: [1, 2, 3, 4, 5, 6], grad: false }],
    run: (s, xs) => [s.transpose(xs[0]), s.slice(xs[0], [0, 1], [2, 2])],
    expect: [[1, 4, 2, 5, 3, 6], [2, 3, 5, 6]],
  },
];

defineOpSuite('shape', cases);
