/**
 * The push subscriptions and gateway secrets of the in-process stores (memory and file): maps in the store's
 * state. Like every change of the memory store, each method reads, decides and applies itself synchronously
 * before its first `await`, so two registrations by one owner cannot both pass the bound.
 */
import {
  checkGatewaySecretChange,
  checkPushSubscriptionChange,
  registeredAgain,
  type PushSubscriptionMethods,
} from './push-subscription-rules.js';
import { newestPushSubscriptionFirst } from './record-order.js';
import { StoreError } from './store-error.js';
import type { GatewaySecretRecord, PushSubscriptionRecord } from './store.js';

const copy = <T>(value: T): T => structuredClone(value);

/**
 * The push methods of a store whose records live in these maps; `changed` ends every durable change
 * (prunes and persists, see `memory-store.ts`) and must be called synchronously after the change is applied.
 */
export function memoryPushMethods(
  subscriptions: Map<string, PushSubscriptionRecord>,
  secrets: Map<string, GatewaySecretRecord>,
  changed: () => Promise<void>,
): PushSubscriptionMethods {
  const ownedBy = (ownerUserId: string) =>
    [...subscriptions.values()].filter((record) => record.ownerUserId === ownerUserId);
  return {
    async savePushSubscription(subscription, maxPerOwner) {
      const own = ownedBy(subscription.ownerUserId);
      const existing = own.find((record) => record.endpointHash === subscription.endpointHash);
      if (existing) {
        const next = registeredAgain(existing, subscription);
        subscriptions.set(existing.id, copy(next));
        await changed();
        return copy(next);
      }
      if (subscriptions.has(subscription.id))
        throw new StoreError(
          'STORE_CONFLICT',
          `A push subscription with the id ${subscription.id} already exists; nothing was written.`,
        );
      if (own.length >= Math.max(1, maxPerOwner)) return null;
      subscriptions.set(subscription.id, copy(subscription));
      await changed();
      return copy(subscription);
    },
    async updatePushSubscription(id, change) {
      const current = subscriptions.get(id);
      if (!current) return null;
      const next = change(copy(current));
      if (next === null) return copy(current);
      checkPushSubscriptionChange(current, next);
      subscriptions.set(id, copy(next));
      await changed();
      return copy(next);
    },
    async getPushSubscription(id) {
      const record = subscriptions.get(id);
      return record ? copy(record) : null;
    },
    async deletePushSubscription(id, ownerUserId) {
      if (subscriptions.get(id)?.ownerUserId !== ownerUserId) return false;
      subscriptions.delete(id);
      await changed();
      return true;
    },
    async listPushSubscriptions(ownerUserId) {
      return ownedBy(ownerUserId).sort(newestPushSubscriptionFirst).map(copy);
    },
    async listAllPushSubscriptionIds() {
      return [...subscriptions.keys()];
    },
    async claimGatewaySecret(secret) {
      const stored = secrets.get(secret.name);
      if (stored) return copy(stored);
      secrets.set(secret.name, copy(secret));
      await changed();
      return copy(secret);
    },
    async updateGatewaySecret(name, change) {
      const current = secrets.get(name);
      if (!current) return null;
      const next = change(copy(current));
      if (next === null) return copy(current);
      checkGatewaySecretChange(current, next);
      secrets.set(name, copy(next));
      await changed();
      return copy(next);
    },
  };
}
