// Reference data movement: strided copy, gather and its adjoint index-add, one-hot.
// Twins: ops/shape.ts, ops/indexing.ts, shaders/indexing/*.wgsl.
import type { KernelArgs } from '../../kernels/index.ts';
import { arr, dot, forEachIndex } from './storage.ts';

export function copy({ src, dst, shape }: KernelArgs['copy']): void {
  const s = arr(src.storage);
  const d = arr(dst.storage);
  forEachIndex(shape, (_, idx) => {
    d[dot(idx, dst.strides, dst.offset)] = s[dot(idx, src.strides, src.offset)];
  });
}

export function gather({ x, index, out, outer, axis, inner, m }: KernelArgs['gather']): void {
  const xs = arr(x);
  const ix = arr(index);
  const o = arr(out);
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < m; j++) {
      const src = Math.min(Math.max(ix[j], 0), axis - 1); // clamp, as the GPU kernel does
      for (let c = 0; c < inner; c++) o[(a * m + j) * inner + c] = xs[(a * axis + src) * inner + c];
    }
  }
}

export function indexAdd({ g, index, out, outer, axis, inner, m }: KernelArgs['indexAdd']): void {
  const gs = arr(g);
  const ix = arr(index);
  const o = arr(out);
  // Written as "each output sums its matching rows" (not a scatter) to mirror the deterministic GPU kernel.
  for (let a = 0; a < outer; a++) {
    for (let r = 0; r < axis; r++) {
      for (let c = 0; c < inner; c++) {
        let acc = 0;
        for (let j = 0; j < m; j++) if (ix[j] === r) acc += gs[(a * m + j) * inner + c];
        o[(a * axis + r) * inner + c] = acc;
      }
    }
  }
}

export function oneHot({ labels, out, n, classes, ignoreIndex }: KernelArgs['oneHot']): void {
  const l = arr(labels);
  const o = arr(out);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) o[i * classes + c] = l[i] === c && l[i] !== ignoreIndex ? 1 : 0;
  }
}
