/**
 * Storing and reading a linked diary account: the one place that seals credentials before they reach the
 * store, and that opens them into the account adapters sign in with.
 * Used by linking (after the diary accepted the credentials), by the demo, which links its family's
 * accounts at start-up, and by each request that reads an account (`openLinkedAccount`, which reseals
 * credentials sealed with a retired key).
 */
import type { ProviderAccount, ProviderCredentials } from '../domain/adapter.js';
import type { ProviderKind } from '../domain/model.js';
import type { HolderMatch, PersonIdentity } from '../domain/person.js';
import { displayName } from '../identity/names.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { GatewayStore, ProviderAccountRecord } from '../store/store.js';

/** An account to store, credentials in clear (they are sealed here, bound to the account id). */
export interface NewProviderAccount {
  id: string;
  userId: string;
  provider: ProviderKind;
  /** The tenant (see `ProviderAccountRecord.tenant`). */
  tenant?: string;
  credentials: ProviderCredentials;
  holder: PersonIdentity;
  holderMatch: HolderMatch;
  linkedAt: number;
}

/** Seals the credentials and stores the account; resolves with the stored record. */
export async function saveProviderAccount(
  account: NewProviderAccount,
  deps: { store: GatewayStore; vault: CredentialVault },
): Promise<ProviderAccountRecord> {
  const { credentials, ...rest } = account;
  const record: ProviderAccountRecord = {
    ...rest,
    displayName: displayName(account.holder),
    sealedCredentials: deps.vault.seal(credentials, account.id),
  };
  await deps.store.putProviderAccount(record);
  return record;
}

/** The account adapters sign in with, its credentials opened (throws `CredentialVaultError` for a retired key). */
export function openProviderAccount(record: ProviderAccountRecord, vault: CredentialVault): ProviderAccount {
  return {
    id: record.id,
    provider: record.provider,
    ...(record.tenant === undefined ? {} : { tenant: record.tenant }),
    credentials: vault.open(record.sealedCredentials, record.id),
  };
}

/**
 * Opens a linked account for a request (what `ViewerDirectory` is given as `openAccount`): credentials
 * sealed with a key that is no longer the current one are sealed again with the current one on the way.
 */
export async function openLinkedAccount(
  record: ProviderAccountRecord,
  deps: { store: GatewayStore; vault: CredentialVault },
): Promise<ProviderAccount> {
  const account = openProviderAccount(record, deps.vault);
  if (deps.vault.needsResealing(record.sealedCredentials)) {
    // Conditional: a replica may have refreshed the token meanwhile, and its write must win.
    await deps.store.updateProviderCredentials(
      record.id,
      deps.vault.seal(account.credentials, record.id),
      record.sealedCredentials,
    );
  }
  return account;
}
