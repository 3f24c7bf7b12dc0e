/**
 * The Redis store against the real Redis at 127.0.0.1:6379 (each store under its own key prefix, deleted
 * afterwards): the whole contract, then the key layout, expiry in Redis, cleanup on delete, and a restart
 * (a new connection) finding everything. Without Redis these tests fail with how to start one.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { createStore } from '../../src/store/create-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { describeStoreContract, records } from '../contract/store-contract.js';
import { captureLogs } from '../support/logs.js';
import { keysUnder, SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';

const shared = useSharedRedis();

/** Every key under a prefix, without the prefix, sorted. */
async function relativeKeysUnder(keyPrefix: string): Promise<string[]> {
  return (await keysUnder(shared.redis, keyPrefix)).map((key) => key.slice(keyPrefix.length));
}

describeStoreContract('redis store', () => createRedisStore({ redis: shared.redis, keyPrefix: shared.prefix() }));

describe('the Redis store in Redis', () => {
  it('should keep every record under <prefix>store: in the documented layout', async () => {
    const keyPrefix = shared.prefix();
    const store = createRedisStore({ redis: shared.redis, keyPrefix });
    await store.putUser(records.user('u1', { login: { issuer: 'https://esia.example', subject: 's:1' } }));
    await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: null });
    await store.putPendingLogin({ idHash: 'p1', state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: Date.now() + 60_000 });
    await store.putProviderAccount(records.account('a1', 'u1', 100));
    await store.putStudentLink(records.link('a1', '100'));
    await store.putMatchDecision(records.decision('u1', 'x|y'));
    await store.putGrant(records.grant('g1', 'u1', 1_000, { granteeUserId: 'u2', status: 'ACTIVE' }));
    expect(await relativeKeysUnder(keyPrefix)).toEqual([
      'store:account-credentials:a1',
      'store:account:a1',
      'store:grant-code:code-hash-g1',
      'store:grant:g1',
      'store:grantee-grants:u2',
      'store:login:https%3A%2F%2Fesia.example:s%3A1',
      'store:match-decisions:u1',
      'store:owner-grants:u1',
      'store:pending-login:p1',
      'store:session:h1',
      'store:student-links:a1',
      'store:user-accounts:u1',
      'store:user:u1',
    ]);
    // The sealed credentials are kept as the vault made them; the account record does not repeat them.
    expect(await shared.redis.get(`${keyPrefix}store:account-credentials:a1`)).toBe('v1.k.sealed-a1');
    expect(await shared.redis.get(`${keyPrefix}store:account:a1`)).not.toContain('sealed-a1');
  });

  it('should let Redis expire sessions and pending logins at their expiry, and keep sessions without one', async () => {
    const keyPrefix = shared.prefix();
    let now = 1_000_000;
    const store = createRedisStore({ redis: shared.redis, keyPrefix, now: () => now });
    await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
    await store.putSession({ tokenHash: 'h2', userId: 'u1', expiresAt: null });
    await store.putPendingLogin({ idHash: 'p1', state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: now + 30_000 });
    const sessionTtl = await shared.redis.pttl(`${keyPrefix}store:session:h1`);
    expect(sessionTtl).toBeGreaterThan(50_000);
    expect(sessionTtl).toBeLessThanOrEqual(60_000);
    expect(await shared.redis.pttl(`${keyPrefix}store:session:h2`)).toBe(-1);
    const loginTtl = await shared.redis.pttl(`${keyPrefix}store:pending-login:p1`);
    expect(loginTtl).toBeGreaterThan(20_000);
    expect(loginTtl).toBeLessThanOrEqual(30_000);
    // Put when already expired by the store's clock: nothing is kept.
    now += 120_000;
    await store.putSession({ tokenHash: 'h3', userId: 'u1', expiresAt: now - 1 });
    expect(await shared.redis.exists(`${keyPrefix}store:session:h3`)).toBe(0);
  });

  it('should remove every key of a deleted account, and not recreate them on a late credential refresh', async () => {
    const keyPrefix = shared.prefix();
    const store = createRedisStore({ redis: shared.redis, keyPrefix });
    await store.putProviderAccount(records.account('a1', 'u1', 100));
    await store.putStudentLink(records.link('a1', '100'));
    expect(await store.deleteProviderAccount('a1')).toBe(true);
    expect(await store.updateProviderCredentials('a1', 'v1.k.late')).toBe(false);
    expect(await relativeKeysUnder(keyPrefix)).toEqual([]);
  });

  it('should ignore an index entry whose record no longer matches it', async () => {
    const keyPrefix = shared.prefix();
    const store = createRedisStore({ redis: shared.redis, keyPrefix });
    await store.putUser(records.user('u1'));
    await store.putGrant(records.grant('g1', 'u1', 1_000));
    // As a race of two replacements could leave them: indexes pointing at records that moved on.
    await shared.redis.set(`${keyPrefix}store:login:x:y`, 'u1');
    await shared.redis.set(`${keyPrefix}store:grant-code:other-code`, 'g1');
    await shared.redis.zadd(`${keyPrefix}store:owner-grants:u7`, 5, 'g1');
    await shared.redis.zadd(`${keyPrefix}store:user-accounts:u1`, 5, 'missing-account');
    expect(await store.findUserByLogin('x', 'y')).toBeNull();
    expect(await store.findGrantByCodeHash('other-code')).toBeNull();
    expect(await store.listGrantsByOwner('u7')).toEqual([]);
    expect(await store.listProviderAccounts('u1')).toEqual([]);
  });

  it('should find everything with a new connection (a restarted replica)', async () => {
    const keyPrefix = shared.prefix();
    const now = Date.now();
    const first = new Redis(SHARED_REDIS_URL);
    const writer = createRedisStore({ redis: first, keyPrefix });
    await writer.putUser(records.user('u1'));
    await writer.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
    await writer.putProviderAccount(records.account('a1', 'u1', 100));
    await writer.putStudentLink(records.link('a1', '100'));
    await writer.putMatchDecision(records.decision('u1', 'x|y'));
    await writer.putGrant(records.grant('g1', 'u1', 1_000));
    await writer.close();
    await first.quit();

    const second = new Redis(SHARED_REDIS_URL);
    try {
      const reader = createRedisStore({ redis: second, keyPrefix });
      expect(await reader.getUser('u1')).toEqual(records.user('u1'));
      expect((await reader.findSession('h1', now))?.userId).toBe('u1');
      expect(await reader.listProviderAccounts('u1')).toEqual([records.account('a1', 'u1', 100)]);
      expect(await reader.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
      expect(await reader.listMatchDecisions('u1')).toEqual([records.decision('u1', 'x|y')]);
      expect((await reader.findGrantByCodeHash('code-hash-g1'))?.id).toBe('g1');
    } finally {
      await second.quit();
    }
  });
});

