// Reference batched matmul: the triple loop (i-k-j order), float64 accumulation, operands read through strides
// (so transposed and broadcast operands cost nothing). Twins: ops/matmul.ts, shaders/matmul/*.wgsl.
import type { KernelArgs } from '../../kernels/index.ts';
import { arr } from './storage.ts';

export function matmul({ a, b, out, batch, M, N, K, aStrides, bStrides }: KernelArgs['matmul']): void {
  const A = arr(a);
  const B = arr(b);
  const C = arr(out);
  const [aB, aR, aC] = aStrides;
  const [bB, bR, bC] = bStrides;
  // i-k-j order: the inner loop walks a row of B (contiguous unless B is transposed) and
  // accumulates a whole output row in float64 before the one rounding to float32.
  const row = new Float64Array(N);
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < M; i++) {
      row.fill(0);
      for (let k = 0; k < K; k++) {
        const aik = A[p * aB + i * aR + k * aC];
        const b0 = p * bB + k * bR;
        for (let j = 0; j < N; j++) row[j] += aik * B[b0 + j * bC];
      }
      C.set(row, (p * M + i) * N);
    }
  }
}
