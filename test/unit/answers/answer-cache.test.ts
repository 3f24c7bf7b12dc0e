/**
 * The answer cache's lookup and bounds (src/answers/answer-cache.ts), over a real upstream cache (in-process
 * tier) and a memory store.
 */
import { describe, expect, it } from 'vitest';
import { AnswerBasisRecorder } from '../../../src/answers/answer-basis.js';
import { AnswerCache, type CachedAnswer, type CopyRenewer } from '../../../src/answers/answer-cache.js';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { HeldStillHolds, keyedCopy, UpstreamCache, type CacheRequest } from '../../../src/cache/upstream-cache.js';
import { createLogger } from '../../../src/logging/logger.js';
import { recordingStore } from '../../../src/answers/recording-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { plainUser } from '../../support/accounts.js';

const START = Date.parse('2026-11-23T09:03:00Z');
const GRADES: CacheRequest = { resource: 'grades', provider: 'MESH', accountId: 'acc_1', params: ['child-1'] };

function world(options: { maxBytes?: number; maxEntries?: number } = {}) {
  let now = START;
  let calls = 0;
  const upstream = new UpstreamCache({
    store: createMemoryCache({ maxEntries: options.maxEntries ?? 100 }),
    now: () => now,
    logger: createLogger('silent'),
  });
  const store = createMemoryStore();
  const answers = new AnswerCache({
    maxBytes: options.maxBytes ?? 1024 * 1024,
    upstream,
    store,
    now: () => now,
  });
  const fetchGrades = async () => {
    calls += 1;
    return [{ id: `grade-${calls}` }];
  };
  /** An answer of `userId` built from the grades copy and the user's record, as a request would record it. */
  const answer = async (
    userId = 'usr_1',
    request: CacheRequest = GRADES,
    body = '{"data":{}}',
    renewable = false,
  ): Promise<CachedAnswer> => {
    const recorder = new AnswerBasisRecorder(now, renewable);
    recorder.upstreamRead(await upstream.load(request, fetchGrades, fetchGrades));
    await recordingStore(store, recorder).getUser(userId);
    return {
      userId,
      status: 200,
      headers: [['content-type', 'application/json']],
      body,
      gzip: null,
      operation: { name: 'Grades', type: 'query' },
      basis: recorder.basis()!,
    };
  };
  return {
    upstream,
    store,
    answers,
    answer,
    fetchGrades,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('AnswerCache.lookup', () => {
  it('should give the kept answer while nothing it was built from changed', async () => {
    const { answers, answer } = world();
    const kept = await answer();
    answers.keep('k', kept);
    expect(await answers.lookup('k')).toBe(kept);
  });

  it('should miss, and drop the answer, once the upstream copy was forgotten', async () => {
    const { answers, answer, upstream } = world();
    answers.keep('k', await answer());
    await upstream.forget('acc_1');
    expect(await answers.lookup('k')).toBeNull();
    expect(answers.size().entries).toBe(0);
  });

  it('should miss once the upstream copy was fetched again, even at the same instant', async () => {
    const { answers, answer, upstream, fetchGrades } = world();
    answers.keep('k', await answer());
    await upstream.forget('acc_1');
    await upstream.load(GRADES, fetchGrades, fetchGrades); // a newer copy, same fetchedAt (the clock stood still)
    expect(await answers.lookup('k')).toBeNull();
  });

  it('should miss once the upstream copy was evicted from the in-process tier', async () => {
    const { answers, answer, upstream, fetchGrades } = world({ maxEntries: 1 });
    answers.keep('k', await answer());
    await upstream.load({ ...GRADES, params: ['child-2'] }, fetchGrades, fetchGrades);
    expect(await answers.lookup('k')).toBeNull();
  });

  it('should miss once a store record it read changed', async () => {
    const { answers, answer, store } = world();
    await store.putUser(plainUser('usr_1', 'Анна'));
    answers.keep('k', await answer());
    await store.putUser(plainUser('usr_1', 'Анна Сергеевна'));
    expect(await answers.lookup('k')).toBeNull();
  });

  it('should miss at the end of the fresh window of a copy it used', async () => {
    const { answers, answer, advance } = world();
    answers.keep('k', await answer()); // grades: fresh for 2 minutes
    advance(2 * 60_000 - 1);
    expect(await answers.lookup('k')).not.toBeNull();
    advance(1);
    expect(await answers.lookup('k')).toBeNull();
  });
});

describe('AnswerCache.lookup with renewal', () => {
  /** A renewer whose diary answers `unchanged` for every copy (the upstream cache keeps the copy then). */
  function renewer(upstream: UpstreamCache, unchanged: () => boolean) {
    const asked: string[][] = [];
    const renew: CopyRenewer = async (copies) => {
      asked.push(copies.map((copy) => keyedCopy(copy.key)!.resource));
      return Promise.all(
        copies.map(({ key, version }) =>
          upstream.renewHeld(key, { ...keyedCopy(key)!, provider: 'MESH' }, version, async () =>
            unchanged() ? new HeldStillHolds({ approxBytes: 100 }) : null,
          ),
        ),
      );
    };
    return { renew, asked };
  }

  it('should serve an answer whose expired copies were renewed, and count them fresh from the renewal', async () => {
    const { answers, answer, advance, upstream } = world();
    const kept = await answer('usr_1', GRADES, '{"data":{"grades":1}}', true);
    answers.keep('k', kept);
    const { renew, asked } = renewer(upstream, () => true);
    advance(2 * 60_000); // the grades copy leaves its fresh window
    const served = await answers.lookup('k', renew);
    expect(served?.body).toBe(kept.body);
    expect(asked).toEqual([['grades']]);
    // Renewed two minutes later: fresh for two more, and served without asking again until then.
    advance(2 * 60_000 - 1);
    expect(await answers.lookup('k', renew)).toBe(served);
    expect(asked).toHaveLength(1);
  });

  it('should miss, and drop the answer, when a copy was not renewed (its diary answered otherwise)', async () => {
    const { answers, answer, advance, upstream } = world();
    answers.keep('k', await answer('usr_1', GRADES, '{"data":{}}', true));
    advance(2 * 60_000);
    const { renew, asked } = renewer(upstream, () => false);
    expect(await answers.lookup('k', renew)).toBeNull();
    expect(asked).toHaveLength(1);
    expect(await answers.lookup('k', renewer(upstream, () => true).renew)).toBeNull(); // dropped
  });

  it('should never renew for an answer that shows fetch times, nor without a renewer', async () => {
    const { answers, answer, advance, upstream } = world();
    // As recorded for an answer that shows a fetch time (answer-basis.test.ts: its bound is then its copies').
    const shows = await answer('usr_1', GRADES, '{"data":{}}', true);
    answers.keep('shows', { ...shows, basis: { ...shows.basis, renewable: false } });
    answers.keep('plain', await answer('usr_1', GRADES, '{"data":{}}', true));
    advance(2 * 60_000);
    const { renew, asked } = renewer(upstream, () => true);
    expect(await answers.lookup('shows', renew)).toBeNull();
    expect(await answers.lookup('plain')).toBeNull();
    expect(asked).toEqual([]);
  });

  it('should check the store reads before asking any diary', async () => {
    const { answers, answer, advance, upstream, store } = world();
    await store.putUser(plainUser('usr_1', 'Анна'));
    answers.keep('k', await answer('usr_1', GRADES, '{"data":{}}', true));
    await store.putUser(plainUser('usr_1', 'Анна Сергеевна'));
    advance(2 * 60_000);
    const { renew, asked } = renewer(upstream, () => true);
    expect(await answers.lookup('k', renew)).toBeNull();
    expect(asked).toEqual([]);
  });
});

describe('AnswerCache bounds', () => {
  it('should keep at most 32 answers per user, dropping the user’s oldest, and leave other users’ be', async () => {
    const { answers, answer } = world();
    answers.keep('other', await answer('usr_2'));
    const mine = await answer('usr_1');
    for (let index = 0; index < 40; index += 1) answers.keep(`mine-${index}`, { ...mine });
    expect(answers.size().entries).toBe(33);
    expect(await answers.lookup('mine-7')).toBeNull();
    expect(await answers.lookup('mine-8')).not.toBeNull();
    expect(await answers.lookup('other')).not.toBeNull();
  });

  it('should not keep an answer over 1 MiB', async () => {
    const { answers, answer } = world({ maxBytes: 8 * 1024 * 1024 });
    answers.keep('big', await answer('usr_1', GRADES, 'x'.repeat(1024 * 1024)));
    expect(answers.size().entries).toBe(0);
  });

  it('should hold no more bytes than its bound, the least recently used going first', async () => {
    const { answers, answer } = world({ maxBytes: 64 * 1024 });
    const body = 'x'.repeat(20 * 1024);
    for (let index = 0; index < 5; index += 1) answers.keep(`a-${index}`, await answer(`usr_${index}`, GRADES, body));
    expect(answers.size().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(answers.size().entries).toBe(3);
    expect(await answers.lookup('a-0')).toBeNull();
    expect(await answers.lookup('a-4')).not.toBeNull();
  });

  it('should hold an answer in its gzip form alone once it has one, and drop an answer that form makes too large', async () => {
    const { answers, answer } = world();
    const kept = await answer('usr_1', GRADES, 'x'.repeat(600 * 1024));
    answers.keep('k', kept);
    const before = answers.size().bytes;
    answers.keepGzip('k', kept, Buffer.alloc(1000));
    expect(answers.size().bytes).toBe(before - 600 * 1024 + 1000);
    expect(await answers.lookup('k')).toMatchObject({ body: null, gzip: Buffer.alloc(1000) });
    const other = await answer('usr_2', GRADES, 'x'.repeat(600 * 1024));
    answers.keep('k2', other);
    answers.keepGzip('k2', other, Buffer.alloc(1100 * 1024));
    expect(await answers.lookup('k2')).toBeNull();
  });
});
