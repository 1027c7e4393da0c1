// The op suite <gpu-cpu-check> runs in the visitor's browser: one list of small cases covering every op family
// (elementwise, reductions, softmax, matmul on each kernel rung, shape ops, losses, a training step), each run on
// WebGPU and on the CPU reference with the same inputs, outputs and gradients compared with the one tolerance
// table. Shapes are small on purpose: a software adapter (SwiftShader) runs at ~0.1 GFLOP/s.
// Twin of the Node suites in test/ops/*.test.ts (which check far more shapes); this list is the in-page digest.
import type * as Seqgpu from '../../index.ts';
import type { Tensor } from '../../tensor.ts';
import { TOL, type Tolerance } from '../../tolerances.ts';

export type SeqgpuModule = typeof Seqgpu;
export type CheckFamily = 'elementwise' | 'reduction' | 'softmax' | 'matmul' | 'shape' | 'loss' | 'training';

export interface CheckInput {
  shape: number[];
  /** Explicit values; otherwise drawn from the case's seeded generator. */
  values?: number[];
  dtype?: 'float32' | 'int32';
  /** Backpropagate into this input (default: float inputs without explicit values). */
  grad?: boolean;
  /** Draw from [0.2, 2) (for log, sqrt, denominators) instead of ±[0.25, 1.75). */
  positive?: boolean;
  /** int32 inputs: integers in [0, intMax). */
  intMax?: number;
}

export interface CheckCase {
  name: string;
  family: CheckFamily;
  inputs: CheckInput[];
  /** Builds the op on whichever device the inputs live on. Must be synchronous (it runs inside a scope). */
  run: (sg: SeqgpuModule, xs: Tensor[]) => Tensor | Tensor[];
  /** Per-case tolerance where the reduction length makes the default too tight (matmul: K-term sums). */
  tol?: { forward?: Tolerance; grad?: Tolerance };
}

/** Matmul sums K products per output: the Node suite (test/ops/matmul.test.ts) uses these same bounds. */
const MATMUL_TOL = { forward: { atol: 1e-4, rtol: 1e-4 }, grad: { atol: 2e-4, rtol: 1e-3 } } as const;

const unary = (name: keyof SeqgpuModule & string, positive = false): CheckCase => ({
  name,
  family: 'elementwise',
  inputs: [{ shape: [4, 6], positive }],
  run: (sg, [x]) => (sg[name] as (t: Tensor) => Tensor)(x),
});

const rungs = ['naive', 'tiled', 'blocked', 'vec4'] as const;

