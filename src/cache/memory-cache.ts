/** The in-process tier: a bounded LRU, so a replica's memory stays flat however many families it serves. */
import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheStore } from './cache-store.js';

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. @default 20000 */
  maxEntries?: number;
}

/** Creates the in-process tier. Entries are kept as given: callers must not mutate what they cache or read. */
export function createMemoryCache(options: MemoryCacheOptions = {}): CacheStore {
  const lru = new LRUCache<string, CacheEntry>({ max: options.maxEntries ?? 20_000, ttlAutopurge: false });
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
  };
}
