/** The in-process tier: a bounded LRU, so a replica's memory stays flat however many families it serves. */
import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheStore } from './cache-store.js';

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. @default 20000 */
  maxEntries?: number;
}

/** The in-process tier's size, for the `diary_gateway_cache_entries` and `diary_gateway_cache_bytes` gauges. */
export interface MemoryCacheSize {
  /** Entries held, expired ones not yet evicted included (they still take memory). */
  entries: number;
  /** Approximate bytes: each entry's key and value as UTF-8 JSON, measured once when it is written. */
  bytes: number;
}

/** The in-process tier, which can also say how much it holds. */
export interface MemoryCacheStore extends CacheStore {
  /** What the tier holds now; costs nothing (the sizes were summed as entries came and went). */
  size(): MemoryCacheSize;
}

/**
 * lru-cache tracks sizes only under a size bound; the tier is bounded by entries, not bytes, so the bound per
 * entry is set out of reach and sizes are only summed.
 */
const UNBOUNDED_ENTRY_SIZE = Number.MAX_SAFE_INTEGER;

/** Creates the in-process tier. Entries are kept as given: callers must not mutate what they cache or read. */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCacheStore {
  const lru = new LRUCache<string, CacheEntry>({
    max: options.maxEntries ?? 20_000,
    ttlAutopurge: false,
    maxEntrySize: UNBOUNDED_ENTRY_SIZE,
    sizeCalculation: approximateBytes,
  });
  return {
    async get(key) {
      return lru.get(key) ?? null;
    },
    async set(key, entry, ttlMs) {
      lru.set(key, entry, { ttl: ttlMs });
    },
    async deleteByPrefix(prefix) {
      // A walk over every key: forgetting is rare (a mutation, an unlink) next to reads, and the LRU is
      // bounded, so an index by account would cost every write for little.
      const doomed = [...lru.keys()].filter((key) => key.startsWith(prefix));
      for (const key of doomed) lru.delete(key);
    },
    peekNear: (key) => lru.peek(key),
    size: () => ({ entries: lru.size, bytes: lru.calculatedSize }),
  };
}

/**
 * An entry's approximate size: its key and value as UTF-8 JSON, the form the Redis tier stores. V8 keeps the
 * value as objects, which take a few times more, but the JSON size grows with them and is cheap to explain;
 * it is computed once per write (never per read), like the serialisation the Redis tier does anyway.
 */
function approximateBytes(entry: CacheEntry, key: string): number {
  let json: string;
  try {
    json = JSON.stringify(entry) ?? '';
  } catch {
    // Not JSON (a bug elsewhere: results are plain data): count the key only rather than fail the write.
    json = '';
  }
  // lru-cache needs a positive integer.
  return Math.max(1, Buffer.byteLength(key) + Buffer.byteLength(json));
}
