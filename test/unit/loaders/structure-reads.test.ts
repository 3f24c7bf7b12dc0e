import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FRESHNESS, parseFreshnessOverrides } from '../../../src/config/cache-freshness.js';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { UpstreamCache } from '../../../src/cache/upstream-cache.js';
import type { ProviderAccount, UpstreamScope } from '../../../src/domain/adapter.js';
import { ProviderUnavailableError } from '../../../src/errors/gateway-error.js';
import { withStructure } from '../../../src/loaders/structure-reads.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';
import { readStructure } from '../../../src/upstream/structure.js';

const ACCOUNT: ProviderAccount = { id: 'acc_1', provider: 'DNEVNIK', credentials: { accessToken: 't' } };
const OTHER: ProviderAccount = { ...ACCOUNT, id: 'acc_2' };

function setup() {
  let now = 1_000_000;
  const cache = new UpstreamCache({ store: createMemoryCache(), now: () => now, logger: createLogger('silent') });
  const background = createUpstreamScope();
  /** A new request's scope (its own memo) over the one cache. */
  const request = (): UpstreamScope => withStructure(createUpstreamScope(), cache, () => background);
  return { cache, request, background, advance: (ms: number) => (now += ms) };
}

describe('structure reads through the upstream cache', () => {
  it('reads a key once per request and not again in a later request while fresh', async () => {
    const { request } = setup();
    const load = vi.fn<(scope: UpstreamScope) => Promise<{ periods: string[] }>>(async () => ({
      periods: ['2026-09-01..2026-12-27'],
    }));
    const first = request();
    await Promise.all([
      readStructure(first, ACCOUNT, 'periods:1', load),
      readStructure(first, ACCOUNT, 'periods:1', load),
    ]);
    const later = await readStructure(request(), ACCOUNT, 'periods:1', load);
    expect(later).toEqual({ periods: ['2026-09-01..2026-12-27'] });
    expect(load).toHaveBeenCalledTimes(1);
    // The caller's own scope makes the calls of a miss.
    expect(load.mock.calls[0]![0]).toBe(first);
  });

  it('keeps each account its own entry', async () => {
    const { request } = setup();
    await readStructure(request(), ACCOUNT, 'school:1', async () => 'first family');
    expect(await readStructure(request(), OTHER, 'school:1', async () => 'second family')).toBe('second family');
  });

  it('serves a copy past its fresh window at once and refreshes it in the background scope', async () => {
    const { request, background, advance } = setup();
    await readStructure(request(), ACCOUNT, 'work-types:1', async () => ['old']);
    advance(DEFAULT_FRESHNESS.structure.freshMs + 1);
    const refresh = vi.fn<(scope: UpstreamScope) => Promise<string[]>>(async () => ['new']);
    expect(await readStructure(request(), ACCOUNT, 'work-types:1', refresh)).toEqual(['old']);
    await vi.waitFor(async () =>
      expect(await readStructure(request(), ACCOUNT, 'work-types:1', refresh)).toEqual(['new']),
    );
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh.mock.calls[0]![0]).toBe(background);
  });

  it('serves the last good copy when the diary fails past the revalidate window (stale-if-error)', async () => {
    const { request, advance } = setup();
    await readStructure(request(), ACCOUNT, 'timetables:1', async () => ['bells']);
    advance(DEFAULT_FRESHNESS.structure.revalidateMs + 1);
    const failing = async () => Promise.reject(new ProviderUnavailableError('DNEVNIK', 'HTTP 503'));
    expect(await readStructure(request(), ACCOUNT, 'timetables:1', failing)).toEqual(['bells']);
  });

  it('fails a read that has no copy to fall back on', async () => {
    const { request } = setup();
    const failing = async () => Promise.reject(new ProviderUnavailableError('DNEVNIK', 'HTTP 503'));
    await expect(readStructure(request(), ACCOUNT, 'timetables:1', failing)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });

  it('loads straight through the scope when no cache stands behind it', async () => {
    const scope = createUpstreamScope();
    const load = vi.fn(async () => 1);
    await readStructure(scope, ACCOUNT, 'k', load);
    await readStructure(scope, ACCOUNT, 'k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('takes the structure windows from CACHE_FRESHNESS, keeping the revalidate window’s ratio', () => {
    const ratio = DEFAULT_FRESHNESS.structure.revalidateMs / DEFAULT_FRESHNESS.structure.freshMs;
    expect(parseFreshnessOverrides('structure=3600')).toEqual({
      structure: { freshMs: 3_600_000, revalidateMs: 3_600_000 * ratio },
    });
  });
});
