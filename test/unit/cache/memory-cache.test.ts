/** The in-process tier's size, behind the `diary_gateway_cache_entries` and `diary_gateway_cache_bytes` gauges. */
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';

const entry = (value: unknown) => ({ value, fetchedAt: 1_000 });
const jsonBytes = (key: string, value: unknown) =>
  Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(entry(value)));

describe('createMemoryCache size', () => {
  it('should sum each entry as UTF-8 JSON with its key, and follow writes, replacements and deletions', async () => {
    const cache = createMemoryCache();
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
    const marks = [{ subject: 'Математика', value: '5' }];
    await cache.set('v2:a:grades:1', entry(marks), 60_000);
    await cache.set('v2:a:homework:1', entry({ text: 'x'.repeat(1000) }), 60_000);
    expect(cache.size()).toEqual({
      entries: 2,
      bytes: jsonBytes('v2:a:grades:1', marks) + jsonBytes('v2:a:homework:1', { text: 'x'.repeat(1000) }),
    });
    // Replaced, not added: the old copy's bytes go.
    await cache.set('v2:a:homework:1', entry({ text: '' }), 60_000);
    expect(cache.size().bytes).toBe(jsonBytes('v2:a:grades:1', marks) + jsonBytes('v2:a:homework:1', { text: '' }));
    await cache.deleteByPrefix('v2:a:');
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('should let go of the bytes of what the LRU evicts', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    for (const key of ['k1', 'k2', 'k3']) await cache.set(key, entry('value'), 60_000);
    expect(cache.size()).toEqual({ entries: 2, bytes: 2 * jsonBytes('k1', 'value') });
  });

  it('should be what the gauges show at a scrape', async () => {
    const cache = createMemoryCache();
    const metrics = createGatewayMetrics({ processMetrics: false });
    metrics.reportCacheSize(() => cache.size());
    await cache.set('k1', entry({ a: 1 }), 60_000);
    const text = await metrics.registry.metrics();
    expect(text).toContain('diary_gateway_cache_entries 1\n');
    expect(text).toContain(`diary_gateway_cache_bytes ${jsonBytes('k1', { a: 1 })}\n`);
  });
});
