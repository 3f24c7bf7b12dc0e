/**
 * Builds the upstream cache the configuration asks for: in-process always, and a shared tier in Redis when
 * one is configured — the cache's own (`CACHE_REDIS_*`) when set, else the store's (`REDIS_*`).
 */
import type { GatewayConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { closeRedisConnection, createRedisConnection, type RedisConnection } from '../redis/connect.js';
import { knownMasterNodes } from '../redis/nodes.js';
import { noteCacheRedisMemory } from '../redis/cache-memory.js';
import { subscribeToChannel } from '../redis/subscriber.js';
import { createInvalidationBus, type InvalidationBus } from './invalidation-bus.js';
import { createMemoryCache, type MemoryCacheSize } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';
import { createTieredCache } from './tiered-cache.js';
import { UpstreamCache, type CacheOutcome, type CacheRequest } from './upstream-cache.js';

/** The cache and what it holds open. */
export interface GatewayCache {
  cache: UpstreamCache;
  /**
   * The connection to the cache's Redis (its own, else the store's), when one is configured. The rate-limit
   * buckets and the automatic persisted queries use it too: everything that may be lost goes there.
   */
  redis: RedisConnection | null;
  /** `REDIS_KEY_PREFIX` on that Redis ("" without one). */
  keyPrefix: string;
  /** What the in-process tier holds (entries, approximate bytes), for the cache-size gauges. */
  memorySize(): MemoryCacheSize;
  /** Closes the Redis connection and the invalidation subscriber. */
  close(): Promise<void>;
}

/** Options of {@link createGatewayCache} besides the configuration. */
export interface GatewayCacheDependencies {
  logger: Logger;
  now?: () => number;
  onOutcome?: (request: CacheRequest, outcome: CacheOutcome) => void;
}

/**
 * Connects the cache's Redis (if any) and creates the cache. With Redis, the cache's connection fails fast (a
 * cache must never make a request wait for Redis: while it is away, commands fail at once and read as
 * misses, and ioredis reconnects in the background), and a second connection listens for the other
 * replicas' invalidations (invalidation-bus.ts).
 */
export function createGatewayCache(
  config: Pick<GatewayConfig, 'cache' | 'redis' | 'cacheRedis'>,
  dependencies: GatewayCacheDependencies,
): GatewayCache {
  const { logger } = dependencies;
  const near = createMemoryCache({ maxEntries: config.cache.maxEntries, maxBytes: config.cache.maxBytes });
  // A Redis of its own when configured; else the store's, exactly as before CACHE_REDIS_* existed.
  const setting = config.cacheRedis ?? config.redis;
  const redis = setting ? createRedisConnection(setting.topology, 'cache') : null;
  redis?.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis connection problem'));
  // The store's Redis is checked for durability by the store; a Redis of the cache's own only for its size.
  if (redis && config.cacheRedis) redis.once('ready', () => void noteCacheRedisMemory(redis, logger));
  let bus: InvalidationBus | null = null;
  if (setting && redis) {
    const { topology, keyPrefix } = setting;
    const channel = `${keyPrefix}cache:invalidate`;
    bus = createInvalidationBus({
      publisher: redis,
      channel,
      subscribe: (handlers) =>
        subscribeToChannel(topology, channel, handlers, {
          logger,
          knownNodes: () => knownMasterNodes(redis),
        }),
      dropLocal: (prefix) => near.deleteByPrefix(prefix),
      logger,
    });
  }
  const shared = redis && setting ? createRedisCache({ redis, keyPrefix: `${setting.keyPrefix}cache:`, logger }) : null;
  const cache = new UpstreamCache({
    store: createTieredCache(near, shared, bus ? (prefix) => bus.publish(prefix) : undefined),
    freshness: config.cache.freshness,
    staleIfErrorMs: config.cache.staleIfErrorMs,
    partialFreshMs: config.cache.partialFreshMs,
    renewal: config.cache.renewal,
    logger,
    ...(dependencies.now ? { now: dependencies.now } : {}),
    ...(dependencies.onOutcome ? { onOutcome: dependencies.onOutcome } : {}),
  });
  return {
    cache,
    redis,
    keyPrefix: setting?.keyPrefix ?? '',
    memorySize: () => near.size(),
    async close() {
      await bus?.close();
      if (redis) await closeRedisConnection(redis);
    },
  };
}
