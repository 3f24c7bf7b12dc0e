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
}

/**
 * `entry` with `version` set to the stored object it was decoded from, not enumerable: it is identity only (the
 * answer cache compares it with {@link CacheStore.peekNear}), never part of the value, its equality or its JSON.
 */
export function withVersion(entry: CacheEntry, version: object): CacheEntry {
  return Object.defineProperty(entry, 'version', { value: version, enumerable: false });
}
