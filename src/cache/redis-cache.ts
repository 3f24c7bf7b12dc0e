/**
 * The shared tier: Redis through ioredis (auto-pipelining on, so concurrent gets of one request travel in
 * one round trip). Values are JSON with their fetch time. Redis errors are logged and read as misses:
 * when Redis goes away the gateway keeps answering from the diaries and the in-process tier, and uses
 * Redis again as soon as it is back.
 */
import type { RedisConnection } from '../redis/connect.js';
import type { Logger } from '../logging/logger.js';
import { scanPrefix, unlinkKeys } from '../redis/scan.js';
import type { CacheEntry, CacheStore } from './cache-store.js';

/** Options of {@link createRedisCache}. */
export interface RedisCacheOptions {
  redis: RedisConnection;
  /** Prefix of every key, so several gateways (or tests) can share one Redis. @default "dg:cache:" */
  keyPrefix?: string;
  logger: Logger;
}

/** Creates the Redis tier. */
export function createRedisCache(options: RedisCacheOptions): CacheStore {
  const { redis, logger } = options;
  const prefix = options.keyPrefix ?? 'dg:cache:';
  return {
    async get(key) {
      try {
        const raw = await redis.get(prefix + key);
        return raw === null ? null : (JSON.parse(raw) as CacheEntry);
      } catch (error) {
        logger.warn({ err: error }, 'redis cache read failed; treated as a miss');
        return null;
      }
    },
    async set(key, entry, ttlMs) {
      try {
        await redis.set(prefix + key, JSON.stringify(entry), 'PX', Math.max(1, Math.round(ttlMs)));
      } catch (error) {
        logger.warn({ err: error }, 'redis cache write failed; dropped');
      }
    },
    async deleteByPrefix(keyPrefix) {
      try {
        // SCAN, never KEYS (which would hold Redis for the whole keyspace), over every master of a Cluster;
        // UNLINK frees memory off the main thread. One UNLINK per SCAN batch keeps each command small.
        for await (const keys of scanPrefix(redis, prefix + keyPrefix)) await unlinkKeys(redis, keys);
      } catch (error) {
        // Logged loudly: the copies stay until their expiry (up to the stale-if-error age).
        logger.error({ err: error, keyPrefix }, 'redis cache delete failed; the entries stay until they expire');
      }
    },
  };
}
