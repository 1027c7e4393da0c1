// Storage buffers and their reuse pool. Freed buffers go back to the pool at once: all work is
// recorded and executed in one queue order, so a later reuse can never overtake an earlier reader.
// A buffer the full pool cannot keep is *retired*, not destroyed: recorded but unsubmitted work may
// still use it, so the backend destroys retired buffers only after the submit that carries that work.
import type { Storage } from '../../backend.ts';
import type { DType } from '../../dtype.ts';
import { BufferUsage } from './flags.ts';

export class GpuStorage implements Storage {
  refs = 1;
  constructor(readonly dtype: DType, readonly size: number, readonly buffer: GPUBuffer) {}
}

export const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/** Pool buckets are powers of two (min 16 bytes) so reuse is likely and waste is under 2x. */
export function bucketBytes(bytes: number): number {
  let b = 16;
  while (b < bytes) b *= 2;
  return b;
}

export class BufferPool {
  private free = new Map<number, GPUBuffer[]>();
  pooledBytes = 0;
  liveBuffers = 0;
  liveBytes = 0;
  private created = 0;

  private retired: GPUBuffer[] = [];

  /** maxPooledBytes: idle memory kept for reuse; beyond it freed buffers go back to the driver. */
  constructor(private device: GPUDevice, private maxBinding: number, private maxPooledBytes = 64 * 1024 * 1024) {}

  private checkSize(bytes: number): void {
    if (bytes > this.maxBinding) {
      throw new Error(
        `WebGPU: a tensor of ${bytes} bytes exceeds this device's maxStorageBufferBindingSize (${this.maxBinding} bytes); split the work into smaller batches`,
      );
    }
  }

  acquire(bytes: number): GPUBuffer {
    this.checkSize(bytes);
    const size = bucketBytes(bytes);
    const list = this.free.get(size);
    const reused = list?.pop();
    this.liveBuffers++;
    this.liveBytes += size;
    if (reused) {
      this.pooledBytes -= size;
      return reused;
    }
    return this.device.createBuffer({ label: `seqgpu.tensor#${this.created++}[${size}B]`, size, usage: STORAGE_USAGE });
  }

  /** A fresh buffer filled with data at creation (no queue write, so no ordering hazard). */
  acquireWithData(data: ArrayBufferView): GPUBuffer {
    this.checkSize(data.byteLength);
    const size = bucketBytes(data.byteLength);
    const buffer = this.device.createBuffer({
      label: `seqgpu.upload#${this.created++}[${size}B]`, size, usage: STORAGE_USAGE, mappedAtCreation: true,
    });
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
    this.liveBuffers++;
    this.liveBytes += size;
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    this.liveBuffers--;
    this.liveBytes -= size;
    if (this.pooledBytes + size > this.maxPooledBytes) {
      this.retired.push(buffer);
      return;
    }
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(buffer);
    this.pooledBytes += size;
  }

  /** Buffers released past the pool's cap since the last call; destroy them once recorded work is submitted. */
  takeRetired(): GPUBuffer[] {
    const r = this.retired;
    this.retired = [];
    return r;
  }

  destroy(): void {
    for (const b of this.retired) b.destroy();
    this.retired = [];
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.pooledBytes = 0;
  }
}
