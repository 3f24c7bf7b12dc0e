/**
 * The store contract, as a suite any `GatewayStore` implementation must pass. Run it from a test file
 * with a factory that yields an empty store. Expiry tests use times around the real clock, because the
 * Redis store hands expiries to Redis, which expires keys by its own clock.
 *
 * The conditional writes (issue 10, finding 1) are tested here for their meaning, including concurrent
 * changes of one record that must all be kept; `test/integration/store-races.test.ts` races the real
 * callers (accept/revoke, link/unlink, …) against every store.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderStudent } from '../../src/domain/model.js';
import { StoreError } from '../../src/store/store-error.js';
import { describeCalendarFeedContract } from './calendar-feed-contract.js';
import { describeMessageSendContract } from './message-send-contract.js';
import { describePushSubscriptionContract } from './push-subscription-contract.js';
import { describeWebhookContract } from './webhook-contract.js';
import type {
  GatewayStore,
  GrantRecord,
  MatchDecisionRecord,
  PendingLinkRecord,
  PendingLoginRecord,
  ProviderAccountRecord,
  StudentLinkRecord,
  UserRecord,
} from '../../src/store/store.js';

const child = (externalId: string, firstName = 'Мария'): ProviderStudent => ({
  provider: 'MESH',
  externalId,
  providerIds: { studentId: externalId },
  firstName,
  lastName: 'Иванова',
  middleName: null,
  birthDate: '2013-05-01',
  snils: null,
  school: null,
  className: '7-Б',
  timeZone: 'Europe/Moscow',
});

const ISSUER = 'https://esia.example:8443/realm';
/** 2100-01-01: an expiry no test clock reaches. */
const FAR_FUTURE = Date.UTC(2100, 0, 1);

/** Test records: complete, with the fields a test cares about overridable. */
export const records = {
  user: (id: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
    id,
    displayName: 'Анна Иванова',
    login: { issuer: ISSUER, subject: `sub-${id}` },
    person: {
      lastName: 'Иванова',
      firstName: 'Анна',
      middleName: 'Петровна',
      birthDate: '1985-02-03',
      snilsHash: 'snils-hash-anna',
    },
    phoneHash: 'phone-hash-anna',
    children: [{ lastName: 'Иванова', firstName: 'Мария', middleName: null, birthDate: '2013-05-01', snilsHash: null }],
    ...overrides,
  }),
  account: (
    id: string,
    userId: string,
    linkedAt: number,
    overrides: Partial<ProviderAccountRecord> = {},
  ): ProviderAccountRecord => ({
    id,
    userId,
    provider: 'MESH',
    displayName: 'Иванова Анна',
    sealedCredentials: `v1.k.sealed-${id}`,
    holder: { lastName: 'Иванова', firstName: 'Анна', middleName: null, birthDate: null, snilsHash: null },
    holderMatch: 'SAME_PERSON',
    linkedAt,
    ...overrides,
  }),
  link: (accountId: string, externalId: string, overrides: Partial<StudentLinkRecord> = {}): StudentLinkRecord => ({
    studentId: `student-${externalId}`,
    accountId,
    snapshot: child(externalId),
    snilsHash: null,
    firstSeenAt: 1_000,
    ...overrides,
  }),
  pendingLogin: (
    idHash: string,
    expiresAt: number,
    overrides: Partial<PendingLoginRecord> = {},
  ): PendingLoginRecord => ({
    idHash,
    state: 's',
    nonce: 'n',
    codeVerifier: 'v',
    returnTo: '/',
    expiresAt,
    ...overrides,
  }),
  pendingLink: (
    stateHash: string,
    expiresAt: number,
    overrides: Partial<PendingLinkRecord> = {},
  ): PendingLinkRecord => ({
    stateHash,
    userId: 'u1',
    sessionHash: `session-hash-${stateHash}`,
    tenantId: 'mesh-mosreg',
    kind: 'redirect',
    codeVerifier: `verifier-${stateHash}`,
    vendor: null,
    returnTo: '/link?linked=mesh-mosreg',
    expiresAt,
    ...overrides,
  }),
  decision: (userId: string, pairKey: string, overrides: Partial<MatchDecisionRecord> = {}): MatchDecisionRecord => ({
    userId,
    pairKey,
    decision: 'CONFIRMED',
    decidedAt: 5_000,
    ...overrides,
  }),
  grant: (id: string, ownerUserId: string, createdAt: number, overrides: Partial<GrantRecord> = {}): GrantRecord => ({
    id,
    ownerUserId,
    studentId: 'student-100',
    invitee: { kind: 'PHONE', phoneHash: 'phone-hash-olga', label: '+7 *** ***-45-67' },
    codeHash: `code-hash-${id}`,
    status: 'PENDING',
    granteeUserId: null,
    createdAt,
    // Far ahead of the real clock: stores prune grants past their retention by it (Redis by key expiry).
    expiresAt: FAR_FUTURE,
    acceptedAt: null,
    revokedAt: null,
    ...overrides,
  }),
};

/** Stores `link` as it is (a test's setup): creates it, or replaces the stored one of its account and child. */
export function storeLink(store: GatewayStore, link: StudentLinkRecord): Promise<StudentLinkRecord | null> {
  return store.updateStudentLink(link.accountId, link.snapshot.provider, link.snapshot.externalId, () => link);
}

