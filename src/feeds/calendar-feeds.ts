/**
 * Calendar feeds: a parent or a trusted person makes an address that phone calendars subscribe to, showing
 * one child's lessons, homework and holidays. Whoever holds the address reads what its maker may read of the
 * child, so it is made only for a child the maker sees, checked again on every fetch (`src/server`), revoked
 * at once by its maker, and bounded per maker.
 */
import type { StudentRecord } from '../domain/model.js';
import { BadUserInputError, LimitReachedError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import type { CalendarFeedRecord, GatewayStore } from '../store/store.js';
import { hashFeedToken, newFeedId, newFeedToken } from './feed-tokens.js';

/**
 * The most feeds one person keeps (revoked ones included until they make way for new ones): a phone, a
 * tablet and a laptop per child of a large family, with room to spare. Each feed is a standing read of the
 * diaries, so the bound also bounds what one person's leaked addresses can cost.
 */
export const MAX_CALENDAR_FEEDS = 20;

/**
 * How stale `lastFetchedAt` may get before a fetch writes it again. Calendars poll every few minutes to
 * hours; writing each fetch would rewrite the file store's whole file each time, while "last fetched about
 * when" only needs the hour.
 */
export const FETCH_NOTE_INTERVAL_MS = 3_600_000;

/** What the feed rules need. */
export interface CalendarFeedDeps {
  store: GatewayStore;
  /** Epoch milliseconds. */
  now: () => number;
}

/**
 * Makes a feed of `student`, which the caller found in `owner`'s directory (so `owner` sees the child).
 * Returns the feed and its token: the token is never stored, so this is the only time it is known.
 * @throws LimitReachedError when `owner` keeps {@link MAX_CALENDAR_FEEDS} feeds, none of them revoked.
 */
export async function createCalendarFeed(
  owner: string,
  student: Pick<StudentRecord, 'id'>,
  deps: CalendarFeedDeps,
): Promise<{ feed: CalendarFeedRecord; token: string }> {
  const token = newFeedToken();
  const feed: CalendarFeedRecord = {
    id: newFeedId(),
    ownerUserId: owner,
    studentId: student.id,
    tokenHash: hashFeedToken(token),
    createdAt: deps.now(),
    lastFetchedAt: null,
    revokedAt: null,
  };
  if (!(await deps.store.createCalendarFeed(feed, MAX_CALENDAR_FEEDS))) {
    throw new LimitReachedError(
      'calendarFeeds',
      MAX_CALENDAR_FEEDS,
      `You already keep ${MAX_CALENDAR_FEEDS} calendar feeds; revoke one you no longer use, then make a new one.`,
      phrase('calendarFeed.tooMany', { max: MAX_CALENDAR_FEEDS }),
    );
  }
  return { feed, token };
}

/**
 * Revokes `owner`'s feed `id` at once (its address answers 404 from the next fetch on, on every replica);
 * a feed already revoked is answered as it is. Another person's feed is refused exactly like an unknown id.
 */
export async function revokeCalendarFeed(
  owner: string,
  id: string,
  deps: CalendarFeedDeps,
): Promise<CalendarFeedRecord> {
  const notYours = () =>
    new BadUserInputError('No calendar feed of yours has this id.', 'id', phrase('calendarFeed.notYours'));
  // Checked on the feed as stored at this moment, inside the store's atomic change.
  const revoked = await deps.store.updateCalendarFeed(id, (current) => {
    if (current.ownerUserId !== owner) throw notYours();
    return current.revokedAt === null ? { ...current, revokedAt: deps.now() } : null;
  });
  if (!revoked) throw notYours();
  return revoked;
}

/**
 * Notes that `feed` was fetched now, at most once per {@link FETCH_NOTE_INTERVAL_MS}; never brings back a
 * feed revoked meanwhile (the store refuses such a change, and the change declines it first).
 */
export async function noteFeedFetched(feed: CalendarFeedRecord, deps: CalendarFeedDeps): Promise<void> {
  const now = deps.now();
  const recent = (record: CalendarFeedRecord) =>
    record.lastFetchedAt !== null && now - record.lastFetchedAt < FETCH_NOTE_INTERVAL_MS;
  if (recent(feed)) return;
  await deps.store.updateCalendarFeed(feed.id, (current) =>
    current.revokedAt !== null || recent(current) ? null : { ...current, lastFetchedAt: now },
  );
}
