/**
 * The upstream cache's single flight across requests with deadlines of their own (`load`'s `signal`): a
 * caller that joins a call another request started waits for it until its own deadline only, and a call
 * cut by its starter's deadline is asked again by a caller with time left, rather than failing it.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { UpstreamCache, type CacheRequest } from '../../../src/cache/upstream-cache.js';
import { ProviderTimeoutError, ProviderUnavailableError } from '../../../src/errors/gateway-error.js';
import { createLogger } from '../../../src/logging/logger.js';

const GRADES: CacheRequest = { resource: 'grades', provider: 'ELJUR', accountId: 'acc_1', params: ['73402'] };

const cache = () => new UpstreamCache({ store: createMemoryCache(), logger: createLogger('silent') });

/** A read of the grades whose miss and refresh both make `call`, under the deadline `signal`. */
const loadThrough = (target: UpstreamCache, call: () => Promise<string[]>, signal: AbortSignal) =>
  target.load(GRADES, call, call, undefined, signal);

/** A diary call that answers only when told, or fails when `signal` aborts (as the transport does). */
function pendingCall<T>(signal: AbortSignal | undefined) {
  let answer!: (value: T) => void;
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve;
    signal?.addEventListener('abort', () => reject(new ProviderTimeoutError('ELJUR', 'the request was abandoned')));
  });
  return { promise, answer };
}

describe('UpstreamCache: calls shared by requests with their own deadlines', () => {
  it('should share one call between two requests that both wait for it', async () => {
    const target = cache();
    const first = new AbortController();
    const second = new AbortController();
    const call = pendingCall<string[]>(first.signal);
    const fetch = vi.fn(() => call.promise);
    const a = loadThrough(target, fetch, first.signal);
    const b = loadThrough(target, fetch, second.signal);
    call.answer(['mark']);
    expect((await a).value).toEqual(['mark']);
    expect((await b).value).toEqual(['mark']);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('should ask the diary again for a request whose shared call was cut by the deadline of the request that started it', async () => {
    const target = cache();
    const starter = new AbortController();
    const joiner = new AbortController();
    const doomed = pendingCall<string[]>(starter.signal);
    const a = loadThrough(target, () => doomed.promise, starter.signal);
    const own = vi.fn(async () => ['mark']);
    const b = loadThrough(target, own, joiner.signal);
    starter.abort();
    await expect(a).rejects.toBeInstanceOf(ProviderTimeoutError);
    expect((await b).value).toEqual(['mark']);
    expect(own).toHaveBeenCalledTimes(1);
  });

  it('should not join a call whose starter has already given up', async () => {
    const target = cache();
    const starter = new AbortController();
    const doomed = pendingCall<string[]>(undefined); // a call that has not noticed the abort yet
    void loadThrough(target, () => doomed.promise, starter.signal).catch(() => {});
    starter.abort();
    const own = vi.fn(async () => ['fresh']);
    const joiner = new AbortController();
    expect((await loadThrough(target, own, joiner.signal)).value).toEqual(['fresh']);
    expect(own).toHaveBeenCalledTimes(1);
    doomed.answer(['late']);
  });

  it('should stop waiting for another request’s call at its own deadline, with PROVIDER_TIMEOUT', async () => {
    const target = cache();
    const starter = new AbortController();
    const joiner = new AbortController();
    const slow = pendingCall<string[]>(starter.signal);
    const a = loadThrough(target, () => slow.promise, starter.signal);
    const b = loadThrough(target, () => slow.promise, joiner.signal);
    joiner.abort();
    await expect(b).rejects.toMatchObject({ code: 'PROVIDER_TIMEOUT', provider: 'ELJUR' });
    // The starter still gets its answer: the joiner's leaving does not cut the call.
    slow.answer(['mark']);
    expect((await a).value).toEqual(['mark']);
  });

  it('should pass on a shared call’s failure when its starter did not give up', async () => {
    const target = cache();
    let fail!: (error: Error) => void;
    const failing = new Promise<string[]>((_resolve, reject) => (fail = reject));
    const a = loadThrough(target, () => failing, new AbortController().signal);
    const own = vi.fn(async () => ['mark']);
    const b = target.load(GRADES, own, own, undefined, new AbortController().signal);
    fail(new ProviderUnavailableError('ELJUR', 'HTTP 503', { upstreamStatus: 503 }));
    await expect(a).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(b).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(own).not.toHaveBeenCalled();
  });
});
