// The cache behind every 'auto' measured on the device (ops/rnn-autotune.ts, ops/stream-autotune.ts): per backend
// (in a WeakMap, so it goes with the device) a small LRU of entries by shape key, and one promise chain so that
// measurements never overlap. The first sight of a key makes its entry and queues its measurement; until that
// lands, callers get their fallback. A failed measurement (device lost, out of memory) settles on the fallback; it
// never surfaces as an error. Entries hold no GPU memory.
import type { Backend } from '../backend.ts';

export interface MeasuredEntry {
  /** The measured choice; null while measuring. */
  choice: string | null;
}

export class MeasuredChoices<E extends MeasuredEntry> {
  private readonly caches = new WeakMap<Backend, Map<string, E>>();
  private readonly chains = new WeakMap<Backend, Promise<void>>();

  constructor(private readonly capacity: number) {}

  /** The measured choice for `key`, else `fallback`; on first sight, `make()` the entry and queue `measure(entry)`. */
  choose<C extends NonNullable<E['choice']>>(b: Backend, key: string, fallback: C, make: () => E, measure: (entry: E) => Promise<void>): C {
    let cache = this.caches.get(b);
    if (!cache) this.caches.set(b, (cache = new Map()));
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key); // re-inserted: Map order is the LRU order
      cache.set(key, hit);
      return (hit.choice ?? fallback) as C;
    }
    const entry = make();
    cache.set(key, entry);
    for (const k of cache.keys()) {
      if (cache.size <= this.capacity) break;
      cache.delete(k);
    }
    const prev = this.chains.get(b) ?? Promise.resolve();
    this.chains.set(b, prev.then(() => measure(entry)).catch(() => { entry.choice ??= fallback; }));
    return fallback;
  }

  /** Resolves once every measurement queued on this backend has finished. */
  settled(b: Backend): Promise<void> {
    return this.chains.get(b) ?? Promise.resolve();
  }

  /** The entry of `key` once measured, or null (not measured yet, or evicted). */
  lookup(b: Backend, key: string): E | null {
    const e = this.caches.get(b)?.get(key);
    return e?.choice ? e : null;
  }
}
