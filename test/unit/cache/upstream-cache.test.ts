import { describe, expect, it, vi } from 'vitest';
import { parseFreshnessOverrides, DEFAULT_FRESHNESS } from '../../../src/config/cache-freshness.js';
import type { CacheEntry, CacheStore } from '../../../src/cache/cache-store.js';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { createTieredCache } from '../../../src/cache/tiered-cache.js';
import {
  cacheKey,
  HeldStillHolds,
  keyedCopy,
  UpstreamCache,
  type CacheOutcome,
  type CacheRequest,
} from '../../../src/cache/upstream-cache.js';
import { ProviderAuthError, ProviderUnavailableError } from '../../../src/errors/gateway-error.js';
import { createLogger } from '../../../src/logging/logger.js';

const GRADES: CacheRequest = {
  resource: 'grades',
  provider: 'MESH',
  accountId: 'acc_1',
  params: ['2184516', '2026-11-16', '2026-11-22'],
};
const MINUTE = 60_000;

function setup(staleIfErrorMs = 24 * 60 * MINUTE) {
  let now = 1_000_000;
  const outcomes: CacheOutcome[] = [];
  const cache = new UpstreamCache({
    store: createMemoryCache(),
    staleIfErrorMs,
    now: () => now,
    logger: createLogger('silent'),
    onOutcome: (_request, outcome) => outcomes.push(outcome),
  });
  return { cache, outcomes, advance: (ms: number) => (now += ms), now: () => now };
}

const down = () => Promise.reject(new ProviderUnavailableError('MESH', 'HTTP 503', { upstreamStatus: 503 }));

