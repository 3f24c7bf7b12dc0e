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
   * The entry this process holds for `key` in memory, without asking any shared tier and without making it
   * recently used; `undefined` when there is none (or it expired). Absent on tiers that hold nothing in
   * process. The answer cache (src/answers) compares it with the entry an answer was built from.
   */
  peekNear?(key: string): CacheEntry | undefined;
}
