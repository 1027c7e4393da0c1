// The CPU reference backend: runs every kernel immediately with plain loops (float64 arithmetic).
// It is the definition the WebGPU kernels are tested against, and it runs in Node and browsers.
import type { Backend, DeviceStats, Storage } from '../../backend.ts';
import type { DType, TypedArray } from '../../dtype.ts';
import { typedArrayFor } from '../../dtype.ts';
import type { KernelArgs, KernelName, KernelTableOf } from '../../kernels/index.ts';
import { CpuStorage, arr } from './storage.ts';
import { DeviceCache } from '../../device-cache.ts';
import { binary, binaryScalar, cast, fill, unary, where } from './elementwise.ts';
import { reduce } from './reduce.ts';
import { topk } from './topk.ts';
import { matmul } from './matmul.ts';
import { copy, gather, indexAdd, oneHot } from './indexing.ts';
import { adamStep, sgdStep } from './optim.ts';
import { rnnCpuKernels } from './rnn-kernels.ts';
import { ctcCpuKernels } from './ctc-kernels.ts';
import { conv1dCpuKernels } from './conv1d-kernels.ts';
import { linalgCpuKernels } from './linalg-kernels.ts';
import { streamCpuKernels } from './stream.ts';

/** Every kernel's reference implementation: the core ones here, the op families' from their tables. */
export const cpuKernels: KernelTableOf<KernelArgs> = {
  fill, unary, binary, binaryScalar, reduce, copy, matmul, where, gather, indexAdd, oneHot, cast, adamStep, sgdStep,
  topk,
  ...rnnCpuKernels, ...ctcCpuKernels, ...conv1dCpuKernels, ...linalgCpuKernels, ...streamCpuKernels,
};

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  readonly description = 'CPU reference (float64 arithmetic, float32 storage)';
  readonly cache = new DeviceCache();
  readonly features: readonly string[] = [];
  private counters = { dispatches: 0, liveBuffers: 0, bytesAllocated: 0 };

  alloc(dtype: DType, size: number): Storage {
    // Allocate first: a failed allocation (out of memory) must leave the counters as they were.
    const storage = new CpuStorage(dtype, typedArrayFor(dtype, size));
    this.counters.liveBuffers++;
    this.counters.bytesAllocated += size * 4;
    return storage;
  }
  upload(dtype: DType, data: TypedArray): Storage {
    const s = this.alloc(dtype, data.length);
    arr(s).set(data);
    return s;
  }
  async read(storage: Storage): Promise<TypedArray> {
    return arr(storage).slice();
  }
  free(storage: Storage): void {
    this.counters.liveBuffers--;
    this.counters.bytesAllocated -= storage.size * 4;
  }
  run<K extends KernelName>(name: K, args: KernelArgs[K]): void {
    this.counters.dispatches++;
    (cpuKernels[name] as (a: KernelArgs[K]) => void)(args);
  }
  async flush(): Promise<void> {}
  async sync(): Promise<void> {}
  stats(): DeviceStats {
    return { ...this.counters, submits: 0, pooledBytes: 0, pooledBuffers: 0, pipelines: 0 };
  }
  checkAlive(): void {}
  destroy(): void {
    this.cache.clear();
  }
}
