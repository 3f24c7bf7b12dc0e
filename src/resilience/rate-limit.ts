/**
 * Token-bucket rate limiting, behind the `RateLimiter` interface so the bucket can live in this process
 * (now) or in Redis (later, shared by every replica; see docs/resilience.md for the contract a Redis
 * limiter must keep). Used twice: to pace the gateway's calls to each diary (`withRateLimit`), and to
 * bound each session's incoming requests (`src/server/session-rate-limit.ts`).
 *
 * A decision may *reserve* a token that frees up soon: the bucket goes into debt and the caller waits
 * `waitMs` before sending. That smooths a burst into a steady stream instead of refusing it, while
 * `maxWaitMs` keeps a queue from growing past what a request's deadline can absorb.
 */
import type { ProviderKind } from '../domain/model.js';
import { ProviderThrottledError } from '../errors/gateway-error.js';
import { UpstreamNetworkError, type HttpTransport } from '../upstream/transport.js';
import { sleep } from './sleep.js';

/** The answer of {@link RateLimiter.take}. */
export type RateDecision = { granted: true; waitMs: number } | { granted: false; retryAfterMs: number };

/** Where token buckets live. Each key has its own bucket; every bucket of one limiter has the same rate. */
export interface RateLimiter {
  /**
   * Takes a token from `key`'s bucket. When none is free but one will be within `maxWaitMs`, reserves it:
   * `{ granted: true, waitMs }` tells how long to wait before going ahead (0: go now). Otherwise takes
   * nothing and answers `{ granted: false, retryAfterMs }`: when a token will next be free.
   */
  take(key: string, maxWaitMs: number): Promise<RateDecision>;
}

/** Options of {@link createInProcessRateLimiter}. */
export interface InProcessRateLimiterOptions {
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens a bucket holds: the burst allowed after a quiet spell. @default perSecond (one second's worth) */
  burst?: number;
  /** Most buckets kept; past it, full buckets (which mean the same as no bucket) are dropped first. @default 100000 */
  maxKeys?: number;
  /** The clock, in milliseconds. @default Date.now */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`createInProcessRateLimiter: ${name} must be a positive number, got ${value}.`);
  return value;
}

/** Creates a limiter whose buckets live in this process's memory (one replica's view only). */
export function createInProcessRateLimiter(options: InProcessRateLimiterOptions): RateLimiter {
  const perMs = positive('perSecond', options.perSecond) / 1000;
  const capacity = positive('burst', options.burst ?? options.perSecond);
  const maxKeys = positive('maxKeys', options.maxKeys ?? 100_000);
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, at: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.updatedAt) * perMs);
    bucket.updatedAt = at;
  };

  const forget = (at: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= capacity) buckets.delete(key);
    }
    // Still no room for one more: drop the oldest. Forgetting a bucket only ever lets its owner through.
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    async take(key, maxWaitMs) {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) forget(at);
        bucket = { tokens: capacity, updatedAt: at };
        buckets.set(key, bucket);
      }
      refill(bucket, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { granted: true, waitMs: 0 };
      }
      const waitMs = Math.ceil((1 - bucket.tokens) / perMs);
      if (waitMs > maxWaitMs) return { granted: false, retryAfterMs: waitMs };
      bucket.tokens -= 1;
      return { granted: true, waitMs };
    },
  };
}

/** Options of {@link withRateLimit}. */
export interface RateLimitOptions {
  /** The limiter holding the provider's bucket (in-process, or Redis-backed to share it across replicas). */
  limiter: RateLimiter;
  /** The rate the limiter enforces, for the error message. */
  perSecond: number;
  /** Longest a call waits for its turn before it fails with `ProviderThrottledError`. @default 1000 */
  maxWaitMs?: number;
  /** Called for each call refused because it would have waited too long. */
  onThrottled?: () => void;
  /** The bucket's key (a tenant's id). @default the provider */
  bucket?: string;
}

/** Wraps a transport so calls to one provider take a token from its bucket (key: `bucket`, else the provider) first. */
export function withRateLimit(
  transport: HttpTransport,
  provider: ProviderKind,
  options: RateLimitOptions,
): HttpTransport {
  const maxWaitMs = options.maxWaitMs ?? 1000;
  return async (request) => {
    const decision = await options.limiter.take(options.bucket ?? provider, maxWaitMs);
    if (!decision.granted) {
      options.onThrottled?.();
      throw new ProviderThrottledError(provider, options.perSecond);
    }
    if (!(await sleep(decision.waitMs, request.signal))) {
      throw new UpstreamNetworkError('aborted', 'the request was abandoned while it waited for its turn');
    }
    return transport(request);
  };
}
