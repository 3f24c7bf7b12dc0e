/**
 * The webhooks of the in-process stores (memory and file): a map in the store's state, by webhook id. Like
 * every change of the memory store, each method reads, decides and applies itself synchronously before its
 * first `await`, so two creations by one owner cannot both pass the bound.
 */
import { newestWebhookFirst } from './record-order.js';
import { StoreError } from './store-error.js';
import type { GatewayStore, WebhookRecord } from './store.js';
import { checkWebhookChange, hasRoomForWebhook } from './webhook-rules.js';

/** The webhook methods of the store. */
export type WebhookMethods = Pick<
  GatewayStore,
  'createWebhook' | 'updateWebhook' | 'deleteWebhook' | 'getWebhook' | 'listWebhooks' | 'listAllWebhookIds'
>;

const copy = <T>(value: T): T => structuredClone(value);

/**
 * The webhook methods of a store whose webhooks live in `webhooks`; `changed` ends every durable change
 * (persists, see `memory-store.ts`) and must be called synchronously after the change is applied.
 */
export function memoryWebhookMethods(
  webhooks: Map<string, WebhookRecord>,
  changed: () => Promise<void>,
): WebhookMethods {
  const ownedBy = (ownerUserId: string) => [...webhooks.values()].filter((hook) => hook.ownerUserId === ownerUserId);
  return {
    async createWebhook(webhook, maxPerOwner) {
      if (webhooks.has(webhook.id))
        throw new StoreError(
          'STORE_CONFLICT',
          `A webhook with the id ${webhook.id} already exists; nothing was written.`,
        );
      if (!hasRoomForWebhook(ownedBy(webhook.ownerUserId).length, maxPerOwner)) return false;
      webhooks.set(webhook.id, copy(webhook));
      await changed();
      return true;
    },
    async updateWebhook(id, change) {
      const current = webhooks.get(id);
      if (!current) return null;
      const next = change(copy(current));
      if (next === null) return copy(current);
      checkWebhookChange(current, next);
      webhooks.set(id, copy(next));
      await changed();
      return copy(next);
    },
    async deleteWebhook(id) {
      if (!webhooks.delete(id)) return false;
      await changed();
      return true;
    },
    async getWebhook(id) {
      const webhook = webhooks.get(id);
      return webhook ? copy(webhook) : null;
    },
    async listWebhooks(ownerUserId) {
      return ownedBy(ownerUserId).sort(newestWebhookFirst).map(copy);
    },
    async listAllWebhookIds() {
      return [...webhooks.keys()];
    },
  };
}
