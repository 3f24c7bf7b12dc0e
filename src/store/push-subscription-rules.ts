/**
 * What every store checks of push subscriptions, in one place so the memory, file and Redis stores agree:
 * which changes a subscription may take, and what registering a browser again keeps of its record.
 */
import { invalidChangeError } from './store-error.js';
import type { GatewaySecretRecord, GatewayStore, PushSubscriptionRecord } from './store.js';

/** Throws `STORE_INVALID_CHANGE` unless `next` keeps what identifies `current` (id, owner, endpoint). */
export function checkPushSubscriptionChange(current: PushSubscriptionRecord, next: PushSubscriptionRecord): void {
  if (next.id !== current.id || next.ownerUserId !== current.ownerUserId || next.endpointHash !== current.endpointHash)
    throw invalidChangeError(`the push subscription ${current.id}`);
}

/** Throws `STORE_INVALID_CHANGE` unless `next` keeps the secret's name. */
export function checkGatewaySecretChange(current: GatewaySecretRecord, next: GatewaySecretRecord): void {
  if (next.name !== current.name) throw invalidChangeError(`the gateway secret ${current.name}`);
}

/**
 * The record a registration again stores: the existing one's identity and delivery history, the new
 * registration's target, service, label and time.
 */
export function registeredAgain(
  existing: PushSubscriptionRecord,
  registration: PushSubscriptionRecord,
): PushSubscriptionRecord {
  return {
    ...existing,
    sealedTarget: registration.sealedTarget,
    pushService: registration.pushService,
    label: registration.label,
    createdAt: registration.createdAt,
  };
}

/** The store methods of push subscriptions and gateway secrets, which each store implements in a module of its own. */
export type PushSubscriptionMethods = Pick<
  GatewayStore,
  | 'savePushSubscription'
  | 'updatePushSubscription'
  | 'getPushSubscription'
  | 'deletePushSubscription'
  | 'listPushSubscriptions'
  | 'listAllPushSubscriptionIds'
  | 'claimGatewaySecret'
  | 'updateGatewaySecret'
>;
