import { describe, expect, it, vi } from 'vitest';
import type { CacheEntry, CacheStore } from '../../../src/cache/cache-store.js';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import type { PackedEntry } from '../../../src/cache/packed-entry.js';
import { createTieredCache } from '../../../src/cache/tiered-cache.js';
import {
  cacheKey,
  UpstreamCache,
  type CacheOutcome,
  type CacheRequest,
  type ServedCopy,
} from '../../../src/cache/upstream-cache.js';
import { createLogger } from '../../../src/logging/logger.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import { renewCopies, renewingFetch } from '../../../src/loaders/renewing-fetch.js';
import {
  journaledTransport,
  noteStructureRead,
  RENEWAL_SLOT_MS,
  secretsOf,
  type Replays,
} from '../../../src/upstream/call-journal.js';
import type { UpstreamRequest } from '../../../src/upstream/transport.js';

const GRADES: CacheRequest = {
  resource: 'grades',
  provider: 'MESH',
  accountId: 'acc_1',
  params: ['42', '2026-12-01', '2026-12-31'],
};
const STRUCTURE: CacheRequest = { resource: 'structure', provider: 'MESH', accountId: 'acc_1', params: ['periods'] };
/** Inside a quarter hour, with room for the steps of a test. */
const START = 100 * RENEWAL_SLOT_MS + 1_000;

/** A shared tier that keeps what it is given as JSON, as Redis does. */
function jsonTier(): CacheStore & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    get: async (key) => (raw.has(key) ? (JSON.parse(raw.get(key)!) as CacheEntry) : null),
    set: async (key, entry) => void raw.set(key, JSON.stringify(entry)),
    deleteByPrefix: async () => undefined,
  };
}

function setup(options: { tiered?: boolean; held?: boolean } = {}) {
  let now = START;
  const near = createMemoryCache();
  const far = jsonTier();
  const outcomes: CacheOutcome[] = [];
  const cache = new UpstreamCache({
    store: options.tiered ? createTieredCache(near, far) : near,
    // Data always refreshed; structure fresh for a minute, so a test can outlive it inside one quarter hour.
    freshness: { grades: { freshMs: 0, revalidateMs: 0 }, structure: { freshMs: 60_000, revalidateMs: 3_600_000 } },
    now: () => now,
    logger: createLogger('silent'),
    onOutcome: (_request, outcome) => outcomes.push(outcome),
  });
  let marks = '{"marks":[5]}';
  const calls: string[] = [];
  const transport = journaledTransport(async (request: UpstreamRequest) => {
    calls.push(request.url.pathname);
    return { status: 200, headers: {}, body: request.url.pathname === '/marks' ? marks : '{}' };
  });
  /** The adapter's read: one call, its answer decoded and normalised (counted). */
  const decode = vi.fn((body: string) => (JSON.parse(body) as { marks: number[] }).marks.map((value) => ({ value })));
  const read =
    (token = 'token-1') =>
    async () => {
      const answer = await transport({ method: 'GET', url: new URL('https://mesh.test/marks'), headers: { token } });
      return decode(answer.body);
    };
  /**
   * A copy of `request` in the cache before the test's first load of it, as a family's first read leaves it: built
   * with none held, so with no journal (`renewingFetch` keeps none then). The test's first load is then a refresh,
   * which builds the journal the tests replay. Nothing is counted: no call, no decode, no outcome.
   */
  const held = new Set<string>();
  const hold = async (request: CacheRequest) => {
    const key = cacheKey(request);
    if (options.held === false || held.has(key)) return;
    held.add(key);
    const before = outcomes.length;
    const plain = async () => [{ value: 0 }];
    await cache.load(request, plain, plain);
    outcomes.length = before;
  };
  const load = async (inputs = 'inputs-1', token = 'token-1', replays: Replays = new Map()) => {
    await hold(GRADES);
    // The account's secrets, as the loaders pass them: a token of 8 characters or more is masked in the journal.
    const secrets = secretsOf({ token });
    const fetch = renewingFetch({ cache, replays, inputs, signal: undefined, secrets }, read(token));
    return cache.load(GRADES, fetch, fetch);
  };
  return {
    cache,
    near,
    far,
    outcomes,
    hold,
    calls,
    decode,
    read,
    load,
    setMarks: (body: string) => (marks = body),
    advance: (ms: number) => (now += ms),
    now: () => now,
  };
}

/**
 * A read of its own cache key built on the structure copy `structure` serves (noted as read), as a renewing fetch:
 * `load` serves it through the cache, `build` counts its builds.
 */
