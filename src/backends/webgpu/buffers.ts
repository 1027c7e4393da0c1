// Storage buffers and their reuse pool: idle buffers kept per power-of-two size class, bounded in count and in
// bytes, the least recently freed evicted first. The ordering rules that make reuse safe:
//  1. Every dispatch and copy is recorded and then submitted in one queue order, so a freed buffer handed out by
//     acquire() can never be overwritten before an earlier recorded reader runs: the new owner's commands are
//     recorded after the old owner's.
//  2. queue.writeBuffer is NOT recorded: it runs on the queue timeline at the call, ahead of every command still
//     waiting in the backend's pending list (and of a flush still awaiting its pipelines). So an upload may
//     queue.writeBuffer into a pooled buffer only if it was freed in a batch already submitted (`settled`): its
//     last readers and writers are then in submitted command buffers, which the write follows. An upload into a
//     buffer freed in the batch still recording is itself recorded instead (a 'write' command: the data is staged
//     and copied in order with the dispatches, rule 1). Only with nothing pooled in its size class does an upload
//     create a buffer, filled at creation (mappedAtCreation: no queue write at all).
//  3. A buffer evicted from the pool (or freed past a cap) is *retired*, not destroyed: recorded but unsubmitted
//     work may still use it, so the backend destroys retired buffers after the submit that carries that work.
// Batches: the backend's pending commands form batch `recording`; flush() closes it (beginFlush) and, once its
// submit has happened or failed, reports it settled (settle).
import type { Storage } from '../../backend.ts';
import type { DType } from '../../dtype.ts';
import { ShapeError } from '../../errors.ts';
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

/** An idle buffer and the batch it was freed in. */
interface Idle {
  buffer: GPUBuffer;
  batch: number;
}

export const DEFAULT_POOL_BYTES = 64 * 1024 * 1024;
/** Above the few hundred intermediates of a large training step; a longer tail is recreated, never leaked. */
export const DEFAULT_POOL_BUFFERS = 2048;

export class BufferPool {
  /** Idle buffers per size class, oldest first (acquire takes the newest, an upload the oldest). */
  private free = new Map<number, Idle[]>();
  /** Every idle buffer, oldest first: the caps evict from the front. */
  private order = new Set<Idle>();
  pooledBytes = 0;
  liveBuffers = 0;
  liveBytes = 0;
  private created = 0;
  private retired: GPUBuffer[] = [];
  /** Bytes of retired buffers awaiting destruction (the backend submits early when they pile up). */
  retiredBytes = 0;
  /** The batch pending commands belong to, and the last batch whose submit has happened. */
  private recording = 0;
  private settled = -1;

  /**
   * maxPooledBytes / maxPooledBuffers: idle memory and idle buffer count kept for reuse; beyond either, the least
   * recently freed idle buffers go back to the driver.
   */
  constructor(
    private device: GPUDevice,
    private maxBinding: number,
    private maxPooledBytes = DEFAULT_POOL_BYTES,
    private maxPooledBuffers = DEFAULT_POOL_BUFFERS,
  ) {}

  get pooledBuffers(): number {
    return this.order.size;
  }

  private checkSize(bytes: number): void {
    if (bytes > this.maxBinding) {
      throw new ShapeError(
        `WebGPU: a tensor of ${bytes} bytes exceeds this device's maxStorageBufferBindingSize (${this.maxBinding} bytes); split the work into smaller batches`,
      );
    }
  }

  /** Removes list[index] from the pool (indices 0 and the last one are the only ones used: O(1) or a shift). */
  private take(list: Idle[], index: number, size: number): GPUBuffer {
    const [idle] = list.splice(index, 1);
    this.order.delete(idle);
    this.pooledBytes -= size;
    return idle.buffer;
  }

  private track(size: number): void {
    this.liveBuffers++;
    this.liveBytes += size;
  }

  acquire(bytes: number): GPUBuffer {
    this.checkSize(bytes);
    const size = bucketBytes(bytes);
    const list = this.free.get(size);
    // The most recently freed: any pending reader of it was recorded earlier, so rule 1 applies.
    const buffer = list?.length ? this.take(list, list.length - 1, size) : this.create(size, 'tensor', false);
    this.track(size);
    return buffer;
  }

  /**
   * A buffer holding `data` (rule 2): a settled pooled one written by the queue, else a pooled one whose write is
   * recorded (`record` gets a copy of the bytes), else a fresh one filled at creation.
   */
  acquireWithData(data: ArrayBufferView, record: (buffer: GPUBuffer, bytes: Uint8Array) => void): GPUBuffer {
    this.checkSize(data.byteLength);
    const size = bucketBytes(data.byteLength);
    const list = this.free.get(size);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let buffer: GPUBuffer;
    if (list?.length && list[0].batch <= this.settled) {
      buffer = this.take(list, 0, size);
      this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    } else if (list?.length) {
      buffer = this.take(list, list.length - 1, size);
      if (bytes.byteLength > 0) record(buffer, bytes.slice());
    } else {
      buffer = this.create(size, 'upload', true);
      new Uint8Array(buffer.getMappedRange()).set(bytes);
      buffer.unmap();
    }
    this.track(size);
    return buffer;
  }

  private create(size: number, kind: string, mapped: boolean): GPUBuffer {
    return this.device.createBuffer({ label: `seqgpu.${kind}#${this.created++}[${size}B]`, size, usage: STORAGE_USAGE, mappedAtCreation: mapped });
  }

  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    this.liveBuffers--;
    this.liveBytes -= size;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    const idle = { buffer, batch: this.recording };
    list.push(idle);
    this.order.add(idle);
    this.pooledBytes += size;
    while (this.order.size > this.maxPooledBuffers || this.pooledBytes > this.maxPooledBytes) this.evictOldest();
  }

  private evictOldest(): void {
    const idle = this.order.values().next().value as Idle;
    const size = idle.buffer.size;
    const list = this.free.get(size)!;
    this.take(list, list.indexOf(idle), size); // index 0: buckets, like `order`, are in release order
    this.retired.push(idle.buffer);
    this.retiredBytes += size;
  }

  /** Closes the recording batch (its commands are about to be submitted) and returns its number. */
  beginFlush(): number {
    return this.recording++;
  }

  /** The batch's submit has happened (or failed, so its commands never run): its frees are safe to write into. */
  settle(batch: number): void {
    if (batch > this.settled) this.settled = batch;
  }

  /** Buffers retired since the last call; destroy them once recorded work is submitted. */
  takeRetired(): GPUBuffer[] {
    const r = this.retired;
    this.retired = [];
    this.retiredBytes = 0;
    return r;
  }

  destroy(): void {
    for (const b of this.takeRetired()) b.destroy();
    for (const idle of this.order) idle.buffer.destroy();
    this.order.clear();
    this.free.clear();
    this.pooledBytes = 0;
  }
}
