/**
 * Where normalised upstream results are kept between requests. Two tiers implement one interface: the
 * in-process LRU (always) and Redis (when configured, shared by every replica). A cache is an
 * optimisation, so a tier that fails reads as a miss and a failed write is dropped — neither fails a
 * request.
 */

/** One cached result and when it was fetched from the diary. */
export interface CacheEntry {
  /** The normalised result: plain JSON data. */
  value: unknown;
  /** Epoch milliseconds of the successful upstream call that produced `value`. */
  fetchedAt: number;
  /**
   * Set when `value` was built without a side answer whose call failed (lesson numbers while МЭШ's
   * `schedule` route is down): such a copy stays fresh only briefly (`UpstreamCache`).
   */
  partial?: boolean;
  /**
   * Identity of what the in-process tier stores for this copy (it keeps entries packed, so each read decodes a
   * new object): set on copies read from that tier, compared by identity with {@link CacheStore.peekNear}.
   * Never stored or serialised; absent on copies from other tiers or just fetched.
   */
  version?: object;
  /**
   * What the value was built from (the diary calls and their answers' digests, `src/upstream/call-journal.ts`),
   * so that a refresh can keep the value when nothing behind it changed. Opaque here; kept beside the entry in
   * this process only (it can be replayed by this process alone): not enumerable, never stored in Redis or
   * serialised ({@link withBasis}).
   */
  basis?: EntryBasis;
  /**
   * Set on a renewed entry (its value is the one a tier already holds, with a new fetch time): the stored object
   * whose value this is, so the in-process tier keeps the bytes it has instead of encoding the value again.
   * Not enumerable.
   */
  sameValueAs?: object;
}

/** What a cached value was built from, as the cache sees it: opaque, with the memory it keeps alive. */
export interface EntryBasis {
  /** Rough bytes it keeps alive, counted against the in-process tier's byte bound. */
  readonly approxBytes: number;
}

/** A cache tier. Keys are opaque strings that always include the diary account id. */
export interface CacheStore {
  get(key: string): Promise<CacheEntry | null>;
  /** Keeps `entry` for `ttlMs` (after which even stale-if-error may not use it). */
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  /**
   * Forgets every entry whose key starts with `prefix` (a mutation made them wrong, or the account is gone).
   * Like a failed write, a tier that cannot delete logs it and resolves: the copies then age out by their
   * expiry instead.
   */
  deleteByPrefix(prefix: string): Promise<void>;
  /**
   * The object this process holds for `key` in memory (what {@link CacheEntry.version} of a copy read from it
   * is), without asking any shared tier and without making it recently used; `undefined` when there is none (or
   * it expired). Absent on tiers that hold nothing in process. The answer cache (src/answers) compares it with
   * the version an answer was built from.
   */
  peekNear?(key: string): object | undefined;
  /**
   * The fetch time of what this process holds for `key` in memory, read as {@link peekNear} reads (no shared
   * tier, no recency); `undefined` when it holds nothing. Absent on tiers that hold nothing in process.
   */
  peekFetchedAt?(key: string): number | undefined;
}

/**
 * `entry` with `version` set to the stored object it was decoded from, not enumerable: it is identity only (the
 * answer cache compares it with {@link CacheStore.peekNear}), never part of the value, its equality or its JSON.
 */
export function withVersion(entry: CacheEntry, version: object): CacheEntry {
  return Object.defineProperty(entry, 'version', { value: version, enumerable: false });
}

/** `entry` with its {@link CacheEntry.basis}, not enumerable: it never reaches a serialised copy. */
export function withBasis(entry: CacheEntry, basis: EntryBasis | undefined): CacheEntry {
  return basis ? Object.defineProperty(entry, 'basis', { value: basis, enumerable: false }) : entry;
}

/**
 * The entry `held` renewed: its value (read from `held` only when someone reads it: a tier that keeps the bytes
 * it holds never does), a new fetch time, and `basis`. `held` must be a copy a tier served (its `version` set).
 */
export function renewedEntry(held: CacheEntry, fetchedAt: number, basis: EntryBasis): CacheEntry {
  const entry: CacheEntry = {
    get value(): unknown {
      return held.value;
    },
    fetchedAt,
    ...(held.partial ? { partial: true } : {}),
  };
  if (held.version) Object.defineProperty(entry, 'sameValueAs', { value: held.version, enumerable: false });
  return withBasis(entry, basis);
}
