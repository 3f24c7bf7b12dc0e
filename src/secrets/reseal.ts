/**
 * Finishing a key rotation: moving every account's sealed credentials to the first key of
 * `CREDENTIAL_KEYS`, so the old key can be dropped. Accounts are resealed lazily when read
 * (`src/students/directory.ts`), but an account nobody reads would stay on the old key forever, and an
 * operator could never know when dropping it is safe; this walks all of them once and says so.
 */
import type { Logger } from '../logging/logger.js';
import type { GatewayStore } from '../store/store.js';
import { CredentialVaultError, type CredentialVault } from './credential-vault.js';
import { pushTargetContext } from '../store/store.js';
import { GATEWAY_SECRET_NAMES, gatewaySecretSealContext, webhookSealContext } from './seal-contexts.js';

/** What {@link resealAllCredentials} works with. */
export interface ResealOptions {
  store: GatewayStore;
  /** The vault over the configured keys: its first key is the one to move to. */
  vault: CredentialVault;
  logger: Logger;
}

/**
 * What a run did. The old key may be dropped once a run reports `failed: 0`. Webhooks' signing secrets
 * (`src/deliveries`), browsers' push subscriptions and the stored Web Push key pair (`src/push`) are sealed
 * with the same keys and counted with the accounts.
 */
export interface ResealReport {
  /** Accounts and webhooks looked at (each that still existed when its turn came). */
  checked: number;
  /** Accounts and webhooks whose sealed blob was rewritten under the first key. */
  resealed: number;
  /** Those whose blob could not be opened (a key missing from the list, or a damaged blob). */
  failed: number;
}

/**
 * How often one account is retried when its credentials change between reading and writing (the gateway
 * refreshed a token meanwhile). The refreshed blob is sealed with the first key already, so the second
 * look normally finds nothing to do.
 */
const MAX_ATTEMPTS = 3;

type Outcome = 'current' | 'resealed' | 'failed' | 'gone';

/**
 * Reseals every account not sealed with the vault's first key, one account at a time. An account that
 * cannot be opened is logged by id and error code (never its blob) and counted as failed; the run goes on.
 * Store errors are not caught: a store that fails mid-run fails the run, and running it again is safe.
 */
export async function resealAllCredentials(options: ResealOptions): Promise<ResealReport> {
  const { store, logger } = options;
  const report: ResealReport = { checked: 0, resealed: 0, failed: 0 };
  for (const accountId of await store.listAllProviderAccountIds()) {
    const outcome = await resealAccount(accountId, options);
    if (outcome === 'gone') continue;
    report.checked += 1;
    if (outcome === 'resealed') report.resealed += 1;
    if (outcome === 'failed') report.failed += 1;
  }
  const count = (outcome: Outcome) => {
    if (outcome === 'gone') return;
    report.checked += 1;
    if (outcome === 'resealed') report.resealed += 1;
    if (outcome === 'failed') report.failed += 1;
  };
  for (const webhookId of await store.listAllWebhookIds()) count(await resealWebhook(webhookId, options));
  for (const id of await store.listAllPushSubscriptionIds()) count(await resealPushSubscription(id, options));
  for (const name of GATEWAY_SECRET_NAMES) count(await resealGatewaySecret(name, options));
  logger.info(report, 'credential resealing finished');
  return report;
}

/** Reseals one browser's push subscription in one atomic change of its record (deliveries note times on it). */
async function resealPushSubscription(id: string, { store, vault, logger }: ResealOptions): Promise<Outcome> {
  let outcome: Outcome = 'gone';
  try {
    await store.updatePushSubscription(id, (record) => {
      if (!vault.needsResealing(record.sealedTarget)) {
        outcome = 'current';
        return null;
      }
      const context = pushTargetContext(record);
      outcome = 'resealed';
      return { ...record, sealedTarget: vault.seal(vault.open(record.sealedTarget, context), context) };
    });
  } catch (error) {
    if (!(error instanceof CredentialVaultError)) throw error;
    logger.error(
      { pushSubscriptionId: id, code: error.code, reason: error.message },
      'could not reseal a push subscription',
    );
    return 'failed';
  }
  return outcome;
}

/** Reseals one of the gateway's own secrets (the Web Push key pair), when the store holds it. */
async function resealGatewaySecret(name: string, { store, vault, logger }: ResealOptions): Promise<Outcome> {
  let outcome: Outcome = 'gone';
  try {
    await store.updateGatewaySecret(name, (secret) => {
      if (!vault.needsResealing(secret.sealed)) {
        outcome = 'current';
        return null;
      }
      const context = gatewaySecretSealContext(name);
      outcome = 'resealed';
      return { ...secret, sealed: vault.seal(vault.open(secret.sealed, context), context) };
    });
  } catch (error) {
    if (!(error instanceof CredentialVaultError)) throw error;
    logger.error({ secret: name, code: error.code, reason: error.message }, 'could not reseal a gateway secret');
    return 'failed';
  }
  return outcome;
}

/** Reseals one webhook's secret in one atomic change of its record (it may be changed by its owner meanwhile). */
async function resealWebhook(webhookId: string, { store, vault, logger }: ResealOptions): Promise<Outcome> {
  let outcome: Outcome = 'gone';
  try {
    await store.updateWebhook(webhookId, (webhook) => {
      if (!vault.needsResealing(webhook.sealedSecret)) {
        outcome = 'current';
        return null;
      }
      const context = webhookSealContext(webhookId);
      outcome = 'resealed';
      return { ...webhook, sealedSecret: vault.seal(vault.open(webhook.sealedSecret, context), context) };
    });
  } catch (error) {
    if (!(error instanceof CredentialVaultError)) throw error;
    logger.error({ webhookId, code: error.code, reason: error.message }, 'could not reseal the secret of a webhook');
    return 'failed';
  }
  return outcome;
}

async function resealAccount(accountId: string, { store, vault, logger }: ResealOptions): Promise<Outcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const account = await store.getProviderAccount(accountId);
    if (!account) return 'gone'; // unlinked since the listing
    const sealed = account.sealedCredentials;
    let resealed: string;
    try {
      if (!vault.needsResealing(sealed)) return 'current';
      resealed = vault.seal(vault.open(sealed, accountId), accountId);
    } catch (error) {
      if (!(error instanceof CredentialVaultError)) throw error;
      // The vault's messages name key ids at most; the blob itself never reaches the log.
      logger.error(
        { accountId, code: error.code, reason: error.message },
        'could not reseal the credentials of an account',
      );
      return 'failed';
    }
    // Compare-and-set: a token the gateway refreshed meanwhile must not be replaced by the older one.
    if (await store.updateProviderCredentials(accountId, resealed, sealed)) return 'resealed';
  }
  logger.error(
    { accountId, attempts: MAX_ATTEMPTS },
    'the credentials of an account kept changing while being resealed',
  );
  return 'failed';
}
