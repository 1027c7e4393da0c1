// Reference batched matmul: the triple loop, float64 accumulation, operands read through strides
// (so transposed and broadcast operands cost nothing). Twins: ops/matmul.ts, shaders/matmul/*.wgsl.
import type { KernelArgs } from '../../kernels/index.ts';
import { arr } from './storage.ts';

export function matmul({ a, b, out, batch, M, N, K, aStrides, bStrides }: KernelArgs['matmul']): void {
  const A = arr(a);
  const B = arr(b);
  const C = arr(out);
  const [aB, aR, aC] = aStrides;
  const [bB, bR, bC] = bStrides;
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += A[p * aB + i * aR + k * aC] * B[p * bB + k * bR + j * bC];
        C[(p * M + i) * N + j] = acc;
      }
    }
  }
}
