/**
 * A circuit breaker per diary host, on cockatiel's `CircuitBreakerPolicy`.
 *
 * Lifecycle (docs/resilience.md tells it in prose):
 * - **closed**: calls go through; `failureThreshold` consecutive failures (transient network failures,
 *   5xx answers; see `failures.ts`) open it. Any other outcome, 4xx included, resets the count.
 * - **open**: calls fail at once with `ProviderCircuitOpenError` (`PROVIDER_UNAVAILABLE`,
 *   `extensions.circuit: "open"`) without touching the network, for `halfOpenAfterMs`.
 * - **half-open**: the next call goes through as a probe; calls arriving meanwhile wait for it. A
 *   successful probe closes the breaker, a failed one opens it for another `halfOpenAfterMs`.
 *
 * 5xx answers count as failures but are still returned to the adapter, which maps them with its own
 * route names and `upstreamStatus`; only calls refused by an open breaker throw here.
 *
 * Calls made while a parent links an account (`runAsLinkAttempt`) bypass the count: they are refused
 * while the breaker is open, like any call, but their outcome never opens, closes or probes it, because
 * it depends on one person's input (docs/resilience.md, "Link attempts").
 *
 * Why per host and not per provider: МЭШ answers from two hosts (school.mos.ru and dnevnik.mos.ru); one
 * in maintenance should not cut the other off.
 */
import {
  BrokenCircuitError,
  CircuitState,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  TaskCancelledError,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { ProviderKind } from '../domain/model.js';
import { ProviderCircuitOpenError } from '../errors/gateway-error.js';
import { isLinkAttempt } from '../upstream/link-attempt.js';
import { UpstreamNetworkError, type HttpTransport, type UpstreamResponse } from '../upstream/transport.js';
import { isServerFailure, isTransientNetworkFailure } from './failures.js';

/** Options of {@link withCircuitBreakers}. */
export interface BreakerOptions {
  /** Consecutive failures that open a host's breaker. @default 5 */
  failureThreshold?: number;
  /** How long an open breaker refuses calls before it lets one probe through. @default 30000 */
  halfOpenAfterMs?: number;
}

/** A breaker's state, as reported to {@link BreakerHooks.onStateChange}. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Hooks of {@link withCircuitBreakers}. */
export interface BreakerHooks {
  /** Called whenever a host's breaker changes state (and once, `closed`, when it is created). */
  onStateChange?: (host: string, state: BreakerState) => void;
  /** Called for each call refused because the host's breaker is open. */
  onRefused?: (host: string) => void;
}

interface HostBreaker {
  policy: CircuitBreakerPolicy;
  /** When the breaker last opened (cockatiel measures the open period with `Date.now` too). */
  openedAt: number;
}

const STATE_NAMES: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  // The gateway never isolates a breaker by hand; should it ever, it is open to a caller.
  [CircuitState.Isolated]: 'open',
};

function validInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`withCircuitBreakers: ${name} must be an integer ≥ ${min}, got ${value}.`);
  return value;
}

function isResponse(value: unknown): value is UpstreamResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number';
}

/** Wraps a transport with one circuit breaker per URL host, for one provider. */
export function withCircuitBreakers(
  transport: HttpTransport,
  provider: ProviderKind,
  options: BreakerOptions & BreakerHooks = {},
): HttpTransport {
  const failureThreshold = validInteger('failureThreshold', options.failureThreshold ?? 5, 1);
  const halfOpenAfterMs = validInteger('halfOpenAfterMs', options.halfOpenAfterMs ?? 30_000, 1);
  const breakers = new Map<string, HostBreaker>();

  const breakerFor = (host: string): HostBreaker => {
    let breaker = breakers.get(host);
    if (breaker) return breaker;
    const policy = circuitBreaker(
      handleWhen(isTransientNetworkFailure).orWhenResult(
        (result) => isResponse(result) && isServerFailure(result.status),
      ),
      { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(failureThreshold) },
    );
    const created: HostBreaker = { policy, openedAt: 0 };
    policy.onBreak(() => {
      created.openedAt = Date.now();
    });
    policy.onStateChange((state) => options.onStateChange?.(host, STATE_NAMES[state]));
    breakers.set(host, created);
    options.onStateChange?.(host, 'closed');
    breaker = created;
    return breaker;
  };

  const refusal = (host: string, breaker: HostBreaker, cause?: unknown): ProviderCircuitOpenError => {
    options.onRefused?.(host);
    const now = Date.now();
    return new ProviderCircuitOpenError(provider, new Date(Math.max(now, breaker.openedAt + halfOpenAfterMs)), now, {
      cause,
    });
  };

  /** True while the breaker refuses calls: open, and its open period not over (then a probe is due). */
  const refusing = (breaker: HostBreaker): boolean => {
    const { state } = breaker.policy;
    return (
      state === CircuitState.Isolated ||
      (state === CircuitState.Open && Date.now() - breaker.openedAt < halfOpenAfterMs)
    );
  };

  return async (request) => {
    const host = request.url.host;
    const breaker = breakerFor(host);
    if (isLinkAttempt()) {
      // Refused like everyone while the diary is known to be down; otherwise sent outside the policy, so
      // neither a failure nor a success of one person's unverified credentials is recorded.
      if (refusing(breaker)) throw refusal(host, breaker);
      return transport(request);
    }
    try {
      return await breaker.policy.execute(() => transport(request), request.signal);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw refusal(host, breaker, error);
      // Raised when the request was abandoned while it waited for another request's probe.
      if (error instanceof TaskCancelledError)
        throw new UpstreamNetworkError('aborted', 'the request was abandoned', { cause: error });
      throw error;
    }
  };
}
