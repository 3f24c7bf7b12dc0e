import { describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, withRetries } from '../../../src/resilience/retry.js';
import { runAsLinkAttempt } from '../../../src/upstream/link-attempt.js';
import { UpstreamNetworkError, type NetworkFailure } from '../../../src/upstream/transport.js';
import { get, scriptedTransport, settle, type Scripted } from './fake-transport.js';
import { useStrictFakeTimers } from '../../support/fake-timers.js';

const NOW = new Date('2026-11-23T09:00:00.000Z');

// Every backoff must be over or cancelled when a call has settled: no timer may outlive it.
useStrictFakeTimers(NOW);

describe('parseRetryAfter', () => {
  it.each([
    ['delay-seconds', '3', 3000],
    ['zero seconds', '0', 0],
    ['seconds with spaces', ' 2 ', 2000],
    ['an HTTP date 5 s ahead', 'Mon, 23 Nov 2026 09:00:05 GMT', 5000],
    ['an HTTP date in the past', 'Mon, 23 Nov 2026 08:59:00 GMT', 0],
    ['a negative number', '-1', null],
    ['a fraction', '1.5', null],
    ['words', 'soon', null],
    ['no header', undefined, null],
  ])('should read %s', (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW.getTime())).toBe(expected);
  });
});

describe('withRetries', () => {
  it.each([429, 502, 503, 504, 550])(
    'should retry a GET answered %i and return the answer that follows',
    async (status) => {
      const { transport } = scriptedTransport({ status }, { status: 200 });
      const call = settle(withRetries(transport)(get()));
      await vi.advanceTimersByTimeAsync(1000); // the longest backoff
      expect(call.result()?.value?.status).toBe(200);
      expect(transport).toHaveBeenCalledTimes(2);
    },
  );

  it.each([200, 304, 400, 401, 403, 404, 500, 501])('should not retry an answer with status %i', async (status) => {
    const { transport } = scriptedTransport({ status });
    const response = await withRetries(transport)(get());
    expect(response.status).toBe(status);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('should give up after `retries` extra attempts and return the last answer', async () => {
    const { transport } = scriptedTransport({ status: 503 });
    const call = settle(withRetries(transport, { retries: 3 })(get()));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(call.result()?.value?.status).toBe(503);
    expect(transport).toHaveBeenCalledTimes(4);
  });

  it.each<NetworkFailure>(['connect-timeout', 'headers-timeout', 'body-timeout', 'connection'])(
    'should retry after a %s failure',
    async (failure) => {
      const { transport } = scriptedTransport({ failure }, { status: 200 });
      const call = settle(withRetries(transport)(get()));
      await vi.advanceTimersByTimeAsync(1000);
      expect(call.result()?.value?.status).toBe(200);
      expect(transport).toHaveBeenCalledTimes(2);
    },
  );

  it.each<NetworkFailure>(['aborted', 'too-large', 'invalid-request'])(
    'should not retry after a %s failure',
    async (failure) => {
      const { transport } = scriptedTransport({ failure });
      await expect(withRetries(transport)(get())).rejects.toMatchObject({ failure });
      expect(transport).toHaveBeenCalledTimes(1);
    },
  );

  it('should rethrow the last network failure when every attempt failed', async () => {
    const { transport } = scriptedTransport({ failure: 'connection' });
    const call = settle(withRetries(transport, { retries: 2 })(get()));
    await vi.advanceTimersByTimeAsync(5000);
    expect(call.result()?.error).toBeInstanceOf(UpstreamNetworkError);
    expect(transport).toHaveBeenCalledTimes(3);
  });

  it.each<[string, Scripted]>([
    ['a 503 answer', { status: 503 }],
    ['a connection failure', { failure: 'connection' }],
  ])(
    'should not retry a GET of a link attempt after %s: one person’s input meets the same outcome again',
    async (_name, outcome) => {
      const { transport } = scriptedTransport(outcome, { status: 200 });
      const call = settle(runAsLinkAttempt(() => withRetries(transport, { retries: 3 })(get())));
      await vi.advanceTimersByTimeAsync(5000); // past every backoff a retry would have waited
      expect(transport).toHaveBeenCalledTimes(1);
      const result = call.result();
      expect(result?.value?.status ?? (result?.error as { failure?: string } | undefined)?.failure).toBe(
        'status' in outcome ? outcome.status : outcome.failure,
      );
    },
  );

  it.each(['POST', 'DELETE'] as const)('should never retry a %s', async (method) => {
    const { transport } = scriptedTransport({ status: 503 }, { status: 200 });
    const response = await withRetries(transport)({ ...get(), method, body: '{}' });
    expect(response.status).toBe(503);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('should not retry at all with `retries: 0`', async () => {
    const { transport } = scriptedTransport({ status: 503 }, { status: 200 });
    expect((await withRetries(transport, { retries: 0 })(get())).status).toBe(503);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('should wait a jittered backoff before the next attempt, never retry at once', async () => {
    // With Math.random() = 0.5 the decorrelated-jitter formula gives 2^0.5 · tanh(√2) / 1.4 × 100 ms ≈ 89.7 ms.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { transport } = scriptedTransport({ status: 503 }, { status: 200 });
    const call = settle(withRetries(transport, { baseDelayMs: 100 })(get()));
    await vi.advanceTimersByTimeAsync(89);
    expect(transport).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport).toHaveBeenCalledTimes(2);
    expect(call.result()?.value?.status).toBe(200);
  });

  it('should wait as long as Retry-After asks in seconds', async () => {
    const { transport } = scriptedTransport({ status: 503, headers: { 'retry-after': '2' } }, { status: 200 });
    const call = settle(withRetries(transport)(get()));
    await vi.advanceTimersByTimeAsync(1999);
    expect(transport).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport).toHaveBeenCalledTimes(2);
    expect(call.result()?.value?.status).toBe(200);
  });

  it('should wait until the date Retry-After names', async () => {
    const { transport } = scriptedTransport(
      { status: 429, headers: { 'retry-after': 'Mon, 23 Nov 2026 09:00:01 GMT' } },
      { status: 200 },
    );
    const call = settle(withRetries(transport)(get()));
    await vi.advanceTimersByTimeAsync(999);
    expect(transport).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.result()?.value?.status).toBe(200);
  });

  it('should return the answer at once when Retry-After asks for longer than the cap', async () => {
    const { transport } = scriptedTransport({ status: 503, headers: { 'retry-after': '120' } }, { status: 200 });
    const response = await withRetries(transport, { maxRetryAfterMs: 3000 })(get());
    expect(response).toMatchObject({ status: 503, headers: { 'retry-after': '120' } });
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('should stop waiting when the request is abandoned and return the last answer', async () => {
    const controller = new AbortController();
    const { transport } = scriptedTransport({ status: 503, headers: { 'retry-after': '3' } }, { status: 200 });
    const call = settle(withRetries(transport)(get('school.example', controller.signal)));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(call.result()?.value?.status).toBe(503);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('should not retry a request whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { transport } = scriptedTransport({ status: 503 }, { status: 200 });
    expect((await withRetries(transport)(get('school.example', controller.signal))).status).toBe(503);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('should report each retry with its reason', async () => {
    const reasons: string[] = [];
    const { transport } = scriptedTransport({ status: 503 }, { failure: 'headers-timeout' }, { status: 200 });
    const call = settle(withRetries(transport, { onRetry: (reason) => reasons.push(reason) })(get()));
    await vi.advanceTimersByTimeAsync(2000);
    expect(call.result()?.value?.status).toBe(200);
    expect(reasons).toEqual(['503', 'headers-timeout']);
  });

  it('should pass gateway errors from inner policies through without retrying', async () => {
    const refused = new Error('breaker open');
    const transport = vi.fn().mockRejectedValue(refused);
    await expect(withRetries(transport)(get())).rejects.toBe(refused);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it.each([
    [{ retries: -1 }, 'withRetries: retries must be an integer ≥ 0, got -1.'],
    [{ retries: 1.5 }, 'withRetries: retries must be an integer ≥ 0, got 1.5.'],
    [{ baseDelayMs: 0 }, 'withRetries: baseDelayMs must be an integer ≥ 1, got 0.'],
    [{ maxRetryAfterMs: -5 }, 'withRetries: maxRetryAfterMs must be an integer ≥ 0, got -5.'],
  ])('should refuse the options %j with a message naming the option', (options, message) => {
    expect(() => withRetries(scriptedTransport({ status: 200 }).transport, options)).toThrow(new RangeError(message));
  });
});
