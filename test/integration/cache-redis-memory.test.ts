/**
 * The start-up look at a Redis of the cache's own (src/redis/cache-memory.ts): no `maxmemory` is said at
 * info, a full-memory policy of `noeviction` at warn (it stops the shared rate limits once full), a bounded,
 * evicting Redis is said nothing of, and a Redis that refuses `CONFIG` is left unchecked. On a private
 * `redis-server` whose settings the test changes, and on a local Cluster, where every master is looked at.
 */
import type { Cluster, Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { noteCacheRedisMemory } from '../../src/redis/cache-memory.js';
import { captureLogs } from '../support/logs.js';
import { redisClient, startRedisServer, type PrivateRedis } from '../support/redis.js';
import { fileRedisCluster } from '../support/redis-topologies.js';
import { registerTeardown } from '../support/teardown.js';

/** The log lines `noteCacheRedisMemory` writes for `connection`, parsed. */
async function notes(connection: Redis | Cluster): Promise<{ level: number; msg: string; master?: string }[]> {
  const logs = captureLogs();
  await noteCacheRedisMemory(connection, createLogger('info', logs.stream));
  return logs
    .text()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { level: number; msg: string; master?: string });
}

const INFO = 30;
const WARN = 40;

describe('noteCacheRedisMemory on one server', () => {
  let server: PrivateRedis;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    client = redisClient(server.url);
  });

  const noMaxmemory = { level: INFO, msg: expect.stringContaining('has no maxmemory') as string };
  const refusesWrites = { level: WARN, msg: expect.stringContaining('refuses writes when full') as string };
  it.each([
    ['0', 'allkeys-lru', 'say at info it has no maxmemory', [noMaxmemory]],
    ['0', 'noeviction', 'say at info it has no maxmemory', [noMaxmemory]],
    ['2mb', 'noeviction', 'warn it refuses writes when full', [refusesWrites]],
    ['2mb', 'allkeys-lru', 'say nothing', []],
    ['2mb', 'volatile-lru', 'say nothing (every key the gateway writes there expires)', []],
  ])('with maxmemory %s and %s, should %s', async (maxmemory, policy, _what, expected) => {
    await client.config('SET', 'maxmemory', maxmemory);
    await client.config('SET', 'maxmemory-policy', policy);
    expect(await notes(client)).toEqual(expected.map((line) => expect.objectContaining(line)));
  });

  it('should say once at info that it could not look when CONFIG is refused, and nothing else', async () => {
    await client.config('SET', 'maxmemory', '0');
    await client.call('ACL', 'SETUSER', 'no-config', 'on', '>no-config-password', '~*', '&*', '+@all', '-config');
    const restricted = redisClient(server.url.replace('redis://', 'redis://no-config:no-config-password@'));
    const lines = await notes(restricted);
    expect(lines).toEqual([
      expect.objectContaining({ level: INFO, msg: expect.stringContaining("could not read the cache's Redis") }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('no-config-password');
  });
});

describe('noteCacheRedisMemory on a Cluster', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    const local = await fileRedisCluster();
    cluster = local.client();
    registerTeardown(() => cluster.disconnect());
    if (cluster.status !== 'ready') await new Promise((resolve) => cluster.once('ready', resolve));
  }, 60_000);

  it('should look at every master and name each one it speaks of', async () => {
    const lines = await notes(cluster);
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((line) => line.master)).size).toBe(3);
    for (const line of lines) {
      expect(line).toMatchObject({ level: INFO, msg: expect.stringContaining('has no maxmemory') as string });
      expect(line.master).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });
});