describe('createStore with STORE=redis', () => {
  it('should connect its own Redis under REDIS_KEY_PREFIX, and close it', async () => {
    const keyPrefix = shared.prefix();
    const opened = await createStore(
      { store: { kind: 'redis', file: 'unused.json' }, redis: { url: SHARED_REDIS_URL, keyPrefix } },
      { logger: createLogger('silent') },
    );
    await opened.store.putUser(records.user('u1'));
    await opened.close();
    expect(await relativeKeysUnder(keyPrefix)).toEqual(['store:login:https%3A%2F%2Fesia.example%3A8443%2Frealm:sub-u1', 'store:user:u1']);
  });

  it('should warn at start-up when this Redis would lose store data', async () => {
    const settings = (await shared.redis.config('GET', 'appendonly')) as string[];
    const logs = captureLogs();
    const opened = await createStore(
      { store: { kind: 'redis', file: 'unused.json' }, redis: { url: SHARED_REDIS_URL, keyPrefix: shared.prefix() } },
      { logger: createLogger('info', logs.stream), redis: shared.redis },
    );
    await opened.close();
    // The CI Redis runs without an append-only file (test/support/redis.ts documents it); a durable one gets no warning.
    if (settings[1] === 'no') expect(logs.text()).toContain('without the append-only file');
    else expect(logs.text()).not.toContain('without the append-only file');
    // The connection was the caller's: it is still open.
    expect(await shared.redis.ping()).toBe('PONG');
  });

  it('should stop start-up with a clear error when Redis does not answer, naming the setting but not the URL', async () => {
    const error = await createStore(
      { store: { kind: 'redis', file: 'unused.json' }, redis: { url: 'redis://:hunter2-password@127.0.0.1:1/0', keyPrefix: 'dg:' } },
      { logger: createLogger('silent') },
    ).then(
      () => null,
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).toMatch(/^The store could not connect to Redis \(REDIS_URL\)/);
    expect(error?.message).not.toContain('hunter2');
  });
});
