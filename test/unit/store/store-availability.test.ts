/**
 * `withStoreAvailability` on the memory store behind a switch that makes every call fail the way the
 * Redis store's connection does when Redis is gone (ioredis gives up with `MaxRetriesPerRequestError`);
 * the last test uses a real ioredis client against a closed port. The whole gateway against a stopped
 * redis-server is `test/integration/store-unavailable.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../src/errors/gateway-error.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { createRedisStore } from '../../../src/store/redis-store.js';
import {
  isStoreConnectionFailure,
  StoreUnavailableError,
  withStoreAvailability,
} from '../../../src/store/store-availability.js';
import type { GatewayStore, GrantRecord, ProviderAccountRecord } from '../../../src/store/store.js';
import { plainUser } from '../../support/accounts.js';
import { captureLogs } from '../../support/logs.js';
import { redisClient } from '../../support/redis.js';
import { closedPortUrl } from '../../support/rejection.js';

/** What ioredis throws once a command has waited through its reconnect attempts. */
function connectionLost(): Error {
  const error = new Error(
    'Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option for details.',
  );
  error.name = 'MaxRetriesPerRequestError';
  return error;
}

/** A store whose every call fails like a lost Redis connection while `down`; counts the calls that reached it. */
function switchable(inner: GatewayStore = createMemoryStore()) {
  const state = { down: false, calls: 0 };
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        state.calls += 1;
        if (state.down) throw connectionLost();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return { store, inner, state };
}

function wrap(
  store: GatewayStore,
  options: { maxAgeMs?: number; now?: () => number; isConnected?: () => boolean } = {},
) {
  const logs = captureLogs();
  const wrapped = withStoreAvailability(store, { logger: createLogger('debug', logs.stream), ...options });
  return { wrapped, logs };
}

const NOW = Date.UTC(2026, 10, 23, 9);
const session = { tokenHash: 'a'.repeat(64), userId: 'usr_anna', expiresAt: NOW + 3_600_000 };

function grant(overrides: Partial<GrantRecord> = {}): GrantRecord {
  return {
    id: 'grt_1',
    ownerUserId: 'usr_anna',
    studentId: 'stu_1',
    invitee: { kind: 'FULL_NAME', fullName: 'Галина Петровна Иванова' },
    codeHash: 'c'.repeat(64),
    status: 'ACTIVE',
    granteeUserId: 'usr_galina',
    createdAt: NOW,
    expiresAt: NOW + 86_400_000,
    acceptedAt: NOW,
    revokedAt: null,
    ...overrides,
  };
}

function account(id: string, sealedCredentials: string): ProviderAccountRecord {
  return {
    id,
    userId: 'usr_anna',
    provider: 'DNEVNIK',
    displayName: 'Анна',
    sealedCredentials,
    holder: { lastName: 'Иванова', firstName: 'Анна', middleName: null, birthDate: null, snilsHash: null },
    holderMatch: 'NOT_COMPARABLE',
    linkedAt: id === 'acc_1' ? NOW : NOW + 1,
  };
}

async function expectUnavailable(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreUnavailableError);
  expect(error).toBeInstanceOf(ServiceUnavailableError);
  expect((error as StoreUnavailableError).toExtensions()).toEqual({
    code: 'SERVICE_UNAVAILABLE',
    retryAfterSeconds: 5,
  });
  expect((error as Error).message).toBe(
    "The gateway's storage is briefly unavailable, so this could not be done now. Try again in 5 s.",
  );
}

