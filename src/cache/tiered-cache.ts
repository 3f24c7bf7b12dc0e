/** Two tiers as one: the in-process LRU in front of Redis. A Redis hit warms the local tier. */
import type { CacheStore } from './cache-store.js';

/** Creates a cache that reads `near` first, then `far`, and writes both. */
export function createTieredCache(near: CacheStore, far: CacheStore | null): CacheStore {
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
    async deleteByPrefix(prefix) {
      // Both tiers, or a Redis copy would warm the local tier right back. Other replicas' local tiers
      // keep their copies until they expire: there is no cross-replica invalidation.
      await Promise.all([near.deleteByPrefix(prefix), far.deleteByPrefix(prefix)]);
    },
  };
}
