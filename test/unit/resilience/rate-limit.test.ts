import { describe, expect, it, vi } from 'vitest';
import { ProviderThrottledError } from '../../../src/errors/gateway-error.js';
import { createInProcessRateLimiter, withRateLimit, type RateDecision } from '../../../src/resilience/rate-limit.js';
import { UpstreamNetworkError } from '../../../src/upstream/transport.js';
import { get, scriptedTransport, settle } from './fake-transport.js';
import { useStrictFakeTimers } from '../../support/fake-timers.js';

useStrictFakeTimers(new Date('2026-11-23T09:00:00.000Z'));

describe('createInProcessRateLimiter', () => {
  it('should grant a burst at once, then reserve the next tokens with the wait until each frees up', async () => {
    const limiter = createInProcessRateLimiter({ perSecond: 2, burst: 2 });
    const decisions: RateDecision[] = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.take('MESH', 5000));
    expect(decisions).toEqual([
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 500 },
      { granted: true, waitMs: 1000 },
    ]);
  });

  it('should refuse without taking anything when the wait would be longer than allowed', async () => {
    const limiter = createInProcessRateLimiter({ perSecond: 1, burst: 1 });
    expect(await limiter.take('MESH', 0)).toEqual({ granted: true, waitMs: 0 });
    expect(await limiter.take('MESH', 999)).toEqual({ granted: false, retryAfterMs: 1000 });
    expect(await limiter.take('MESH', 999)).toEqual({ granted: false, retryAfterMs: 1000 });
    vi.advanceTimersByTime(1000);
    expect(await limiter.take('MESH', 0)).toEqual({ granted: true, waitMs: 0 });
  });

  it('should refill at the configured rate, never above the burst', async () => {
    const limiter = createInProcessRateLimiter({ perSecond: 10, burst: 3 });
    for (let i = 0; i < 3; i++) await limiter.take('MESH', 0);
    vi.advanceTimersByTime(60_000);
    const granted = [];
    for (let i = 0; i < 4; i++) granted.push((await limiter.take('MESH', 0)).granted);
    expect(granted).toEqual([true, true, true, false]);
  });

  it('should keep one bucket per key', async () => {
    const limiter = createInProcessRateLimiter({ perSecond: 1, burst: 1 });
    await limiter.take('MESH', 0);
    expect(await limiter.take('ELJUR', 0)).toEqual({ granted: true, waitMs: 0 });
    expect((await limiter.take('MESH', 0)).granted).toBe(false);
  });

  it('should forget full buckets first when it holds too many keys, keeping busy ones', async () => {
    const limiter = createInProcessRateLimiter({ perSecond: 1, burst: 2, maxKeys: 2 });
    await limiter.take('busy', 0);
    await limiter.take('busy', 0);
    await limiter.take('quiet', 0);
    vi.advanceTimersByTime(1000); // "quiet" is full again (forgetting it changes nothing); "busy" holds 1 token
    await limiter.take('newcomer', 0);
    expect((await limiter.take('busy', 0)).granted).toBe(true);
    expect((await limiter.take('busy', 0)).granted).toBe(false);
  });

  it.each([
    [{ perSecond: 0 }, 'createInProcessRateLimiter: perSecond must be a positive number, got 0.'],
    [{ perSecond: 5, burst: -1 }, 'createInProcessRateLimiter: burst must be a positive number, got -1.'],
    [{ perSecond: Number.NaN }, 'createInProcessRateLimiter: perSecond must be a positive number, got NaN.'],
  ])('should refuse the options %j with a message naming the option', (options, message) => {
    expect(() => createInProcessRateLimiter(options)).toThrow(new RangeError(message));
  });
});

describe('withRateLimit', () => {
  it('should hold a call back until its token frees up', async () => {
    const { transport } = scriptedTransport({ status: 200 });
    const limited = withRateLimit(transport, 'MESH', {
      limiter: createInProcessRateLimiter({ perSecond: 1, burst: 1 }),
      perSecond: 1,
    });
    await limited(get());
    const second = settle(limited(get()));
    await vi.advanceTimersByTimeAsync(999);
    expect(transport).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport).toHaveBeenCalledTimes(2);
    expect(second.result()?.value?.status).toBe(200);
  });

  it('should refuse with ProviderThrottledError, without calling, when the wait would pass maxWaitMs', async () => {
    const { transport } = scriptedTransport({ status: 200 });
    const onThrottled = vi.fn();
    const limiter = createInProcessRateLimiter({ perSecond: 1, burst: 1 });
    const limited = withRateLimit(transport, 'ELJUR', { limiter, perSecond: 1, maxWaitMs: 500, onThrottled });
    await limited(get());
    const error = await limited(get()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderThrottledError);
    expect(error).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      provider: 'ELJUR',
      message:
        'The gateway keeps its calls to Eljur under 1 a second and this one would have waited too long; try again in a moment.',
    });
    expect((error as ProviderThrottledError).toExtensions()).toEqual({
      code: 'PROVIDER_UNAVAILABLE',
      provider: 'ELJUR',
      throttled: true,
    });
    expect(transport).toHaveBeenCalledTimes(1);
    expect(onThrottled).toHaveBeenCalledTimes(1);
  });

  it('should give up waiting, without calling, when the request is abandoned', async () => {
    const { transport } = scriptedTransport({ status: 200 });
    const controller = new AbortController();
    const limited = withRateLimit(transport, 'MESH', {
      limiter: createInProcessRateLimiter({ perSecond: 1, burst: 1 }),
      perSecond: 1,
    });
    await limited(get());
    const second = settle(limited(get('school.example', controller.signal)));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.result()?.error).toBeInstanceOf(UpstreamNetworkError);
    expect(second.result()?.error).toMatchObject({ failure: 'aborted' });
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('should take tokens from the bucket keyed by the provider, so a shared limiter serves every diary', async () => {
    const limiter = { take: vi.fn(async (): Promise<RateDecision> => ({ granted: true, waitMs: 0 })) };
    const { transport } = scriptedTransport({ status: 200 });
    await withRateLimit(transport, 'DNEVNIK', { limiter, perSecond: 5 })(get());
    expect(limiter.take).toHaveBeenCalledWith('DNEVNIK', 1000);
  });
});