describe('withStoreAvailability', () => {
  it('should read from the store while it answers, never from memory', async () => {
    const { store, inner } = switchable();
    const { wrapped } = wrap(store);
    await inner.putUser(plainUser('usr_anna', 'Анна'));
    expect((await wrapped.getUser('usr_anna'))?.displayName).toBe('Анна');
    await inner.putUser(plainUser('usr_anna', 'Анна Сергеевна'));
    expect((await wrapped.getUser('usr_anna'))?.displayName).toBe('Анна Сергеевна');
  });

  it('should serve a session, user, accounts and received grants read before the outage, and 503 anything else', async () => {
    const { store, inner, state } = switchable();
    const { wrapped, logs } = wrap(store);
    await inner.putSession(session);
    await inner.putUser(plainUser('usr_anna', 'Анна'));
    await inner.createGrant(grant());
    expect(await wrapped.findSession(session.tokenHash, NOW)).toEqual(session);
    expect(await wrapped.getUser('usr_anna')).not.toBeNull();
    expect(await wrapped.listGrantsByGrantee('usr_galina')).toHaveLength(1);
    expect(await wrapped.listProviderAccounts('usr_anna')).toEqual([]);

    state.down = true;
    expect(await wrapped.findSession(session.tokenHash, NOW)).toEqual(session);
    expect((await wrapped.getUser('usr_anna'))?.displayName).toBe('Анна');
    expect((await wrapped.listGrantsByGrantee('usr_galina')).map((g) => g.id)).toEqual(['grt_1']);
    expect(await wrapped.listProviderAccounts('usr_anna')).toEqual([]);
    // Never read before: nothing to serve.
    await expectUnavailable(wrapped.findSession('b'.repeat(64), NOW));
    await expectUnavailable(wrapped.getUser('usr_other'));
    // Writes are never buffered.
    await expectUnavailable(wrapped.putSession({ ...session, tokenHash: 'd'.repeat(64) }));
    expect(logs.text().match(/the store is unavailable/g)).toHaveLength(1);

    state.down = false;
    expect(await wrapped.findSession('b'.repeat(64), NOW)).toBeNull();
    expect(logs.text()).toContain('the store answers again');
  });

  it('should hand out copies: a caller changing a served record changes nothing remembered', async () => {
    const { store, inner, state } = switchable();
    const { wrapped } = wrap(store);
    await inner.putUser(plainUser('usr_anna', 'Анна'));
    (await wrapped.getUser('usr_anna'))!.displayName = 'changed by a caller';
    state.down = true;
    const first = (await wrapped.getUser('usr_anna'))!;
    first.displayName = 'changed again';
    expect((await wrapped.getUser('usr_anna'))!.displayName).toBe('Анна');
  });

  it('should never serve a not-found answer or an expired session from memory', async () => {
    const { store, inner, state } = switchable();
    const { wrapped } = wrap(store);
    expect(await wrapped.findSession(session.tokenHash, NOW)).toBeNull();
    await inner.putSession(session);
    state.down = true;
    // The store said "no such session" before the outage; it is not remembered as anything.
    await expectUnavailable(wrapped.findSession(session.tokenHash, NOW));

    state.down = false;
    await wrapped.findSession(session.tokenHash, NOW);
    state.down = true;
    expect(await wrapped.findSession(session.tokenHash, session.expiresAt - 1)).not.toBeNull();
    await expectUnavailable(wrapped.findSession(session.tokenHash, session.expiresAt));
  });

  it('should forget what a write may change, even when the write fails: sign-out and revocation are never undone from memory', async () => {
    const { store, inner, state } = switchable();
    const { wrapped } = wrap(store);
    await inner.putSession(session);
    await inner.createGrant(grant());
    await wrapped.findSession(session.tokenHash, NOW);
    await wrapped.listGrantsByGrantee('usr_galina');
    await wrapped.listGrantsByOwner('usr_anna');

    // Revoked while the store still answered: the invitee's remembered list is forgotten with it.
    await wrapped.updateGrant('grt_1', (current) => ({ ...current, status: 'REVOKED', revokedAt: NOW }));
    state.down = true;
    await expectUnavailable(wrapped.listGrantsByGrantee('usr_galina'));
    await expectUnavailable(wrapped.listGrantsByOwner('usr_anna'));

    // A sign-out attempted during the outage fails, and this process stops honouring the session at once.
    await expectUnavailable(wrapped.deleteSession(session.tokenHash));
    await expectUnavailable(wrapped.findSession(session.tokenHash, NOW));
  });

  it('should keep serving the account lists after a diary token refresh, with the new credentials', async () => {
    const { store, inner, state } = switchable();
    const { wrapped } = wrap(store);
    await inner.putProviderAccount(account('acc_1', 'sealed-old'));
    await inner.putProviderAccount(account('acc_2', 'sealed-other'));
    await wrapped.listProviderAccounts('usr_anna');
    await wrapped.getProviderAccount('acc_1');
    // A refresh that loses its compare-and-set changes nothing remembered.
    expect(await wrapped.updateProviderCredentials('acc_1', 'sealed-lost', 'sealed-stale')).toBe(false);
    expect(await wrapped.updateProviderCredentials('acc_1', 'sealed-new', 'sealed-old')).toBe(true);
    state.down = true;
    const served = await wrapped.listProviderAccounts('usr_anna');
    expect(served.map((a) => [a.id, a.sealedCredentials])).toEqual([
      ['acc_1', 'sealed-new'],
      ['acc_2', 'sealed-other'],
    ]);
    expect((await wrapped.getProviderAccount('acc_1'))?.sealedCredentials).toBe('sealed-new');
    await expectUnavailable(wrapped.updateProviderCredentials('acc_1', 'sealed-newer', 'sealed-new'));
    expect((await wrapped.getProviderAccount('acc_1'))?.sealedCredentials).toBe('sealed-new');
  });

  it('should forget everything on a method it does not know (a store method added later)', async () => {
    const inner = createMemoryStore();
    const extended = Object.assign(Object.create(null) as object, inner, {
      async pruneEverything() {},
    }) as GatewayStore;
    const { store, state } = switchable(extended);
    const { wrapped } = wrap(store);
    await inner.putUser(plainUser('usr_anna', 'Анна'));
    await wrapped.getUser('usr_anna');
    await (wrapped as unknown as { pruneEverything(): Promise<void> }).pruneEverything();
    state.down = true;
    await expectUnavailable(wrapped.getUser('usr_anna'));
  });

  it('should serve nothing older than the maximum age, and nothing at all with 0', async () => {
    let now = 1_000; // lru-cache reads a start time of 0 as "no start": begin later, as a real clock does
    const { store, inner, state } = switchable();
    const { wrapped } = wrap(store, { maxAgeMs: 300_000, now: () => now });
    await inner.putUser(plainUser('usr_anna', 'Анна'));
    await wrapped.getUser('usr_anna');
    state.down = true;
    now = 301_000;
    expect(await wrapped.getUser('usr_anna')).not.toBeNull();
    now = 301_001;
    await expectUnavailable(wrapped.getUser('usr_anna'));

    const off = switchable(inner);
    const { wrapped: none } = wrap(off.store, { maxAgeMs: 0 });
    await none.getUser('usr_anna');
    off.state.down = true;
    await expectUnavailable(none.getUser('usr_anna'));
  });

  it('should answer at once, without asking the store, while its connection is known to be down', async () => {
    let connected = true;
    const { store, inner, state } = switchable();
    const { wrapped } = wrap(store, { isConnected: () => connected });
    await inner.putUser(plainUser('usr_anna', 'Анна'));
    await wrapped.getUser('usr_anna');
    state.down = true;
    connected = false;
    // The first failure is met by asking (the connection might only be reconnecting).
    expect(await wrapped.getUser('usr_anna')).not.toBeNull();
    const asked = state.calls;
    expect(await wrapped.getUser('usr_anna')).not.toBeNull();
    await expectUnavailable(wrapped.getUser('usr_other'));
    await expectUnavailable(wrapped.putUser(plainUser('usr_other', 'Другой')));
    expect(state.calls).toBe(asked);
    // Back: the store is asked again, and its answer wins.
    state.down = false;
    connected = true;
    await inner.putUser(plainUser('usr_anna', 'Анна Сергеевна'));
    expect((await wrapped.getUser('usr_anna'))?.displayName).toBe('Анна Сергеевна');
  });

  it('should let a bug through unchanged: only failures to reach the store become SERVICE_UNAVAILABLE', async () => {
    const inner = createMemoryStore();
    const broken = { ...inner, getUser: async () => Promise.reject(new TypeError('a bug')) } as GatewayStore;
    const { wrapped } = wrap(broken);
    await expect(wrapped.getUser('usr_anna')).rejects.toThrow(TypeError);
  });
});