/** The default suite: ~40 cases, a few seconds on a software adapter, well under one on a real GPU. */
export function defaultCases(): CheckCase[] {
  const cases: CheckCase[] = [
    { name: 'add (broadcast [4,6] + [6])', family: 'elementwise', inputs: [{ shape: [4, 6] }, { shape: [6] }], run: (sg, [a, b]) => sg.add(a, b) },
    { name: 'sub', family: 'elementwise', inputs: [{ shape: [4, 6] }, { shape: [4, 6] }], run: (sg, [a, b]) => sg.sub(a, b) },
    { name: 'mul (broadcast [4,1] * [1,6])', family: 'elementwise', inputs: [{ shape: [4, 1] }, { shape: [1, 6] }], run: (sg, [a, b]) => sg.mul(a, b) },
    { name: 'div', family: 'elementwise', inputs: [{ shape: [4, 6] }, { shape: [4, 6], positive: true }], run: (sg, [a, b]) => sg.div(a, b) },
    unary('neg'),
    unary('exp'),
    unary('log', true),
    unary('sqrt', true),
    unary('abs'),
    unary('tanh'),
    unary('sigmoid'),
    unary('relu'),
    unary('gelu'),
    { name: 'sum (all)', family: 'reduction', inputs: [{ shape: [5, 7] }], run: (sg, [x]) => sg.sum(x) },
    { name: 'sum (axis 1, keepDim)', family: 'reduction', inputs: [{ shape: [5, 7] }], run: (sg, [x]) => sg.sum(x, 1, true) },
    { name: 'mean (axis 0)', family: 'reduction', inputs: [{ shape: [5, 7] }], run: (sg, [x]) => sg.mean(x, 0) },
    { name: 'max (axis -1)', family: 'reduction', inputs: [{ shape: [5, 7] }], run: (sg, [x]) => sg.max(x, -1) },
    { name: 'min (axes [0, 2])', family: 'reduction', inputs: [{ shape: [3, 4, 5] }], run: (sg, [x]) => sg.min(x, [0, 2]) },
    { name: 'softmax (last axis)', family: 'softmax', inputs: [{ shape: [4, 9] }], run: (sg, [x]) => sg.softmax(x, -1) },
    { name: 'softmax (axis 0)', family: 'softmax', inputs: [{ shape: [6, 5] }], run: (sg, [x]) => sg.softmax(x, 0) },
    { name: 'logSoftmax', family: 'softmax', inputs: [{ shape: [4, 9] }], run: (sg, [x]) => sg.logSoftmax(x, -1) },
  ];
  // Each rung of the matmul ladder, forced, on a ragged shape (edges that do not fill a tile) and a batched,
  // transposed one. The CPU ignores the rung, so each row checks one WebGPU kernel against the reference.
  for (const v of rungs) {
    cases.push({
      name: `matmul ${v}: [9,17] @ [17,13]`,
      family: 'matmul',
      inputs: [{ shape: [9, 17] }, { shape: [17, 13] }],
      run: new Function('sg', 'xs', `return sg.matmul(xs[0], xs[1], { variant: '${v}' });`) as CheckCase['run'],
      tol: MATMUL_TOL,
    });
    cases.push({
      name: `matmul ${v}: batched [2,5,8] @ [2,6,8]^T`,
      family: 'matmul',
      inputs: [{ shape: [2, 5, 8] }, { shape: [2, 6, 8] }],
      run: new Function('sg', 'xs', `return sg.matmul(xs[0], xs[1], { transposeB: true, variant: '${v}' });`) as CheckCase['run'],
      tol: MATMUL_TOL,
    });
  }
  cases.push(
    { name: 'reshape + transpose', family: 'shape', inputs: [{ shape: [2, 3, 4] }], run: (sg, [x]) => sg.transpose(sg.reshape(x, [6, 4]), 0, 1) },
    { name: 'permute [2,0,1]', family: 'shape', inputs: [{ shape: [2, 3, 4] }], run: (sg, [x]) => sg.permute(x, [2, 0, 1]) },
    { name: 'slice', family: 'shape', inputs: [{ shape: [5, 6] }], run: (sg, [x]) => sg.slice(x, [1, 2], [3, -1]) },
    { name: 'concat (axis 1)', family: 'shape', inputs: [{ shape: [3, 2] }, { shape: [3, 4] }], run: (sg, [a, b]) => sg.concat([a, b], 1) },
    { name: 'stack', family: 'shape', inputs: [{ shape: [3, 4] }, { shape: [3, 4] }], run: (sg, [a, b]) => sg.stack([a, b], 1) },
    {
      name: 'gather (axis 0)',
      family: 'shape',
      inputs: [{ shape: [6, 4] }, { shape: [5], dtype: 'int32', values: [0, 5, 2, 2, 3] }],
      run: (sg, [x, i]) => sg.gather(x, i, 0),
    },
    {
      name: 'where',
      family: 'shape',
      inputs: [{ shape: [4, 5] }, { shape: [4, 5] }, { shape: [4, 5] }],
      run: (sg, [c, a, b]) => sg.where(sg.gt(c, 0), a, b),
    },
    { name: 'mseLoss', family: 'loss', inputs: [{ shape: [8, 3] }, { shape: [8, 3], grad: false }], run: (sg, [p, t]) => sg.mseLoss(p, t) },
    {
      name: 'crossEntropy',
      family: 'loss',
      inputs: [{ shape: [6, 5] }, { shape: [6], dtype: 'int32', values: [0, 4, 2, 1, 3, 2] }],
      run: (sg, [x, t]) => sg.crossEntropy(x, t),
    },
    {
      name: 'crossEntropy (ignoreIndex)',
      family: 'loss',
      inputs: [{ shape: [6, 5] }, { shape: [6], dtype: 'int32', values: [0, -1, 2, 1, -1, 4] }],
      run: (sg, [x, t]) => sg.crossEntropy(x, t, { ignoreIndex: -1 }),
    },
    {
      name: 'nllLoss (sum)',
      family: 'loss',
      inputs: [{ shape: [6, 5] }, { shape: [6], dtype: 'int32', values: [1, 1, 0, 4, 3, 2] }],
      run: (sg, [x, t]) => sg.nllLoss(sg.logSoftmax(x, -1), t, { reduction: 'sum' }),
    },
    {
      // A whole MLP forward and backward: Linear -> tanh -> Linear -> MSE, gradients of every weight.
      name: 'MLP step: x W1^T + b1 -> tanh -> W2 -> mse',
      family: 'training',
      inputs: [{ shape: [8, 4], grad: false }, { shape: [16, 4] }, { shape: [16] }, { shape: [2, 16] }, { shape: [8, 2], grad: false }],
      run: (sg, [x, w1, b1, w2, y]) => {
        const h = sg.tanh(sg.add(sg.matmul(x, w1, { transposeB: true }), b1));
        return sg.mseLoss(sg.matmul(h, w2, { transposeB: true }), y);
      },
      tol: MATMUL_TOL,
    },
  );
  return cases;
}

/** The tolerance a case is judged by, forward and gradient. */
export function toleranceFor(c: CheckCase): { forward: Tolerance; grad: Tolerance } {
  return { forward: c.tol?.forward ?? TOL.forward, grad: c.tol?.grad ?? TOL.grad };
}
