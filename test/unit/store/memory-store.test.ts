import { describe, expect, it } from 'vitest';
import { createMemoryStore, DEFAULT_MAX_PENDING_LOGINS } from '../../../src/store/memory-store.js';
import { GRANT_RETENTION_MS } from '../../../src/store/store.js';
import {
  emptyStoreState,
  exportStoreState,
  importStoreState,
  pruneExpired,
  replaceStoreState,
} from '../../../src/store/store-state.js';
import { feedRecord } from '../../contract/calendar-feed-contract.js';
import { sendRecord } from '../../contract/message-send-contract.js';
import { webhookRecord } from '../../contract/webhook-contract.js';
import { describeStoreContract, records, storeLink } from '../../contract/store-contract.js';

describeStoreContract('memory store', () => createMemoryStore());

describe('the memory store over a state', () => {
  it('should persist after every durable change, and never for a read, a change of nothing or a pending login', async () => {
    let persisted = 0;
    const store = createMemoryStore({ persist: async () => void (persisted += 1) });
    await store.putUser(records.user('u1'));
    await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: null });
    await store.putProviderAccount(records.account('a1', 'u1', 100));
    await store.updateProviderCredentials('a1', 'v1.k.new');
    await store.updateProviderAccount('a1', (account) => ({ ...account, displayName: 'relinked' }));
    await storeLink(store, records.link('a1', '100'));
    await store.addMatchDecision(records.decision('u1', 'x|y'));
    await store.createGrant(records.grant('g1', 'u1', 1_000));
    await store.updateGrant('g1', (grant) => ({ ...grant, status: 'REVOKED', revokedAt: 2_000 }));
    await store.addProviderAccount(records.account('a2', 'u1', 200), [], await store.providerAccountsVersion('u1'));
    await store.deleteSession('h1');
    await store.deleteProviderAccount('a1');
    expect(persisted).toBe(12);

    // Anonymous requests make pending logins: they never cause a durable write (issue 10, finding 5).
    await store.putPendingLogin(records.pendingLogin('p1', 10));
    await store.takePendingLogin('p1', 0);
    await store.getUser('u1');
    await store.findUserByLogin('x', 'y');
    await store.findSession('h1', 0);
    await store.listProviderAccounts('u1');
    await store.listGrantsByOwner('u1');
    await store.deleteSession('h1');
    await store.deleteProviderAccount('a1');
    await store.updateProviderCredentials('a1', 'v1.k.x');
    await store.updateProviderAccount('a1', (account) => account);
    await store.updateProviderAccount('a2', () => null);
    await store.updateGrant('g1', () => null);
    await storeLink(store, records.link('a1', '100'));
    await store.updateStudentLink('a2', 'MESH', '100', () => null);
    await store.removeStudentLink(records.link('a2', '100'));
    await store.addMatchDecision(records.decision('u1', 'x|y', { decision: 'REJECTED' }));
    await store.addProviderAccount(records.account('a3', 'u1', 300), [], 'a stale version');
    expect(persisted).toBe(12);
  });

  it('should let a failed persist reject the change', async () => {
    const store = createMemoryStore({ persist: () => Promise.reject(new Error('disk full')) });
    await expect(store.putUser(records.user('u1'))).rejects.toThrow('disk full');
  });

  it('should work on the state it is given, which exports and imports without loss', async () => {
    const state = emptyStoreState();
    const store = createMemoryStore({ state });
    await store.putUser(records.user('u1'));
    await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: null });
    await store.putProviderAccount(records.account('a1', 'u1', 100));
    await storeLink(store, records.link('a1', '100'));
    await store.addMatchDecision(records.decision('u1', 'x|y'));
    await store.createGrant(records.grant('g1', 'u1', 1_000));
    await store.createCalendarFeed(feedRecord('f1', 'u1', 1_000), 20);
    await store.createWebhook(webhookRecord('w1', 'u1', 1_000), 10);
    await store.claimMessageSend(sendRecord('s1', 'draft-a', 1_000), 1_000);
    const document = JSON.parse(JSON.stringify(exportStoreState(state)));
    expect(document.version).toBe(4);
    expect(document.webhooks).toEqual([webhookRecord('w1', 'u1', 1_000)]);
    expect(document.messageSends).toEqual([sendRecord('s1', 'draft-a', 1_000)]);
    const copy = importStoreState(document);
    expect(copy).toEqual(state);
    const reopened = createMemoryStore({ state: copy });
    expect((await reopened.findUserByLogin(records.user('u1').login!.issuer, 'sub-u1'))?.id).toBe('u1');
  });

  it('should leave pending logins out of the exported document, and out of an imported one', async () => {
    const state = emptyStoreState();
    const store = createMemoryStore({ state });
    await store.putPendingLogin(records.pendingLogin('p1', 10));
    const document = exportStoreState(state);
    expect(document.pendingLogins).toEqual([]);
    const older = {
      ...document,
      pendingLogins: [records.pendingLogin('p2', 10)],
    };
    expect(importStoreState(older).pendingLogins.size).toBe(0);
  });

  it('should replace one state by another in place, keeping the pending logins it had', async () => {
    const target = emptyStoreState();
    const targetStore = createMemoryStore({ state: target });
    await targetStore.putUser(records.user('u-old'));
    await targetStore.putPendingLogin(records.pendingLogin('p1', 10));
    const source = emptyStoreState();
    await createMemoryStore({ state: source }).putUser(records.user('u-new'));
    replaceStoreState(target, source);
    expect([...target.users.keys()]).toEqual(['u-new']);
    expect([...target.logins.values()]).toEqual(['u-new']);
    expect([...target.pendingLogins.keys()]).toEqual(['p1']);
  });

  it('should prune exactly the sessions and pending logins expired at a time, and grants past their retention', async () => {
    const state = emptyStoreState();
    const store = createMemoryStore({ state });
    await store.putSession({ tokenHash: 'gone', userId: 'u1', expiresAt: 100 });
    await store.putSession({ tokenHash: 'live', userId: 'u1', expiresAt: 101 });
    await store.putSession({ tokenHash: 'forever', userId: 'u1', expiresAt: null });
    await store.putPendingLogin(records.pendingLogin('gone', 100));
    await store.putPendingLogin(records.pendingLogin('live', 101));
    // Retention ends GRANT_RETENTION_MS after revocation or expiry, whichever came first.
    await store.createGrant(
      records.grant('revoked-long-ago', 'u1', 0, {
        status: 'REVOKED',
        revokedAt: 100 - GRANT_RETENTION_MS,
        expiresAt: 10_000,
      }),
    );
    await store.createGrant(
      records.grant('revoked-lately', 'u1', 0, {
        status: 'REVOKED',
        revokedAt: 101 - GRANT_RETENTION_MS,
        expiresAt: 10_000,
      }),
    );
    await store.createGrant(records.grant('expired-long-ago', 'u1', 0, { expiresAt: 100 - GRANT_RETENTION_MS }));
    await store.createGrant(
      records.grant('active', 'u1', 0, { status: 'ACTIVE', expiresAt: 101 - GRANT_RETENTION_MS + 1 }),
    );
    expect(pruneExpired(state, 100)).toBe(4);
    expect([...state.sessions.keys()].sort()).toEqual(['forever', 'live']);
    expect([...state.pendingLogins.keys()]).toEqual(['live']);
    expect([...state.grants.keys()].sort()).toEqual(['active', 'revoked-lately']);
  });

  it('should prune message sends from their expiry on, and not before', async () => {
    const state = emptyStoreState();
    const store = createMemoryStore({ state });
    await store.claimMessageSend(sendRecord('gone', 'draft-a', 0, { expiresAt: 100 }), 0);
    await store.claimMessageSend(sendRecord('live', 'draft-a', 0, { expiresAt: 101 }), 0);
    expect(pruneExpired(state, 100)).toBe(1);
    expect([...state.messageSends.keys()]).toEqual(['live']);
  });

  it('should persist a claim that keeps its send and a change of one, and nothing for a claim answered with another', async () => {
    let persisted = 0;
    const store = createMemoryStore({ persist: async () => void (persisted += 1) });
    await store.claimMessageSend(sendRecord('s1', 'draft-a', 1_000), 1_000);
    await store.updateMessageSend('s1', (send) => ({ ...send, state: 'SENT' }));
    expect(persisted).toBe(2);
    await store.claimMessageSend(sendRecord('s1', 'draft-a', 2_000), 2_000);
    await store.updateMessageSend('s1', () => null);
    await store.updateMessageSend('s2', (send) => send);
    expect(persisted).toBe(2);
  });

  it('should prune on every change when given a clock, and never by time without one', async () => {
    let now = 1_000;
    const pruning = createMemoryStore({ now: () => now });
    const keeping = createMemoryStore();
    for (const store of [pruning, keeping]) {
      await store.createGrant(records.grant('g1', 'u1', 0, { expiresAt: 2_000 }));
      await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: 2_000 });
    }
    now = 2_000 + GRANT_RETENTION_MS;
    for (const store of [pruning, keeping]) await store.putUser(records.user('u1'));
    expect(await pruning.getGrant('g1')).toBeNull();
    expect(await pruning.listGrantsByOwner('u1')).toEqual([]);
    expect((await keeping.getGrant('g1'))?.id).toBe('g1');
  });

  it('should keep at most the configured number of pending logins, dropping the oldest', async () => {
    const store = createMemoryStore({ maxPendingLogins: 3 });
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) await store.putPendingLogin(records.pendingLogin(id, 10_000));
    expect(await store.takePendingLogin('p1', 0)).toBeNull();
    expect(await store.takePendingLogin('p2', 0)).toBeNull();
    for (const id of ['p3', 'p4', 'p5']) expect((await store.takePendingLogin(id, 0))?.idHash).toBe(id);
  });

  it('should bound pending logins to 10,000 by default', async () => {
    const state = emptyStoreState();
    const store = createMemoryStore({ state });
    for (let index = 0; index < 10_050; index += 1) {
      await store.putPendingLogin(records.pendingLogin(`p${index}`, 10));
    }
    expect(state.pendingLogins.size).toBe(DEFAULT_MAX_PENDING_LOGINS);
    expect(DEFAULT_MAX_PENDING_LOGINS).toBe(10_000);
    expect(state.pendingLogins.has('p49')).toBe(false);
    expect(state.pendingLogins.has('p50')).toBe(true);
  });
});
