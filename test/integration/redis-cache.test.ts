import { describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createLogger } from '../../src/logging/logger.js';
import { startTestGateway } from '../support/gateway.js';
import { noErrors, operation } from '../support/graphql.js';
import { keysUnder, redisClient, startRedisServer, useSharedRedis } from '../support/redis.js';
import { REDIS_TOPOLOGIES, useRedisTopology } from '../support/redis-topologies.js';

const DASHBOARD = operation<{ viewer: { students: { fullName: string }[] } }>(
  '{ viewer { students { fullName grades(from: "2026-11-16", to: "2026-11-22") { id } freshness { isStale error { code } } } } }',
);

const shared = useSharedRedis();

describe.each(REDIS_TOPOLOGIES)('the Redis cache tier on %s Redis', (kind) => {
  const redis = useRedisTopology(kind);

  it('should keep entries under its prefix with their expiry, and forget them by prefix', async () => {
    const keyPrefix = redis.prefix();
    const cache = createRedisCache({ redis: redis.redis, keyPrefix, logger: createLogger('silent') });
    await cache.set('v1:acc:grades:x', { value: [{ id: 'mesh:1' }], fetchedAt: 42 }, 60_000);
    expect(await cache.get('v1:acc:grades:x')).toEqual({ value: [{ id: 'mesh:1' }], fetchedAt: 42 });
    expect(await cache.get('v1:acc:grades:missing')).toBeNull();
    const ttl = await redis.redis.pttl(`${keyPrefix}v1:acc:grades:x`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // Keys of one account hash to any slot of a Cluster: forgetting must reach every master.
    const keys = Array.from({ length: 40 }, (_, index) => `v1:acc:homework:${index}`);
    for (const key of [...keys, 'v1:other:grades:x']) await cache.set(key, { value: [], fetchedAt: 1 }, 60_000);
    await cache.deleteByPrefix('v1:acc:');
    expect(await keysUnder(redis.redis, keyPrefix)).toEqual([`${keyPrefix}v1:other:grades:x`]);
  });

  it('should let a second replica answer from the first one’s cache without calling the diary', async () => {
    const environment = { ...redis.environment, REDIS_KEY_PREFIX: redis.prefix() };
    const first = await startTestGateway(environment);
    const second = await startTestGateway(environment);
    const fromFirst = await first.graphql(DASHBOARD);
    expect(fromFirst.body.errors).toBeUndefined();
    second.gateway.demo!.simulators.mesh.clearRequests();
    const fromSecond = await second.graphql(DASHBOARD);
    expect(fromSecond.body).toEqual(fromFirst.body);
    expect(second.gateway.demo!.simulators.mesh.requests).toEqual([]);
  });
});

describe('when Redis goes away and comes back', () => {
  it('should keep answering from the diaries, then use Redis again', async () => {
    const server = await startRedisServer();
    const keyPrefix = shared.prefix();
    const gateway = await startTestGateway({ REDIS_URL: server.url, REDIS_KEY_PREFIX: keyPrefix });
    expect((await gateway.graphql(DASHBOARD)).body.errors).toBeUndefined();
    await expect.poll(async () => (await fetch(`${gateway.url}/readyz`)).status).toBe(200);

    await server.stop();
    const without = await startTestGateway({ REDIS_URL: server.url, REDIS_KEY_PREFIX: keyPrefix });
    const answer = await without.graphql(DASHBOARD);
    const { students } = noErrors(answer).viewer;
    expect(students).toHaveLength(6);
    expect(students.map((student) => student.fullName)).toContain('Иванова Полина Олеговна');
    expect(without.logs()).toContain('redis');
    // Still ready: the cache's Redis is not a condition of /readyz (a replica without it serves from the diaries).
    expect((await fetch(`${without.url}/readyz`)).status).toBe(200);

    await server.start();
    await expect
      .poll(async () => (await fetch(`${without.url}/readyz`)).status, { timeout: 10_000, interval: 200 })
      .toBe(200);
    const client = redisClient(server.url);
    // The restarted server is empty; the gateway reconnects by itself and writes again. Each probe
    // asks a range not asked before, so it is a cache miss that must be written.
    let day = 1;
    await expect
      .poll(
        async () => {
          const from = `2026-10-${String(day++).padStart(2, '0')}`;
          await without.graphql(`{ viewer { students { grades(from: "${from}", to: "2026-11-22") { id } } } }`);
          return (await keysUnder(client, keyPrefix)).length;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBeGreaterThan(0);
  });
});
