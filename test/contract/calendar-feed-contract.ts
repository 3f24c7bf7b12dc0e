/**
 * The calendar-feed part of the store contract (`describeStoreContract` runs it for every store): found by
 * token hash only while live, listed newest first, changed atomically without ever reviving a revoked feed,
 * and bounded per owner even under concurrent creations. Times are around the real clock: the Redis store
 * hands a revoked feed's end of retention to Redis as an expiry.
 */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.js';
import type { CalendarFeedRecord, GatewayStore } from '../../src/store/store.js';

/** A feed of `owner`, made at `createdAt`, with its token hash derived from its id. */
export function feedRecord(id: string, owner: string, createdAt: number, overrides: Partial<CalendarFeedRecord> = {}) {
  return {
    id,
    ownerUserId: owner,
    studentId: 'stu_1',
    tokenHash: `token-hash-${id}`,
    createdAt,
    lastFetchedAt: null,
    revokedAt: null,
    ...overrides,
  } satisfies CalendarFeedRecord;
}

const errorOf = (promise: Promise<unknown>): Promise<StoreError> =>
  promise.then(
    () => {
      throw new Error('expected the store to refuse');
    },
    (error: unknown) => error as StoreError,
  );

/** The calendar-feed contract, for stores `createStore` makes empty. */
export function describeCalendarFeedContract(createStore: () => Promise<GatewayStore> | GatewayStore): void {
  describe('calendar feeds', () => {
    const now = Date.now();

    it('should find a live feed by its token hash, and list an owner’s feeds newest first', async () => {
      const store = await createStore();
      expect(await store.createCalendarFeed(feedRecord('f-old', 'u1', now - 2000), 20)).toBe(true);
      expect(await store.createCalendarFeed(feedRecord('f-new', 'u1', now), 20)).toBe(true);
      expect(await store.createCalendarFeed(feedRecord('f-else', 'u2', now - 1000), 20)).toBe(true);
      expect(await store.findCalendarFeedByTokenHash('token-hash-f-old')).toEqual(
        feedRecord('f-old', 'u1', now - 2000),
      );
      expect(await store.findCalendarFeedByTokenHash('token-hash-unknown')).toBeNull();
      expect((await store.listCalendarFeeds('u1')).map((feed) => feed.id)).toEqual(['f-new', 'f-old']);
      expect((await store.listCalendarFeeds('u2')).map((feed) => feed.id)).toEqual(['f-else']);
      expect(await store.listCalendarFeeds('u3')).toEqual([]);
    });

    it('should refuse a feed whose id exists, keeping the first', async () => {
      const store = await createStore();
      await store.createCalendarFeed(feedRecord('f1', 'u1', now), 20);
      const error = await errorOf(store.createCalendarFeed(feedRecord('f1', 'u2', now, { tokenHash: 'other' }), 20));
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_CONFLICT');
      expect(await store.findCalendarFeedByTokenHash('other')).toBeNull();
      expect(await store.listCalendarFeeds('u2')).toEqual([]);
      expect(await store.listCalendarFeeds('u1')).toEqual([feedRecord('f1', 'u1', now)]);
    });

    it('should stop finding a feed by its token the moment it is revoked, and still list it', async () => {
      const store = await createStore();
      await store.createCalendarFeed(feedRecord('f1', 'u1', now), 20);
      const revoked = await store.updateCalendarFeed('f1', (feed) => ({ ...feed, revokedAt: now + 1 }));
      expect(revoked).toEqual(feedRecord('f1', 'u1', now, { revokedAt: now + 1 }));
      expect(await store.findCalendarFeedByTokenHash('token-hash-f1')).toBeNull();
      expect(await store.listCalendarFeeds('u1')).toEqual([revoked]);
    });

    it('should answer null for a missing feed without calling the change, and keep one the change declines or refuses', async () => {
      const store = await createStore();
      let called = false;
      expect(
        await store.updateCalendarFeed('missing', (feed) => {
          called = true;
          return feed;
        }),
      ).toBeNull();
      expect(called).toBe(false);
      await store.createCalendarFeed(feedRecord('f1', 'u1', now), 20);
      expect(await store.updateCalendarFeed('f1', () => null)).toEqual(feedRecord('f1', 'u1', now));
      const refusal = new Error('not yours');
      await expect(
        store.updateCalendarFeed('f1', () => {
          throw refusal;
        }),
      ).rejects.toBe(refusal);
      expect(await store.findCalendarFeedByTokenHash('token-hash-f1')).toEqual(feedRecord('f1', 'u1', now));
    });

    it.each<[string, (feed: CalendarFeedRecord) => CalendarFeedRecord]>([
      ['its id', (feed) => ({ ...feed, id: 'f2' })],
      ['its owner', (feed) => ({ ...feed, ownerUserId: 'u2' })],
      ['its child', (feed) => ({ ...feed, studentId: 'stu_2' })],
      ['its token', (feed) => ({ ...feed, tokenHash: 'stolen' })],
    ])('should refuse a change of %s, writing nothing', async (_what, change) => {
      const store = await createStore();
      await store.createCalendarFeed(feedRecord('f1', 'u1', now), 20);
      expect((await errorOf(store.updateCalendarFeed('f1', change))).code).toBe('STORE_INVALID_CHANGE');
      expect(await store.listCalendarFeeds('u1')).toEqual([feedRecord('f1', 'u1', now)]);
      expect(await store.findCalendarFeedByTokenHash('stolen')).toBeNull();
    });

    it('should never bring a revoked feed back, nor move its revocation', async () => {
      const store = await createStore();
      await store.createCalendarFeed(feedRecord('f1', 'u1', now, { revokedAt: now }), 20);
      for (const revokedAt of [null, now + 5]) {
        const error = await errorOf(store.updateCalendarFeed('f1', (feed) => ({ ...feed, revokedAt })));
        expect(error.code).toBe('STORE_INVALID_CHANGE');
      }
      expect(await store.findCalendarFeedByTokenHash('token-hash-f1')).toBeNull();
      expect(await store.listCalendarFeeds('u1')).toEqual([feedRecord('f1', 'u1', now, { revokedAt: now })]);
    });

    it('should keep an owner at the bound: refuse past it, and let revoked feeds make way, revoked longest ago first', async () => {
      const store = await createStore();
      await store.createCalendarFeed(feedRecord('f1', 'u1', now - 5, { revokedAt: now - 1 }), 3);
      await store.createCalendarFeed(feedRecord('f2', 'u1', now - 4, { revokedAt: now - 2 }), 3);
      await store.createCalendarFeed(feedRecord('f3', 'u1', now - 3), 3);
      expect(await store.createCalendarFeed(feedRecord('f4', 'u1', now - 2), 3)).toBe(true);
      // f2 was revoked before f1: it goes first.
      expect((await store.listCalendarFeeds('u1')).map((feed) => feed.id)).toEqual(['f4', 'f3', 'f1']);
      expect(await store.createCalendarFeed(feedRecord('f5', 'u1', now - 1), 3)).toBe(true);
      expect((await store.listCalendarFeeds('u1')).map((feed) => feed.id)).toEqual(['f5', 'f4', 'f3']);
      expect(await store.createCalendarFeed(feedRecord('f6', 'u1', now), 3)).toBe(false);
      expect(await store.findCalendarFeedByTokenHash('token-hash-f6')).toBeNull();
      expect((await store.listCalendarFeeds('u1')).map((feed) => feed.id)).toEqual(['f5', 'f4', 'f3']);
      // Another owner's bound is their own.
      expect(await store.createCalendarFeed(feedRecord('g1', 'u2', now), 3)).toBe(true);
    });

    it('should let no more than the bound of concurrent creations by one owner in', async () => {
      const store = await createStore();
      const made = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          store.createCalendarFeed(feedRecord(`f${index}`, 'u1', now + index), 5),
        ),
      );
      expect(made.filter(Boolean)).toHaveLength(5);
      const listed = await store.listCalendarFeeds('u1');
      expect(listed).toHaveLength(5);
      expect(listed.map((feed) => feed.id).sort()).toEqual(
        made.flatMap((ok, index) => (ok ? [`f${index}`] : [])).sort(),
      );
    });

    it('should keep a revocation that races notes of fetches (no lost update, no revived feed)', async () => {
      const store = await createStore();
      await store.createCalendarFeed(feedRecord('f1', 'u1', now), 20);
      await Promise.all([
        ...Array.from({ length: 8 }, (_, index) =>
          store.updateCalendarFeed('f1', (feed) =>
            feed.revokedAt === null ? { ...feed, lastFetchedAt: now + index } : null,
          ),
        ),
        store.updateCalendarFeed('f1', (feed) => ({ ...feed, revokedAt: now + 100 })),
      ]);
      const [stored] = await store.listCalendarFeeds('u1');
      expect(stored!.revokedAt).toBe(now + 100);
      expect(await store.findCalendarFeedByTokenHash('token-hash-f1')).toBeNull();
    });

    it('should hand out copies and keep copies', async () => {
      const store = await createStore();
      const feed = feedRecord('f1', 'u1', now);
      await store.createCalendarFeed(feed, 20);
      feed.studentId = 'changed';
      (await store.listCalendarFeeds('u1'))[0]!.ownerUserId = 'changed';
      (await store.findCalendarFeedByTokenHash('token-hash-f1'))!.revokedAt = 1;
      expect(await store.listCalendarFeeds('u1')).toEqual([feedRecord('f1', 'u1', now)]);
    });
  });
}