describe('isStoreConnectionFailure', () => {
  it.each([
    ['ioredis giving up its retries', connectionLost(), true],
    ['a closed connection', new Error('Connection is closed.'), true],
    [
      'a refused socket',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
      true,
    ],
    ['Redis loading its data set', new Error('LOADING Redis is loading the dataset in memory'), true],
    ['a replica after failover', new Error("READONLY You can't write against a read only replica."), true],
    ['a master without its replicas', new Error('NOREPLICAS Not enough good replicas to write.'), true],
    ['a failure wrapped by the store', new Error('write failed', { cause: connectionLost() }), true],
    ['a wrong type', new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), false],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['not an error', 'Connection is closed.', false],
  ])('should classify %s', (_name, error, expected) => {
    expect(isStoreConnectionFailure(error)).toBe(expected);
  });

  it('should turn what a real ioredis client says about an unreachable Redis into SERVICE_UNAVAILABLE', async () => {
    // A port nobody listens on: bound, then closed.
    const { port } = new URL(await closedPortUrl());
    const redis = redisClient(`redis://127.0.0.1:${port}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    redis.on('error', () => {}); // refused: what the test is about
    const { wrapped } = wrap(createRedisStore({ redis, keyPrefix: 'dg-test-unreachable:' }));
    await expectUnavailable(wrapped.findSession('a'.repeat(64), NOW));
    await expectUnavailable(wrapped.putUser(plainUser('usr_anna', 'Анна')));
  });
});
