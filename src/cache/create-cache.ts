/** Builds the upstream cache the configuration asks for: in-process always, Redis when configured. */
import { Redis } from 'ioredis';
import type { GatewayConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { createMemoryCache } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';
import { createTieredCache } from './tiered-cache.js';
import { UpstreamCache, type CacheOutcome, type CacheRequest } from './upstream-cache.js';

/** The cache and what it holds open. */
export interface GatewayCache {
  cache: UpstreamCache;
  /** The Redis connection, when Redis is configured. */
  redis: Redis | null;
  close(): Promise<void>;
}

/** Connects Redis (if configured) and creates the cache. */
export function createGatewayCache(
  config: Pick<GatewayConfig, 'cache' | 'redis'>,
  dependencies: {
    logger: Logger;
    now?: () => number;
    onOutcome?: (request: CacheRequest, outcome: CacheOutcome) => void;
  },
): GatewayCache {
  const redis = config.redis
    ? new Redis(config.redis.url, {
        enableAutoPipelining: true,
        // A cache must never make a request wait for Redis: while it is away, commands fail at once
        // (read as misses) instead of queueing, and ioredis reconnects in the background.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      })
    : null;
  redis?.on('error', (error: Error) =>
    dependencies.logger.warn({ err: { message: error.message } }, 'redis connection problem'),
  );
  const shared = redis
    ? createRedisCache({ redis, keyPrefix: `${config.redis!.keyPrefix}cache:`, logger: dependencies.logger })
    : null;
  const store = createTieredCache(createMemoryCache({ maxEntries: config.cache.maxEntries }), shared);
  const cache = new UpstreamCache({
    store,
    freshness: config.cache.freshness,
    staleIfErrorMs: config.cache.staleIfErrorMs,
    logger: dependencies.logger,
    ...(dependencies.now ? { now: dependencies.now } : {}),
    ...(dependencies.onOutcome ? { onOutcome: dependencies.onOutcome } : {}),
  });
  return {
    cache,
    redis,
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
