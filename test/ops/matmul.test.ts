// matmul on every backend and every WebGPU rung (naive, tiled, blocked, vec4, register): 2-D, batched, broadcast
// batch dims, transposed operands, ragged edges that do not fill a tile, skinny RNN-like shapes. A forced rung
// also runs the backward products (dA = g @ B^T, dB = A^T @ g), so every case's gradients test its transposed paths.
import { describe, expect, it } from 'vitest';
import { defineOpSuite, type OpCase } from '../harness/op-suite.ts';
import { type MatmulAdapter, pickMatmulVariant } from '../../src/backends/webgpu/matmul.ts';

const variants = ['naive', 'tiled', 'blocked', 'vec4', 'register', 'auto'] as const;
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

// The vec4 rung's edges (64x128 output tiles, 8-deep k-tiles, vec4 loads along each operand's contiguous axis):
// sizes 1, 3, 63/64/65, 127/128/129; K and N not multiples of 4 (scalar edge path) beside multiples of 4 (vec4 path);
// transposed operands on both paths; batched and broadcast batches. Small shapes: the software adapter is slow.
const vec4Shapes: typeof shapes = [
  { name: '1x1 @ 1x1', a: [1, 1], b: [1, 1], fd: false },
  { name: 'exact tile 64x128 @ 128x128', a: [64, 128], b: [128, 128], fd: false },
  { name: 'vec A, scalar B: 63x64 @ 64x65', a: [63, 64], b: [64, 65], fd: false },
  { name: 'scalar both: 65x63 @ 63x127', a: [65, 63], b: [63, 127], fd: false },
  { name: 'K just over a k-tile: 127x9 @ 9x129', a: [127, 9], b: [9, 129], fd: false },
  { name: 'transposeA, vec path [64,68]^T @ [64,132]', a: [64, 68], b: [64, 132], tA: true, fd: false },
  { name: 'transposeB, vec path [68,64] @ [132,64]^T', a: [68, 64], b: [132, 64], tB: true, fd: false },
  { name: 'transposeA, scalar path [33,65]^T @ [33,7]', a: [33, 65], b: [33, 7], tA: true, fd: false },
  { name: 'transposeB, scalar path [65,33] @ [7,33]^T', a: [65, 33], b: [7, 33], tB: true, fd: false },
  { name: 'both transposed, batched [3,12,20]^T @ [3,8,12]^T', a: [3, 12, 20], b: [3, 8, 12], tA: true, tB: true, fd: false },
  { name: 'broadcast batch [2,1,65,12] @ [3,12,130]', a: [2, 1, 65, 12], b: [3, 12, 130], fd: false },
  { name: 'vector @ matrix [64] @ [64,129]', a: [64], b: [64, 129], fd: false },
];
// The register rung (32x64 output tiles, 4-deep k steps, vec4 path for whole steps, scalar path for the K tail and
// unaligned layouts) runs the same edges plus vec4 paths followed by a partial k step.
const registerShapes: typeof shapes = [
  ...vec4Shapes,
  { name: 'vec paths then a k tail: [9,64]^T @ [9,132]', a: [9, 64], b: [9, 132], tA: true, fd: false },
  { name: 'vec paths then a k tail, B^T: [33,9] @ [68,9]^T', a: [33, 9], b: [68, 9], tB: true, fd: false },
];

const cases: OpCase[] = [];
// The vec4 rung's cases form their own suites: one page evaluation per suite, each well within the remote's 90 s
// limit on a loaded software adapter (each page compiles its pipelines afresh, about 10 s for the vec4 rung there).
const vec4Cases: OpCase[] = [];
const registerCases: OpCase[] = [];
for (const v of variants) {
  const own = v === 'vec4' ? vec4Cases : v === 'register' ? registerCases : cases;
  for (const sh of v === 'vec4' ? [...shapes, ...vec4Shapes] : v === 'register' ? [...shapes, ...registerShapes] : shapes) {
    own.push({
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
const third = Math.ceil(vec4Cases.length / 3);
defineOpSuite('matmul (vec4 rung)', vec4Cases.slice(0, third));
defineOpSuite('matmul (vec4 rung, edges)', vec4Cases.slice(third, 2 * third));
defineOpSuite('matmul (vec4 rung, transposed edges)', vec4Cases.slice(2 * third));
const rthird = Math.ceil(registerCases.length / 3);
defineOpSuite('matmul (register rung)', registerCases.slice(0, rthird));
defineOpSuite('matmul (register rung, edges)', registerCases.slice(rthird, 2 * rthird));
defineOpSuite('matmul (register rung, transposed edges)', registerCases.slice(2 * rthird));

// The 'auto' rule (a pure function of shape and adapter; the rungs it names are all checked above).
describe("matmul 'auto' rung pick", () => {
  const gpu: MatmulAdapter = { maxComputeWorkgroupStorageSize: 16384, maxComputeInvocationsPerWorkgroup: 256, software: false };
  const soft: MatmulAdapter = { ...gpu, software: true };
  it('skinny products stay on naive everywhere', () => {
    for (const ad of [gpu, soft, undefined]) expect(pickMatmulVariant(8, 128, 32, ad)).toBe('naive');
  });
  it('big products take vec4 on a hardware adapter, register on the software one or an unknown adapter', () => {
    for (const n of [256, 512, 2048]) {
      expect(pickMatmulVariant(n, n, n, gpu)).toBe('vec4');
      expect(pickMatmulVariant(n, n, n, soft)).toBe('register');
      expect(pickMatmulVariant(n, n, n)).toBe('register');
    }
  });
  it('on the software adapter every product past the naive threshold takes register', () => {
    for (const [m, n, k] of [[17, 17, 17], [64, 512, 128], [63, 512, 512], [512, 127, 512], [512, 512, 31]]) {
      expect(pickMatmulVariant(m!, n!, k!, soft)).toBe('register');
    }
    expect(pickMatmulVariant(16, 512, 512, soft)).toBe('naive');
  });
  it('below one 64x128 output tile or 32-deep K, or with limits under its 12 KiB, blocked', () => {
    expect(pickMatmulVariant(63, 512, 512, gpu)).toBe('blocked');
    expect(pickMatmulVariant(512, 127, 512, gpu)).toBe('blocked');
    expect(pickMatmulVariant(512, 512, 31, gpu)).toBe('blocked');
    expect(pickMatmulVariant(512, 512, 512, { ...gpu, maxComputeWorkgroupStorageSize: 8192 })).toBe('blocked');
  });
});
