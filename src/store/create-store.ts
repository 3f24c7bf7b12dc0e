/** Builds the store the configuration asks for: a file (default), Redis (replicas) or memory (experiments). */
import { Redis } from 'ioredis';
import type { GatewayConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { openFileStore } from './file-store.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import { withStoreAvailability } from './store-availability.js';
import type { GatewayStore } from './store.js';

/** The store and how to let go of it. */
export interface OpenedStore {
  store: GatewayStore;
  /** Closes the store (flushing and unlocking a file store) and the Redis connection it opened, if any. */
  close(): Promise<void>;
}

/** What {@link createStore} needs besides the configuration. */
export interface StoreDependencies {
  logger: Logger;
  /**
   * A Redis connection to use for `STORE=redis` (the caller keeps owning it). Without one the store opens
   * its own from `REDIS_URL`. Do not pass the cache's connection: it drops commands while Redis is away,
   * which suits a cache but would fail sign-ins during a blip that a store connection can wait out.
   */
  redis?: Redis;
  /**
   * The gateway's clock, for expiry of sessions and pending logins and the retention of grants.
   * @default Date.now (the memory store then prunes nothing by time)
   */
  now?: () => number;
}

/**
 * Opens the configured store. A file store takes its file's lock; a Redis store connects before
 * returning, so a store that cannot work stops start-up with its reason.
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
      return { store, close: () => store.close() };
    }
    case 'file': {
      const store = await openFileStore(config.store.file, { logger, ...clock });
      return { store, close: () => store.close() };
    }
    case 'redis': {
      if (!config.redis) throw new Error('STORE=redis needs REDIS_URL (the configuration should have refused this)');
      const owned = dependencies.redis ? null : await connectStoreRedis(config.redis.url, logger);
      const redis = (dependencies.redis ?? owned)!;
      await warnAboutRedisDurability(redis, logger);
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
        async close() {
          await store.close();
          if (owned) await owned.quit().catch(() => owned.disconnect());
        },
      };
    }
  }
}

/** The store's own connection: connected before start-up goes on, commands queued (briefly) across reconnects. */
async function connectStoreRedis(url: string, logger: Logger): Promise<Redis> {
  // Unlike the cache, a store command may wait for a reconnect (offline queue on), but not forever: after
  // two attempts it fails and the request answers SERVICE_UNAVAILABLE (503) instead of hanging.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', (error: Error) =>
    logger.warn({ err: { message: error.message } }, 'store redis connection problem'),
  );
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // The URL may hold a password: name the setting, not the value.
    throw new Error(`The store could not connect to Redis (REDIS_URL): ${(error as Error).message}`, { cause: error });
  }
  return redis;
}

/**
 * Warns at start-up when Redis is set up to lose the store's data: evicting keys under memory pressure
 * (a user's sessions or links vanish) or persisting by snapshots only (minutes of sign-ins and links lost
 * on a crash). See docs/storage.md. Managed Redis often refuses CONFIG; then nothing can be checked.
 */
async function warnAboutRedisDurability(redis: Redis, logger: Logger): Promise<void> {
  let settings: Map<string, string>;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const more = (await redis.config('GET', 'appendonly')) as string[];
    settings = new Map();
    for (const pairs of [reply, more])
      for (let i = 0; i + 1 < pairs.length; i += 2) settings.set(pairs[i]!, pairs[i + 1]!);
  } catch (error) {
    logger.info(
      { err: { message: (error as Error).message } },
      'could not read the Redis configuration to check the store is durable; see docs/storage.md',
    );
    return;
  }
  const policy = settings.get('maxmemory-policy');
  if (policy !== undefined && policy !== 'noeviction') {
    logger.warn(
      { maxmemoryPolicy: policy },
      'Redis may evict store keys (users, sessions, links) under memory pressure: set maxmemory-policy noeviction, ' +
        'or give the store its own Redis',
    );
  }
  if (settings.get('appendonly') === 'no') {
    logger.warn(
      'Redis runs without the append-only file: a Redis crash can lose minutes of sign-ins, links and grants; ' +
        'set appendonly yes (docs/storage.md)',
    );
  }
}
