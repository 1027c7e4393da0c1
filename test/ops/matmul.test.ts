// matmul on every backend and every WebGPU rung (naive, tiled, blocked): 2-D, batched, broadcast
// batch dims, transposed operands, ragged edges that do not fill a tile, skinny RNN-like shapes.
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';

const variants = ['naive', 'tiled', 'blocked', 'auto'] as const;
const shapes: { name: string; a: number[]; b: number[]; tA?: boolean; tB?: boolean; fd?: boolean }[] = [
  { name: '2-D 3x4 @ 4x5', a: [3, 4], b: [4, 5] },
  { name: 'ragged 70x33 @ 33x65', a: [70, 33], b: [33, 65], fd: false },
  { name: 'skinny [8,16] @ [16,64]', a: [8, 16], b: [16, 64], fd: false },
  { name: 'batched [2,3,4] @ [2,4,2]', a: [2, 3, 4], b: [2, 4, 2] },
  { name: 'broadcast batch [2,1,3,4] @ [3,4,2]', a: [2, 1, 3, 4], b: [3, 4, 2] },
  { name: 'transposeA [4,3]^T @ [4,2]', a: [4, 3], b: [4, 2], tA: true },
  { name: 'transposeB [3,4] @ [5,4]^T', a: [3, 4], b: [5, 4], tB: true },
  { name: 'both transposed, batched', a: [2, 4, 3], b: [2, 5, 4], tA: true, tB: true },
];

const cases: OpCase[] = [];
for (const v of variants) {
  for (const sh of shapes) {
    cases.push({
      name: `${v}: ${sh.name}`,
      inputs: [{ shape: sh.a }, { shape: sh.b }],
      // The options object is built from string constants so the function stays self-contained.
      run: new Function('s', 'xs', `return s.matmul(xs[0], xs[1], { transposeA: ${!!sh.tA}, transposeB: ${!!sh.tB}, variant: '${v}' });`) as OpCase['run'],
      fd: (sh.fd ?? true) && v === 'auto', // the CPU ignores the rung: differentiate once per shape
      tol: { forward: { atol: 1e-4, rtol: 1e-4 }, grad: { atol: 2e-4, rtol: 1e-3 } },
    });
  }
}
cases.push({
  name: 'hand-worked 2x2',
  inputs: [{ shape: [2, 2], values: [1, 2, 3, 4], grad: false }, { shape: [2, 2], values: [5, 6, 7, 8], grad: false }],
  run: (s, xs) => s.matmul(xs[0], xs[1]),
  expect: [[19, 22, 43, 50]],
});
cases.push({
  name: 'vector @ matrix and matrix @ vector',
  inputs: [{ shape: [3] }, { shape: [3, 2] }, { shape: [2] }],
  run: (s, xs) => [s.matmul(xs[0], xs[1]), s.matmul(xs[1], xs[2])],
});

defineOpSuite('matmul', cases);
