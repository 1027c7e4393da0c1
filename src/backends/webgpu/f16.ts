// float32 -> binary16 halves, two per word (shaders/elementwise/pack-f16.wgsl, CPU twin backends/cpu/f16.ts): one
// dispatch, a word per invocation. Used by the packFloat16 kernel (streaming weights) and by the 'tiled'
// recurrent forward with float16 W_hh (rnn-tiled.ts).
import type { Storage } from '../../backend.ts';
import { halfWords } from '../../kernels/stream.ts';
import type { WebGpuBackend } from './index.ts';
import type { KernelSpec } from './pipelines.ts';
import { Params } from './params.ts';
import { grid1d } from './grid.ts';
import packF16Wgsl from '../../../shaders/elementwise/pack-f16.wgsl?raw';

const PACK_F16: KernelSpec = { name: 'elementwise/pack-f16', code: packF16Wgsl, entryPoint: 'main', bindings: ['read', 'write'], uniform: true };

/** Packs the first n float32 values of src into dst (halfWords(n) int32 words). */
export function packHalves(b: WebGpuBackend, src: Storage, dst: Storage, n = src.size): void {
  const words = halfWords(n);
  if (dst.size !== words) throw new Error(`packFloat16: dst holds ${dst.size} words, expected ${words}`);
  b.dispatch(PACK_F16, { storages: [src, dst], params: new Params().u32(n).u32(words).build(), groups: grid1d(words) });
}
