/**
 * The Redis store's calendar feeds: `calendar-feed:{id}` (a revoked one expiring at the end of its
 * retention), found by token in `calendar-feed-token:{tokenHash}` while live, and listed from the sorted set
 * `owner-calendar-feeds:{userId}` by `createdAt`. A feed and its index entries are written in one
 * `GuardedWrite`; a creation is guarded by the owner's whole index, so concurrent creations by one owner
 * cannot pass the bound together.
 */
import type { RedisConnection } from '../redis/connect.js';
import { checkFeedChange, feedsToMakeWay } from './calendar-feed-rules.js';
import { CONFLICT, GuardedWrite, joinMembers, retryOnConflict } from './redis-guarded-write.js';
import type { RecordReader } from './redis-record-reader.js';
import type { RedisStoreKeys } from './redis-store-keys.js';
import { calendarFeedRecordSchema } from './store-document.js';
import { StoreError } from './store-error.js';
import { calendarFeedRetainedUntil, type CalendarFeedRecord, type GatewayStore } from './store.js';

/** A feed in the owner's index as read: its record (`null`: expired or unreadable) and its raw value. */
interface IndexedFeed {
  id: string;
  raw: string | null;
  feed: CalendarFeedRecord | null;
}

/** The calendar-feed methods of the Redis store; `now` turns a revoked feed's end of retention into an expiry. */
export function createRedisCalendarFeeds(
  redis: RedisConnection,
  keys: RedisStoreKeys,
  read: RecordReader,
  now: () => number,
): Pick<
  GatewayStore,
  'createCalendarFeed' | 'updateCalendarFeed' | 'findCalendarFeedByTokenHash' | 'listCalendarFeeds'
> {
  /** The owner's index in its order (`ZRANGE`, oldest first), each id with its record. */
  const readIndex = async (ownerUserId: string): Promise<{ ids: string[]; entries: IndexedFeed[] }> => {
    const ids = await redis.zrange(keys.ownerCalendarFeeds(ownerUserId), 0, -1);
    if (ids.length === 0) return { ids, entries: [] };
    const raws = await redis.mget(...ids.map(keys.calendarFeed));
    const entries = ids.map((id, index) => {
      const raw = raws[index] ?? null;
      const feed = read(raw, calendarFeedRecordSchema, 'calendar feed');
      return { id, raw, feed: feed?.ownerUserId === ownerUserId ? feed : null };
    });
    return { ids, entries };
  };

  /** Expiry of a feed's record: none while live; the end of its retention once revoked. */
  const ttlOf = (feed: CalendarFeedRecord): number | null =>
    feed.revokedAt === null ? null : calendarFeedRetainedUntil(feed) - now();

  return {
    async createCalendarFeed(feed, maxPerOwner) {
      const indexKey = keys.ownerCalendarFeeds(feed.ownerUserId);
      return retryOnConflict(`the calendar feeds of ${feed.ownerUserId}`, async () => {
        if ((await redis.exists(keys.calendarFeed(feed.id))) > 0)
          throw new StoreError(
            'STORE_CONFLICT',
            `A calendar feed with the id ${feed.id} already exists; nothing was written.`,
          );
        const { ids, entries } = await readIndex(feed.ownerUserId);
        const stored = entries.flatMap((entry) => (entry.feed ? [entry.feed] : []));
        const makeWay = feedsToMakeWay(stored, maxPerOwner);
        if (makeWay === null) return false;
        // Only while the owner's index is as read: a concurrent creation (or deletion) starts this one over.
        const write = new GuardedWrite()
          .whileMembers(indexKey, joinMembers(ids))
          .whileValue(keys.calendarFeed(feed.id), null);
        for (const entry of entries) {
          // An id whose record expired (its retention ended) leaves the index, while the record is still absent.
          if (entry.raw === null) write.whileValue(keys.calendarFeed(entry.id), null).zrem(indexKey, entry.id);
        }
        for (const old of makeWay) {
          const raw = entries.find((entry) => entry.id === old.id)!.raw!;
          write
            .whileValue(keys.calendarFeed(old.id), raw)
            .del(keys.calendarFeed(old.id))
            .zrem(indexKey, old.id)
            .delIf(keys.calendarFeedToken(old.tokenHash), old.id);
        }
        write
          .set(keys.calendarFeed(feed.id), JSON.stringify(feed), ttlOf(feed))
          .zadd(indexKey, feed.createdAt, feed.id);
        if (feed.revokedAt === null) write.set(keys.calendarFeedToken(feed.tokenHash), feed.id);
        return (await write.run(redis)) ? true : CONFLICT;
      });
    },

    async updateCalendarFeed(id, change) {
      return retryOnConflict(`the calendar feed ${id}`, async () => {
        const raw = await redis.get(keys.calendarFeed(id));
        const current = read(raw, calendarFeedRecordSchema, 'calendar feed');
        if (!current) return null;
        const next = change(structuredClone(current));
        if (next === null) return current;
        checkFeedChange(current, next);
        const write = new GuardedWrite()
          .whileValue(keys.calendarFeed(id), raw)
          .set(keys.calendarFeed(id), JSON.stringify(next), ttlOf(next));
        // Revoking takes the token away in the same step: no lookup after this write finds the feed.
        if (next.revokedAt !== null) write.delIf(keys.calendarFeedToken(next.tokenHash), id);
        return (await write.run(redis)) ? next : CONFLICT;
      });
    },

    async findCalendarFeedByTokenHash(tokenHash) {
      const id = await redis.get(keys.calendarFeedToken(tokenHash));
      if (id === null) return null;
      const feed = read(await redis.get(keys.calendarFeed(id)), calendarFeedRecordSchema, 'calendar feed');
      // The record decides, not the index: a token entry that outlived its feed opens nothing.
      return feed?.tokenHash === tokenHash && feed.revokedAt === null ? feed : null;
    },

    async listCalendarFeeds(ownerUserId) {
      const indexKey = keys.ownerCalendarFeeds(ownerUserId);
      // ZREVRANGE: newest createdAt first, equal ones by id descending (the memory store sorts alike).
      const ids = await redis.zrevrange(indexKey, 0, -1);
      if (ids.length === 0) return [];
      const raws = await redis.mget(...ids.map(keys.calendarFeed));
      const feeds: CalendarFeedRecord[] = [];
      for (const [index, raw] of raws.entries()) {
        if (raw === null) {
          await new GuardedWrite()
            .whileValue(keys.calendarFeed(ids[index]!), null)
            .zrem(indexKey, ids[index]!)
            .run(redis);
          continue;
        }
        const feed = read(raw, calendarFeedRecordSchema, 'calendar feed');
        if (feed?.ownerUserId === ownerUserId) feeds.push(feed);
      }
      return feeds;
    },
  };
}
