/** Two tiers as one: the in-process LRU in front of Redis. A Redis hit warms the local tier. */
import type { CacheStore } from './cache-store.js';

/**
 * Creates a cache that reads `near` first, then `far`, and writes both. `announce` (the invalidation bus,
 * invalidation-bus.ts) tells the other replicas what `deleteByPrefix` forgot, so they drop their own `near`
 * copies too.
 */
export function createTieredCache(
  near: CacheStore,
  far: CacheStore | null,
  announce?: (prefix: string) => Promise<void>,
): CacheStore {
  if (!far) return near;
  return {
    async get(key) {
      const local = await near.get(key);
      if (local) return local;
      const shared = await far.get(key);
      // Warm the local tier for a short while only: the shared copy stays the reference, and its own
      // expiry is not known here.
      if (shared) await near.set(key, shared, 60_000);
      return shared;
    },
    async set(key, entry, ttlMs) {
      await Promise.all([near.set(key, entry, ttlMs), far.set(key, entry, ttlMs)]);
    },
    // The in-process tier only: a copy only Redis holds is not this process's to vouch for.
    peekNear: (key) => near.peekNear?.(key),
    peekFetchedAt: (key) => near.peekFetchedAt?.(key),
    async deleteByPrefix(prefix) {
      // Both tiers, or a Redis copy would warm the local tier right back; then the other replicas, after
      // Redis no longer holds the entries, so a replica dropping its copy cannot warm it again from Redis.
      await Promise.all([near.deleteByPrefix(prefix), far.deleteByPrefix(prefix)]);
      await announce?.(prefix);
    },
  };
}