export function describeStoreContract(name: string, createStore: () => Promise<GatewayStore> | GatewayStore): void {
  describe(`${name}: the GatewayStore contract`, () => {
    describe('users', () => {
      it('should keep users, replace them by id, and answer null for unknown ones', async () => {
        const store = await createStore();
        await store.putUser(records.user('u1'));
        expect(await store.getUser('u1')).toEqual(records.user('u1'));
        await store.putUser(records.user('u1', { displayName: 'Анна П.' }));
        expect((await store.getUser('u1'))?.displayName).toBe('Анна П.');
        expect(await store.getUser('u2')).toBeNull();
      });

      it('should find a user by issuer and subject, and nobody for another issuer or subject', async () => {
        const store = await createStore();
        await store.putUser(records.user('u1'));
        await store.putUser(records.user('u2'));
        expect((await store.findUserByLogin(ISSUER, 'sub-u1'))?.id).toBe('u1');
        expect((await store.findUserByLogin(ISSUER, 'sub-u2'))?.id).toBe('u2');
        expect(await store.findUserByLogin('https://other.example', 'sub-u1')).toBeNull();
        expect(await store.findUserByLogin(ISSUER, 'sub-u3')).toBeNull();
      });

      it('should not confuse logins whose issuer and subject only differ in where a ":" falls', async () => {
        const store = await createStore();
        await store.putUser(records.user('u1', { login: { issuer: 'https://a', subject: 'b:c' } }));
        expect(await store.findUserByLogin('https://a:b', 'c')).toBeNull();
        expect((await store.findUserByLogin('https://a', 'b:c'))?.id).toBe('u1');
      });

      it('should stop finding a user by a login it no longer has', async () => {
        const store = await createStore();
        await store.putUser(records.user('u1'));
        await store.putUser(records.user('u1', { login: { issuer: ISSUER, subject: 'new-sub' } }));
        expect(await store.findUserByLogin(ISSUER, 'sub-u1')).toBeNull();
        expect((await store.findUserByLogin(ISSUER, 'new-sub'))?.id).toBe('u1');
        await store.putUser(records.user('u1', { login: null }));
        expect(await store.findUserByLogin(ISSUER, 'new-sub')).toBeNull();
      });
    });

    describe('sessions', () => {
      it('should find live sessions and refuse expired ones', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
        await store.putSession({ tokenHash: 'h2', userId: 'u1', expiresAt: null });
        expect(await store.findSession('h1', now)).toEqual({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
        expect(await store.findSession('h1', now + 60_000)).toBeNull();
        expect(await store.findSession('h2', now + 10 * 365 * 86_400_000)).toEqual({
          tokenHash: 'h2',
          userId: 'u1',
          expiresAt: null,
        });
        expect(await store.findSession('nope', now)).toBeNull();
      });

      it('should end a session once', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
        await store.putSession({ tokenHash: 'h2', userId: 'u1', expiresAt: now + 60_000 });
        expect(await store.deleteSession('h1')).toBe(true);
        expect(await store.findSession('h1', now)).toBeNull();
        expect(await store.deleteSession('h1')).toBe(false);
        expect(await store.findSession('h2', now)).not.toBeNull();
      });
    });

    describe('pending logins', () => {
      const pending = (idHash: string, expiresAt: number) => ({
        idHash,
        state: `state-${idHash}`,
        nonce: `nonce-${idHash}`,
        codeVerifier: `verifier-${idHash}`,
        returnTo: '/accounts',
        expiresAt,
      });

      it('should hand a pending login out exactly once', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putPendingLogin(pending('p1', now + 60_000));
        expect(await store.takePendingLogin('p1', now)).toEqual(pending('p1', now + 60_000));
        expect(await store.takePendingLogin('p1', now)).toBeNull();
        expect(await store.takePendingLogin('unknown', now)).toBeNull();
      });

      it('should give out only one of two concurrent takes', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putPendingLogin(pending('p1', now + 60_000));
        const taken = await Promise.all([store.takePendingLogin('p1', now), store.takePendingLogin('p1', now)]);
        expect(taken.filter((login) => login !== null)).toHaveLength(1);
      });

      it('should refuse an expired pending login, and not return it later', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putPendingLogin(pending('p1', now + 60_000));
        expect(await store.takePendingLogin('p1', now + 60_000)).toBeNull();
        expect(await store.takePendingLogin('p1', now)).toBeNull();
      });
    });

    describe('pending links', () => {
      it('should hand a pending link out exactly once, as it was put', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putPendingLink(records.pendingLink('s1', now + 60_000));
        await store.putPendingLink(records.pendingLink('s2', now + 60_000, { kind: 'form', codeVerifier: null }));
        expect(await store.takePendingLink('s1', now)).toEqual(records.pendingLink('s1', now + 60_000));
        expect(await store.takePendingLink('s1', now)).toBeNull();
        expect(await store.takePendingLink('unknown', now)).toBeNull();
        expect(await store.takePendingLink('s2', now)).toEqual(
          records.pendingLink('s2', now + 60_000, { kind: 'form', codeVerifier: null }),
        );
      });

      it('should give out only one of two concurrent takes', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putPendingLink(records.pendingLink('s1', now + 60_000));
        const taken = await Promise.all([store.takePendingLink('s1', now), store.takePendingLink('s1', now)]);
        expect(taken.filter((link) => link !== null)).toHaveLength(1);
      });

      it('should refuse an expired pending link, and not return it later', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putPendingLink(records.pendingLink('s1', now + 60_000));
        expect(await store.takePendingLink('s1', now + 60_000)).toBeNull();
        expect(await store.takePendingLink('s1', now)).toBeNull();
      });

      it('should keep pending links apart from pending logins with the same hash', async () => {
        const now = Date.now();
        const store = await createStore();
        await store.putPendingLink(records.pendingLink('h1', now + 60_000));
        expect(await store.takePendingLogin('h1', now)).toBeNull();
        expect((await store.takePendingLink('h1', now))?.stateHash).toBe('h1');
      });
    });

    describe('provider accounts', () => {
      it('should keep an account, and answer null for an unknown one', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        expect(await store.getProviderAccount('a1')).toEqual(records.account('a1', 'u1', 100));
        expect(await store.getProviderAccount('a2')).toBeNull();
      });

      it('should keep the tenant of an account through every way of writing and reading it', async () => {
        const store = await createStore();
        const onTenant = records.account('a1', 'u1', 100, { tenant: 'mesh-mosreg' });
        await store.putProviderAccount(onTenant);
        expect(await store.getProviderAccount('a1')).toEqual(onTenant);
        const added = records.account('a2', 'u1', 200, { provider: 'ELJUR', tenant: 'eljur-gounn' });
        expect(await store.addProviderAccount(added, [], await store.providerAccountsVersion('u1'))).toBe(true);
        await store.updateProviderAccount('a2', (account) => ({ ...account, displayName: 'relinked' }));
        await store.updateProviderCredentials('a1', 'v1.k.refreshed');
        expect(await store.listProviderAccounts('u1')).toEqual([
          { ...onTenant, sealedCredentials: 'v1.k.refreshed' },
          { ...added, displayName: 'relinked' },
        ]);
        // Written before tenants existed: no tenant, and none made up.
        await store.putProviderAccount(records.account('a3', 'u2', 300));
        expect(await store.getProviderAccount('a3')).not.toHaveProperty('tenant');
      });

      it("should list only a user's own accounts, oldest link first", async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a-late', 'u1', 300));
        await store.putProviderAccount(records.account('a-other', 'u2', 50));
        await store.putProviderAccount(records.account('a-early', 'u1', 100, { provider: 'ELJUR' }));
        await store.putProviderAccount(records.account('a-middle', 'u1', 200, { provider: 'DNEVNIK' }));
        expect((await store.listProviderAccounts('u1')).map((a) => a.id)).toEqual(['a-early', 'a-middle', 'a-late']);
        expect(await store.listProviderAccounts('u2')).toEqual([records.account('a-other', 'u2', 50)]);
        expect(await store.listProviderAccounts('u3')).toEqual([]);
      });

      it('should move an account replaced with another owner out of the old owner’s list', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.putProviderAccount(records.account('a1', 'u2', 100));
        expect(await store.listProviderAccounts('u1')).toEqual([]);
        expect((await store.listProviderAccounts('u2')).map((a) => a.id)).toEqual(['a1']);
      });

      it('should replace the sealed credentials of an existing account only', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        expect(await store.updateProviderCredentials('a1', 'v1.k.refreshed')).toBe(true);
        expect(await store.getProviderAccount('a1')).toEqual(
          records.account('a1', 'u1', 100, { sealedCredentials: 'v1.k.refreshed' }),
        );
        expect(await store.listProviderAccounts('u1')).toEqual([
          records.account('a1', 'u1', 100, { sealedCredentials: 'v1.k.refreshed' }),
        ]);
        expect(await store.updateProviderCredentials('gone', 'v1.k.x')).toBe(false);
        expect(await store.getProviderAccount('gone')).toBeNull();
      });

      it('should replace sealed credentials with an expected value only while they still hold it', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        expect(await store.updateProviderCredentials('a1', 'v1.k.resealed', 'v1.k.something-else')).toBe(false);
        expect((await store.getProviderAccount('a1'))?.sealedCredentials).toBe('v1.k.sealed-a1');
        expect(await store.updateProviderCredentials('a1', 'v1.k.resealed', 'v1.k.sealed-a1')).toBe(true);
        expect(await store.getProviderAccount('a1')).toEqual(
          records.account('a1', 'u1', 100, { sealedCredentials: 'v1.k.resealed' }),
        );
        expect(await store.updateProviderCredentials('gone', 'v1.k.x', 'v1.k.sealed-gone')).toBe(false);
        expect(await store.getProviderAccount('gone')).toBeNull();
      });

      it('should list the id of every account of every user once, and none of deleted ones', async () => {
        const store = await createStore();
        expect(await store.listAllProviderAccountIds()).toEqual([]);
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.putProviderAccount(records.account('a2', 'u2', 200));
        await store.putProviderAccount(records.account('a3', 'u1', 300));
        await store.putProviderAccount(records.account('a1', 'u1', 100, { displayName: 'replaced' }));
        await store.updateProviderCredentials('a2', 'v1.k.refreshed');
        await storeLink(store, records.link('a3', '300'));
        await store.deleteProviderAccount('a3');
        expect((await store.listAllProviderAccountIds()).sort()).toEqual(['a1', 'a2']);
      });

      it('should list all of many accounts (more than one scan step)', async () => {
        const store = await createStore();
        const ids = Array.from({ length: 1_200 }, (_, index) => `acc_${String(index).padStart(4, '0')}`);
        // Concurrently: a file store writes them in a few batches instead of 1 200 whole-file rewrites.
        await Promise.all(ids.map((id, index) => store.putProviderAccount(records.account(id, `u${index % 7}`, 100))));
        expect((await store.listAllProviderAccountIds()).sort()).toEqual(ids);
      });

      it('should delete an account with its credentials and student links, and nothing else', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.putProviderAccount(records.account('a2', 'u1', 200));
        await storeLink(store, records.link('a1', '100'));
        await storeLink(store, records.link('a2', '200'));
        expect(await store.deleteProviderAccount('a1')).toBe(true);
        expect(await store.getProviderAccount('a1')).toBeNull();
        expect((await store.listProviderAccounts('u1')).map((a) => a.id)).toEqual(['a2']);
        expect(await store.listStudentLinks('a1')).toEqual([]);
        expect(await store.listStudentLinks('a2')).toEqual([records.link('a2', '200')]);
        expect(await store.deleteProviderAccount('a1')).toBe(false);
        expect(await store.updateProviderCredentials('a1', 'v1.k.late-refresh')).toBe(false);
        expect(await store.getProviderAccount('a1')).toBeNull();
      });

      it('should not bring back old links when an account id is linked again', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await storeLink(store, records.link('a1', '100'));
        await store.deleteProviderAccount('a1');
        await store.putProviderAccount(records.account('a1', 'u1', 400));
        expect(await store.listStudentLinks('a1')).toEqual([]);
      });
    });

    describe('relinking and linking atomically', () => {
      it('should change an existing account through a change function, and answer null for a missing one', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        const changed = await store.updateProviderAccount('a1', (current) => ({
          ...current,
          sealedCredentials: 'v1.k.relinked',
          holderMatch: 'DIFFERENT_PERSON',
        }));
        const expected = records.account('a1', 'u1', 100, {
          sealedCredentials: 'v1.k.relinked',
          holderMatch: 'DIFFERENT_PERSON',
        });
        expect(changed).toEqual(expected);
        expect(await store.getProviderAccount('a1')).toEqual(expected);
        expect(await store.listProviderAccounts('u1')).toEqual([expected]);
        let called = false;
        expect(await store.updateProviderAccount('gone', (current) => ((called = true), current))).toBeNull();
        expect(called).toBe(false);
        expect(await store.getProviderAccount('gone')).toBeNull();
      });

      it('should not bring back an account deleted before its update', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.deleteProviderAccount('a1');
        expect(
          await store.updateProviderAccount('a1', (current) => ({ ...current, sealedCredentials: 'v1.k.late' })),
        ).toBeNull();
        expect(await store.getProviderAccount('a1')).toBeNull();
        expect(await store.listProviderAccounts('u1')).toEqual([]);
      });

      it('should leave an account as it is when the change returns null, and write nothing when it throws', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        expect(await store.updateProviderAccount('a1', () => null)).toEqual(records.account('a1', 'u1', 100));
        const refusal = new Error('refused by the caller');
        await expect(
          store.updateProviderAccount('a1', () => {
            throw refusal;
          }),
        ).rejects.toBe(refusal);
        expect(await store.getProviderAccount('a1')).toEqual(records.account('a1', 'u1', 100));
      });

      it('should refuse a change that moves an account to another id or user, writing nothing', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        for (const moved of [{ id: 'a2' }, { userId: 'u2' }]) {
          const error = await store
            .updateProviderAccount('a1', (current) => ({ ...current, ...moved }))
            .catch((caught: unknown) => caught);
          expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
        }
        expect(await store.getProviderAccount('a1')).toEqual(records.account('a1', 'u1', 100));
        expect(await store.getProviderAccount('a2')).toBeNull();
      });

      it('should keep every one of concurrent changes of one account (no lost update)', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 0));
        const bump = () =>
          store.updateProviderAccount('a1', (current) => ({ ...current, linkedAt: current.linkedAt + 1 }));
        await Promise.all(Array.from({ length: 10 }, bump));
        expect((await store.getProviderAccount('a1'))?.linkedAt).toBe(10);
      });

      it('should add a new account with its links only while the user’s accounts are as read', async () => {
        const store = await createStore();
        const empty = await store.providerAccountsVersion('u1');
        await store.putProviderAccount(records.account('a-other', 'u2', 50));
        expect(await store.providerAccountsVersion('u1')).toBe(empty);
        expect(
          await store.addProviderAccount(records.account('a1', 'u1', 100), [records.link('a1', '100')], empty),
        ).toBe(true);
        expect(await store.getProviderAccount('a1')).toEqual(records.account('a1', 'u1', 100));
        expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
        const one = await store.providerAccountsVersion('u1');
        expect(one).not.toBe(empty);
        // A second link decided on the empty list lost the race: nothing of it is written.
        expect(
          await store.addProviderAccount(records.account('a2', 'u1', 200), [records.link('a2', '100')], empty),
        ).toBe(false);
        expect(await store.getProviderAccount('a2')).toBeNull();
        expect(await store.listStudentLinks('a2')).toEqual([]);
        expect((await store.listProviderAccounts('u1')).map((account) => account.id)).toEqual(['a1']);
        // An id that exists is never overwritten by an add.
        expect(await store.addProviderAccount(records.account('a1', 'u1', 300, { displayName: 'twin' }), [], one)).toBe(
          false,
        );
        expect(await store.getProviderAccount('a1')).toEqual(records.account('a1', 'u1', 100));
        await store.deleteProviderAccount('a1');
        expect(await store.providerAccountsVersion('u1')).not.toBe(one);
      });

      it('should let exactly one of two concurrent adds on one version win', async () => {
        const store = await createStore();
        const version = await store.providerAccountsVersion('u1');
        const added = await Promise.all([
          store.addProviderAccount(records.account('a1', 'u1', 100), [records.link('a1', '100')], version),
          store.addProviderAccount(records.account('a2', 'u1', 100), [records.link('a2', '100')], version),
        ]);
        expect(added.filter(Boolean)).toHaveLength(1);
        expect(await store.listProviderAccounts('u1')).toHaveLength(1);
      });

      it('should refuse links of another account in an add', async () => {
        const store = await createStore();
        const version = await store.providerAccountsVersion('u1');
        const error = await store
          .addProviderAccount(records.account('a1', 'u1', 100), [records.link('a9', '100')], version)
          .catch((caught: unknown) => caught);
        expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
        expect(await store.getProviderAccount('a1')).toBeNull();
      });
    });

    describe('student links', () => {
      it('should replace the snapshot of the same account and child, and keep others apart', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.putProviderAccount(records.account('a2', 'u1', 200));
        await storeLink(store, records.link('a1', '100'));
        await storeLink(
          store,
          records.link('a1', '100', { snapshot: child('100', 'Маша'), snilsHash: 'snils-hash-masha' }),
        );
        await storeLink(store, records.link('a1', '200', { firstSeenAt: 2_000 }));
        await storeLink(store, records.link('a2', '100'));
        expect(await store.listStudentLinks('a1')).toEqual([
          records.link('a1', '100', { snapshot: child('100', 'Маша'), snilsHash: 'snils-hash-masha' }),
          records.link('a1', '200', { firstSeenAt: 2_000 }),
        ]);
        expect(await store.listStudentLinks('a2')).toEqual([records.link('a2', '100')]);
        expect(await store.listStudentLinks('a3')).toEqual([]);
      });

      it('should hand the change the link as stored (null when there is none) and answer with the link stored', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        const seen: (StudentLinkRecord | null)[] = [];
        const created = await store.updateStudentLink('a1', 'MESH', '100', (current) => {
          seen.push(current);
          return records.link('a1', '100');
        });
        expect(created).toEqual(records.link('a1', '100'));
        const renamed = records.link('a1', '100', { snapshot: child('100', 'Маша'), snilsHash: 'snils-hash-masha' });
        const changed = await store.updateStudentLink('a1', 'MESH', '100', (current) => {
          seen.push(current);
          return { ...current!, snapshot: renamed.snapshot, snilsHash: renamed.snilsHash };
        });
        expect(seen).toEqual([null, records.link('a1', '100')]);
        expect(changed).toEqual(renamed);
        expect(await store.listStudentLinks('a1')).toEqual([renamed]);
      });

      it('should leave things as they are when the change returns null, and write nothing when it throws', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        expect(await store.updateStudentLink('a1', 'MESH', '100', () => null)).toBeNull();
        expect(await store.listStudentLinks('a1')).toEqual([]);
        await storeLink(store, records.link('a1', '100'));
        expect(await store.updateStudentLink('a1', 'MESH', '100', () => null)).toEqual(records.link('a1', '100'));
        const refusal = new Error('refused by the caller');
        await expect(
          store.updateStudentLink('a1', 'MESH', '100', () => {
            throw refusal;
          }),
        ).rejects.toBe(refusal);
        expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
      });

      it('should refuse a change of a stored child’s id or first sighting, or a link of another account or child', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.putProviderAccount(records.account('a2', 'u1', 200));
        await storeLink(store, records.link('a1', '100'));
        const refused: Partial<StudentLinkRecord>[] = [
          { studentId: 'student-other' },
          { firstSeenAt: 9_000 },
          { accountId: 'a2' },
          { snapshot: child('200') },
          { snapshot: { ...child('100'), provider: 'ELJUR' } },
        ];
        for (const overrides of refused) {
          const error = await store
            .updateStudentLink('a1', 'MESH', '100', (current) => ({ ...current!, ...overrides }))
            .catch((caught: unknown) => caught);
          expect((error as StoreError).code, JSON.stringify(overrides)).toBe('STORE_INVALID_CHANGE');
        }
        // A new link must be of the named account and child too.
        const error = await storeLink(store, records.link('a2', '100')).then(() =>
          store
            .updateStudentLink('a1', 'MESH', '300', () => records.link('a1', '301'))
            .catch((caught: unknown) => caught),
        );
        expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
        expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
        expect(await store.listStudentLinks('a2')).toEqual([records.link('a2', '100')]);
      });

      it('should write no link for an account that does not exist (unlinked meanwhile), without calling the change', async () => {
        const store = await createStore();
        let called = false;
        const change = () => ((called = true), records.link('a1', '100'));
        expect(await store.updateStudentLink('a1', 'MESH', '100', change)).toBeNull();
        expect(await store.listStudentLinks('a1')).toEqual([]);
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.deleteProviderAccount('a1');
        expect(await store.updateStudentLink('a1', 'MESH', '100', change)).toBeNull();
        expect(called).toBe(false);
        expect(await store.listStudentLinks('a1')).toEqual([]);
      });

      it('should keep the same child id of two diaries apart', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await storeLink(store, records.link('a1', '100'));
        await storeLink(
          store,
          records.link('a1', '100', { studentId: 'eljur-100', snapshot: { ...child('100'), provider: 'ELJUR' } }),
        );
        expect((await store.listStudentLinks('a1')).map((link) => link.studentId).sort()).toEqual([
          'eljur-100',
          'student-100',
        ]);
      });

      it('should keep the mark of an empty list, and drop it when a change leaves it out', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await storeLink(store, records.link('a1', '100', { missingSince: 5_000 }));
        expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100', { missingSince: 5_000 })]);
        await store.updateStudentLink('a1', 'MESH', '100', (current) => {
          const { missingSince, ...unmarked } = current!;
          return unmarked;
        });
        expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
      });

      it('should keep every one of concurrent changes of one link: no lost update, no lost field', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await storeLink(
          store,
          records.link('a1', '100', { snapshot: { ...child('100'), providerIds: {}, className: '0' } }),
        );
        // Each change adds its own id and counts itself in the class name: all ten must be there.
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            store.updateStudentLink('a1', 'MESH', '100', (current) => ({
              ...current!,
              snapshot: {
                ...current!.snapshot,
                providerIds: { ...current!.snapshot.providerIds, [`id${index}`]: String(index) },
                className: String(Number(current!.snapshot.className) + 1),
              },
            })),
          ),
        );
        const [stored] = await store.listStudentLinks('a1');
        expect(stored!.snapshot.className).toBe('10');
        expect(Object.keys(stored!.snapshot.providerIds).sort()).toEqual(
          Array.from({ length: 10 }, (_, index) => `id${index}`).sort(),
        );
        expect(new Set(answers.map((link) => link?.snapshot.className)).size).toBe(10);
      });

      it('should remove a link only while it is stored exactly as expected', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await storeLink(store, records.link('a1', '100'));
        await storeLink(store, records.link('a1', '200'));
        const listed = await store.listStudentLinks('a1');
        await store.updateStudentLink('a1', 'MESH', '100', (current) => ({ ...current!, snilsHash: 'snils-hash-new' }));
        // Changed since it was listed (a request saw the child meanwhile): kept.
        expect(await store.removeStudentLink(listed[0]!)).toBe(false);
        expect(await store.removeStudentLink(listed[1]!)).toBe(true);
        expect(await store.removeStudentLink(listed[1]!)).toBe(false);
        expect(await store.listStudentLinks('a1')).toEqual([
          records.link('a1', '100', { snilsHash: 'snils-hash-new' }),
        ]);
        // Gone with its account: nothing to remove.
        await store.deleteProviderAccount('a1');
        expect(await store.removeStudentLink(records.link('a1', '100', { snilsHash: 'snils-hash-new' }))).toBe(false);
      });

      it('should let a removal and a concurrent change of one link end as one of their serial orders', async () => {
        const outcomes = new Set<string>();
        for (let round = 0; round < 20; round += 1) {
          const store = await createStore();
          await store.putProviderAccount(records.account('a1', 'u1', 100));
          await storeLink(store, records.link('a1', '100'));
          const [listed] = await store.listStudentLinks('a1');
          // The change only updates a link it finds: it never brings one back.
          const change = () =>
            store.updateStudentLink('a1', 'MESH', '100', (current) => current && { ...current, snilsHash: 'changed' });
          // Either goes first, the other after a few turns of the event loop (the two interleave differently),
          // or, every fourth pair of rounds, after the first is done (so both outcomes are met however the
          // store schedules them).
          const remove = () => store.removeStudentLink(listed!);
          const [first, second] = round % 2 === 0 ? [remove, change] : [change, remove];
          const hops = Math.floor(round / 2) % 4;
          const later = async (started: Promise<unknown>) => {
            if (hops === 3) await started;
            for (let hop = hops; hop > 0; hop -= 1) await new Promise<void>((resolve) => setImmediate(resolve));
            return second();
          };
          const started = first();
          const answers = await Promise.all([started, later(started)]);
          const [removed, changed] = (round % 2 === 0 ? answers : [answers[1], answers[0]]) as [
            boolean,
            StudentLinkRecord | null,
          ];
          const final = await store.listStudentLinks('a1');
          if (removed) {
            expect(changed).toBeNull();
            expect(final).toEqual([]);
            outcomes.add('removed first');
          } else {
            expect(changed).toEqual(records.link('a1', '100', { snilsHash: 'changed' }));
            expect(final).toEqual([changed]);
            outcomes.add('changed first');
          }
        }
        expect([...outcomes].sort()).toEqual(['changed first', 'removed first']);
      });
    });

    describe('match decisions', () => {
      it('should keep the first decision per user and pair, refusing later ones', async () => {
        const store = await createStore();
        expect(await store.addMatchDecision(records.decision('u1', 'x|y'))).toBe(true);
        expect(
          await store.addMatchDecision(records.decision('u1', 'x|y', { decision: 'REJECTED', decidedAt: 6_000 })),
        ).toBe(false);
        expect(await store.addMatchDecision(records.decision('u1', 'x|z', { decidedAt: 7_000 }))).toBe(true);
        expect(await store.addMatchDecision(records.decision('u2', 'x|y'))).toBe(true);
        expect(await store.listMatchDecisions('u1')).toEqual([
          records.decision('u1', 'x|y'),
          records.decision('u1', 'x|z', { decidedAt: 7_000 }),
        ]);
        expect(await store.listMatchDecisions('u2')).toEqual([records.decision('u2', 'x|y')]);
        expect(await store.listMatchDecisions('u3')).toEqual([]);
      });

      it('should let exactly one of two concurrent decisions of one pair in, and keep that one', async () => {
        const store = await createStore();
        const confirm = records.decision('u1', 'x|y');
        const reject = records.decision('u1', 'x|y', { decision: 'REJECTED' });
        const [confirmed, rejected] = await Promise.all([
          store.addMatchDecision(confirm),
          store.addMatchDecision(reject),
        ]);
        expect(confirmed).not.toBe(rejected);
        expect(await store.listMatchDecisions('u1')).toEqual([confirmed ? confirm : reject]);
      });
    });

    describe('grants', () => {
      it('should keep a grant by id and find it by its code hash', async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        expect(await store.getGrant('g1')).toEqual(records.grant('g1', 'u1', 1_000));
        expect(await store.findGrantByCodeHash('code-hash-g1')).toEqual(records.grant('g1', 'u1', 1_000));
        expect(await store.getGrant('g2')).toBeNull();
        expect(await store.findGrantByCodeHash('code-hash-g2')).toBeNull();
      });

      it('should refuse to create a grant whose id exists, keeping the first', async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        const error = await store.createGrant(records.grant('g1', 'u2', 2_000)).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).code).toBe('STORE_CONFLICT');
        expect(await store.getGrant('g1')).toEqual(records.grant('g1', 'u1', 1_000));
        expect(await store.listGrantsByOwner('u2')).toEqual([]);
      });

      it("should list an owner's grants newest first, and only theirs", async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g-old', 'u1', 1_000));
        await store.createGrant(records.grant('g-new', 'u1', 3_000));
        await store.createGrant(
          records.grant('g-mid', 'u1', 2_000, { invitee: { kind: 'FULL_NAME', fullName: 'Петрова Ольга' } }),
        );
        await store.createGrant(records.grant('g-else', 'u2', 4_000));
        expect((await store.listGrantsByOwner('u1')).map((g) => g.id)).toEqual(['g-new', 'g-mid', 'g-old']);
        expect((await store.listGrantsByOwner('u2')).map((g) => g.id)).toEqual(['g-else']);
        expect(await store.listGrantsByOwner('u3')).toEqual([]);
      });

      it("should list a grantee's accepted grants newest first, following acceptance and revocation", async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        await store.createGrant(records.grant('g2', 'u2', 2_000));
        expect(await store.listGrantsByGrantee('u9')).toEqual([]);
        const accept = (grant: GrantRecord): GrantRecord => ({
          ...grant,
          status: 'ACTIVE',
          granteeUserId: 'u9',
          acceptedAt: grant.createdAt + 10,
        });
        const accepted = (id: string, owner: string, createdAt: number) => accept(records.grant(id, owner, createdAt));
        expect(await store.updateGrant('g1', accept)).toEqual(accepted('g1', 'u1', 1_000));
        await store.updateGrant('g2', accept);
        expect(await store.listGrantsByGrantee('u9')).toEqual([
          accepted('g2', 'u2', 2_000),
          accepted('g1', 'u1', 1_000),
        ]);
        // Revoked now: a revoked grant stays listed for its retention (stores prune by the real clock).
        await store.updateGrant('g2', (grant) => ({ ...grant, status: 'REVOKED', revokedAt: Date.now() }));
        expect((await store.listGrantsByGrantee('u9')).map((g) => [g.id, g.status])).toEqual([
          ['g2', 'REVOKED'],
          ['g1', 'ACTIVE'],
        ]);
      });

      it('should follow a grant changed to another grantee, owner or code', async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000, { granteeUserId: 'u8', status: 'ACTIVE' }));
        await store.updateGrant('g1', (grant) => ({
          ...grant,
          ownerUserId: 'u2',
          granteeUserId: 'u9',
          codeHash: 'code-hash-new',
        }));
        expect(await store.listGrantsByGrantee('u8')).toEqual([]);
        expect((await store.listGrantsByGrantee('u9')).map((g) => g.id)).toEqual(['g1']);
        expect(await store.listGrantsByOwner('u1')).toEqual([]);
        expect((await store.listGrantsByOwner('u2')).map((g) => g.id)).toEqual(['g1']);
        expect(await store.findGrantByCodeHash('code-hash-g1')).toBeNull();
        expect((await store.findGrantByCodeHash('code-hash-new'))?.id).toBe('g1');
      });

      it('should answer null for a missing grant without calling the change, and keep one the change declines or refuses', async () => {
        const store = await createStore();
        let called = false;
        expect(await store.updateGrant('nope', (grant) => ((called = true), grant))).toBeNull();
        expect(called).toBe(false);
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        expect(await store.updateGrant('g1', () => null)).toEqual(records.grant('g1', 'u1', 1_000));
        const refusal = new Error('already revoked');
        await expect(
          store.updateGrant('g1', () => {
            throw refusal;
          }),
        ).rejects.toBe(refusal);
        const error = await store
          .updateGrant('g1', (grant) => ({ ...grant, id: 'g2' }))
          .catch((caught: unknown) => caught);
        expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
        expect(await store.getGrant('g1')).toEqual(records.grant('g1', 'u1', 1_000));
        expect(await store.getGrant('g2')).toBeNull();
      });

      it('should hand the change the grant as stored now, so concurrent changes all count (no lost update)', async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000, { acceptedAt: 0 }));
        const bump = () => store.updateGrant('g1', (grant) => ({ ...grant, acceptedAt: grant.acceptedAt! + 1 }));
        const answers = await Promise.all(Array.from({ length: 10 }, bump));
        expect((await store.getGrant('g1'))?.acceptedAt).toBe(10);
        // Each caller was answered with the grant its own change stored: ten different values.
        expect(new Set(answers.map((grant) => grant?.acceptedAt)).size).toBe(10);
      });

      it('should keep the scopes a grant adds, and let a change set them', async () => {
        const store = await createStore();
        const scoped = records.grant('g1', 'u1', 1_000, { extraScopes: ['MESSAGES'] });
        await store.createGrant(scoped);
        expect(await store.getGrant('g1')).toEqual(scoped);
        expect(await store.findGrantByCodeHash('code-hash-g1')).toEqual(scoped);
        expect(await store.listGrantsByOwner('u1')).toEqual([scoped]);
        await store.createGrant(records.grant('g2', 'u1', 2_000));
        const widened = await store.updateGrant('g2', (grant) => ({ ...grant, extraScopes: ['MESSAGES'] }));
        expect(widened).toEqual(records.grant('g2', 'u1', 2_000, { extraScopes: ['MESSAGES'] }));
        expect(await store.getGrant('g2')).toEqual(widened);
        const narrowed = await store.updateGrant('g1', (grant) => ({ ...grant, extraScopes: [] }));
        expect((await store.getGrant('g1'))?.extraScopes).toEqual([]);
        expect(narrowed?.extraScopes).toEqual([]);
      });

      it('should read a grant stored without scopes with none, the field absent', async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        expect(await store.getGrant('g1')).not.toHaveProperty('extraScopes');
        expect((await store.listGrantsByOwner('u1'))[0]).not.toHaveProperty('extraScopes');
        const accepted = await store.updateGrant('g1', (grant) => ({
          ...grant,
          status: 'ACTIVE',
          granteeUserId: 'u9',
        }));
        expect(accepted).not.toHaveProperty('extraScopes');
        expect((await store.listGrantsByGrantee('u9'))[0]).not.toHaveProperty('extraScopes');
      });

      it('should let only the first of two racing transitions from PENDING happen', async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        const transition = (status: 'ACTIVE' | 'REVOKED') => () =>
          store
            .updateGrant('g1', (grant) => {
              if (grant.status !== 'PENDING') throw new Error('not pending any more');
              return { ...grant, status };
            })
            .then(
              (grant) => grant!.status,
              () => 'refused',
            );
        const answers = await Promise.all([transition('ACTIVE')(), transition('REVOKED')()]);
        expect(answers.filter((answer) => answer === 'refused')).toHaveLength(1);
        expect((await store.getGrant('g1'))?.status).toBe(answers.find((answer) => answer !== 'refused'));
      });
    });

    describe('copies', () => {
      it('should hand out copies, so callers cannot change what is stored', async () => {
        const store = await createStore();
        await store.putUser(records.user('u1'));
        const user = (await store.getUser('u1'))!;
        user.displayName = 'changed';
        user.children.push(user.children[0]!);
        const found = (await store.findUserByLogin(ISSUER, 'sub-u1'))!;
        found.person!.snilsHash = 'changed';
        expect(await store.getUser('u1')).toEqual(records.user('u1'));
      });

      it('should store copies, so callers cannot change a record after putting it', async () => {
        const store = await createStore();
        const user = records.user('u1');
        await store.putUser(user);
        user.children[0]!.firstName = 'changed';
        const account = records.account('a1', 'u1', 100);
        await store.putProviderAccount(account);
        account.holder.firstName = 'changed';
        const link = records.link('a1', '100');
        await storeLink(store, link);
        link.snapshot.firstName = 'changed';
        const grant = records.grant('g1', 'u1', 1_000);
        await store.createGrant(grant);
        grant.status = 'REVOKED';
        expect(await store.getUser('u1')).toEqual(records.user('u1'));
        expect(await store.getProviderAccount('a1')).toEqual(records.account('a1', 'u1', 100));
        expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
        expect(await store.getGrant('g1')).toEqual(records.grant('g1', 'u1', 1_000));
      });

      it('should hand a change function a copy, and keep no reference to what it returned', async () => {
        const store = await createStore();
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        let seen: GrantRecord | null = null;
        const returned: GrantRecord = { ...records.grant('g1', 'u1', 1_000), status: 'ACTIVE' };
        await store.updateGrant('g1', (grant) => {
          seen = grant;
          return returned;
        });
        seen!.ownerUserId = 'changed';
        returned.status = 'REVOKED';
        expect(await store.getGrant('g1')).toEqual({ ...records.grant('g1', 'u1', 1_000), status: 'ACTIVE' });
      });

      it('should hand out copies from lists too', async () => {
        const store = await createStore();
        await store.putProviderAccount(records.account('a1', 'u1', 100));
        await store.createGrant(records.grant('g1', 'u1', 1_000));
        await storeLink(store, records.link('a1', '100'));
        (await store.listProviderAccounts('u1'))[0]!.displayName = 'changed';
        (await store.listGrantsByOwner('u1'))[0]!.status = 'REVOKED';
        (await store.listStudentLinks('a1'))[0]!.snapshot.firstName = 'changed';
        expect(await store.listProviderAccounts('u1')).toEqual([records.account('a1', 'u1', 100)]);
        expect(await store.listGrantsByOwner('u1')).toEqual([records.grant('g1', 'u1', 1_000)]);
        expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
      });
    });

    describeCalendarFeedContract(createStore);
    describePushSubscriptionContract(createStore);
    describeWebhookContract(createStore);
    describeMessageSendContract(createStore);
  });
}
