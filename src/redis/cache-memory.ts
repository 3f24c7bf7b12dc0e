/**
 * The start-up look at a Redis of the cache's own (`CACHE_REDIS_*`): unlike the store's, it may evict, and
 * should, so that it stays within a memory bound of its own. Without `maxmemory` it grows with every family
 * seen within `STALE_IF_ERROR_MAX_AGE_S` (a week by default) until the host runs out of memory; with
 * `noeviction` it refuses writes once full, so new entries are not kept and the shared rate limits, whose
 * buckets are writes, let every call through. Neither loses anything that matters, so this informs rather
 * than stops the start. Like the store's check (`durability.ts`), it needs `CONFIG GET`.
 */
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from './connect.js';
import { checkEveryMaster } from './durability.js';

/**
 * Logs, per master of the cache's Redis, a `maxmemory` of 0 (info) and a full-memory policy of `noeviction`
 * (warn: the shared rate limits stop holding once it is full). Never rejects: what it cannot read is logged
 * at info and left. Call it once the connection is ready (the cache's connection has no offline queue).
 */
export async function noteCacheRedisMemory(connection: RedisConnection, logger: Logger): Promise<void> {
  const unreadable = "could not read the cache's Redis configuration to check its memory bound; see docs/deployment.md";
  await checkEveryMaster(connection, ['maxmemory', 'maxmemory-policy'], logger, unreadable, (settings, where) => {
    if (settings.get('maxmemory') === '0') {
      logger.info(
        where,
        "the cache's Redis (CACHE_REDIS_*) has no maxmemory: it grows until the host runs out of memory; " +
          'set maxmemory and maxmemory-policy allkeys-lru (docs/deployment.md)',
      );
    } else if (settings.get('maxmemory-policy') === 'noeviction') {
      logger.warn(
        where,
        "the cache's Redis (CACHE_REDIS_*) refuses writes when full (maxmemory-policy noeviction): new cache " +
          'entries are then lost and the shared rate limits let every call through; set allkeys-lru (docs/deployment.md)',
      );
    }
  });
}
