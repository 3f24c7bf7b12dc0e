/** Builds the store the configuration asks for: a file (default), Redis (replicas) or memory (experiments). */
import type { GatewayConfig } from '../config/config.js';
import type { RedisTopology } from '../config/redis-topology.js';
import type { Logger } from '../logging/logger.js';
import { closeRedisConnection, createRedisConnection, describeRedis, type RedisConnection } from '../redis/connect.js';
import { warnAboutRedisDurability } from '../redis/durability.js';
import { openFileStore } from './file-store.js';
import { createMemoryStore } from './memory-store.js';
import { migrateStoreLayout } from './redis-layout-migration.js';
import { createRedisStore } from './redis-store.js';
import { withStoreAvailability } from './store-availability.js';
import type { GatewayStore } from './store.js';

/** The store and how to let go of it. */
export interface OpenedStore {
  store: GatewayStore;
  /**
   * The Redis connection a `redis` store works on (its own, or the one handed in), for the readiness probe;
   * `null` for a file or memory store.
   */
  redis: RedisConnection | null;
  /** Closes the store (flushing and unlocking a file store) and the Redis connection it opened, if any. */
  close(): Promise<void>;
}

/** What {@link createStore} needs besides the configuration. */
export interface StoreDependencies {
  logger: Logger;
  /**
   * A Redis connection to use for `STORE=redis` (the caller keeps owning it). Without one the store opens
   * its own from the configured topology. Do not pass the cache's connection: it drops commands while Redis is away,
   * which suits a cache but would fail sign-ins during a blip that a store connection can wait out.
   */
  redis?: RedisConnection;
  /**
   * The gateway's clock, for expiry of sessions and pending logins and the retention of grants.
   * @default Date.now (the memory store then prunes nothing by time)
   */
  now?: () => number;
  /**
   * How long start-up waits for a Redis store to connect before it stops with the reason. ioredis keeps
   * retrying on its own (through every sentinel, every Cluster seed), so without a bound a wrong address
   * would hang the start instead of failing it. @default 10000
   */
  connectTimeoutMs?: number;
}

/**
 * Opens the configured store. A file store takes its file's lock; a Redis store connects before
 * returning (and moves keys of the earlier layout, redis-layout-migration.ts), so a store that cannot
 * work stops start-up with its reason.
 * @throws StoreError (file: locked, unreadable, unknown version) or the Redis connection error.
 */
export async function createStore(
  config: Pick<GatewayConfig, 'store' | 'redis'>,
  dependencies: StoreDependencies,
): Promise<OpenedStore> {
  const { logger } = dependencies;
  const clock = dependencies.now ? { now: dependencies.now } : {};
  switch (config.store.kind) {
    case 'memory': {
      logger.warn('STORE=memory: users, sessions, linked accounts and grants are lost when the gateway stops');
      const store = createMemoryStore(dependencies.now ? { now: dependencies.now } : {});
      return { store, redis: null, close: () => store.close() };
    }
    case 'file': {
      const store = await openFileStore(config.store.file, { logger, ...clock });
      return { store, redis: null, close: () => store.close() };
    }
    case 'redis': {
      if (!config.redis) throw new Error('STORE=redis needs a Redis (the configuration should have refused this)');
      const owned = dependencies.redis
        ? null
        : await connectStoreRedis(config.redis.topology, logger, dependencies.connectTimeoutMs ?? 10_000);
      const redis = (dependencies.redis ?? owned)!;
      try {
        await warnAboutRedisDurability(redis, logger);
        await migrateStoreLayout(redis, config.redis.keyPrefix, logger);
      } catch (error) {
        if (owned) owned.disconnect();
        throw error;
      }
      // While Redis is away: SERVICE_UNAVAILABLE (503) instead of 500, and recent reads served from memory
      // so families already signed in keep their dashboards (src/store/store-availability.ts).
      const store = withStoreAvailability(
        createRedisStore({ redis, keyPrefix: config.redis.keyPrefix, logger, ...clock }),
        {
          logger,
          maxAgeMs: config.store.fallbackMaxAgeMs,
          maxEntries: config.store.fallbackMaxEntries,
          isConnected: () => redis.status === 'ready',
        },
      );
      return {
        store,
        redis,
        async close() {
          await store.close();
          if (owned) await closeRedisConnection(owned);
        },
      };
    }
  }
}

/** The store's own connection: connected before start-up goes on, commands queued (briefly) across reconnects. */
async function connectStoreRedis(topology: RedisTopology, logger: Logger, timeoutMs: number): Promise<RedisConnection> {
  // Unlike the cache, a store command may wait for a reconnect (offline queue on), but not forever: after
  // two attempts it fails and the request answers SERVICE_UNAVAILABLE (503) instead of hanging.
  const redis = createRedisConnection(topology, 'store');
  redis.on('error', (error: Error) =>
    logger.warn({ err: { message: error.message } }, 'store redis connection problem'),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const connecting = redis.connect();
    connecting.catch(() => {}); // when the timeout wins, its late failure is already reported below
    await Promise.race([connecting, timeout]);
  } catch (error) {
    redis.disconnect();
    // A URL may hold a password: name the setting, not the value.
    throw new Error(`The store could not connect to Redis (${describeRedis(topology)}): ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  return redis;
}
