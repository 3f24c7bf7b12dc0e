/**
 * The Redis store on each way operators run Redis — the shared single server at 127.0.0.1:6379 (each store
 * under its own key prefix, deleted afterwards), a local Cluster of three masters and a Sentinel-watched
 * master (test/support/redis-topologies.ts, one of each per file): the whole contract, then the key layout,
 * expiry in Redis, cleanup on delete, a restart (a new connection) finding everything, compare-and-set under
 * interference, grant retention by key expiry, unreadable records read as absent, and the move of keys
 * written under the earlier layout. Without Redis these tests fail with how to start one.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { createStore } from '../../src/store/create-store.js';
import { MAX_ATTEMPTS } from '../../src/store/redis-guarded-write.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { GRANT_RETENTION_MS } from '../../src/store/store.js';
import { sendRecord } from '../contract/message-send-contract.js';
import { describeStoreContract, records, storeLink } from '../contract/store-contract.js';
import { captureLogs } from '../support/logs.js';
import { keysUnder, redisClient, SHARED_REDIS_URL, startRedisServer, useSharedRedis } from '../support/redis.js';
import { REDIS_TOPOLOGIES, useRedisTopology } from '../support/redis-topologies.js';

describe.each(REDIS_TOPOLOGIES)('on %s Redis', (kind) => {
  const shared = useRedisTopology(kind);

  /** Every key under a prefix, without the prefix, sorted. */
  async function relativeKeysUnder(keyPrefix: string): Promise<string[]> {
    return (await keysUnder(shared.redis, keyPrefix)).map((key) => key.slice(keyPrefix.length));
  }

  describeStoreContract('redis store', () => createRedisStore({ redis: shared.redis, keyPrefix: shared.prefix() }));

  describe('the Redis store in Redis', () => {
    it('should keep every record under <prefix>{store}: in the documented layout', async () => {
      const keyPrefix = shared.prefix();
      const store = createRedisStore({ redis: shared.redis, keyPrefix });
      await store.putUser(records.user('u1', { login: { issuer: 'https://esia.example', subject: 's:1' } }));
      await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: null });
      await store.putPendingLogin(records.pendingLogin('p1', Date.now() + 60_000));
      await store.putProviderAccount(records.account('a1', 'u1', 100));
      await storeLink(store, records.link('a1', '100'));
      await store.addMatchDecision(records.decision('u1', 'x|y'));
      await store.createGrant(records.grant('g1', 'u1', Date.now(), { granteeUserId: 'u2', status: 'ACTIVE' }));
      expect(await relativeKeysUnder(keyPrefix)).toEqual([
        '{store}:account-credentials:a1',
        '{store}:account:a1',
        '{store}:grant-code:code-hash-g1',
        '{store}:grant:g1',
        '{store}:grantee-grants:u2',
        '{store}:login:https%3A%2F%2Fesia.example:s%3A1',
        '{store}:match-decisions:u1',
        '{store}:owner-grants:u1',
        '{store}:pending-login:p1',
        '{store}:session:h1',
        '{store}:student-links:a1',
        '{store}:user-accounts:u1',
        '{store}:user:u1',
      ]);
      // The sealed credentials are kept as the vault made them; the account record does not repeat them.
      expect(await shared.redis.get(`${keyPrefix}{store}:account-credentials:a1`)).toBe('v1.k.sealed-a1');
      expect(await shared.redis.get(`${keyPrefix}{store}:account:a1`)).not.toContain('sealed-a1');
    });

    it('should let Redis expire sessions and pending logins at their expiry, and keep sessions without one', async () => {
      const keyPrefix = shared.prefix();
      let now = 1_000_000;
      const store = createRedisStore({ redis: shared.redis, keyPrefix, now: () => now });
      await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
      await store.putSession({ tokenHash: 'h2', userId: 'u1', expiresAt: null });
      await store.putPendingLogin(records.pendingLogin('p1', now + 30_000));
      const sessionTtl = await shared.redis.pttl(`${keyPrefix}{store}:session:h1`);
      expect(sessionTtl).toBeGreaterThan(50_000);
      expect(sessionTtl).toBeLessThanOrEqual(60_000);
      expect(await shared.redis.pttl(`${keyPrefix}{store}:session:h2`)).toBe(-1);
      const loginTtl = await shared.redis.pttl(`${keyPrefix}{store}:pending-login:p1`);
      expect(loginTtl).toBeGreaterThan(20_000);
      expect(loginTtl).toBeLessThanOrEqual(30_000);
      // Put when already expired by the store's clock: nothing is kept.
      now += 120_000;
      await store.putSession({ tokenHash: 'h3', userId: 'u1', expiresAt: now - 1 });
      expect(await shared.redis.exists(`${keyPrefix}{store}:session:h3`)).toBe(0);
    });

    it('should remove every key of a deleted account, and not recreate them on a late credential refresh', async () => {
      const keyPrefix = shared.prefix();
      const store = createRedisStore({ redis: shared.redis, keyPrefix });
      await store.putProviderAccount(records.account('a1', 'u1', 100));
      await storeLink(store, records.link('a1', '100'));
      expect(await store.deleteProviderAccount('a1')).toBe(true);
      expect(await store.updateProviderCredentials('a1', 'v1.k.late')).toBe(false);
      expect(await relativeKeysUnder(keyPrefix)).toEqual([]);
    });

    it('should ignore an index entry whose record no longer matches it', async () => {
      const keyPrefix = shared.prefix();
      const store = createRedisStore({ redis: shared.redis, keyPrefix });
      await store.putUser(records.user('u1'));
      await store.createGrant(records.grant('g1', 'u1', Date.now()));
      // As a crash of an older gateway between two writes could leave them: indexes pointing at records that moved on.
      await shared.redis.set(`${keyPrefix}{store}:login:x:y`, 'u1');
      await shared.redis.set(`${keyPrefix}{store}:grant-code:other-code`, 'g1');
      await shared.redis.zadd(`${keyPrefix}{store}:owner-grants:u7`, 5, 'g1');
      await shared.redis.zadd(`${keyPrefix}{store}:user-accounts:u1`, 5, 'missing-account');
      expect(await store.findUserByLogin('x', 'y')).toBeNull();
      expect(await store.findGrantByCodeHash('other-code')).toBeNull();
      expect(await store.listGrantsByOwner('u7')).toEqual([]);
      expect(await store.listProviderAccounts('u1')).toEqual([]);
    });

    it('should find everything with a new connection (a restarted replica)', async () => {
      const keyPrefix = shared.prefix();
      const now = Date.now();
      const first = shared.client();
      const writer = createRedisStore({ redis: first, keyPrefix });
      await writer.putUser(records.user('u1'));
      await writer.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
      await writer.putProviderAccount(records.account('a1', 'u1', 100));
      await storeLink(writer, records.link('a1', '100'));
      await writer.addMatchDecision(records.decision('u1', 'x|y'));
      await writer.createGrant(records.grant('g1', 'u1', now));
      await writer.close();
      await first.quit();

      const reader = createRedisStore({ redis: shared.client(), keyPrefix });
      expect(await reader.getUser('u1')).toEqual(records.user('u1'));
      expect((await reader.findSession('h1', now))?.userId).toBe('u1');
      expect(await reader.listProviderAccounts('u1')).toEqual([records.account('a1', 'u1', 100)]);
      expect(await reader.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
      expect(await reader.listMatchDecisions('u1')).toEqual([records.decision('u1', 'x|y')]);
      expect((await reader.findGrantByCodeHash('code-hash-g1'))?.id).toBe('g1');
    });
  });

  describe('the Redis store writing with compare-and-set', () => {
    it('should never write over a change made between its read and its write, and give up after a bounded number of tries', async () => {
      const keyPrefix = shared.prefix();
      const store = createRedisStore({ redis: shared.redis, keyPrefix });
      await store.createGrant(records.grant('g1', 'u1', 1_000));
      const key = `${keyPrefix}{store}:grant:g1`;
      let calls = 0;
      // Each call queues a write of another "replica" on the same connection, so it reaches Redis after the
      // store's read and before its compare-and-set: every attempt must find the grant changed.
      const error = await store
        .updateGrant('g1', (grant) => {
          calls += 1;
          void shared.redis.set(key, JSON.stringify({ ...grant, acceptedAt: calls }));
          return { ...grant, status: 'REVOKED', revokedAt: Date.now() };
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('STORE_CONFLICT');
      expect(calls).toBe(MAX_ATTEMPTS);
      expect(await store.getGrant('g1')).toEqual(records.grant('g1', 'u1', 1_000, { acceptedAt: MAX_ATTEMPTS }));
    });
  });

  describe('the Redis store pruning grants by key expiry', () => {
    const DAY = 86_400_000;

    it('should let a grant and its code key expire at the end of its retention, which revoking brings forward', async () => {
      const keyPrefix = shared.prefix();
      const now = 1_000_000_000_000;
      const store = createRedisStore({ redis: shared.redis, keyPrefix, now: () => now });
      await store.createGrant(records.grant('g1', 'u1', now, { expiresAt: now + 90 * DAY }));
      const ttl = (name: string) => shared.redis.pttl(`${keyPrefix}{store}:${name}`);
      for (const name of ['grant:g1', 'grant-code:code-hash-g1']) {
        expect(await ttl(name)).toBeGreaterThan(90 * DAY + GRANT_RETENTION_MS - 60_000);
        expect(await ttl(name)).toBeLessThanOrEqual(90 * DAY + GRANT_RETENTION_MS);
      }
      await store.updateGrant('g1', (grant) => ({ ...grant, status: 'REVOKED', revokedAt: now + DAY }));
      for (const name of ['grant:g1', 'grant-code:code-hash-g1']) {
        expect(await ttl(name)).toBeGreaterThan(DAY + GRANT_RETENTION_MS - 60_000);
        expect(await ttl(name)).toBeLessThanOrEqual(DAY + GRANT_RETENTION_MS);
      }
    });

    it('should delete a grant at once when its retention is already over, and drop its id from the indexes on the next read', async () => {
      const keyPrefix = shared.prefix();
      let now = 1_000_000_000_000;
      const store = createRedisStore({ redis: shared.redis, keyPrefix, now: () => now });
      await store.createGrant(
        records.grant('g1', 'u1', now, { expiresAt: now + DAY, status: 'ACTIVE', granteeUserId: 'u2' }),
      );
      await store.createGrant(records.grant('g2', 'u1', now + 1, { expiresAt: now + 90 * DAY }));
      now += DAY + GRANT_RETENTION_MS;
      // A late revocation of a grant long expired: nothing of it is kept.
      expect(
        (await store.updateGrant('g1', (grant) => ({ ...grant, status: 'REVOKED', revokedAt: now })))?.status,
      ).toBe('REVOKED');
      expect(await store.getGrant('g1')).toBeNull();
      expect(await store.findGrantByCodeHash('code-hash-g1')).toBeNull();
      expect(await shared.redis.zrange(`${keyPrefix}{store}:owner-grants:u1`, 0, -1)).toEqual(['g1', 'g2']);
      expect((await store.listGrantsByOwner('u1')).map((grant) => grant.id)).toEqual(['g2']);
      expect(await store.listGrantsByGrantee('u2')).toEqual([]);
      expect(await shared.redis.zrange(`${keyPrefix}{store}:owner-grants:u1`, 0, -1)).toEqual(['g2']);
      expect(await shared.redis.exists(`${keyPrefix}{store}:grantee-grants:u2`)).toBe(0);
    });
  });

  describe('the Redis store keeping message sends', () => {
    const DAY = 86_400_000;

    it('should keep a send under {store}:message-send:{id}, expiring at its expiresAt, a change keeping the expiry', async () => {
      const keyPrefix = shared.prefix();
      const now = Date.now();
      const store = createRedisStore({ redis: shared.redis, keyPrefix, now: () => now });
      await store.claimMessageSend(sendRecord('s1', 'draft-a', now), now);
      expect(await relativeKeysUnder(keyPrefix)).toEqual(['{store}:message-send:s1']);
      const ttl = () => shared.redis.pttl(`${keyPrefix}{store}:message-send:s1`);
      expect(await ttl()).toBeGreaterThan(DAY - 60_000);
      expect(await ttl()).toBeLessThanOrEqual(DAY);
      await store.updateMessageSend('s1', (send) => ({ ...send, state: 'SENT' }));
      expect(await ttl()).toBeGreaterThan(DAY - 60_000);
      expect(await ttl()).toBeLessThanOrEqual(DAY);
      // A replacement after expiry (by the claim's clock) gets the new record's expiry.
      const later = sendRecord('s1', 'draft-b', now + DAY, { expiresAt: now + 2 * DAY });
      expect(await store.claimMessageSend(later, now + DAY)).toEqual(later);
      expect(await ttl()).toBeGreaterThan(2 * DAY - 60_000);
      expect(await ttl()).toBeLessThanOrEqual(2 * DAY);
    });

    it('should answer null for a send past its expiry by the store clock, without calling the change', async () => {
      const keyPrefix = shared.prefix();
      let now = Date.now();
      const store = createRedisStore({ redis: shared.redis, keyPrefix, now: () => now });
      await store.claimMessageSend(sendRecord('s1', 'draft-a', now), now);
      now += DAY;
      let called = false;
      expect(await store.updateMessageSend('s1', (send) => ((called = true), send))).toBeNull();
      expect(called).toBe(false);
    });

    it('should replace an unreadable send record, as a record read as absent', async () => {
      const keyPrefix = shared.prefix();
      const now = Date.now();
      const store = createRedisStore({ redis: shared.redis, keyPrefix });
      await shared.redis.set(`${keyPrefix}{store}:message-send:s1`, '{"id":"s1","state":"SENT"');
      expect(await store.updateMessageSend('s1', (send) => send)).toBeNull();
      const claim = sendRecord('s1', 'draft-a', now);
      expect(await store.claimMessageSend(claim, now)).toEqual(claim);
      expect(await store.claimMessageSend(sendRecord('s1', 'draft-a', now + 1), now + 1)).toEqual(claim);
    });
  });

  describe('the Redis store reading damaged records', () => {
    it('should read a record that is not JSON or not of its kind as absent, drop it from lists, and log each kind once without values', async () => {
      const keyPrefix = shared.prefix();
      const logs = captureLogs();
      const store = createRedisStore({ redis: shared.redis, keyPrefix, logger: createLogger('warn', logs.stream) });
      const key = (name: string) => `${keyPrefix}{store}:${name}`;
      await store.putUser(records.user('u1'));
      await store.putProviderAccount(records.account('a1', 'u1', 100));
      await store.putProviderAccount(records.account('a2', 'u1', 200));
      await storeLink(store, records.link('a1', '100'));
      await storeLink(store, records.link('a1', '200'));
      await store.createGrant(records.grant('g1', 'u1', 1_000));
      await store.createGrant(records.grant('g2', 'u1', 2_000));
      await store.addMatchDecision(records.decision('u1', 'x|y'));
      await store.addMatchDecision(records.decision('u1', 'x|z'));
      await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: null });

      const secret = 'secret-value-that-must-not-be-logged';
      await shared.redis.set(key('grant:g1'), `{"id":"g1","ownerUserId":"u1","status":"${secret}"`);
      await shared.redis.set(
        key('account:a1'),
        JSON.stringify({ ...records.account('a1', 'u1', 100), provider: secret, sealedCredentials: undefined }),
      );
      await shared.redis.hset(key('student-links:a1'), 'MESH:200', JSON.stringify({ studentId: secret }));
      await shared.redis.hset(key('match-decisions:u1'), 'x|z', 'not json at all');
      await shared.redis.set(key('session:h1'), JSON.stringify({ tokenHash: 'h1', userId: 7, expiresAt: null }));
      await shared.redis.set(key('user:u2'), JSON.stringify({ id: 'u2', displayName: secret }));

      expect((await store.listGrantsByOwner('u1')).map((grant) => grant.id)).toEqual(['g2']);
      expect(await store.getGrant('g1')).toBeNull();
      expect(await store.findGrantByCodeHash('code-hash-g1')).toBeNull();
      expect((await store.listProviderAccounts('u1')).map((account) => account.id)).toEqual(['a2']);
      expect(await store.getProviderAccount('a1')).toBeNull();
      expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
      expect(await store.listMatchDecisions('u1')).toEqual([records.decision('u1', 'x|y')]);
      expect(await store.findSession('h1', Date.now())).toBeNull();
      expect(await store.getUser('u2')).toBeNull();
      // A second read of the same kinds adds no log line.
      await store.listGrantsByOwner('u1');
      await store.getProviderAccount('a1');

      const lines = logs
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { kind: string; problem: string });
      expect(lines.map((line) => line.kind).sort()).toEqual([
        'account',
        'grant',
        'match decision',
        'session',
        'student link',
        'user',
      ]);
      expect(lines.find((line) => line.kind === 'grant')?.problem).toBe('not JSON');
      expect(lines.find((line) => line.kind === 'account')?.problem).toBe('wrong shape at provider');
      expect(logs.text()).not.toContain(secret);
      expect(logs.text()).not.toContain('a1');
      expect(logs.text()).not.toContain('g1');
    });
  });

  describe('createStore with STORE=redis', () => {
    it('should connect its own Redis under REDIS_KEY_PREFIX, and close it', async () => {
      const keyPrefix = shared.prefix();
      const opened = await createStore(
        loadConfig({ STORE: 'redis', ...shared.environment, REDIS_KEY_PREFIX: keyPrefix }),
        { logger: createLogger('silent') },
      );
      await opened.store.putUser(records.user('u1'));
      await opened.close();
      expect(await relativeKeysUnder(keyPrefix)).toEqual([
        '{store}:login:https%3A%2F%2Fesia.example%3A8443%2Frealm:sub-u1',
        '{store}:user:u1',
      ]);
    });
  });

  describe('createStore moving a store of the earlier layout (<prefix>store:)', () => {
    /** What a gateway before the one-slot layout left: the same records, under `<prefix>store:`. */
    async function writeEarlierLayout(keyPrefix: string, now: number): Promise<void> {
      const moving = shared.client();
      // The store of today writes the records; each key is then renamed back to the earlier layout by DUMP and
      // RESTORE (RENAME cannot cross slots on a Cluster).
      const scratch = `${keyPrefix}scratch:`;
      const writer = createRedisStore({ redis: moving, keyPrefix: scratch });
      await writer.putUser(records.user('u1'));
      await writer.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 600_000 });
      await writer.putProviderAccount(records.account('a1', 'u1', 100));
      await storeLink(writer, records.link('a1', '100'));
      await writer.addMatchDecision(records.decision('u1', 'x|y'));
      await writer.createGrant(records.grant('g1', 'u1', now));
      for (const key of await keysUnder(moving, scratch)) {
        const ttl = await moving.pttl(key);
        await moving.restore(
          `${keyPrefix}store:${key.slice(`${scratch}{store}:`.length)}`,
          Math.max(ttl, 0),
          await moving.dumpBuffer(key),
        );
        await moving.del(key);
      }
    }

    const open = (keyPrefix: string, logs = captureLogs()) =>
      createStore(loadConfig({ STORE: 'redis', ...shared.environment, REDIS_KEY_PREFIX: keyPrefix }), {
        logger: createLogger('info', logs.stream),
      });

    it('should move every key at start, keep expiries, and read them all through the store', async () => {
      const keyPrefix = shared.prefix();
      const now = Date.now();
      await writeEarlierLayout(keyPrefix, now);
      const before = await relativeKeysUnder(keyPrefix);
      expect(before.length).toBe(11);
      expect(before.every((key) => key.startsWith('store:'))).toBe(true);

      const logs = captureLogs();
      const opened = await open(keyPrefix, logs);
      const { store } = opened;
      expect(await store.getUser('u1')).toEqual(records.user('u1'));
      expect((await store.findUserByLogin('https://esia.example:8443/realm', 'sub-u1'))?.id).toBe('u1');
      expect((await store.findSession('h1', now))?.userId).toBe('u1');
      expect(await store.listProviderAccounts('u1')).toEqual([records.account('a1', 'u1', 100)]);
      expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
      expect(await store.listMatchDecisions('u1')).toEqual([records.decision('u1', 'x|y')]);
      expect((await store.findGrantByCodeHash('code-hash-g1'))?.id).toBe('g1');
      await opened.close();

      const after = await relativeKeysUnder(keyPrefix);
      expect(after).toEqual(before.map((key) => key.replace(/^store:/, '{store}:')).sort());
      const sessionTtl = await shared.redis.pttl(`${keyPrefix}{store}:session:h1`);
      expect(sessionTtl).toBeGreaterThan(500_000);
      expect(sessionTtl).toBeLessThanOrEqual(600_000);
      expect(await shared.redis.pttl(`${keyPrefix}{store}:user:u1`)).toBe(-1);
      expect(logs.text()).toContain('moved 11 Redis store keys');
    });

    it('should keep a key already under the new layout, and move nothing on a second start', async () => {
      const keyPrefix = shared.prefix();
      await writeEarlierLayout(keyPrefix, Date.now());
      const newer = createRedisStore({ redis: shared.redis, keyPrefix });
      await newer.putUser(records.user('u1', { displayName: 'Анна (newer)' }));

      const first = await open(keyPrefix);
      expect((await first.store.getUser('u1'))?.displayName).toBe('Анна (newer)');
      await first.close();
      const logs = captureLogs();
      await (await open(keyPrefix, logs)).close();
      expect(logs.text()).not.toContain('moved');
      expect((await relativeKeysUnder(keyPrefix)).filter((key) => key.startsWith('store:'))).toEqual([]);
    });

    it('should move each key once when two replicas start at the same time', async () => {
      const keyPrefix = shared.prefix();
      await writeEarlierLayout(keyPrefix, Date.now());
      const [one, two] = [captureLogs(), captureLogs()];
      const opened = await Promise.all([open(keyPrefix, one), open(keyPrefix, two)]);
      const moved = [one, two].map((logs) => Number(/moved (\d+) Redis/.exec(logs.text())?.[1] ?? 0));
      expect(moved[0]! + moved[1]!).toBe(11);
      for (const replica of opened) {
        expect(await replica.store.listProviderAccounts('u1')).toEqual([records.account('a1', 'u1', 100)]);
        await replica.close();
      }
      expect((await relativeKeysUnder(keyPrefix)).length).toBe(11);
    });
  });
});