describe('UpstreamCache', () => {
  it('should call the diary on a miss and serve the copy while it is fresh', async () => {
    const { cache, outcomes, advance } = setup();
    const fetch = vi.fn(async () => ['mark']);
    const first = await cache.load(GRADES, fetch, fetch);
    advance(DEFAULT_FRESHNESS.grades.freshMs - 1);
    const second = await cache.load(GRADES, fetch, fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(second).toEqual({
      value: ['mark'],
      fetchedAt: first.fetchedAt,
      isStale: false,
      staleBecause: null,
      freshUntil: first.fetchedAt + DEFAULT_FRESHNESS.grades.freshMs,
      key: first.key,
      version: first.version,
    });
    // The very entry stored: the answer cache (src/answers) tells a newer fetch by it.
    expect(second.version).toBe(first.version);
    expect(cache.isCurrent(second.key, second.version)).toBe(true);
    expect(outcomes).toEqual(['miss', 'hit']);
  });

  it('should serve a copy past its fresh window at once and refresh it once in the background', async () => {
    const { cache, outcomes, advance } = setup();
    await cache.load(
      GRADES,
      async () => ['old'],
      async () => ['old'],
    );
    advance(DEFAULT_FRESHNESS.grades.freshMs + 1);
    const refresh = vi.fn(async () => ['new']);
    const [a, b] = await Promise.all([cache.load(GRADES, refresh, refresh), cache.load(GRADES, refresh, refresh)]);
    expect([a.value, b.value]).toEqual([['old'], ['old']]);
    expect(a.isStale).toBe(true);
    await vi.waitFor(async () => expect((await cache.load(GRADES, refresh, refresh)).value).toEqual(['new']));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(outcomes.slice(0, 3)).toEqual(['miss', 'revalidate', 'revalidate']);
  });

  it('should keep a partial copy (built without a failed side answer) fresh for a minute only, a complete one its whole window', async () => {
    const { cache, outcomes, advance } = setup();
    const SCHEDULE: CacheRequest = { ...GRADES, resource: 'schedule' };
    const partial = (value: { numbers: boolean }) => !value.numbers;
    await cache.load(
      SCHEDULE,
      async () => ({ numbers: false }),
      async () => ({ numbers: false }),
      partial,
    );
    advance(MINUTE - 1);
    const unchanged = vi.fn(async () => ({ numbers: false }));
    expect((await cache.load(SCHEDULE, unchanged, unchanged, partial)).isStale).toBe(false);
    advance(2);
    // The route is back: past its minute the partial copy is not served again before the diary is asked.
    const recovered = vi.fn(async () => ({ numbers: true }));
    expect(await cache.load(SCHEDULE, recovered, recovered, partial)).toMatchObject({
      value: { numbers: true },
      isStale: false,
    });
    // The complete copy is fresh for the schedule's own window.
    advance(DEFAULT_FRESHNESS.schedule.freshMs - 1);
    expect(await cache.load(SCHEDULE, recovered, recovered, partial)).toMatchObject({ isStale: false });
    expect(unchanged).not.toHaveBeenCalled();
    expect(recovered).toHaveBeenCalledTimes(1);
    expect(outcomes).toEqual(['miss', 'hit', 'miss', 'hit']);
  });

  it('should serve a partial copy past its minute, marked stale, when the diary then fails', async () => {
    const { cache, advance } = setup();
    const SCHEDULE: CacheRequest = { ...GRADES, resource: 'schedule' };
    const partial = (value: string[]) => value.length === 0;
    const kept = await cache.load(
      SCHEDULE,
      async () => [],
      async () => [],
      partial,
    );
    advance(MINUTE + 1);
    const served = await cache.load(SCHEDULE, down, down, partial);
    expect(served).toMatchObject({ value: [], fetchedAt: kept.fetchedAt, isStale: true });
    expect(served.staleBecause?.code).toBe('PROVIDER_UNAVAILABLE');
  });

  it('should serve the last good copy, marked stale with the error, when the diary fails', async () => {
    const { cache, outcomes, advance } = setup();
    const good = await cache.load(
      GRADES,
      async () => ['mark'],
      async () => ['mark'],
    );
    advance(DEFAULT_FRESHNESS.grades.revalidateMs + 1);
    const served = await cache.load(GRADES, down, down);
    expect(served).toMatchObject({ value: ['mark'], fetchedAt: good.fetchedAt, isStale: true });
    expect(served.staleBecause?.code).toBe('PROVIDER_UNAVAILABLE');
    expect(outcomes).toEqual(['miss', 'miss', 'stale_served']);
  });

  it('should say why a copy is old once a background refresh failed, until a refresh succeeds', async () => {
    const { cache, advance } = setup();
    await cache.load(
      GRADES,
      async () => ['mark'],
      async () => ['mark'],
    );
    advance(DEFAULT_FRESHNESS.grades.freshMs + 1);
    const refused = vi.fn(() =>
      Promise.reject(new ProviderAuthError('MESH', 'the token lapsed', { upstreamStatus: 401 })),
    );
    const first = await cache.load(GRADES, refused, refused);
    expect(first.staleBecause).toBeNull(); // the refresh has only just started
    await vi.waitFor(() => expect(refused).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setImmediate(resolve));
    const second = await cache.load(GRADES, refused, refused);
    expect(second).toMatchObject({ value: ['mark'], isStale: true });
    expect(second.staleBecause?.code).toBe('PROVIDER_AUTH_FAILED');

    const ok = vi.fn(async () => ['new mark']);
    await vi.waitFor(async () => expect((await cache.load(GRADES, ok, ok)).value).toEqual(['new mark']));
    expect((await cache.load(GRADES, ok, ok)).staleBecause).toBeNull();
  });

  it('should date a refresh failure when the diary was asked, so a slow old failure is not news', async () => {
    const { cache, advance } = setup();
    await cache.load(
      GRADES,
      async () => ['mark'],
      async () => ['mark'],
    );
    advance(DEFAULT_FRESHNESS.grades.freshMs + 1);
    let fail!: (error: Error) => void;
    const slow = vi.fn(() => new Promise<string[]>((_resolve, reject) => (fail = reject)));
    await cache.load(GRADES, slow, slow); // starts the background refresh, which hangs
    advance(DEFAULT_FRESHNESS.grades.freshMs + 1); // the failure arrives a fresh window later
    fail(new ProviderAuthError('MESH', 'the token lapsed', { upstreamStatus: 401 }));
    await new Promise((resolve) => setImmediate(resolve));
    const next = vi.fn(() => new Promise<string[]>(() => undefined));
    expect((await cache.load(GRADES, next, next)).staleBecause).toBeNull();
  });

  it('should not serve a copy older than the stale-if-error age', async () => {
    const { cache, advance } = setup(60 * MINUTE);
    await cache.load(
      GRADES,
      async () => ['mark'],
      async () => ['mark'],
    );
    advance(60 * MINUTE);
    await expect(cache.load(GRADES, down, down)).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });

  it('should not decode an old copy the diary is asked again for, unless the diary fails and it is served', async () => {
    // A store whose entries count the reads of their value: the in-process tier decodes a value on its first read.
    const reads: string[] = [];
    const inner = createMemoryCache();
    const store: CacheStore = {
      ...inner,
      async get(key) {
        const entry = await inner.get(key);
        if (!entry) return null;
        const counted = Object.create(entry) as CacheEntry;
        Object.defineProperty(counted, 'value', { get: () => (reads.push(key), entry.value) });
        return counted;
      },
    };
    let now = 1_000_000;
    const cache = new UpstreamCache({ store, now: () => now, logger: createLogger('silent') });
    await cache.load(
      GRADES,
      async () => ['old'],
      async () => ['old'],
    );
    now += DEFAULT_FRESHNESS.grades.revalidateMs + 1;
    const fetched = await cache.load(
      GRADES,
      async () => ['new'],
      async () => ['new'],
    );
    expect(fetched.value).toStrictEqual(['new']);
    expect(reads).toStrictEqual([]);
    now += DEFAULT_FRESHNESS.grades.revalidateMs + 1;
    const served = await cache.load(GRADES, down, down);
    expect(served).toMatchObject({ value: ['new'], isStale: true });
    expect(reads).toHaveLength(1);
  });

  it('should let a bug through instead of hiding it behind a stale copy', async () => {
    const { cache, advance } = setup();
    await cache.load(
      GRADES,
      async () => ['mark'],
      async () => ['mark'],
    );
    advance(DEFAULT_FRESHNESS.grades.revalidateMs + 1);
    const bug = () => Promise.reject(new TypeError('cannot read properties of undefined'));
    await expect(cache.load(GRADES, bug, bug)).rejects.toBeInstanceOf(TypeError);
  });

  it('should collapse concurrent identical misses into one diary call', async () => {
    const { cache } = setup();
    let release: (value: string[]) => void = () => {};
    const fetch = vi.fn(() => new Promise<string[]>((resolve) => (release = resolve)));
    const pending = [
      cache.load(GRADES, fetch, fetch),
      cache.load(GRADES, fetch, fetch),
      cache.load(GRADES, fetch, fetch),
    ];
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    release(['mark']);
    expect((await Promise.all(pending)).map((served) => served.value)).toEqual([['mark'], ['mark'], ['mark']]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('should never share an entry between two accounts with the same parameters', async () => {
    const { cache } = setup();
    await cache.load(
      GRADES,
      async () => ['family A'],
      async () => ['family A'],
    );
    const other = await cache.load(
      { ...GRADES, accountId: 'acc_2' },
      async () => ['family B'],
      async () => ['family B'],
    );
    expect(other.value).toEqual(['family B']);
    expect(cacheKey(GRADES)).not.toBe(cacheKey({ ...GRADES, accountId: 'acc_2' }));
    expect(cacheKey(GRADES)).toMatch(/^v2:acc_1:grades:[A-Za-z0-9_-]{22}$/);
    expect(cacheKey(GRADES)).not.toContain('2184516');
  });

  it('should read the account and resource back from a key, and nothing from another string', () => {
    expect(keyedCopy(cacheKey(GRADES))).toEqual({ accountId: 'acc_1', resource: 'grades' });
    expect(keyedCopy('v1:acc_1:grades:abc')).toBeNull();
    expect(keyedCopy('v2:acc_1:grades')).toBeNull();
  });

  it('should keep the keys entries were stored under (a deploy finds the shared cache it left)', () => {
    // SHA-256 of the params joined by NUL, base64url, cut to 22: the digest of every earlier release.
    expect(cacheKey(GRADES)).toBe('v2:acc_1:grades:74C127HZ3F5iitaYfAAYM3');
  });
});

describe('UpstreamCache.renewHeld', () => {
  const OF = { resource: GRADES.resource, provider: GRADES.provider, accountId: GRADES.accountId };
  const still = async () => new HeldStillHolds({ approxBytes: 10 });
  /** GRADES through `cache`, its diary answering `[value]`; `freshOnly` waits for the diary rather than a refresh. */
  const loadGrades = (cache: UpstreamCache, value: string, freshOnly = false) =>
    cache.load(
      GRADES,
      async () => [value],
      async () => [value],
      undefined,
      undefined,
      freshOnly,
    );

  it('should keep the held copy with a new fetch time when the check says it still holds', async () => {
    const { cache, outcomes, advance, now } = setup();
    const first = await loadGrades(cache, 'mark');
    advance(5 * MINUTE);
    const renewed = await cache.renewHeld(first.key, OF, first.version, still);
    expect(renewed?.freshUntil).toBe(now() + DEFAULT_FRESHNESS.grades.freshMs);
    expect(cache.isCurrent(first.key, renewed!.version)).toBe(true);
    const served = await loadGrades(cache, 'other');
    expect(served).toMatchObject({ value: ['mark'], fetchedAt: now(), isStale: false });
    expect(outcomes).toEqual(['miss', 'renewed', 'hit']);
  });

  it('should store nothing when the check fails, or when the copy was forgotten or replaced while it ran', async () => {
    const { cache, advance } = setup();
    const first = await loadGrades(cache, 'mark');
    advance(5 * MINUTE);
    expect(await cache.renewHeld(first.key, OF, first.version, async () => null)).toBeNull();
    expect(cache.isCurrent(first.key, first.version)).toBe(true);
    const forgotten = await cache.renewHeld(first.key, OF, first.version, async () => {
      await cache.forget('acc_1');
      return still();
    });
    expect(forgotten).toBeNull();
    expect(await loadGrades(cache, 'after')).toMatchObject({ value: ['after'] });
    const second = await loadGrades(cache, 'x');
    advance(5 * MINUTE);
    const replaced = await cache.renewHeld(second.key, OF, second.version, async () => {
      // Another request's fetch (fresh only: it waits for the diary, not a background refresh).
      await loadGrades(cache, 'newer', true);
      return still();
    });
    expect(replaced).toBeNull();
    expect((await loadGrades(cache, 'y')).value).toEqual(['newer']);
  });

  it('should not renew a copy that is not the one held', async () => {
    const { cache } = setup();
    const first = await loadGrades(cache, 'mark');
    const check = vi.fn(still);
    expect(await cache.renewHeld(first.key, OF, {}, check)).toBeNull();
    expect(check).not.toHaveBeenCalled();
  });
});

describe('parseFreshnessOverrides', () => {
  it('should set the fresh window and keep the revalidate ratio', () => {
    expect(parseFreshnessOverrides('grades=60, schedule=7200')).toEqual({
      grades: { freshMs: 60_000, revalidateMs: 900_000 },
      schedule: { freshMs: 7_200_000, revalidateMs: 43_200_000 },
    });
    expect(parseFreshnessOverrides('')).toEqual({});
  });

  it.each(['grades', 'marks=60', 'grades=-1', 'grades=1.5'])('should refuse %j naming the part', (spec) => {
    expect(() => parseFreshnessOverrides(spec)).toThrow(/is not resource=seconds/);
  });
});

describe('createTieredCache', () => {
  it('should read the near tier first, fall back to the far one and warm the near one', async () => {
    const near = createMemoryCache();
    const far = createMemoryCache();
    const tiered = createTieredCache(near, far);
    await far.set('k', { value: 1, fetchedAt: 5 }, 60_000);
    expect(await near.get('k')).toBeNull();
    expect(await tiered.get('k')).toEqual({ value: 1, fetchedAt: 5 });
    expect(await near.get('k')).toEqual({ value: 1, fetchedAt: 5 });
    await tiered.set('j', { value: 2, fetchedAt: 6 }, 60_000);
    expect([await near.get('j'), await far.get('j')]).toEqual([
      { value: 2, fetchedAt: 6 },
      { value: 2, fetchedAt: 6 },
    ]);
  });
});
