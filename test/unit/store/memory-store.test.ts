import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import {
  emptyStoreState,
  exportStoreState,
  importStoreState,
  pruneExpired,
  replaceStoreState,
} from '../../../src/store/store-state.js';
import { describeStoreContract, records } from '../../contract/store-contract.js';

describeStoreContract('memory store', () => createMemoryStore());

describe('the memory store over a state', () => {
  it('should persist after every change, and never for a read or a change of nothing', async () => {
    let persisted = 0;
    const store = createMemoryStore({ persist: async () => void (persisted += 1) });
    await store.putUser(records.user('u1'));
    await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: null });
    await store.putPendingLogin({ idHash: 'p1', state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: 10 });
    await store.takePendingLogin('p1', 0);
    await store.putProviderAccount(records.account('a1', 'u1', 100));
    await store.updateProviderCredentials('a1', 'v1.k.new');
    await store.putStudentLink(records.link('a1', '100'));
    await store.putMatchDecision(records.decision('u1', 'x|y'));
    await store.putGrant(records.grant('g1', 'u1', 1_000));
    await store.deleteSession('h1');
    await store.deleteProviderAccount('a1');
    expect(persisted).toBe(11);

    await store.getUser('u1');
    await store.findUserByLogin('x', 'y');
    await store.findSession('h1', 0);
    await store.listProviderAccounts('u1');
    await store.listGrantsByOwner('u1');
    await store.takePendingLogin('p1', 0);
    await store.deleteSession('h1');
    await store.deleteProviderAccount('a1');
    await store.updateProviderCredentials('a1', 'v1.k.x');
    expect(persisted).toBe(11);
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
    await store.putStudentLink(records.link('a1', '100'));
    await store.putMatchDecision(records.decision('u1', 'x|y'));
    await store.putGrant(records.grant('g1', 'u1', 1_000));
    const document = JSON.parse(JSON.stringify(exportStoreState(state)));
    expect(document.version).toBe(1);
    const copy = importStoreState(document);
    expect(copy).toEqual(state);
    const reopened = createMemoryStore({ state: copy });
    expect((await reopened.findUserByLogin(records.user('u1').login!.issuer, 'sub-u1'))?.id).toBe('u1');
  });

  it('should replace one state by another in place', async () => {
    const target = emptyStoreState();
    await createMemoryStore({ state: target }).putUser(records.user('u-old'));
    const source = emptyStoreState();
    await createMemoryStore({ state: source }).putUser(records.user('u-new'));
    replaceStoreState(target, source);
    expect([...target.users.keys()]).toEqual(['u-new']);
    expect([...target.logins.values()]).toEqual(['u-new']);
  });

  it('should prune exactly the sessions and pending logins expired at a time', async () => {
    const state = emptyStoreState();
    const store = createMemoryStore({ state });
    await store.putSession({ tokenHash: 'gone', userId: 'u1', expiresAt: 100 });
    await store.putSession({ tokenHash: 'live', userId: 'u1', expiresAt: 101 });
    await store.putSession({ tokenHash: 'forever', userId: 'u1', expiresAt: null });
    await store.putPendingLogin({ idHash: 'gone', state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: 100 });
    await store.putPendingLogin({ idHash: 'live', state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: 101 });
    expect(pruneExpired(state, 100)).toBe(2);
    expect([...state.sessions.keys()].sort()).toEqual(['forever', 'live']);
    expect([...state.pendingLogins.keys()]).toEqual(['live']);
  });
});
