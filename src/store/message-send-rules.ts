/**
 * What every store checks of message sends (`MessageSendRecord`), in one place so the memory, file and
 * Redis stores agree: when a claim replaces the stored record, and which changes a record may take.
 */
import { invalidChangeError } from './store-error.js';
import type { GatewayStore, MessageSendRecord } from './store.js';

/**
 * Whether a claim of `send` at `now` takes the place of `stored`: when `stored` has expired (its key is free
 * again), or when it is `FAILED` for the same draft (the diary refused it, or the request never left, so the
 * same message may be sent again). A `FAILED` record of another draft stays: the key was reused for another
 * message, and the caller refuses it.
 */
export function claimReplaces(stored: MessageSendRecord, send: MessageSendRecord, now: number): boolean {
  return stored.expiresAt <= now || (stored.state === 'FAILED' && stored.draftDigest === send.draftDigest);
}

/**
 * Throws `STORE_INVALID_CHANGE` unless `next` keeps what identifies `current` and bounds its life: id, owner,
 * draft digest, claim token, creation and expiry. A change moves the state and the result only.
 */
export function checkMessageSendChange(current: MessageSendRecord, next: MessageSendRecord): void {
  if (
    next.id !== current.id ||
    next.ownerUserId !== current.ownerUserId ||
    next.draftDigest !== current.draftDigest ||
    next.claimToken !== current.claimToken ||
    next.createdAt !== current.createdAt ||
    next.expiresAt !== current.expiresAt
  )
    throw invalidChangeError(`the message send ${current.id}`);
}

/** The store methods of message sends, which each store implements in a module of its own. */
export type MessageSendMethods = Pick<GatewayStore, 'claimMessageSend' | 'updateMessageSend'>;
