// Per-device caches of small kept tensors (the zero states bidirectional RNN ops read for absent h0/c0, the
// ones row of the bias-gradient GEMM, ...): one small LRU per kind, so a loop over many batch sizes holds at most
// `capacity` entries of each kind, and everything is disposed when the backend is destroyed.
// Owned by every Backend (backend.ts): `device.backend.cache.get(kind, key, make)`.

/** What a cache holds: a tensor, in practice (kept out of scopes by its maker). */
export interface CacheEntry {
  dispose(): void;
  readonly disposed: boolean;
}

/** Entries per kind: a few sizes in flight (a training batch size, an evaluation one, the last partial batch). */
export const DEVICE_CACHE_CAPACITY = 8;

export class DeviceCache {
  private kinds = new Map<string, Map<string | number, CacheEntry>>();

  constructor(private readonly capacity = DEVICE_CACHE_CAPACITY) {}

  /**
   * The entry of `kind` under `key`, made by `make` on a miss. The least recently used entry of the kind is disposed
   * once the kind holds more than `capacity`: safe on both backends, since a kernel that read it is recorded (WebGPU
   * orders reuse after it; see webgpu/buffers.ts) or has already run (CPU).
   */
  get<T extends CacheEntry>(kind: string, key: string | number, make: () => T): T {
    let entries = this.kinds.get(kind);
    if (!entries) this.kinds.set(kind, (entries = new Map()));
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key); // re-inserted below: Map order is the LRU order
      if (!hit.disposed) {
        entries.set(key, hit);
        return hit as T;
      }
    }
    const made = make();
    entries.set(key, made);
    for (const [k, old] of entries) {
      if (entries.size <= this.capacity) break;
      entries.delete(k);
      old.dispose();
    }
    return made;
  }

  /** Entries held, all kinds together. */
  get size(): number {
    let n = 0;
    for (const e of this.kinds.values()) n += e.size;
    return n;
  }

  /** Disposes every entry (Backend.destroy calls it before freeing the device's memory). */
  clear(): void {
    for (const entries of this.kinds.values()) for (const e of entries.values()) if (!e.disposed) e.dispose();
    this.kinds.clear();
  }
}