describe('the Redis store on a private single server', () => {
  const single = useSharedRedis();

  it('should load its script on a Redis that has never run it', async () => {
    const server = await startRedisServer();
    const store = createRedisStore({ redis: redisClient(server.url) });
    await store.createGrant(records.grant('g1', 'u1', 1_000));
    expect((await store.updateGrant('g1', (grant) => ({ ...grant, status: 'ACTIVE' })))?.status).toBe('ACTIVE');
  });

  it('should warn at start-up when this Redis would lose store data', async () => {
    const settings = (await single.redis.config('GET', 'appendonly')) as string[];
    const logs = captureLogs();
    const opened = await createStore(
      loadConfig({ STORE: 'redis', REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: single.prefix() }),
      { logger: createLogger('info', logs.stream), redis: single.redis },
    );
    await opened.close();
    // The CI Redis runs without an append-only file (test/support/redis.ts documents it); a durable one gets no warning.
    if (settings[1] === 'no') expect(logs.text()).toContain('without the append-only file');
    else expect(logs.text()).not.toContain('without the append-only file');
    // The connection was the caller's: it is still open.
    expect(await single.redis.ping()).toBe('PONG');
  });

  it('should stop start-up with a clear error when Redis does not answer, naming the setting but not the URL', async () => {
    const error = await createStore(
      loadConfig({ STORE: 'redis', REDIS_URL: 'redis://:hunter2-password@127.0.0.1:1/0' }),
      { logger: createLogger('silent') },
    ).then(
      () => null,
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).toMatch(/^The store could not connect to Redis \(REDIS_URL\)/);
    expect(error?.message).not.toContain('hunter2');
  });

  it.each([
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:1' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_SENTINELS: '127.0.0.1:1', REDIS_SENTINEL_NAME: 'dg' }, 'REDIS_SENTINELS (master group dg)'],
  ])(
    'should stop start-up when %j does not answer, naming the setting but not the password',
    async (topology, named) => {
      const error = await createStore(
        loadConfig({ STORE: 'redis', ...topology, REDIS_PASSWORD: 'hunter2-password' }),
        // Sentinel retries every sentinel without end: start-up must stop by itself all the same.
        { logger: createLogger('silent'), connectTimeoutMs: 500 },
      ).then(
        () => null,
        (reason: unknown) => reason as Error,
      );
      expect(error?.message).toContain(`The store could not connect to Redis (${named})`);
      expect(error?.message).not.toContain('hunter2');
    },
  );
});
