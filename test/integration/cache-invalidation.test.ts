/**
 * Cross-replica cache invalidation over Redis pub/sub (src/cache/invalidation-bus.ts), on a single server,
 * a Cluster and Sentinel: two caches as two replicas would build them (`createGatewayCache`), one Redis.
 * A replica that forgets an account makes the other drop its in-process copy, and a replica whose
 * subscriber lost its connection drops its whole in-process tier once subscribed again (it may have
 * missed a message meanwhile). Each test proves the drop by the diary call the other replica then makes.
 */
import { describe, expect, it } from 'vitest';
import { createGatewayCache, type GatewayCache } from '../../src/cache/create-cache.js';
import type { CacheRequest } from '../../src/cache/upstream-cache.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import type { RedisConnection } from '../../src/redis/connect.js';
import { masters } from '../../src/redis/nodes.js';
import { deletePrefix, redisClient, startRedisServer } from '../support/redis.js';
import { REDIS_TOPOLOGIES, useRedisTopology, type RedisUnderTest } from '../support/redis-topologies.js';
import { registerTeardown } from '../support/teardown.js';

const GRADES: CacheRequest = { resource: 'grades', provider: 'MESH', accountId: 'acc-1', params: ['child-1', 'w47'] };

/** A replica's cache on `environment` under `keyPrefix`, closed when the test ends. */
function replica(environment: Record<string, string>, keyPrefix: string): GatewayCache {
  const cache = createGatewayCache(loadConfig({ ...environment, REDIS_KEY_PREFIX: keyPrefix }), {
    logger: createLogger('silent'),
  });
  registerTeardown(() => cache.close());
  return cache;
}

/** A diary that counts its calls. */
function countingDiary() {
  const diary = {
    calls: 0,
    load: (cache: GatewayCache) => {
      const fetch = async () => {
        diary.calls += 1;
        return [{ id: `mesh:${diary.calls}` }];
      };
      return cache.cache.load(GRADES, fetch, fetch);
    },
  };
  return diary;
}

/** Subscribers of `channel` on every master (a Cluster counts each node's own). */
async function subscribers(redis: RedisConnection, channel: string): Promise<number> {
  let total = 0;
  for (const node of masters(redis)) {
    const [, count] = (await node.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
    total += count;
  }
  return total;
}

async function untilSubscribed(redis: RedisConnection, keyPrefix: string, count: number): Promise<void> {
  await expect.poll(() => subscribers(redis, `${keyPrefix}cache:invalidate`), { timeout: 10_000 }).toBe(count);
}

describe.each(REDIS_TOPOLOGIES)('cache invalidation across replicas on %s Redis', (kind) => {
  const redis: RedisUnderTest = useRedisTopology(kind);

  it('should drop the other replica’s in-process copy once one replica forgets the account', async () => {
    const keyPrefix = redis.prefix();
    const [a, b] = [replica(redis.environment, keyPrefix), replica(redis.environment, keyPrefix)];
    const elsewhere = replica(redis.environment, redis.prefix());
    await untilSubscribed(redis.redis, keyPrefix, 2);
    const diary = countingDiary();
    await diary.load(b);
    await diary.load(elsewhere);
    expect(diary.calls).toBe(2);
    await diary.load(b); // from B's in-process tier
    expect(diary.calls).toBe(2);

    await a.cache.forget('acc-1');
    // Delivery is asynchronous: B keeps serving its copy until the message arrives, then asks the diary.
    await expect.poll(async () => (await diary.load(b)).value, { timeout: 10_000 }).toEqual([{ id: 'mesh:3' }]);
    // A gateway under another REDIS_KEY_PREFIX listens on another channel: its copy stays.
    expect((await diary.load(elsewhere)).value).toEqual([{ id: 'mesh:2' }]);
    expect(diary.calls).toBe(3);
  });

  it('should drop its whole in-process tier when its subscriber is back after losing its connection', async () => {
    // On the shared single server, killing pub/sub clients would hit other files' gateways: a private one.
    const environment = kind === 'single' ? { REDIS_URL: (await startRedisServer()).url } : redis.environment;
    const connection = kind === 'single' ? redisClient(environment.REDIS_URL!) : redis.redis;
    const keyPrefix = redis.prefix();
    const b = replica(environment, keyPrefix);
    await untilSubscribed(connection, keyPrefix, 1);
    const diary = countingDiary();
    await diary.load(b);
    expect(diary.calls).toBe(1);

    // B's subscriber loses its connection; meanwhile another replica forgets the account (its message is
    // lost for B: it is not subscribed), which removes the shared copy.
    for (const node of masters(connection)) await node.client('KILL', 'TYPE', 'pubsub');
    await deletePrefix(connection, `${keyPrefix}cache:`);

    await untilSubscribed(connection, keyPrefix, 1);
    await expect.poll(async () => (await diary.load(b)).value, { timeout: 10_000 }).toEqual([{ id: 'mesh:2' }]);
  });
});
