/**
 * The in-process tier: an LRU bounded by entries and by bytes, so a replica's memory stays flat however many
 * families it serves. Entries are kept packed (packed-entry.ts): the bytes it counts are the bytes it holds.
 */
import { LRUCache } from 'lru-cache';
import { DEFAULT_CACHE_MAX_BYTES, DEFAULT_CACHE_MAX_ENTRIES } from '../config/cache-bounds.js';
import { withVersion, type CacheStore } from './cache-store.js';
import { packEntry, packedBytes, unpackEntry, type PackedEntry } from './packed-entry.js';

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. @default 20000 */
  maxEntries?: number;
  /**
   * Most bytes kept (keys, packed values and per-entry bookkeeping, see packed-entry.ts); the least recently
   * used go first. An entry larger than this is not kept at all. @default 268435456 (256 MiB)
   */
  maxBytes?: number;
}

/** The in-process tier's size, for the `diary_gateway_cache_entries` and `diary_gateway_cache_bytes` gauges. */
export interface MemoryCacheSize {
  /** Entries held, expired ones not yet evicted included (they still take memory). */
  entries: number;
  /** Bytes held: each entry's key, packed value and bookkeeping, measured once when it is written. */
  bytes: number;
}

/** The in-process tier, which can also say how much it holds. */
export interface MemoryCacheStore extends CacheStore {
  /** What the tier holds now; costs nothing (the sizes were summed as entries came and went). */
  size(): MemoryCacheSize;
}

/**
 * Creates the in-process tier. Every read decodes a copy of its own, so a caller that changes what it read
 * changes nothing cached (nor what another request reads).
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCacheStore {
  const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  const lru = new LRUCache<string, PackedEntry>({
    max: options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES,
    maxSize: maxBytes,
    maxEntrySize: maxBytes,
    ttlAutopurge: false,
    sizeCalculation: packedBytes,
  });
  return {
    async get(key) {
      const packed = lru.get(key);
      return packed ? withVersion(unpackEntry(packed), packed) : null;
    },
    async set(key, entry, ttlMs) {
      const packed = packEntry(entry, lru.peek(key));
      // Not storable (not JSON, or larger than the whole bound): like a failed write, dropped — and the copy
      // kept before it goes too, or a read would serve a value older than the one just fetched.
      if (!packed || packedBytes(packed, key) > maxBytes) {
        lru.delete(key);
        return;
      }
      lru.set(key, packed, { ttl: ttlMs });
    },
    async deleteByPrefix(prefix) {
      // A walk over every key: forgetting is rare (a mutation, an unlink) next to reads, and the LRU is
      // bounded, so an index by account would cost every write for little.
      const doomed = [...lru.keys()].filter((key) => key.startsWith(prefix));
      for (const key of doomed) lru.delete(key);
    },
    peekNear: (key) => lru.peek(key),
    peekFetchedAt: (key) => lru.peek(key)?.fetchedAt,
    size: () => ({ entries: lru.size, bytes: lru.calculatedSize }),
  };
}
