// Reference reductions over the middle axis of [outer, axis, inner]. Sums accumulate in float64.
// Twins: ops/reduce.ts, shaders/reduce/reduce.wgsl.
import type { KernelArgs } from '../../kernels/index.ts';
import { arr } from './storage.ts';

export function reduce({ op, x, out, outer, axis, inner }: KernelArgs['reduce']): void {
  const xs = arr(x);
  const o = arr(out);
  for (let a = 0; a < outer; a++) {
    for (let c = 0; c < inner; c++) {
      let acc = op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity;
      for (let k = 0; k < axis; k++) {
        const v = xs[(a * axis + k) * inner + c];
        if (op === 'sum') acc += v;
        else if (Number.isNaN(v) || Number.isNaN(acc)) acc = NaN; // NaN propagates, as in PyTorch
        else acc = op === 'max' ? Math.max(acc, v) : Math.min(acc, v);
      }
      o[a * inner + c] = acc;
    }
  }
}
