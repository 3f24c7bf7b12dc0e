/**
 * Seeding a store the way a running gateway would have filled it: users, and diary accounts whose
 * credentials are sealed with the gateway's default (demo) keys, for tests that put a second family
 * beside the demo one.
 */
import { saveProviderAccount } from '../../src/accounts/save-account.js';
import { loadConfig } from '../../src/config/config.js';
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import type { ProviderKind } from '../../src/domain/model.js';
import { createCredentialVault } from '../../src/secrets/credential-vault.js';
import type { GatewayStore, UserRecord } from '../../src/store/store.js';

/** The vault of a gateway started with the default configuration. */
export const defaultVault = createCredentialVault(loadConfig({}).secrets.credentialKeys);

/** A user with only a name (no sign-in identity, no SNILS). */
export function plainUser(id: string, displayName: string, person: UserRecord['person'] = null): UserRecord {
  return { id, displayName, login: null, person, phoneHash: null, children: [] };
}

/** Stores a diary account with sealed credentials, linked at `linkedAt`. */
export async function seedAccount(
  store: GatewayStore,
  account: { id: string; userId: string; provider: ProviderKind; credentials: ProviderCredentials; linkedAt?: number },
): Promise<void> {
  await saveProviderAccount(
    {
      ...account,
      holder: { lastName: '', firstName: '', middleName: null, birthDate: null, snilsHash: null },
      holderMatch: 'NOT_COMPARABLE',
      linkedAt: account.linkedAt ?? 0,
    },
    { store, vault: defaultVault },
  );
}
