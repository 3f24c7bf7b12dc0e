/**
 * Storing a renewed diary token (issue 10, finding 1): only over the credentials it was renewed from, so
 * an older renewal never replaces a newer one, a relink, or an account unlinked meanwhile. The races
 * themselves run in test/integration/store-races.test.ts; these are the single-caller cases.
 */
import { describe, expect, it } from 'vitest';
import { storeRenewedCredentials } from '../../../src/accounts/renewed-credentials.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { defaultVault, seedAccount } from '../../support/accounts.js';

const BASE = { accessToken: 'token-0', refreshToken: 'refresh-0' };
const RENEWED = { accessToken: 'token-1', refreshToken: 'refresh-1' };

async function setUp() {
  const store = createMemoryStore();
  await seedAccount(store, { id: 'a1', userId: 'u1', provider: 'DNEVNIK', credentials: BASE });
  const stored = async () => defaultVault.open((await store.getProviderAccount('a1'))!.sealedCredentials, 'a1');
  return { store, deps: { store, vault: defaultVault }, stored };
}

describe('storing renewed credentials', () => {
  it('should store credentials renewed from the stored ones, sealed for the account', async () => {
    const { deps, stored } = await setUp();
    expect(await storeRenewedCredentials(deps, 'a1', RENEWED, { ...BASE })).toBe(true);
    expect(await stored()).toEqual(RENEWED);
  });

  it('should not store a renewal of credentials that were replaced meanwhile (a newer renewal or a relink)', async () => {
    const { deps, stored } = await setUp();
    await storeRenewedCredentials(deps, 'a1', RENEWED, BASE);
    expect(
      await storeRenewedCredentials(deps, 'a1', { accessToken: 'token-late', refreshToken: 'refresh-late' }, BASE),
    ).toBe(false);
    expect(await stored()).toEqual(RENEWED);
  });

  it('should compare every field: a renewal from credentials that differ in one only is not stored', async () => {
    const { deps, stored } = await setUp();
    expect(await storeRenewedCredentials(deps, 'a1', RENEWED, { accessToken: 'token-0' })).toBe(false);
    expect(await storeRenewedCredentials(deps, 'a1', RENEWED, { ...BASE, extra: 'x' })).toBe(false);
    expect(await stored()).toEqual(BASE);
  });

  it('should not bring back an unlinked account, nor write over credentials it cannot open', async () => {
    const { store, deps } = await setUp();
    await store.updateProviderCredentials('a1', 'not-a-sealed-blob');
    expect(await storeRenewedCredentials(deps, 'a1', RENEWED, BASE)).toBe(false);
    expect((await store.getProviderAccount('a1'))?.sealedCredentials).toBe('not-a-sealed-blob');
    await store.deleteProviderAccount('a1');
    expect(await storeRenewedCredentials(deps, 'a1', RENEWED, BASE)).toBe(false);
    expect(await store.getProviderAccount('a1')).toBeNull();
  });
});
