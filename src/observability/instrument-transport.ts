/**
 * A transport wrapper that measures every HTTP attempt to a diary: its latency, and the failed ones by
 * status or network failure. It sits innermost (under retries, breaker and rate limit), so each retry is
 * measured as the separate request it is, and a call the breaker refuses is never counted as latency.
 */
import type { ProviderKind } from '../domain/model.js';
import { UpstreamNetworkError, type HttpTransport } from '../upstream/transport.js';
import type { GatewayMetrics } from './metrics.js';
import { countUpstreamCall } from './request-counters.js';

/** Wraps `transport` so each call is observed in `metrics` under `provider`, and counted for its request's log line. */
export function instrumentTransport(
  transport: HttpTransport,
  provider: ProviderKind,
  metrics: GatewayMetrics,
): HttpTransport {
  return async (request) => {
    const stop = metrics.upstreamDuration.startTimer({ provider });
    countUpstreamCall();
    try {
      const response = await transport(request);
      stop({ outcome: `${Math.floor(response.status / 100)}xx` });
      if (response.status >= 400) metrics.upstreamErrors.inc({ provider, code: String(response.status) });
      return response;
    } catch (error) {
      const failure = error instanceof UpstreamNetworkError ? error.failure : 'error';
      stop({ outcome: failure });
      metrics.upstreamErrors.inc({ provider, code: failure });
      throw error;
    }
  };
}
