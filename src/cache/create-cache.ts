/** Builds the upstream cache the configuration asks for: in-process always, Redis when configured. */
import type { GatewayConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { closeRedisConnection, createRedisConnection, type RedisConnection } from '../redis/connect.js';
import { masters } from '../redis/nodes.js';
import { subscribeToChannel } from '../redis/subscriber.js';
import { createInvalidationBus, type InvalidationBus } from './invalidation-bus.js';
import { createMemoryCache, type MemoryCacheSize } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';
import { createTieredCache } from './tiered-cache.js';
import { UpstreamCache, type CacheOutcome, type CacheRequest } from './upstream-cache.js';

/** The cache and what it holds open. */
export interface GatewayCache {
  cache: UpstreamCache;
  /** The Redis connection, when Redis is configured. */
  redis: RedisConnection | null;
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
 * Connects Redis (if configured) and creates the cache. With Redis, the cache's connection fails fast (a
 * cache must never make a request wait for Redis: while it is away, commands fail at once and read as
 * misses, and ioredis reconnects in the background), and a second connection listens for the other
 * replicas' invalidations (invalidation-bus.ts).
 */
export function createGatewayCache(
  config: Pick<GatewayConfig, 'cache' | 'redis'>,
  dependencies: GatewayCacheDependencies,
): GatewayCache {
  const { logger } = dependencies;
  const near = createMemoryCache({ maxEntries: config.cache.maxEntries });
  const redis = config.redis ? createRedisConnection(config.redis.topology, 'cache') : null;
  redis?.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis connection problem'));
  let bus: InvalidationBus | null = null;
  if (config.redis && redis) {
    const { topology, keyPrefix } = config.redis;
    const channel = `${keyPrefix}cache:invalidate`;
    bus = createInvalidationBus({
      publisher: redis,
      channel,
      subscribe: (handlers) =>
        subscribeToChannel(topology, channel, handlers, {
          logger,
          knownNodes: () => masters(redis).map((node) => ({ host: node.options.host!, port: node.options.port! })),
        }),
      dropLocal: (prefix) => near.deleteByPrefix(prefix),
      logger,
    });
  }
  const shared =
    redis && config.redis ? createRedisCache({ redis, keyPrefix: `${config.redis.keyPrefix}cache:`, logger }) : null;
  const cache = new UpstreamCache({
    store: createTieredCache(near, shared, bus ? (prefix) => bus.publish(prefix) : undefined),
    freshness: config.cache.freshness,
    staleIfErrorMs: config.cache.staleIfErrorMs,
    logger,
    ...(dependencies.now ? { now: dependencies.now } : {}),
    ...(dependencies.onOutcome ? { onOutcome: dependencies.onOutcome } : {}),
  });
  return {
    cache,
    redis,
    memorySize: () => near.size(),
    async close() {
      await bus?.close();
      if (redis) await closeRedisConnection(redis);
    },
  };
}
