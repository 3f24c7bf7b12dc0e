import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';
import { createGuardedTransports } from '../../../src/resilience/guarded-transport.js';
import type { RateLimiter } from '../../../src/resilience/rate-limit.js';
import { useStrictFakeTimers } from '../../support/fake-timers.js';
import { get, scriptedTransport, settle } from './fake-transport.js';

/** A limiter that grants everything and records which bucket each call took its token from. */
function recordingLimiter(): RateLimiter & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    take: (key) => {
      keys.push(key);
      return Promise.resolve({ granted: true, waitMs: 0 });
    },
  };
}

describe('guarded transports per tenant', () => {
  const setup = () => {
    const limiter = recordingLimiter();
    const { transport } = scriptedTransport({ status: 200 });
    const guarded = createGuardedTransports({
      upstream: loadConfig({}).upstream,
      metrics: createGatewayMetrics({ processMetrics: false }),
      transport,
      rateLimiter: limiter,
    });
    return { limiter, guarded };
  };

  it('gives each tenant of one diary its own rate-limit bucket, and the same transport on every ask', async () => {
    const { limiter, guarded } = setup();
    const moscow = guarded('MESH', 'mesh-moscow');
    const region = guarded('MESH', 'mesh-mosreg');
    expect(guarded('MESH', 'mesh-moscow')).toBe(moscow);
    expect(region).not.toBe(moscow);
    await moscow(get());
    await region(get());
    expect(limiter.keys).toEqual(['mesh-moscow', 'mesh-mosreg']);
  });

  it('keys the bucket by the diary when no tenant is named, as before tenants existed', async () => {
    const { limiter, guarded } = setup();
    await guarded('ELJUR')(get());
    expect(limiter.keys).toEqual(['ELJUR']);
  });
});

describe('guarded transports with a retry backoff of their own', () => {
  useStrictFakeTimers();

  it('should wait the given backoff between retries, and retry as often as UPSTREAM_RETRIES says', async () => {
    // With Math.random() = 0.5 the decorrelated jitter waits ≈ 0.897 × the base before the first retry.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { transport } = scriptedTransport({ status: 503 });
    const guarded = createGuardedTransports({
      upstream: loadConfig({ UPSTREAM_RETRIES: '2' }).upstream,
      metrics: createGatewayMetrics({ processMetrics: false }),
      transport,
      rateLimiter: recordingLimiter(),
      retryBackoff: { baseDelayMs: 10, maxDelayMs: 20 },
    });
    const call = settle(guarded('DNEVNIK')(get()));
    await vi.advanceTimersByTimeAsync(8);
    expect(transport).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1); // ≈ 9 ms, where the default backoff would wait ≈ 90 ms
    expect(transport).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(20); // the longest backoff
    expect(transport).toHaveBeenCalledTimes(3);
    expect(call.result()?.value?.status).toBe(503);
  });
});