function builtOnStructure(t: ReturnType<typeof setup>, structure: () => Promise<ServedCopy<unknown>>) {
  const build = vi.fn(async () => {
    const copy = await structure();
    noteStructureRead(copy.key, copy.fetchedAt);
    return t.read()();
  });
  const fetch = renewingFetch({ cache: t.cache, replays: new Map(), inputs: 'i', signal: undefined }, build);
  const request = { ...GRADES, params: ['outer'] };
  return {
    build,
    load: async () => {
      await t.hold(request);
      return t.cache.load(request, fetch, fetch);
    },
  };
}

describe('renewing a cached copy whose diary answers are unchanged', () => {
  it('should keep the copy and its packed bytes with a new fetch time, asking the diary but decoding nothing', async () => {
    const t = setup();
    const first = await t.load();
    t.advance(1_000);
    const held = t.near.peekNear?.(cacheKey(GRADES)) as PackedEntry;
    const second = await t.load();
    expect(t.calls).toEqual(['/marks', '/marks']);
    expect(t.decode).toHaveBeenCalledTimes(1);
    expect(second.value).toEqual(first.value);
    expect(second.fetchedAt).toBe(first.fetchedAt + 1_000);
    const renewed = t.near.peekNear?.(cacheKey(GRADES)) as PackedEntry;
    expect(renewed).not.toBe(held);
    expect(renewed.deflated).toBe(held.deflated);
    expect(t.outcomes).toEqual(['miss', 'miss', 'renewed']);
  });

  it('should build the copy again from the same one call when an answer changed', async () => {
    const t = setup();
    await t.load();
    t.setMarks('{"marks":[5,2]}');
    t.advance(1_000);
    const second = await t.load();
    expect(second.value).toEqual([{ value: 5 }, { value: 2 }]);
    expect(t.calls).toEqual(['/marks', '/marks']);
    expect(t.decode).toHaveBeenCalledTimes(2);
    // …and the copy built now is renewed in turn.
    t.advance(1_000);
    await t.load();
    expect(t.decode).toHaveBeenCalledTimes(2);
  });

  it('should build the copy again, never replay, when its inputs changed (a new token, another child)', async () => {
    const t = setup();
    await t.load('inputs-1', 'token-1');
    t.advance(1_000);
    await t.load('inputs-2', 'token-2');
    expect(t.decode).toHaveBeenCalledTimes(2);
    expect(t.calls).toEqual(['/marks', '/marks']);
  });

  it('should build the copy again in the next quarter hour ("today" may have moved in some school zone)', async () => {
    const t = setup();
    await t.load();
    t.advance(RENEWAL_SLOT_MS);
    await t.load();
    expect(t.decode).toHaveBeenCalledTimes(2);
    t.advance(1_000);
    await t.load();
    expect(t.decode).toHaveBeenCalledTimes(2);
  });

  it('should build the copy again when a structure copy it read was refetched or went stale', async () => {
    for (const change of ['refetched', 'stale'] as const) {
      const t = setup();
      const loadStructure = (periods: number) =>
        t.cache.load(
          STRUCTURE,
          async () => ({ periods }),
          async () => ({ periods }),
        );
      await loadStructure(2);
      t.advance(1_000);
      const { build, load } = builtOnStructure(t, () => loadStructure(2));
      await load();
      t.advance(1_000);
      await load();
      expect(build).toHaveBeenCalledTimes(1); // renewed: built on the structure kept before it
      if (change === 'refetched') {
        await t.cache.forget('acc_1', ['structure']);
        await loadStructure(3);
      } else t.advance(60_000);
      t.advance(1);
      await load();
      expect(build, change).toHaveBeenCalledTimes(2);
    }
  });

  it('should not keep a journal for a copy built while its structure was being fetched', async () => {
    const t = setup();
    const { build, load } = builtOnStructure(t, () =>
      t.cache.load(
        STRUCTURE,
        async () => ({ periods: 2 }),
        async () => ({ periods: 2 }),
      ),
    );
    await load();
    t.advance(1_000);
    await load();
    expect(build).toHaveBeenCalledTimes(2);
    t.advance(1_000);
    await load();
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('should keep no journal for a copy built with none held, and build one on its first refresh', async () => {
    const t = setup({ held: false });
    await t.load();
    t.advance(1_000);
    await t.load();
    expect(t.decode).toHaveBeenCalledTimes(2); // the first copy could not be renewed…
    t.advance(1_000);
    await t.load();
    expect(t.decode).toHaveBeenCalledTimes(2); // …the refreshed one can
    expect(t.outcomes).toEqual(['miss', 'miss', 'miss', 'renewed']);
  });

  it('should write the renewed copy to the shared tier with its new fetch time and never its journal', async () => {
    const t = setup({ tiered: true });
    await t.load();
    t.advance(1_000);
    await t.load();
    expect(t.decode).toHaveBeenCalledTimes(1);
    const stored = JSON.parse(t.far.raw.get(cacheKey(GRADES))!) as Record<string, unknown>;
    expect(stored).toEqual({ value: [{ value: 5 }], fetchedAt: START + 1_000 });
    expect(t.far.raw.get(cacheKey(GRADES))).not.toContain('token-1');
  });
});

describe('renewing the copies of a kept answer (renewCopies)', () => {
  const TOKEN = 'token-of-acc-1';
  const account = (token = TOKEN): ProviderAccount => ({ id: 'acc_1', provider: 'MESH', credentials: { token } });
  /** The copy the tier holds for GRADES, as a kept answer names it. */
  const heldCopy = (t: ReturnType<typeof setup>) => ({
    key: cacheKey(GRADES),
    version: t.near.peekNear!(cacheKey(GRADES))!,
  });
  const renew = (t: ReturnType<typeof setup>, replays: Replays, opened: ProviderAccount | null = account()) =>
    renewCopies([heldCopy(t)], {
      cache: t.cache,
      replays,
      account: async () => opened,
      signalFor: () => undefined,
    });

  it('should renew a copy whose diary answers are unchanged, with the account’s credentials, decoding nothing', async () => {
    const t = setup();
    await t.load('inputs-1', TOKEN);
    t.advance(1_000);
    const before = heldCopy(t);
    const [renewed] = await renew(t, new Map());
    expect(t.calls).toEqual(['/marks', '/marks']);
    expect(t.decode).toHaveBeenCalledTimes(1);
    expect(renewed).toEqual({ version: t.near.peekNear!(cacheKey(GRADES)), freshUntil: START + 1_000 });
    expect(renewed?.version).not.toBe(before.version);
    expect(t.outcomes).toEqual(['miss', 'renewed']);
    // The renewed copy is held with its new fetch time, its value the one built first.
    const served = await t.cache.load(GRADES, t.read(TOKEN), t.read(TOKEN));
    expect(served.value).toEqual([{ value: 5 }]);
  });

  it('should not renew a copy whose answer changed, and answer the request’s own call with that replay', async () => {
    const t = setup();
    await t.load('inputs-1', TOKEN);
    const held = heldCopy(t).version;
    t.setMarks('{"marks":[5,2]}');
    t.advance(1_000);
    const replays: Replays = new Map();
    expect(await renew(t, replays)).toEqual([null]);
    expect(t.near.peekNear!(cacheKey(GRADES))).toBe(held);
    // The request runs after all: its loader builds the copy from the replay, no second call.
    const built = await t.load('inputs-1', TOKEN, replays);
    expect(built.value).toEqual([{ value: 5 }, { value: 2 }]);
    expect(t.calls).toEqual(['/marks', '/marks']);
  });

  it('should not replay with other credentials than the journal was masked of, nor for an account gone', async () => {
    const t = setup();
    await t.load('inputs-1', TOKEN);
    t.advance(1_000);
    expect(await renew(t, new Map(), account('another-token-value'))).toEqual([null]);
    expect(await renew(t, new Map(), null)).toEqual([null]);
    expect(t.calls).toEqual(['/marks']);
  });

  it('should not renew a copy the tier no longer holds as the answer read it, nor one of a resource never renewed', async () => {
    const t = setup();
    await t.load('inputs-1', TOKEN);
    const stale = heldCopy(t);
    t.advance(1_000);
    t.setMarks('{"marks":[4]}');
    await t.load('inputs-1', TOKEN); // fetched again meanwhile (another request)
    const options = { cache: t.cache, replays: new Map(), account: async () => account(), signalFor: () => undefined };
    expect(await renewCopies([stale], options)).toEqual([null]);
    const profile = { ...heldCopy(t), key: cacheKey({ ...GRADES, resource: 'profile' }) };
    expect(await renewCopies([profile], options)).toEqual([null]);
    expect(t.calls).toEqual(['/marks', '/marks']);
  });

  it('should not renew past the quarter hour the copy was built in', async () => {
    const t = setup();
    await t.load('inputs-1', TOKEN);
    t.advance(RENEWAL_SLOT_MS);
    expect(await renew(t, new Map())).toEqual([null]);
    expect(t.calls).toEqual(['/marks']);
  });
});
