import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';
import { createGuardedTransports } from '../../../src/resilience/guarded-transport.js';
import type { RateLimiter } from '../../../src/resilience/rate-limit.js';
import { get, scriptedTransport } from './fake-transport.js';

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
