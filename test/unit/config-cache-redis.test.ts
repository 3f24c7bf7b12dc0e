/**
 * A Redis of the cache's own (`CACHE_REDIS_*`, issue 18): the same topologies and rules as the store's
 * `REDIS_*` (one reader, src/config/redis-topology.ts), refusals that name the cache's variables, secrets
 * never echoed, and the rules between the two: the store never goes on the cache's Redis, and a store's
 * Redis that nothing would use is refused.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

/** The problems `loadConfig` refuses `environment` with (fails the test when it accepts it). */
function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(environment)}`);
}

describe('loadConfig: the cache on a Redis of its own', () => {
  it('should leave cacheRedis null without CACHE_REDIS_*: the cache stays on the store’s Redis, as before', () => {
    const config = loadConfig({ REDIS_URL: 'redis://store:6379/0' });
    expect(config.cacheRedis).toBeNull();
    expect(config.redis?.topology).toEqual({ kind: 'single', url: 'redis://store:6379/0' });
    expect(loadConfig({}).cacheRedis).toBeNull();
  });

  it('should read CACHE_REDIS_URL beside REDIS_URL: the store on one, the cache on the other, one key prefix', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://store:6379/0',
      CACHE_REDIS_URL: 'rediss://cache:6380/1',
      REDIS_KEY_PREFIX: 'school:',
    });
    expect(config.redis).toEqual({ topology: { kind: 'single', url: 'redis://store:6379/0' }, keyPrefix: 'school:' });
    expect(config.cacheRedis).toEqual({
      topology: { kind: 'single', url: 'rediss://cache:6380/1' },
      keyPrefix: 'school:',
    });
    expect(config.store.kind).toBe('redis');
  });

  it('should read a Sentinel set-up for the cache with its own master name, database, credentials and TLS', () => {
    const config = loadConfig({
      REDIS_SENTINELS: 'store-sentinel:26379',
      REDIS_SENTINEL_NAME: 'store',
      CACHE_REDIS_SENTINELS: 'cache-sentinel-1:26379,[::1]:26380',
      CACHE_REDIS_SENTINEL_NAME: 'cache',
      CACHE_REDIS_SENTINEL_PASSWORD: 'cache-sentinel-secret',
      CACHE_REDIS_USERNAME: 'gateway-cache',
      CACHE_REDIS_PASSWORD: 'cache-data-secret',
      CACHE_REDIS_TLS: 'on',
      CACHE_REDIS_DB: '2',
    });
    expect(config.cacheRedis?.topology).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 'cache-sentinel-1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'cache',
      sentinelPassword: 'cache-sentinel-secret',
      db: 2,
      auth: { username: 'gateway-cache', password: 'cache-data-secret', tls: true },
    });
    // The store's family keeps its own settings: none of the cache's leaks into it.
    expect(config.redis?.topology).toEqual({
      kind: 'sentinel',
      sentinels: [{ host: 'store-sentinel', port: 26379 }],
      name: 'store',
      sentinelPassword: null,
      db: 0,
      auth: { username: null, password: null, tls: false },
    });
  });

  it('should read a Cluster for the cache beside a single store server', () => {
    const config = loadConfig({ REDIS_URL: 'redis://store:6379', CACHE_REDIS_CLUSTER_NODES: 'c-0:7000,c-1:7001' });
    expect(config.cacheRedis?.topology).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'c-0', port: 7000 },
        { host: 'c-1', port: 7001 },
      ],
      auth: { username: null, password: null, tls: false },
    });
    expect(config.redis?.topology.kind).toBe('single');
  });

  it.each([
    [{}, 'file'],
    [{ STORE: 'memory' }, 'memory'],
    [{ STORE: 'file' }, 'file'],
  ] as const)(
    'should allow CACHE_REDIS_URL without REDIS_* (%j): the store is %s, never the cache’s Redis',
    (extra, kind) => {
      const config = loadConfig({ CACHE_REDIS_URL: 'redis://cache:6379', ...extra });
      expect(config.redis).toBeNull();
      expect(config.cacheRedis?.topology).toEqual({ kind: 'single', url: 'redis://cache:6379' });
      expect(config.store.kind).toBe(kind);
    },
  );

  it.each([
    [
      { CACHE_REDIS_URL: 'redis://a:6379', CACHE_REDIS_CLUSTER_NODES: 'b:6379' },
      [
        'CACHE_REDIS_URL and CACHE_REDIS_CLUSTER_NODES: set one Redis topology (a single server, Sentinel or Cluster), not 2',
      ],
    ],
    [
      { CACHE_REDIS_SENTINELS: 'a:26379' },
      ['CACHE_REDIS_SENTINEL_NAME: required with CACHE_REDIS_SENTINELS (the master group name sentinels monitor)'],
    ],
    [
      { REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_NAME: 'm', CACHE_REDIS_SENTINEL_NAME: 'm' },
      ['CACHE_REDIS_SENTINEL_NAME: is used only with CACHE_REDIS_SENTINELS'],
    ],
    [
      { REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_NAME: 'm', CACHE_REDIS_URL: 'redis://c:1', CACHE_REDIS_DB: '1' },
      [
        'CACHE_REDIS_DB: is used only with CACHE_REDIS_SENTINELS (a CACHE_REDIS_URL names its database itself; a Cluster has only 0)',
      ],
    ],
    [
      { REDIS_CLUSTER_NODES: 'a:6379', CACHE_REDIS_URL: 'redis://c:1', CACHE_REDIS_USERNAME: 'u' },
      [
        'CACHE_REDIS_USERNAME: is used only with CACHE_REDIS_SENTINELS or CACHE_REDIS_CLUSTER_NODES (with CACHE_REDIS_URL, put it in the URL)',
      ],
    ],
    [
      { CACHE_REDIS_TLS: 'on' },
      [
        'CACHE_REDIS_TLS: is used only with CACHE_REDIS_SENTINELS or CACHE_REDIS_CLUSTER_NODES (no Redis is configured)',
      ],
    ],
    [
      { STORE: 'redis', CACHE_REDIS_URL: 'redis://cache:6379' },
      [
        'STORE: "redis" needs REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES (CACHE_REDIS_* is the cache’s Redis, which may evict: the store never goes there)',
      ],
    ],
    [
      { STORE: 'memory', REDIS_URL: 'redis://store:6379', CACHE_REDIS_URL: 'redis://cache:6379' },
      [
        'REDIS_URL: nothing would use it, since STORE is "memory" and the cache has a Redis of its own (CACHE_REDIS_*); drop REDIS_URL, or drop CACHE_REDIS_* to keep the cache on it',
      ],
    ],
    [
      { STORE: 'file', REDIS_CLUSTER_NODES: 'a:1', CACHE_REDIS_URL: 'redis://cache:6379' },
      [
        'REDIS_CLUSTER_NODES: nothing would use it, since STORE is "file" and the cache has a Redis of its own (CACHE_REDIS_*); drop REDIS_CLUSTER_NODES, or drop CACHE_REDIS_* to keep the cache on it',
      ],
    ],
    // Each family is judged alone: one mistake in each, each named under its own variables.
    [
      { REDIS_URL: 'redis://a:1', REDIS_DB: '1', CACHE_REDIS_SENTINELS: 'b:26379' },
      [
        'REDIS_DB: is used only with REDIS_SENTINELS (a REDIS_URL names its database itself; a Cluster has only 0)',
        'CACHE_REDIS_SENTINEL_NAME: required with CACHE_REDIS_SENTINELS (the master group name sentinels monitor)',
      ],
    ],
  ])('should refuse %j naming the cache’s variables', (environment, problems) => {
    expect(problemsOf(environment)).toEqual(problems);
  });

  it.each([
    [
      'a node that is not host:port',
      { CACHE_REDIS_SENTINELS: 'a', CACHE_REDIS_SENTINEL_NAME: 'm' },
      /^CACHE_REDIS_SENTINELS: "a" is not host:port/,
    ],
    [
      'an empty node list',
      { CACHE_REDIS_CLUSTER_NODES: ' , ' },
      /^CACHE_REDIS_CLUSTER_NODES: must list host:port entries/,
    ],
    [
      '65 seeds',
      { CACHE_REDIS_CLUSTER_NODES: Array.from({ length: 65 }, (_, i) => `n${i}:6379`).join(',') },
      /^CACHE_REDIS_CLUSTER_NODES: lists 65 nodes; at most 64/,
    ],
    [
      'a node list too long to split',
      { CACHE_REDIS_CLUSTER_NODES: `${'a'.repeat(64 * 300)}:1` },
      /^CACHE_REDIS_CLUSTER_NODES: is too long/,
    ],
    [
      'an http URL',
      { CACHE_REDIS_URL: 'http://cache:6379' },
      /^CACHE_REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    ],
    [
      'a master name with a space',
      { CACHE_REDIS_SENTINELS: 'a:1', CACHE_REDIS_SENTINEL_NAME: 'my master' },
      /^CACHE_REDIS_SENTINEL_NAME: must be/,
    ],
    [
      'database 256',
      { CACHE_REDIS_SENTINELS: 'a:1', CACHE_REDIS_SENTINEL_NAME: 'm', CACHE_REDIS_DB: '256' },
      /^CACHE_REDIS_DB:/,
    ],
  ])('should bound every CACHE_REDIS_* value as its REDIS_* twin: %s', (_what, environment, problem) => {
    const problems = problemsOf(environment);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it.each([
    ['CACHE_REDIS_PASSWORD', { CACHE_REDIS_CLUSTER_NODES: 'a:6379' }],
    ['CACHE_REDIS_SENTINEL_PASSWORD', { CACHE_REDIS_SENTINELS: 'a:26379', CACHE_REDIS_SENTINEL_NAME: 'm' }],
  ])('should never print the value of %s', (variable, rest) => {
    const problems = problemsOf({ ...rest, [variable]: `"S3CRET-${'x'.repeat(1030)}"` });
    expect(problems).toEqual([`${variable}: is too long`]);
  });

  it('should never print a CACHE_REDIS_URL, which may hold a password', () => {
    const message = (() => {
      try {
        loadConfig({ CACHE_REDIS_URL: 'http://gateway:hunter2-password@cache:6379' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/CACHE_REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(message).not.toContain('hunter2');
  });

  it('should not print a cache password set where it is not used', () => {
    expect(problemsOf({ CACHE_REDIS_PASSWORD: 'hunter2-password' })).toEqual([
      'CACHE_REDIS_PASSWORD: is used only with CACHE_REDIS_SENTINELS or CACHE_REDIS_CLUSTER_NODES (no Redis is configured)',
    ]);
  });
});
