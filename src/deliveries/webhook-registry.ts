/**
 * The webhooks as the delivery engine's targets: read from the store, the secret opened from its seal for
 * the delivery at hand (never kept elsewhere), enabled unless turned off.
 */
import type { CredentialVault } from '../secrets/credential-vault.js';
import { webhookSealContext } from '../secrets/seal-contexts.js';
import type { GatewayStore, WebhookRecord } from '../store/store.js';
import type { TargetRegistry } from './ports.js';
import type { WebhookTarget } from './webhook-transport.js';

/** Opens a webhook's signing secret. */
export function openWebhookSecret(vault: Pick<CredentialVault, 'open'>, webhook: WebhookRecord): string {
  return vault.open(webhook.sealedSecret, webhookSealContext(webhook.id)).secret!;
}

/** The webhook registry of the engine. */
export function createWebhookRegistry(deps: {
  store: GatewayStore;
  vault: Pick<CredentialVault, 'open'>;
  now: () => number;
}): TargetRegistry<WebhookTarget> {
  const { store, vault } = deps;
  const turnOff = (id: string, now: number, reason: 'FAILING' | 'GONE') =>
    store.updateWebhook(id, (webhook) =>
      webhook.disabledAt === null ? { ...webhook, disabledAt: now, disabledReason: reason, updatedAt: now } : null,
    );
  return {
    allIds: () => store.listAllWebhookIds(),
    async get(id) {
      const webhook = await store.getWebhook(id);
      if (!webhook) return null;
      return {
        id: webhook.id,
        ownerUserId: webhook.ownerUserId,
        enabled: webhook.disabledAt === null,
        url: webhook.url,
        secret: webhook.disabledAt === null ? openWebhookSecret(vault, webhook) : '',
      };
    },
    async forget(id) {
      // 410 Gone: kept, turned off with its reason, so its owner sees what happened and may turn it on again.
      await turnOff(id, deps.now(), 'GONE');
    },
    async disable(id, now) {
      await turnOff(id, now, 'FAILING');
    },
  };
}
