/**
 * The Redis store behind Sentinel through a failover (test/support/redis-topologies.ts): a master, one
 * replica and a sentinel; the store is opened from `REDIS_SENTINELS` as a gateway opens it. Everything
 * written before a planned failover is read back after it (from the new master), and the store takes writes
 * again once ioredis has followed the sentinel to the new master.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { createStore } from '../../src/store/create-store.js';
import { records, storeLink } from '../contract/store-contract.js';
import { uniquePrefix } from '../support/redis.js';
import { startRedisSentinel } from '../support/redis-topologies.js';
import { registerTeardown } from '../support/teardown.js';

/** Users written before the failover: enough that a lost tail of writes would show. */
const USERS = 50;

describe('the Redis store behind Sentinel', () => {
  it('should read after a failover everything written before it, and take writes again', async () => {
    const sentinel = await startRedisSentinel();
    const keyPrefix = uniquePrefix();
    const opened = await createStore(
      loadConfig({ STORE: 'redis', ...sentinel.environment, REDIS_KEY_PREFIX: keyPrefix }),
      { logger: createLogger('silent') },
    );
    registerTeardown(() => opened.close());
    const { store } = opened;
    const now = Date.now();
    for (let index = 0; index < USERS; index += 1) {
      await store.putUser(records.user(`u${index}`));
      await store.putSession({ tokenHash: `h${index}`, userId: `u${index}`, expiresAt: now + 3_600_000 });
    }
    await store.putProviderAccount(records.account('a1', 'u0', 100));
    await storeLink(store, records.link('a1', '100'));
    await store.createGrant(records.grant('g1', 'u0', now));
    const before = await sentinel.master();

    const after = await sentinel.failover();
    expect(after.port).not.toBe(before.port);

    // The store follows the sentinel to the new master; until it has, a write may fail (503 at the edge).
    await expect
      .poll(
        () =>
          store.putUser(records.user('u-after')).then(
            () => true,
            () => false,
          ),
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
    for (let index = 0; index < USERS; index += 1) {
      expect(await store.getUser(`u${index}`)).toEqual(records.user(`u${index}`));
      expect((await store.findSession(`h${index}`, now))?.userId).toBe(`u${index}`);
    }
    expect(await store.listProviderAccounts('u0')).toEqual([records.account('a1', 'u0', 100)]);
    expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
    expect((await store.findGrantByCodeHash('code-hash-g1'))?.id).toBe('g1');

    // Read from the new master itself: the data is there, not in a connection's memory.
    const direct = new Redis({ ...after, lazyConnect: true });
    registerTeardown(() => direct.disconnect());
    await direct.connect();
    expect(await direct.exists(`${keyPrefix}{store}:user:u-after`, `${keyPrefix}{store}:user:u${USERS - 1}`)).toBe(2);
  });
});
