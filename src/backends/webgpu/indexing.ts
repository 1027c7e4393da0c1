// Glue for data movement: strided copy, gather / index-add, one-hot.
// Twins: shaders/indexing/*.wgsl, backends/cpu/indexing.ts.
import type { KernelArgs } from '../../kernels/index.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import copyWgsl from '../../../shaders/indexing/copy.wgsl?raw';
import gatherWgsl from '../../../shaders/indexing/gather.wgsl?raw';
import oneHotWgsl from '../../../shaders/indexing/one-hot.wgsl?raw';

const COPY: KernelSpec = { name: 'indexing/copy', code: copyWgsl, bindings: ['read', 'write'], uniform: true };
const GATHER: KernelSpec = { name: 'indexing/gather', code: gatherWgsl, entryPoint: 'gather', bindings: ['read', 'read', 'write'], uniform: true };
const INDEX_ADD: KernelSpec = { ...GATHER, entryPoint: 'index_add' };
const ONE_HOT: KernelSpec = { name: 'indexing/one-hot', code: oneHotWgsl, bindings: ['read', 'write'], uniform: true };

export function copy(b: WebGpuBackend, { src, dst, shape }: KernelArgs['copy']): void {
  if (shape.length > 8) throw new Error(`copy: WebGPU kernels support tensors up to rank 8, got rank ${shape.length}`);
  const n = shape.reduce((x, y) => x * y, 1);
  const params = new Params().u32(n).u32(shape.length).u32(src.offset).u32(dst.offset)
    .vec4s(shape, 2).vec4s(src.strides, 2).vec4s(dst.strides, 2).build();
  b.dispatch(COPY, { storages: [src.storage, dst.storage], params, groups: grid1d(n) });
}

export function gather(b: WebGpuBackend, { x, index, out, outer, axis, inner, m }: KernelArgs['gather']): void {
  const n = outer * m * inner;
  b.dispatch(GATHER, { storages: [x, index, out], params: new Params().u32(outer).u32(axis).u32(inner).u32(m).u32(n).build(), groups: grid1d(n) });
}

export function indexAdd(b: WebGpuBackend, { g, index, out, outer, axis, inner, m }: KernelArgs['indexAdd']): void {
  const n = outer * axis * inner;
  b.dispatch(INDEX_ADD, { storages: [g, index, out], params: new Params().u32(outer).u32(axis).u32(inner).u32(m).u32(n).build(), groups: grid1d(n) });
}

export function oneHot(b: WebGpuBackend, { labels, out, n, classes, ignoreIndex }: KernelArgs['oneHot']): void {
  b.dispatch(ONE_HOT, { storages: [labels, out], params: new Params().u32(n).u32(classes).i32(ignoreIndex).build(), groups: grid1d(n * classes) });
}
