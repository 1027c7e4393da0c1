// The narrow contract every backend meets: allocate, upload, read back, and run a named kernel.
// Kernels take storages plus plain numbers (sizes, strides); shape logic, validation and
// autograd live in src/ops, so a backend only has to get the arithmetic right.
// Twins: backends/cpu/index.ts (the reference), backends/webgpu/index.ts.
import type { DType, TypedArray } from './dtype.ts';
import type { KernelArgs, KernelName } from './kernels/index.ts';
import type { DeviceCache } from './device-cache.ts';

/** Backend-owned memory for one tensor's elements. Tensors share it through reference counting. */
export interface Storage {
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  refs: number;
}

export interface DeviceStats {
  /** Kernel launches: GPU dispatches, or reference kernel calls on the CPU backend. */
  dispatches: number;
  /** Command-buffer submissions (0 on the CPU backend). */
  submits: number;
  /** Storages currently alive (not yet freed). */
  liveBuffers: number;
  /** Bytes held by live storages. */
  bytesAllocated: number;
  /** Bytes held in the reuse pool (WebGPU only). */
  pooledBytes: number;
  /** Idle buffers held in the reuse pool (WebGPU only; 0 on the CPU). A long loop keeps it flat: see buffers.ts. */
  pooledBuffers: number;
  /** Compiled pipelines (WebGPU only). */
  pipelines: number;
}

export type BackendKind = 'cpu' | 'webgpu';

export interface Backend {
  readonly kind: BackendKind;
  /** Human-readable description (adapter string for WebGPU). */
  readonly description: string;
  /** Optional adapter features the device was created with ('subgroups', 'shader-f16', 'timestamp-query'); [] on the CPU. */
  readonly features: readonly string[];
  /** Uninitialised storage (contents are unspecified until a kernel writes it). */
  alloc(dtype: DType, size: number): Storage;
  /** New storage holding a copy of `data`. */
  upload(dtype: DType, data: TypedArray): Storage;
  /** Reads a storage back to the host; on WebGPU this is the only point that waits for the GPU. */
  read(storage: Storage): Promise<TypedArray>;
  free(storage: Storage): void;
  run<K extends KernelName>(name: K, args: KernelArgs[K]): void;
  /** Submit everything recorded so far without waiting for it. */
  flush(): Promise<void>;
  /** Wait until all submitted work has finished. */
  sync(): Promise<void>;
  stats(): DeviceStats;
  /** Throws if the backend can no longer run work (e.g. a lost GPU device). */
  checkAlive(): void;
  /** Small per-size caches of kept tensors (bounded LRUs), cleared by destroy(). */
  readonly cache: DeviceCache;
  /** Disposes the cache, then frees the backend's memory (and, on WebGPU, the GPUDevice). */
  destroy(): void;
}
