/** The per-request counts of the access log, kept where upstream calls and cache lookups are observed. */
import { describe, expect, it } from 'vitest';
import { newRequestActivity, runInRequest } from '../../../src/logging/request-context.js';
import { instrumentTransport } from '../../../src/observability/instrument-transport.js';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';
import { countCacheOutcome } from '../../../src/observability/request-counters.js';
import { get, scriptedTransport } from '../resilience/fake-transport.js';

describe('the request counters', () => {
  it('should count each HTTP attempt to a diary, failed ones too, in the request that made it', async () => {
    const { transport } = scriptedTransport(
      { status: 200 },
      { status: 503 },
      { failure: 'headers-timeout' },
      { status: 200 },
    );
    const measured = instrumentTransport(transport, 'MESH', createGatewayMetrics({ processMetrics: false }));
    const activity = newRequestActivity();
    await runInRequest({ requestId: 'r-1', activity }, async () => {
      await measured(get());
      await measured(get());
      await measured(get()).catch(() => undefined);
    });
    // Outside a request there is nothing to count in, and nothing breaks.
    await measured(get());
    expect(activity.upstreamCalls).toBe(3);
  });

  it('should count hits, misses and old copies, and no failed background refresh', () => {
    const activity = newRequestActivity();
    runInRequest({ requestId: 'r-2', activity }, () => {
      for (const outcome of ['hit', 'hit', 'miss', 'revalidate', 'miss', 'stale_served', 'refresh_failed'] as const)
        countCacheOutcome(outcome);
    });
    countCacheOutcome('hit');
    expect(activity).toMatchObject({ cacheHits: 2, cacheMisses: 2, cacheStale: 2, upstreamCalls: 0 });
  });
});
