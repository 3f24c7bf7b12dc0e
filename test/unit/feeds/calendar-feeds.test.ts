/**
 * The feed rules over a real (memory) store: a token shown once and kept only as its hash, the bound per
 * person with revoked feeds making way, revocation by the maker only, and the hourly note of fetches.
 */
import { describe, expect, it } from 'vitest';
import {
  createCalendarFeed,
  FETCH_NOTE_INTERVAL_MS,
  MAX_CALENDAR_FEEDS,
  noteFeedFetched,
  revokeCalendarFeed,
} from '../../../src/feeds/calendar-feeds.js';
import { feedAddresses, feedTokenOf, hashFeedToken } from '../../../src/feeds/feed-tokens.js';
import { BadUserInputError, LimitReachedError } from '../../../src/errors/gateway-error.js';
import { russianMessage } from '../../../src/errors/messages-ru.js';
import { exportStoreState, emptyStoreState } from '../../../src/store/store-state.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

/** What `promise` rejects with; fails the test when it resolves. */
const thrown = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );

function setup() {
  const state = emptyStoreState();
  const store = createMemoryStore({ state });
  let now = Date.UTC(2026, 10, 23, 9);
  return { state, store, deps: { store, now: () => now }, advance: (ms: number) => (now += ms) };
}

describe('making a feed', () => {
  it('should hand out a 256-bit token once and keep only its SHA-256', async () => {
    const { state, store, deps } = setup();
    const { feed, token } = await createCalendarFeed('usr_1', { id: 'stu_1' }, deps);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(feed).toMatchObject({ ownerUserId: 'usr_1', studentId: 'stu_1', revokedAt: null, lastFetchedAt: null });
    expect(feed.tokenHash).toBe(hashFeedToken(token));
    expect(await store.findCalendarFeedByTokenHash(hashFeedToken(token))).toEqual(feed);
    expect(JSON.stringify(exportStoreState(state))).not.toContain(token);
  });

  it('should build its addresses under the public address, https and webcal, with a token the route reads', async () => {
    const { url, webcalUrl } = feedAddresses('https://diary.example.ru/', 'A'.repeat(43));
    expect(url).toBe(`https://diary.example.ru/calendar/${'A'.repeat(43)}.ics`);
    expect(webcalUrl).toBe(`webcal://diary.example.ru/calendar/${'A'.repeat(43)}.ics`);
    expect(feedTokenOf(new URL(url).pathname)).toBe('A'.repeat(43));
  });

  it(`should refuse a ${MAX_CALENDAR_FEEDS + 1}st live feed, saying so in Russian, until one is revoked`, async () => {
    const { store, deps, advance } = setup();
    const feeds = [];
    for (let index = 0; index < MAX_CALENDAR_FEEDS; index += 1) {
      feeds.push((await createCalendarFeed('usr_1', { id: 'stu_1' }, deps)).feed);
      advance(1);
    }
    const refusal = await thrown(createCalendarFeed('usr_1', { id: 'stu_1' }, deps));
    expect(refusal).toBeInstanceOf(LimitReachedError);
    expect((refusal as LimitReachedError).toExtensions()).toEqual({
      code: 'BAD_USER_INPUT',
      limit: 'calendarFeeds',
      maximum: MAX_CALENDAR_FEEDS,
    });
    expect(russianMessage(refusal as LimitReachedError)).toMatch(/^У вас уже 20 ссылок на календарь/);
    // Another person's bound is their own.
    await createCalendarFeed('usr_2', { id: 'stu_1' }, deps);

    await revokeCalendarFeed('usr_1', feeds[3]!.id, deps);
    const made = await createCalendarFeed('usr_1', { id: 'stu_1' }, deps);
    const listed = await store.listCalendarFeeds('usr_1');
    expect(listed).toHaveLength(MAX_CALENDAR_FEEDS);
    // The revoked feed made way for the new one.
    expect(listed.map((feed) => feed.id)).not.toContain(feeds[3]!.id);
    expect(listed[0]!.id).toBe(made.feed.id);
  });
});

describe('revoking a feed', () => {
  it('should stop finding it by its token at once, and answer a second revocation as it is', async () => {
    const { store, deps, advance } = setup();
    const { feed, token } = await createCalendarFeed('usr_1', { id: 'stu_1' }, deps);
    advance(1000);
    const revoked = await revokeCalendarFeed('usr_1', feed.id, deps);
    expect(revoked.revokedAt).toBe(deps.now());
    expect(await store.findCalendarFeedByTokenHash(hashFeedToken(token))).toBeNull();
    advance(1000);
    expect(await revokeCalendarFeed('usr_1', feed.id, deps)).toEqual(revoked);
  });

  it('should refuse another person’s feed exactly like an unknown id, and leave it live', async () => {
    const { store, deps } = setup();
    const { feed, token } = await createCalendarFeed('usr_1', { id: 'stu_1' }, deps);
    const foreign = await thrown(revokeCalendarFeed('usr_2', feed.id, deps));
    const unknown = await thrown(revokeCalendarFeed('usr_2', 'cal_unknown', deps));
    expect(foreign).toBeInstanceOf(BadUserInputError);
    expect(foreign).toEqual(unknown);
    expect((foreign as BadUserInputError).toExtensions()).toEqual((unknown as BadUserInputError).toExtensions());
    expect(await store.findCalendarFeedByTokenHash(hashFeedToken(token))).not.toBeNull();
  });
});

describe('noting fetches', () => {
  it('should note a fetch at most once an hour, and never on a revoked feed', async () => {
    const { store, deps, advance } = setup();
    const { feed } = await createCalendarFeed('usr_1', { id: 'stu_1' }, deps);
    const firstFetch = deps.now();
    await noteFeedFetched(feed, deps);
    const noted = (await store.listCalendarFeeds('usr_1'))[0]!;
    expect(noted.lastFetchedAt).toBe(firstFetch);
    advance(FETCH_NOTE_INTERVAL_MS - 1);
    await noteFeedFetched(noted, deps);
    expect((await store.listCalendarFeeds('usr_1'))[0]!.lastFetchedAt).toBe(firstFetch);
    advance(1);
    await noteFeedFetched(noted, deps);
    expect((await store.listCalendarFeeds('usr_1'))[0]!.lastFetchedAt).toBe(deps.now());

    await revokeCalendarFeed('usr_1', feed.id, deps);
    advance(FETCH_NOTE_INTERVAL_MS);
    const before = (await store.listCalendarFeeds('usr_1'))[0]!;
    await noteFeedFetched(before, deps);
    expect((await store.listCalendarFeeds('usr_1'))[0]).toEqual(before);
  });
});
