// Reference top-k over a flattened float32 vector: value descending, ties to the lower index, NaN below every
// number, -0 equal to +0. Twins: ops/topk.ts, shaders/reduce/topk.wgsl, backends/webgpu/topk.ts.
import type { KernelArgs } from '../../kernels/index.ts';
import { arr } from './storage.ts';

/** True when (va, ia) ranks before (vb, ib). */
export function topkBefore(va: number, ia: number, vb: number, ib: number): boolean {
  const na = Number.isNaN(va);
  const nb = Number.isNaN(vb);
  if (na !== nb) return nb; // a number ranks before NaN
  if (!na && va !== vb) return va > vb;
  return ia < ib;
}

export function topk({ x, values, indices, n, k }: KernelArgs['topk']): void {
  const xs = arr(x);
  const vs = arr(values);
  const is = arr(indices);
  // k rounds over n: each picks the best element ranking after the previous pick (k <= 64 keeps this cheap).
  let pv = 0;
  let pi = -1;
  for (let r = 0; r < k; r++) {
    let bv = 0;
    let bi = -1;
    for (let i = 0; i < n; i++) {
      const v = xs[i];
      if (pi >= 0 && !topkBefore(pv, pi, v, i)) continue; // already picked (ranks at or before the previous pick)
      if (bi < 0 || topkBefore(v, i, bv, bi)) {
        bv = v;
        bi = i;
      }
    }
    vs[r] = bv;
    is[r] = bi;
    pv = bv;
    pi = bi;
  }
}
