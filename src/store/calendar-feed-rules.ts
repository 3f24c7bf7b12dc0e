/**
 * What every store checks of calendar feeds, in one place so the memory, file and Redis stores agree: which
 * changes a feed may take, and which feeds make way for a new one when its owner is at the bound.
 */
import { revokedLongestAgoFirst } from './record-order.js';
import { invalidChangeError } from './store-error.js';
import type { CalendarFeedRecord } from './store.js';

/**
 * Throws `STORE_INVALID_CHANGE` unless `next` keeps what identifies `current` (id, owner, child, token) and
 * does not bring back or re-date a revocation: once a feed is revoked, its token never opens it again.
 */
export function checkFeedChange(current: CalendarFeedRecord, next: CalendarFeedRecord): void {
  const what = `the calendar feed ${current.id}`;
  if (
    next.id !== current.id ||
    next.ownerUserId !== current.ownerUserId ||
    next.studentId !== current.studentId ||
    next.tokenHash !== current.tokenHash
  )
    throw invalidChangeError(what);
  if (current.revokedAt !== null && next.revokedAt !== current.revokedAt) throw invalidChangeError(what);
}

/**
 * The owner's feeds to delete so that one more fits under `maxPerOwner`: their revoked feeds, revoked
 * longest ago first, as many as it takes; `null` when even deleting every revoked one leaves no room.
 */
export function feedsToMakeWay(
  ownFeeds: readonly CalendarFeedRecord[],
  maxPerOwner: number,
): CalendarFeedRecord[] | null {
  const excess = ownFeeds.length - Math.max(1, maxPerOwner) + 1;
  if (excess <= 0) return [];
  const revoked = ownFeeds.filter((feed) => feed.revokedAt !== null).sort(revokedLongestAgoFirst);
  return revoked.length >= excess ? revoked.slice(0, excess) : null;
}
