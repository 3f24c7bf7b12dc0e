/**
 * The gateway's VAPID key pair (RFC 8292): configured, or made once and kept sealed in the store, so every
 * replica and every restart signs with the same pair. A browser's subscription is bound to the public key
 * it was made with: a new pair would silence every browser until its page registered again.
 */
import webPush from 'web-push';
import type { VapidKeyPair } from '../config/web-push.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import { gatewaySecretSealContext, type GATEWAY_SECRET_NAMES } from '../secrets/seal-contexts.js';
import type { GatewayStore } from '../store/store.js';

/** The store's name for the pair, and the context it is sealed in. */
export const VAPID_SECRET_NAME: (typeof GATEWAY_SECRET_NAMES)[number] = 'web-push-vapid';
const SEAL_CONTEXT = gatewaySecretSealContext(VAPID_SECRET_NAME);

/** What finding the pair needs. */
export interface VapidKeyDeps {
  /** `VAPID_PUBLIC_KEY` / `VAPID_PRIVATE_KEY`, or `null` to use the stored pair. */
  configured: VapidKeyPair | null;
  store: GatewayStore;
  vault: CredentialVault;
  /** Epoch milliseconds. */
  now: () => number;
}

/**
 * The configured pair, or the stored one — made and stored first when there is none (of replicas starting
 * at once, all end with the first one stored). A stored pair sealed with a key other than the first of
 * `CREDENTIAL_KEYS` is sealed again with it here (a key rotation then needs no step of its own for it).
 * @throws CredentialVaultError when the stored pair does not open (`CREDENTIAL_KEYS` lost the key that sealed it).
 */
export async function resolveVapidKeys(deps: VapidKeyDeps): Promise<VapidKeyPair> {
  if (deps.configured) return deps.configured;
  const fresh = webPush.generateVAPIDKeys();
  const stored = await deps.store.claimGatewaySecret({
    name: VAPID_SECRET_NAME,
    sealed: deps.vault.seal({ publicKey: fresh.publicKey, privateKey: fresh.privateKey }, SEAL_CONTEXT),
    createdAt: deps.now(),
  });
  const opened = deps.vault.open(stored.sealed, SEAL_CONTEXT);
  if (deps.vault.needsResealing(stored.sealed))
    await deps.store.updateGatewaySecret(VAPID_SECRET_NAME, (current) =>
      deps.vault.needsResealing(current.sealed)
        ? { ...current, sealed: deps.vault.seal(deps.vault.open(current.sealed, SEAL_CONTEXT), SEAL_CONTEXT) }
        : null,
    );
  return { publicKey: opened.publicKey ?? '', privateKey: opened.privateKey ?? '' };
}

/**
 * The `sub` claim of the VAPID token: `VAPID_SUBJECT`, else the gateway's https address, else a mailto
 * address that names no one (push services want a contact; Apple's refuses `localhost` URLs).
 */
export function vapidSubject(configured: string | null, publicUrl: string | null): string {
  if (configured) return configured;
  if (publicUrl?.startsWith('https://')) return publicUrl;
  return 'mailto:webpush@localhost';
}
