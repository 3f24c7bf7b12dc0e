/**
 * The store contract, as a suite any `GatewayStore` implementation must pass. Run it from a test file
 * with a factory that yields an empty store.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderStudent } from '../../src/domain/model.js';
import type { GatewayStore } from '../../src/store/store.js';

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

export function describeStoreContract(name: string, createStore: () => Promise<GatewayStore> | GatewayStore): void {
  describe(`${name}: the GatewayStore contract`, () => {
    it('should keep users and answer null for unknown ones', async () => {
      const store = await createStore();
      await store.putUser({ id: 'u1', displayName: 'Анна' });
      expect(await store.getUser('u1')).toEqual({ id: 'u1', displayName: 'Анна' });
      expect(await store.getUser('u2')).toBeNull();
    });

    it('should find live sessions and drop expired ones', async () => {
      const store = await createStore();
      await store.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: 100 });
      await store.putSession({ tokenHash: 'h2', userId: 'u1', expiresAt: null });
      expect(await store.findSession('h1', 99)).toEqual({ tokenHash: 'h1', userId: 'u1', expiresAt: 100 });
      expect(await store.findSession('h1', 100)).toBeNull();
      expect(await store.findSession('h2', Number.MAX_SAFE_INTEGER)).not.toBeNull();
      expect(await store.findSession('nope', 0)).toBeNull();
    });

    it("should list only a user's own accounts", async () => {
      const store = await createStore();
      await store.putProviderAccount({ id: 'a1', userId: 'u1', provider: 'MESH', credentials: { token: 't1' } });
      await store.putProviderAccount({ id: 'a2', userId: 'u2', provider: 'MESH', credentials: { token: 't2' } });
      expect((await store.listProviderAccounts('u1')).map((a) => a.id)).toEqual(['a1']);
      expect(await store.listProviderAccounts('u3')).toEqual([]);
    });

    it('should replace the credentials of an existing account only', async () => {
      const store = await createStore();
      await store.putProviderAccount({ id: 'a1', userId: 'u1', provider: 'DNEVNIK', credentials: { accessToken: 'old' } });
      expect(await store.updateProviderCredentials('a1', { accessToken: 'new', refreshToken: 'r' })).toBe(true);
      expect(await store.updateProviderCredentials('gone', { accessToken: 'x' })).toBe(false);
      expect(await store.listProviderAccounts('u1')).toEqual([
        { id: 'a1', userId: 'u1', provider: 'DNEVNIK', credentials: { accessToken: 'new', refreshToken: 'r' } },
      ]);
    });

    it('should replace a student link of the same account and child, and keep others apart', async () => {
      const store = await createStore();
      await store.putStudentLink({ studentId: 's1', accountId: 'a1', snapshot: child('100') });
      await store.putStudentLink({ studentId: 's1', accountId: 'a1', snapshot: child('100', 'Маша') });
      await store.putStudentLink({ studentId: 's2', accountId: 'a1', snapshot: child('200') });
      await store.putStudentLink({ studentId: 's1', accountId: 'a2', snapshot: child('100') });
      const links = await store.listStudentLinks('a1');
      expect(links.map((l) => [l.studentId, l.snapshot.firstName]).sort()).toEqual([
        ['s1', 'Маша'],
        ['s2', 'Мария'],
      ]);
    });

    it('should hand out copies, so callers cannot change what is stored', async () => {
      const store = await createStore();
      await store.putUser({ id: 'u1', displayName: 'Анна' });
      const user = await store.getUser('u1');
      user!.displayName = 'changed';
      expect((await store.getUser('u1'))?.displayName).toBe('Анна');
    });
  });
}
