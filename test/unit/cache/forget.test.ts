/** Forgetting cached entries: each tier's `deleteByPrefix`, and `UpstreamCache.forget` above them. */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FRESHNESS } from '../../../src/config/cache-freshness.js';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { createTieredCache } from '../../../src/cache/tiered-cache.js';
import { cacheKey, UpstreamCache, type CacheRequest } from '../../../src/cache/upstream-cache.js';
import { ProviderAuthError } from '../../../src/errors/gateway-error.js';
import { createLogger } from '../../../src/logging/logger.js';

const entry = (value: unknown) => ({ value, fetchedAt: 1 });
const request = (accountId: string, resource: CacheRequest['resource'], ...params: string[]): CacheRequest => ({
  resource,
  provider: 'MESH',
  accountId,
  params: params.length > 0 ? params : ['2184516', '2026-11-23'],
});

describe('the memory tier', () => {
  it('should delete the keys with the prefix and nothing else', async () => {
    const cache = createMemoryCache();
    for (const key of [
      'v1:acc_1:attendance:a',
      'v1:acc_1:attendance:b',
      'v1:acc_1:grades:a',
      'v1:acc_10:attendance:a',
      'v1:acc_2:attendance:a',
    ]) {
      await cache.set(key, entry(key), 60_000);
    }
    await cache.deleteByPrefix('v1:acc_1:attendance:');
    expect(await cache.get('v1:acc_1:attendance:a')).toBeNull();
    expect(await cache.get('v1:acc_1:attendance:b')).toBeNull();
    for (const kept of ['v1:acc_1:grades:a', 'v1:acc_10:attendance:a', 'v1:acc_2:attendance:a']) {
      expect(await cache.get(kept)).toEqual(entry(kept));
    }
    await cache.deleteByPrefix('v1:acc_1:');
    expect(await cache.get('v1:acc_1:grades:a')).toBeNull();
    expect(await cache.get('v1:acc_10:attendance:a')).toEqual(entry('v1:acc_10:attendance:a'));
  });
});

describe('the tiered cache', () => {
  it('should delete from both tiers, so the far copy cannot warm the near tier back', async () => {
    const near = createMemoryCache();
    const far = createMemoryCache();
    const tiered = createTieredCache(near, far);
    await tiered.set('v1:acc_1:attendance:a', entry('old'), 60_000);
    await tiered.set('v1:acc_2:attendance:a', entry('other'), 60_000);
    await tiered.deleteByPrefix('v1:acc_1:');
    expect([await near.get('v1:acc_1:attendance:a'), await far.get('v1:acc_1:attendance:a')]).toEqual([null, null]);
    expect(await tiered.get('v1:acc_1:attendance:a')).toBeNull();
    expect(await tiered.get('v1:acc_2:attendance:a')).toEqual(entry('other'));
  });
});

describe('UpstreamCache.forget', () => {
  function setup() {
    let now = 1_000_000;
    const store = createMemoryCache();
    const cache = new UpstreamCache({ store, now: () => now, logger: createLogger('silent') });
    return { cache, store, advance: (ms: number) => (now += ms) };
  }

  it('should make the next read of the forgotten resources ask the diary, and keep the rest', async () => {
    const { cache } = setup();
    const attendance = request('acc_1', 'attendance');
    const schedule = request('acc_1', 'schedule');
    const grades = request('acc_1', 'grades');
    const otherFamily = request('acc_2', 'attendance');
    for (const cached of [attendance, schedule, grades, otherFamily])
      await cache.load(
        cached,
        async () => 'old',
        async () => 'old',
      );

    await cache.forget('acc_1', ['attendance', 'schedule']);

    const fetch = vi.fn(async () => 'new');
    expect((await cache.load(attendance, fetch, fetch)).value).toBe('new');
    expect((await cache.load(schedule, fetch, fetch)).value).toBe('new');
    expect((await cache.load(grades, fetch, fetch)).value).toBe('old');
    expect((await cache.load(otherFamily, fetch, fetch)).value).toBe('old');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('should forget every resource of the account when none is named', async () => {
    const { cache, store } = setup();
    const cached = [
      request('acc_1', 'profile', 'p'),
      request('acc_1', 'grades'),
      request('acc_1', 'non-school-days', 'y'),
    ];
    for (const one of cached)
      await cache.load(
        one,
        async () => 'old',
        async () => 'old',
      );
    await cache.load(
      request('acc_2', 'grades'),
      async () => 'kept',
      async () => 'kept',
    );
    await cache.forget('acc_1');
    for (const one of cached) expect(await store.get(cacheKey(one))).toBeNull();
    expect(await store.get(cacheKey(request('acc_2', 'grades')))).not.toBeNull();
  });

  it('should not store the result of a call that was in flight when the account was forgotten', async () => {
    const { cache, store } = setup();
    const attendance = request('acc_1', 'attendance');
    let answer!: (value: string) => void;
    const slow = () => new Promise<string>((resolve) => (answer = resolve));
    const before = cache.load(attendance, slow, slow);
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));

    await cache.forget('acc_1', ['attendance']);
    // A read after the change does not join the old call: it makes its own.
    const fresh = vi.fn(async () => 'after the notice');
    const after = await cache.load(attendance, fresh, fresh);
    expect(after.value).toBe('after the notice');
    expect(fresh).toHaveBeenCalledTimes(1);

    answer('before the notice');
    expect((await before).value).toBe('before the notice'); // its caller still gets an answer
    expect((await store.get(cacheKey(attendance)))?.value).toBe('after the notice');
    const again = vi.fn(async () => 'unused');
    expect((await cache.load(attendance, again, again)).value).toBe('after the notice');
    expect(again).not.toHaveBeenCalled();
  });

  it('should forget a remembered refresh failure of the account', async () => {
    const { cache, store, advance } = setup();
    const attendance = request('acc_1', 'attendance');
    const first = await cache.load(
      attendance,
      async () => 'old',
      async () => 'old',
    );
    advance(DEFAULT_FRESHNESS.attendance.freshMs + 1);
    const refused = vi.fn(() =>
      Promise.reject(new ProviderAuthError('MESH', 'the token lapsed', { upstreamStatus: 401 })),
    );
    await cache.load(attendance, refused, refused); // starts the background refresh, which fails
    await vi.waitFor(() => expect(refused).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await cache.load(attendance, refused, refused)).staleBecause?.code).toBe('PROVIDER_AUTH_FAILED');

    await cache.forget('acc_1', ['attendance']);
    // Another replica's copy (shared tier) from before the failure: the failure was this account's old
    // trouble, forgotten with it, and must not be pinned on the copy.
    await store.set(cacheKey(attendance), { value: 'from another replica', fetchedAt: first.fetchedAt + 1 }, 60_000);
    const pending = () => new Promise<string>(() => {});
    const served = await cache.load(attendance, pending, pending);
    expect(served).toMatchObject({ value: 'from another replica', isStale: true, staleBecause: null });
  });
});
