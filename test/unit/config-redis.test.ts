/**
 * The Redis topologies of the configuration (src/config/redis-topology.ts): a single server, Sentinel or
 * Cluster, exactly one, with the data nodes' credentials and TLS; refusals name the variables, never a
 * password.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { parseRedisNodes } from '../../src/config/redis-topology.js';

describe('loadConfig: Redis topologies', () => {
  it('should read a single server from REDIS_URL, as before, and make it the store', () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' });
    expect(config.redis).toEqual({ topology: { kind: 'single', url: 'redis://127.0.0.1:6379/2' }, keyPrefix: 'dg:' });
    expect(config.store.kind).toBe('redis');
  });

  it('should read a Sentinel set-up with its master name, database, credentials and TLS', () => {
    const config = loadConfig({
      REDIS_SENTINELS: 'sentinel-1:26379, 10.0.0.2:26379,[::1]:26380',
      REDIS_SENTINEL_NAME: 'dg-master',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      REDIS_USERNAME: 'gateway',
      REDIS_PASSWORD: 'data-secret',
      REDIS_TLS: 'on',
      REDIS_DB: '3',
      REDIS_KEY_PREFIX: 'school:',
    });
    expect(config.redis).toEqual({
      topology: {
        kind: 'sentinel',
        sentinels: [
          { host: 'sentinel-1', port: 26379 },
          { host: '10.0.0.2', port: 26379 },
          { host: '::1', port: 26380 },
        ],
        name: 'dg-master',
        sentinelPassword: 'sentinel-secret',
        db: 3,
        auth: { username: 'gateway', password: 'data-secret', tls: true },
      },
      keyPrefix: 'school:',
    });
    expect(config.store.kind).toBe('redis');
  });

  it('should read Cluster seeds, with TLS off and no credentials by default', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: 'redis-0:6379,redis-1:6379,redis-2:6379' });
    expect(config.redis?.topology).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'redis-0', port: 6379 },
        { host: 'redis-1', port: 6379 },
        { host: 'redis-2', port: 6379 },
      ],
      auth: { username: null, password: null, tls: false },
    });
    expect(config.store.kind).toBe('redis');
  });

  it.each([
    [
      { REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:6379' },
      /REDIS_URL and REDIS_CLUSTER_NODES: set one Redis topology/,
    ],
    [
      { REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_NAME: 'm', REDIS_CLUSTER_NODES: 'b:6379' },
      /REDIS_SENTINELS and REDIS_CLUSTER_NODES: set one Redis topology/,
    ],
    [{ REDIS_SENTINELS: 'a:26379' }, /REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/],
    [{ REDIS_SENTINEL_NAME: 'm' }, /REDIS_SENTINEL_NAME: is used only with REDIS_SENTINELS/],
    [
      { REDIS_CLUSTER_NODES: 'a:6379', REDIS_DB: '1' },
      /REDIS_DB: is used only with REDIS_SENTINELS .*a Cluster has only 0/,
    ],
    [{ REDIS_URL: 'redis://a:6379', REDIS_DB: '1' }, /REDIS_DB: is used only with REDIS_SENTINELS/],
    [{ REDIS_URL: 'redis://a:6379', REDIS_USERNAME: 'u' }, /REDIS_USERNAME: .*with REDIS_URL, put it in the URL/],
    [{ REDIS_TLS: 'on' }, /REDIS_TLS: is used only with REDIS_SENTINELS or REDIS_CLUSTER_NODES/],
    [{ REDIS_SENTINELS: 'a', REDIS_SENTINEL_NAME: 'm' }, /REDIS_SENTINELS: "a" is not host:port/],
    [{ REDIS_CLUSTER_NODES: 'a:6379,b:99999' }, /REDIS_CLUSTER_NODES: "b:99999" is not host:port/],
    [{ REDIS_CLUSTER_NODES: ' , ' }, /REDIS_CLUSTER_NODES: must list host:port entries/],
    [
      { REDIS_SENTINELS: Array.from({ length: 17 }, (_, i) => `s${i}:26379`).join(','), REDIS_SENTINEL_NAME: 'm' },
      /REDIS_SENTINELS: lists 17 nodes; at most 16/,
    ],
    [
      { REDIS_CLUSTER_NODES: Array.from({ length: 65 }, (_, i) => `n${i}:6379`).join(',') },
      /REDIS_CLUSTER_NODES: lists 65 nodes; at most 64/,
    ],
    [{ REDIS_CLUSTER_NODES: `${'a'.repeat(64 * 300)}:1` }, /REDIS_CLUSTER_NODES: is too long/],
    [
      { REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'my master' },
      /REDIS_SENTINEL_NAME: must be the master group name/,
    ],
    [{ REDIS_CLUSTER_NODES: 'a:1', REDIS_DB: '-1' }, /REDIS_DB/],
    [{ STORE: 'redis' }, /STORE: "redis" needs REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES/],
  ])('should refuse %j naming the variables', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it.each([
    ['REDIS_PASSWORD', { REDIS_CLUSTER_NODES: 'a:6379' }],
    ['REDIS_SENTINEL_PASSWORD', { REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_NAME: 'm' }],
  ])('should never print the value of %s', (variable, rest) => {
    const secret = `"S3CRET-${'x'.repeat(1030)}"`;
    const error = (() => {
      try {
        loadConfig({ ...rest, [variable]: secret });
      } catch (caught) {
        return caught as ConfigError;
      }
    })();
    expect(error?.message).toMatch(new RegExp(`${variable}: is too long`));
    expect(error?.message).not.toContain('S3CRET');
  });

  it('should not print a password set where it is not used', () => {
    expect(() => loadConfig({ REDIS_PASSWORD: 'hunter2-password' })).toThrow(/REDIS_PASSWORD: is used only with/);
    expect(() => loadConfig({ REDIS_PASSWORD: 'hunter2-password' })).not.toThrow(/hunter2/);
  });
});

describe('parseRedisNodes', () => {
  it.each([
    ['127.0.0.1:6379', [{ host: '127.0.0.1', port: 6379 }]],
    [
      'redis.internal:1,[2001:db8::1]:65535',
      [
        { host: 'redis.internal', port: 1 },
        { host: '2001:db8::1', port: 65535 },
      ],
    ],
  ])('should read %s', (spec, nodes) => {
    expect(parseRedisNodes(spec, 4)).toEqual(nodes);
  });

  it.each(['a:0', 'a:', ':1', 'a b:1', '2001:db8::1:6379', 'a:1:2'])('should refuse %s', (spec) => {
    expect(() => parseRedisNodes(spec, 4)).toThrow(/is not host:port/);
  });
});
