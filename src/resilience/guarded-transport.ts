/**
 * The composition root's helper for transports: `guardedTransport(provider)` gives each diary its own
 * guarded transport (instrumented, retried, behind its breakers and rate limit, traced, journaled), built once per provider
 * so that every adapter of one diary shares its breakers and bucket.
 *
 * Each diary also gets its own undici pool: a diary that hangs then holds only its own connections, and
 * its timeouts can differ from the others' (`overrides`).
 */
import type { GatewayConfig } from '../config/config.js';
import type { ProviderKind } from '../domain/model.js';
import { instrumentTransport } from '../observability/instrument-transport.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { countUpstreamAttempts, traceUpstreamCalls } from '../observability/trace-transport.js';
import { journaledTransport } from '../upstream/call-journal.js';
import { createUndiciTransport, type HttpTransport } from '../upstream/transport.js';
import type { BreakerState } from './breaker.js';
import { createResilientTransport, type ResilientTransportOptions } from './policies.js';
import type { RateLimiter } from './rate-limit.js';
import type { RetryOptions } from './retry.js';

/** The pauses between retries (`withRetries`' scale of the first backoff and its longest one). */
export type RetryBackoff = Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>;

/** Per-provider settings; each absent one comes from the configuration. */
export interface ProviderTransportSettings {
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  retry?: ResilientTransportOptions['retry'];
  breaker?: ResilientTransportOptions['breaker'];
  /** Outbound calls per second. */
  rateLimitPerSecond?: number;
  /** Where the provider's bucket lives (e.g. Redis, shared by replicas). @default in process */
  rateLimiter?: RateLimiter;
}

/** Options of {@link createGuardedTransports}. */
export interface GuardedTransportsOptions {
  /** The `upstream` section of the configuration: timeouts, retries, breaker, rate limit. */
  upstream: GatewayConfig['upstream'];
  metrics: GatewayMetrics;
  /** One base transport for every diary (tests inject one); otherwise each diary gets an undici pool of its own. */
  transport?: HttpTransport | undefined;
  /** Where every diary's bucket lives unless its `overrides` name another (e.g. Redis). @default in process */
  rateLimiter?: RateLimiter | undefined;
  /** The pauses between every diary's retries unless its `overrides` set them. @default `withRetries`' own */
  retryBackoff?: RetryBackoff | undefined;
  /** Settings that differ by diary. */
  overrides?: Partial<Record<ProviderKind, ProviderTransportSettings>>;
}

/**
 * Creates `guardedTransport(provider, tenantId?)`, memoised per tenant (per provider when no tenant is
 * given): each tenant's adapter gets its own rate-limit bucket and undici pool, so one region's slow or
 * busy diary never spends another region's allowance. Breakers are per host in any case.
 * @example
 * const guardedTransport = createGuardedTransports({ upstream: config.upstream, metrics });
 * const mesh = createMeshAdapter({ transport: guardedTransport('MESH'), hosts: config.mesh });
 */
export function createGuardedTransports(
  options: GuardedTransportsOptions,
): (provider: ProviderKind, tenantId?: string) => HttpTransport {
  const { upstream, metrics } = options;
  const built = new Map<string, HttpTransport>();
  return (provider, tenantId) => {
    const key = tenantId ?? provider;
    const existing = built.get(key);
    if (existing) return existing;
    const settings = options.overrides?.[provider] ?? {};
    const base =
      options.transport ??
      createUndiciTransport({
        connectTimeoutMs: settings.connectTimeoutMs ?? upstream.connectTimeoutMs,
        headersTimeoutMs: settings.headersTimeoutMs ?? upstream.headersTimeoutMs,
        bodyTimeoutMs: settings.bodyTimeoutMs ?? upstream.bodyTimeoutMs,
      });
    const perSecond = settings.rateLimitPerSecond ?? upstream.rateLimitPerSecond;
    const limiter = settings.rateLimiter ?? options.rateLimiter;
    // What each host's breaker is now, for the call spans (`traceUpstreamCalls`); one entry per diary host.
    const breakerStates = new Map<string, BreakerState>();
    // Innermost, each HTTP attempt is counted on the call's span; outermost, each call gets one.
    const attempts = countUpstreamAttempts(instrumentTransport(base, provider, metrics));
    const resilient = createResilientTransport(attempts, {
      provider,
      retry: { retries: upstream.retries, ...options.retryBackoff, ...settings.retry },
      breaker: {
        failureThreshold: upstream.breakerFailureThreshold,
        halfOpenAfterMs: upstream.breakerHalfOpenAfterMs,
        ...settings.breaker,
      },
      rateLimit: { perSecond, ...(limiter ? { limiter } : {}), ...(tenantId ? { bucket: tenantId } : {}) },
      metrics,
      onBreakerStateChange: (host, state) => breakerStates.set(host, state),
    });
    // Outermost of all, the call journal (`call-journal.ts`): it notes each data call for the cached copy built
    // on it, and a renewal check's replay goes through every layer above like any call.
    const transport = journaledTransport(
      traceUpstreamCalls(resilient, {
        provider,
        tenant: tenantId ?? null,
        breakerState: (host) => breakerStates.get(host),
      }),
    );
    built.set(key, transport);
    return transport;
  };
}
