/**
 * `createResilientTransport`: the per-provider policies around a diary's `HttpTransport`, so that an
 * adapter receives an already-guarded transport and knows nothing of them. From the outside in:
 *
 * 1. **retries** (`retry.ts`): idempotent reads only, jittered backoff, `Retry-After`, within the
 *    request's deadline;
 * 2. **circuit breaker per host** (`breaker.ts`): fails fast with `ProviderCircuitOpenError` while open;
 * 3. **outbound rate limit** (`rate-limit.ts`): one token bucket per provider.
 *
 * Before all three, a request the HTTP client would refuse (a header value with CR/LF, say) is refused as
 * `invalid-request` (`request-shape.ts`): never retried, never seen by the breaker (not even as a
 * half-open probe, which cockatiel would close on an error it does not handle), spending no token.
 *
 * Retries sit outside the breaker, so every attempt counts towards opening it and an opening breaker
 * stops the retries at once; the rate limit sits inside, so calls the breaker refuses spend no tokens.
 * Connect, headers and body timeouts belong to the transport itself (`createUndiciTransport`), and the
 * overall deadline to the request scope's signal, which every layer here honours.
 */
import type { ProviderKind } from '../domain/model.js';
import { BREAKER_STATE_VALUES, type GatewayMetrics } from '../observability/metrics.js';
import { unsendableReason } from '../upstream/request-shape.js';
import { UpstreamNetworkError, type HttpTransport } from '../upstream/transport.js';
import { withCircuitBreakers, type BreakerOptions, type BreakerState } from './breaker.js';
import { createInProcessRateLimiter, withRateLimit, type RateLimiter } from './rate-limit.js';
import { withRetries, type RetryOptions } from './retry.js';

/** The outbound rate limit of one provider. */
export interface UpstreamRateLimitOptions {
  /** Calls per second to this provider. */
  perSecond: number;
  /** Calls allowed at once after a quiet spell. @default perSecond */
  burst?: number;
  /** Longest a call waits for its turn before failing with `ProviderThrottledError`. @default 1000 */
  maxWaitMs?: number;
  /**
   * Where the bucket lives. @default an in-process bucket (this replica only). Pass a Redis-backed
   * `RateLimiter` to share one bucket per provider across replicas; it must enforce `perSecond`/`burst` itself.
   */
  limiter?: RateLimiter;
  /**
   * The bucket's key in the limiter: one per tenant (Moscow's МЭШ and the Moscow region's are two
   * installations, each with its own allowance). @default the provider
   */
  bucket?: string;
}

/** Options of {@link createResilientTransport}. */
export interface ResilientTransportOptions {
  /** The diary this transport reaches; named in errors and metric labels. */
  provider: ProviderKind;
  /** Retry policy. @default 2 retries, 100 ms–1 s jittered backoff, `Retry-After` up to 3 s */
  retry?: RetryOptions;
  /** Circuit breaker policy (per host). @default 5 consecutive failures, half-open after 30 s */
  breaker?: BreakerOptions;
  /** Outbound rate limit; absent means none. */
  rateLimit?: UpstreamRateLimitOptions;
  /** Where to report retries, breaker states and refused calls. */
  metrics?: GatewayMetrics;
  /** Told of every change of a host's breaker (and of each new breaker, `closed`), besides `metrics`. */
  onBreakerStateChange?: (host: string, state: BreakerState) => void;
}

/**
 * Wraps a diary's transport in its retry, circuit-breaker and rate-limit policies.
 * @example
 * const transport = createResilientTransport(instrumentTransport(createUndiciTransport(), 'MESH', metrics), {
 *   provider: 'MESH',
 *   retry: { retries: 2 },
 *   breaker: { failureThreshold: 5, halfOpenAfterMs: 30_000 },
 *   rateLimit: { perSecond: 50 },
 *   metrics,
 * });
 * const adapter = createMeshAdapter({ transport });
 */
export function createResilientTransport(transport: HttpTransport, options: ResilientTransportOptions): HttpTransport {
  const { provider, metrics } = options;
  let guarded = transport;
  if (options.rateLimit) {
    const { perSecond, burst, maxWaitMs, limiter, bucket } = options.rateLimit;
    guarded = withRateLimit(guarded, provider, {
      ...(bucket === undefined ? {} : { bucket }),
      limiter: limiter ?? createInProcessRateLimiter({ perSecond, burst: burst ?? perSecond }),
      perSecond,
      ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
      onThrottled: () => metrics?.upstreamErrors.inc({ provider, code: 'throttled' }),
    });
  }
  guarded = withCircuitBreakers(guarded, provider, {
    ...options.breaker,
    onStateChange: (host, state) => {
      metrics?.breakerState.set({ provider, host }, BREAKER_STATE_VALUES[state]);
      options.onBreakerStateChange?.(host, state);
    },
    onRefused: () => metrics?.upstreamErrors.inc({ provider, code: 'circuit_open' }),
  });
  const retried = withRetries(guarded, {
    ...options.retry,
    onRetry: (reason) => metrics?.upstreamRetries.inc({ provider, reason }),
  });
  return async (request) => {
    const reason = unsendableReason(request);
    if (reason !== null) {
      metrics?.upstreamErrors.inc({ provider, code: 'invalid-request' });
      throw new UpstreamNetworkError('invalid-request', reason);
    }
    return retried(request);
  };
}
