/**
 * Keeping the credentials an adapter renewed in the middle of a request (a refreshed Dnevnik.ru token,
 * a new Eljur token). Two requests of one family may renew the same account's token at once, each from
 * the credentials it opened, and a parent may relink the account meanwhile. The store must keep the first
 * renewal of what it holds and never let an older renewal overwrite a newer one or a relink (issue 10,
 * finding 1). So the write is a compare-and-set: it happens only while the stored credentials are still
 * the ones the renewal started from.
 *
 * Sealing is randomised, so "the same credentials" cannot be recognised by their sealed form: the stored
 * blob is opened and compared in clear, then that very blob is the compare-and-set's expected value, so a
 * write made between the comparison and the swap still makes the swap fail.
 */
import type { ProviderCredentials } from '../domain/adapter.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { GatewayStore } from '../store/store.js';

/** What storing renewed credentials needs. */
export interface RenewedCredentialsDeps {
  store: GatewayStore;
  vault: CredentialVault;
}

/**
 * Stores `credentials` for the account if its stored credentials are still `renewedFrom`; resolves with
 * whether they were stored. `false` also when the account is gone (unlinked) or its stored credentials
 * cannot be opened: the renewed token still serves the request that got it, and nothing older is kept over
 * anything newer.
 */
export async function storeRenewedCredentials(
  deps: RenewedCredentialsDeps,
  accountId: string,
  credentials: ProviderCredentials,
  renewedFrom: ProviderCredentials,
): Promise<boolean> {
  const record = await deps.store.getProviderAccount(accountId);
  if (!record) return false;
  let stored: ProviderCredentials;
  try {
    stored = deps.vault.open(record.sealedCredentials, accountId);
  } catch {
    return false;
  }
  if (!sameCredentials(stored, renewedFrom)) return false;
  return deps.store.updateProviderCredentials(
    accountId,
    deps.vault.seal(credentials, accountId),
    record.sealedCredentials,
  );
}

function sameCredentials(a: ProviderCredentials, b: ProviderCredentials): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}
