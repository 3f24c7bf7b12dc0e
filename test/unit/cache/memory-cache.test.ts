/**
 * The in-process tier: entries kept packed (equal values back, a copy per read), bounded by entries and by
 * bytes, and its size behind the `diary_gateway_cache_entries` and `diary_gateway_cache_bytes` gauges.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { ENTRY_OVERHEAD_BYTES } from '../../../src/cache/packed-entry.js';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';

const entry = (value: unknown) => ({ value, fetchedAt: 1_000 });
/** What the tier counts for `value` under `key`: the key, the deflated JSON of the value and the bookkeeping. */
const packedBytes = (key: string, value: unknown) =>
  Buffer.byteLength(key) + deflateRawSync(JSON.stringify(value), { level: 1 }).length + ENTRY_OVERHEAD_BYTES;

/** A lesson as the adapters normalise it: nested objects, Cyrillic text, nulls, booleans, numbers. */
const lesson = {
  id: 'dnevnik:1925000000330025261',
  date: '2026-12-01',
  number: 1,
  subject: { id: 'dnevnik:1942000000000042012', name: 'Геометрия', provider: 'DNEVNIK' },
  teacher: { fullName: 'Романова Екатерина Игоревна' },
  topic: null,
  isCancelled: false,
  homework: [{ text: 'Выучить теорему § 14 «Пифагора»', attachments: [], weight: 1.5 }],
  absence: { kind: 'EXCUSED_ABSENCE', reason: 'болезнь' },
};

describe('createMemoryCache values', () => {
  it('should give back a value equal to the one cached, with its fetch time and partial mark', async () => {
    const cache = createMemoryCache();
    const value = { result: [lesson, { ...lesson, number: 2 }], schemaDrift: [], sideFailures: [{ route: 'x' }] };
    await cache.set('v2:a:schedule:1', { value, fetchedAt: 1_234, partial: true }, 60_000);
    await cache.set('v2:a:profile:1', entry('только строка'), 60_000);
    expect(await cache.get('v2:a:schedule:1')).toStrictEqual({ value, fetchedAt: 1_234, partial: true });
    expect(await cache.get('v2:a:profile:1')).toStrictEqual({ value: 'только строка', fetchedAt: 1_000 });
    expect(await cache.get('v2:a:absent:1')).toBeNull();
  });

  it('should keep what was cached whatever its writer or a reader changes afterwards', async () => {
    const cache = createMemoryCache();
    const value = [structuredClone(lesson)];
    await cache.set('v2:a:schedule:1', entry(value), 60_000);
    value[0]!.subject.name = 'changed by the writer';
    const read = (await cache.get('v2:a:schedule:1'))!.value as (typeof lesson)[];
    read[0]!.teacher.fullName = 'changed by a reader';
    read.push(lesson);
    expect((await cache.get('v2:a:schedule:1'))!.value).toStrictEqual([lesson]);
  });

  it('should not keep a value that is not JSON, nor an older copy under its key', async () => {
    const cache = createMemoryCache();
    await cache.set('v2:a:grades:1', entry(['older']), 60_000);
    await cache.set('v2:a:grades:1', entry({ count: 1n }), 60_000);
    expect(await cache.get('v2:a:grades:1')).toBeNull();
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });
});

describe('createMemoryCache size', () => {
  it('should sum each entry as its key, packed value and bookkeeping, and follow writes, replacements and deletions', async () => {
    const cache = createMemoryCache();
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
    const marks = [{ subject: 'Математика', value: '5' }];
    await cache.set('v2:a:grades:1', entry(marks), 60_000);
    await cache.set('v2:a:homework:1', entry({ text: 'x'.repeat(1000) }), 60_000);
    expect(cache.size()).toEqual({
      entries: 2,
      bytes: packedBytes('v2:a:grades:1', marks) + packedBytes('v2:a:homework:1', { text: 'x'.repeat(1000) }),
    });
    // Replaced, not added: the old copy's bytes go.
    await cache.set('v2:a:homework:1', entry({ text: '' }), 60_000);
    expect(cache.size().bytes).toBe(packedBytes('v2:a:grades:1', marks) + packedBytes('v2:a:homework:1', { text: '' }));
    await cache.deleteByPrefix('v2:a:');
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('should count the packed form, far below the JSON of repetitive month pieces', async () => {
    const cache = createMemoryCache();
    const month = Array.from({ length: 90 }, (_, index) => ({ ...lesson, number: index }));
    await cache.set('v2:a:schedule:1', entry(month), 60_000);
    expect(cache.size().bytes).toBe(packedBytes('v2:a:schedule:1', month));
    expect(cache.size().bytes).toBeLessThan(Buffer.byteLength(JSON.stringify(month)) / 10);
  });

  it('should let go of the bytes of what the LRU evicts by entries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    for (const key of ['k1', 'k2', 'k3']) await cache.set(key, entry('value'), 60_000);
    expect(cache.size()).toEqual({ entries: 2, bytes: 2 * packedBytes('k1', 'value') });
    expect(await cache.get('k1')).toBeNull();
  });

  it('should evict the least recently used entries when the bytes would pass the bound', async () => {
    const one = packedBytes('k1', 'value');
    const cache = createMemoryCache({ maxBytes: 3 * one });
    for (const key of ['k1', 'k2', 'k3']) await cache.set(key, entry('value'), 60_000);
    await cache.get('k1'); // now the most recently used: k2 goes first
    await cache.set('k4', entry('value'), 60_000);
    expect(cache.size()).toEqual({ entries: 3, bytes: 3 * one });
    expect(await cache.get('k2')).toBeNull();
    expect((await cache.get('k1'))?.value).toBe('value');
    // One larger entry pushes out as many as it needs.
    const big = 'Контрольная работа по теме «Дроби». '.repeat(40);
    await cache.set('k5', entry(big), 60_000);
    expect(cache.size().bytes).toBeLessThanOrEqual(3 * one);
    expect(cache.size().bytes).toBe(packedBytes('k5', big) + (cache.size().entries - 1) * one);
    expect((await cache.get('k5'))?.value).toBe(big);
  });

  it('should not keep an entry larger than the whole bound, nor the older copy under its key', async () => {
    const cache = createMemoryCache({ maxBytes: 2 * packedBytes('k1', 'value') });
    await cache.set('k1', entry('value'), 60_000);
    await cache.set('k2', entry('value'), 60_000);
    await cache.set('k2', entry(Array.from({ length: 500 }, (_, index) => `${index}-${index * 7919}`)), 60_000);
    expect(await cache.get('k2')).toBeNull();
    expect((await cache.get('k1'))?.value).toBe('value');
    expect(cache.size()).toEqual({ entries: 1, bytes: packedBytes('k1', 'value') });
  });

  it('should be what the gauges show at a scrape, evictions by bytes included', async () => {
    const one = packedBytes('k1', { a: 1 });
    const cache = createMemoryCache({ maxBytes: 2 * one });
    const metrics = createGatewayMetrics({ processMetrics: false });
    metrics.reportCacheSize(() => cache.size());
    await cache.set('k1', entry({ a: 1 }), 60_000);
    let text = await metrics.registry.metrics();
    expect(text).toContain('diary_gateway_cache_entries 1\n');
    expect(text).toContain(`diary_gateway_cache_bytes ${one}\n`);
    for (const key of ['k2', 'k3']) await cache.set(key, entry({ a: 1 }), 60_000);
    text = await metrics.registry.metrics();
    expect(text).toContain('diary_gateway_cache_entries 2\n');
    expect(text).toContain(`diary_gateway_cache_bytes ${2 * one}\n`);
  });
});
