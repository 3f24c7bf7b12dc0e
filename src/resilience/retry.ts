/**
 * Retries of idempotent reads. Only `GET`s are asked again (a repeated `POST` could sign in twice or
 * submit twice), only after a transient network failure or a retryable status (see `failures.ts`), and
 * never past the GraphQL request's deadline: the backoff sleeps on the request's signal, and when the
 * signal ends it the last real outcome (the diary's answer or failure) is returned rather than a
 * timeout, because it says more about what went wrong.
 *
 * Calls of a link attempt (`runAsLinkAttempt`) are not retried either: their outcome depends on one
 * person's unverified input, which the same request meets again, and each repeat would multiply the calls
 * one person can make the diary answer. The parent sees the error at once and may try again.
 *
 * The jittered delays come from cockatiel's decorrelated-jitter backoff (Polly's "DecorrelatedJitterV2").
 * The loop itself is ours: cockatiel 3's `RetryPolicy` sleeps on a timer that its abort signal cannot
 * cut short, and it cannot wait for a diary's `Retry-After`.
 */
import { decorrelatedJitterGenerator, ExponentialBackoff, type IBackoff } from 'cockatiel';
import { isLinkAttempt } from '../upstream/link-attempt.js';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from '../upstream/transport.js';
import { isTransientNetworkFailure, RETRYABLE_STATUSES } from './failures.js';
import { sleep } from './sleep.js';

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Attempts after the first one; `0` turns retrying off. @default 2 */
  retries?: number;
  /** Scale of the first backoff; later ones grow about twice per attempt, with jitter. @default 100 */
  baseDelayMs?: number;
  /** Longest backoff between two attempts. @default 1000 */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the gateway waits for. A diary asking for a longer pause gets none: its answer
   * is returned at once, since calling back sooner than asked would be rude and waiting would outlast
   * the family's request.
   * @default 3000
   */
  maxRetryAfterMs?: number;
}

/** Hooks of {@link withRetries}. */
export interface RetryHooks {
  /** Called before each backoff with why the attempt is repeated: the HTTP status or the network failure. */
  onRetry?: (reason: string) => void;
  /** The clock for `Retry-After` dates. @default Date.now */
  now?: () => number;
}

type Outcome = { response: UpstreamResponse } | { error: unknown };

/** The next pause: a fixed delay from `Retry-After`, a jittered backoff, or no retry at all. */
type NextStep = { kind: 'retry-after'; delayMs: number; reason: string } | { kind: 'backoff'; reason: string } | null;

/**
 * Reads `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 * @returns milliseconds to wait (0 for a date in the past), or `null` when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month ("Wed, 21 Oct 2026 07:28:00 GMT"); requiring a letter keeps
  // `Date.parse` from reading a negative number such as "-1" as a year.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

function validCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`withRetries: ${name} must be an integer ≥ ${min}, got ${value}.`);
  return value;
}

/** Wraps a transport so idempotent reads are retried with jittered backoff, honouring `Retry-After`. */
export function withRetries(transport: HttpTransport, options: RetryOptions & RetryHooks = {}): HttpTransport {
  const retries = validCount('retries', options.retries ?? 2, 0);
  const maxRetryAfterMs = validCount('maxRetryAfterMs', options.maxRetryAfterMs ?? 3000, 0);
  const backoffs = new ExponentialBackoff({
    generator: decorrelatedJitterGenerator,
    initialDelay: validCount('baseDelayMs', options.baseDelayMs ?? 100, 1),
    maxDelay: validCount('maxDelayMs', options.maxDelayMs ?? 1000, 1),
  });
  const now = options.now ?? Date.now;

  const nextStep = (outcome: Outcome): NextStep => {
    if ('error' in outcome)
      return isTransientNetworkFailure(outcome.error) ? { kind: 'backoff', reason: outcome.error.failure } : null;
    const { status, headers } = outcome.response;
    if (!RETRYABLE_STATUSES.has(status)) return null;
    const reason = String(status);
    const retryAfterMs = parseRetryAfter(headers['retry-after'], now());
    if (retryAfterMs === null) return { kind: 'backoff', reason };
    return retryAfterMs <= maxRetryAfterMs ? { kind: 'retry-after', delayMs: retryAfterMs, reason } : null;
  };

  const attempt = async (request: UpstreamRequest): Promise<Outcome> => {
    try {
      return { response: await transport(request) };
    } catch (error) {
      return { error };
    }
  };

  return async (request) => {
    if (request.method !== 'GET' || retries === 0 || isLinkAttempt()) return transport(request);
    let backoff: IBackoff<unknown> | undefined;
    for (let attempted = 1; ; attempted++) {
      const outcome = await attempt(request);
      const step = attempted <= retries ? nextStep(outcome) : null;
      if (step === null || request.signal?.aborted) return settle(outcome);
      backoff = backoff ? backoff.next(undefined) : backoffs.next();
      const delayMs = step.kind === 'retry-after' ? step.delayMs : Math.round(backoff.duration);
      options.onRetry?.(step.reason);
      if (!(await sleep(delayMs, request.signal))) return settle(outcome);
    }
  };
}

function settle(outcome: Outcome): UpstreamResponse {
  if ('error' in outcome) throw outcome.error;
  return outcome.response;
}
