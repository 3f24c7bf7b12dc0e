/**
 * The calendar feeds of the in-process stores (memory and file): a map in the store's state, by feed id.
 * Like every change of the memory store, each method reads, decides and applies itself synchronously before
 * its first `await`, so two creations by one owner cannot both pass the bound, and a revocation is seen by
 * the very next lookup.
 */
import { checkFeedChange, feedsToMakeWay } from './calendar-feed-rules.js';
import { newestFeedFirst } from './record-order.js';
import { StoreError } from './store-error.js';
import type { CalendarFeedRecord, GatewayStore } from './store.js';

type FeedMethods = Pick<
  GatewayStore,
  'createCalendarFeed' | 'updateCalendarFeed' | 'findCalendarFeedByTokenHash' | 'listCalendarFeeds'
>;

const copy = <T>(value: T): T => structuredClone(value);

/**
 * The feed methods of a store whose feeds live in `feeds`; `changed` ends every durable change (prunes and
 * persists, see `memory-store.ts`) and must be called synchronously after the change is applied.
 */
export function memoryCalendarFeedMethods(
  feeds: Map<string, CalendarFeedRecord>,
  changed: () => Promise<void>,
): FeedMethods {
  const ownedBy = (ownerUserId: string) => [...feeds.values()].filter((feed) => feed.ownerUserId === ownerUserId);
  return {
    async createCalendarFeed(feed, maxPerOwner) {
      if (feeds.has(feed.id))
        throw new StoreError(
          'STORE_CONFLICT',
          `A calendar feed with the id ${feed.id} already exists; nothing was written.`,
        );
      const makeWay = feedsToMakeWay(ownedBy(feed.ownerUserId), maxPerOwner);
      if (makeWay === null) return false;
      for (const old of makeWay) feeds.delete(old.id);
      feeds.set(feed.id, copy(feed));
      await changed();
      return true;
    },
    async updateCalendarFeed(id, change) {
      const current = feeds.get(id);
      if (!current) return null;
      const next = change(copy(current));
      if (next === null) return copy(current);
      checkFeedChange(current, next);
      feeds.set(id, copy(next));
      await changed();
      return copy(next);
    },
    async findCalendarFeedByTokenHash(tokenHash) {
      for (const feed of feeds.values()) {
        if (feed.tokenHash === tokenHash) return feed.revokedAt === null ? copy(feed) : null;
      }
      return null;
    },
    async listCalendarFeeds(ownerUserId) {
      return ownedBy(ownerUserId).sort(newestFeedFirst).map(copy);
    },
  };
}
