/**
 * What every store checks of webhooks, in one place so the memory, file and Redis stores agree: which
 * changes a webhook may take, and whether its owner has room for one more.
 */
import { invalidChangeError } from './store-error.js';
import type { WebhookRecord } from './store.js';

/** Throws `STORE_INVALID_CHANGE` unless `next` keeps what identifies `current` (id, owner, creation). */
export function checkWebhookChange(current: WebhookRecord, next: WebhookRecord): void {
  if (next.id !== current.id || next.ownerUserId !== current.ownerUserId || next.createdAt !== current.createdAt)
    throw invalidChangeError(`the webhook ${current.id}`);
}

/** Whether an owner with `owned` webhooks may register one more under `maxPerOwner`. */
export function hasRoomForWebhook(owned: number, maxPerOwner: number): boolean {
  return owned < Math.max(1, maxPerOwner);
}
