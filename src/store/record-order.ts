/**
 * The orders the stores list records in, in one place: the memory, file and Redis stores must list the
 * same records in the same order (the store contract tests compare them), and Redis' sorted sets order
 * equal scores by member in plain code-unit order, whatever the locale.
 */
import type {
  CalendarFeedRecord,
  GrantRecord,
  MatchDecisionRecord,
  ProviderAccountRecord,
  PushSubscriptionRecord,
  StudentLinkRecord,
  WebhookRecord,
} from './store.js';

/** Plain code-unit order, the same on every replica whatever its locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Oldest link first; ties by id, as Redis' `ZRANGE` orders equal scores. */
export const oldestAccountFirst = (a: ProviderAccountRecord, b: ProviderAccountRecord): number =>
  a.linkedAt - b.linkedAt || byCodeUnits(a.id, b.id);

/** Newest first; ties by id, descending, as Redis' `ZREVRANGE` orders equal scores. */
export const newestGrantFirst = (a: GrantRecord, b: GrantRecord): number =>
  b.createdAt - a.createdAt || byCodeUnits(b.id, a.id);

/** The child seen first comes first; ties by student id. */
export const firstSeenLinkFirst = (a: StudentLinkRecord, b: StudentLinkRecord): number =>
  a.firstSeenAt - b.firstSeenAt || byCodeUnits(a.studentId, b.studentId);

/** Oldest decision first; ties by pair key. */
export const oldestDecisionFirst = (a: MatchDecisionRecord, b: MatchDecisionRecord): number =>
  a.decidedAt - b.decidedAt || byCodeUnits(a.pairKey, b.pairKey);

/** Newest first; ties by id, descending, as Redis' `ZREVRANGE` orders equal scores. */
export const newestFeedFirst = (a: CalendarFeedRecord, b: CalendarFeedRecord): number =>
  b.createdAt - a.createdAt || byCodeUnits(b.id, a.id);

/** Revoked longest ago first (the first to make way for a new feed); ties by id. */
export const revokedLongestAgoFirst = (a: CalendarFeedRecord, b: CalendarFeedRecord): number =>
  (a.revokedAt ?? Number.POSITIVE_INFINITY) - (b.revokedAt ?? Number.POSITIVE_INFINITY) || byCodeUnits(a.id, b.id);

/** Newest first; ties by id, descending, as Redis' `ZREVRANGE` orders equal scores. */
export const newestPushSubscriptionFirst = (a: PushSubscriptionRecord, b: PushSubscriptionRecord): number =>
  b.createdAt - a.createdAt || byCodeUnits(b.id, a.id);

/** Newest first; ties by id, descending, as Redis' `ZREVRANGE` orders equal scores. */
export const newestWebhookFirst = (a: WebhookRecord, b: WebhookRecord): number =>
  b.createdAt - a.createdAt || byCodeUnits(b.id, a.id);
