/**
 * Complete GraphQL answers kept in process memory, served again only while running the request again would
 * give the same bytes (answer-basis.ts says what an answer was built from; {@link AnswerCache.lookup} checks
 * it, cheapest first). Bounded by bytes (an LRU), by the size of one answer, and by answers per user, so one
 * user spraying variables cannot push every other family out.
 *
 * Nothing crosses users: the key holds the user id (answer-key.ts), and the check replays that user's store
 * reads. Nothing outlives its data: a copy forgotten, refetched or evicted upstream, any change of a store
 * record read, or the clock passing a bound makes the next lookup a miss, and the request runs as usual.
 *
 * A copy past its fresh window is **renewed** when the lookup is given a {@link CopyRenewer} and the answer
 * shows no fetch time: its diary calls are made again and, when every answer has the bytes it had, the upstream
 * cache keeps the copy with a new fetch time (`UpstreamCache.renewHeld`) and the kept answer is served. So a
 * client that refreshes a dashboard whose data did not change costs the diary calls, not the execution.
 */
import { LRUCache } from 'lru-cache';
import type { RenewedCopy, UpstreamCache } from '../cache/upstream-cache.js';
import type { GatewayStore } from '../store/store.js';
import type { AnswerBasis, UpstreamDependency } from './answer-basis.js';
import { storeUnchanged } from './recording-store.js';

/**
 * Renews copies a kept answer was built from, each from the stored entry the answer read (`version`): one result
 * per copy, `null` where it was not renewed (it changed, failed, or cannot be replayed).
 */
export type CopyRenewer = (
  copies: readonly { key: string; version: object }[],
) => Promise<readonly (RenewedCopy | null)[]>;

/** A complete answer as the HTTP edge sent it, with what it was built from. */
export interface CachedAnswer {
  userId: string;
  status: number;
  /** The headers Apollo set (content type…), not the edge's own. */
  headers: readonly (readonly [string, string])[];
  /**
   * The body as Apollo wrote it, until its gzip form is made (right after the first send); then `null`. A
   * dashboard of Cyrillic names is a two-byte string of twice its characters, about ten times its gzip form,
   * so an answer is held in one form only: the gzip one, except for bodies too short to compress.
   */
  body: string | null;
  /** The body gzipped (compressed once, then sent as it is, or unzipped for a client that takes no gzip). */
  gzip: Buffer | null;
  /** For the access log and the per-operation histogram, as Apollo resolved it. */
  operation: { name: string | null; type: string };
  basis: AnswerBasis;
}

/** Options of {@link AnswerCache}. */
export interface AnswerCacheOptions {
  /** Bytes of every answer kept (bodies, their gzip forms, keys and bases). */
  maxBytes: number;
  /** Largest answer kept. @default 1 MiB */
  maxAnswerBytes?: number;
  /** Answers kept per user; a new one beyond it replaces the user's oldest. @default 32 */
  maxAnswersPerUser?: number;
  /** The upstream cache whose in-process copies answers are checked against. */
  upstream: Pick<UpstreamCache, 'isCurrent'>;
  /** The store (not a recording one): the answers' store reads are replayed on it. */
  store: GatewayStore;
  now: () => number;
}

/** Rough bytes of a basis entry besides its strings (object, array slot, WeakRef). */
const PER_DEPENDENCY_BYTES = 96;

/** The answer cache (see the module comment). One per gateway process. */
export class AnswerCache {
  private readonly lru: LRUCache<string, CachedAnswer>;
  /** Each user's keys, oldest first: the per-user bound. */
  private readonly byUser = new Map<string, Set<string>>();
  private readonly maxAnswerBytes: number;
  private readonly maxAnswersPerUser: number;

  constructor(private readonly options: AnswerCacheOptions) {
    this.maxAnswerBytes = options.maxAnswerBytes ?? 1024 * 1024;
    this.maxAnswersPerUser = options.maxAnswersPerUser ?? 32;
    this.lru = new LRUCache<string, CachedAnswer>({
      maxSize: options.maxBytes,
      sizeCalculation: (answer, key) => bytesOf(answer, key),
      // A replaced answer's key stays the user's; only an answer leaving the cache leaves the index.
      dispose: (answer, key, reason) => {
        if (reason !== 'set') this.unindex(answer.userId, key);
      },
    });
  }

  /**
   * The answer kept under `key` when it may be served now: in time, every upstream copy it used still the
   * one this process holds, every store read it made answering the same (replayed at once), and every copy
   * past its fresh window renewed by `renew` (see the module comment). `null` otherwise, and an answer that
   * failed a check is dropped.
   */
  async lookup(key: string, renew?: CopyRenewer): Promise<CachedAnswer | null> {
    const answer = this.lru.get(key);
    if (!answer) return null;
    const { basis } = answer;
    const now = this.options.now();
    const expired = now < basis.validUntil ? this.expiredCopies(basis, now) : null;
    const current =
      expired !== null &&
      (expired.length === 0 || (basis.renewable && renew !== undefined)) &&
      (await storeUnchanged(this.options.store, basis.store).catch(() => false));
    if (current && expired.length === 0) return answer;
    if (current && renew) {
      const renewed = await this.renewed(answer, expired, renew);
      if (renewed) return this.keepRenewed(key, answer, renewed);
    }
    // Only if still the same answer: a request that ran meanwhile may have kept a newer one.
    if (this.lru.peek(key) === answer) this.lru.delete(key);
    return null;
  }

  /** The copies past their fresh window, or `null` when a copy is no longer the one this process holds. */
  private expiredCopies(basis: AnswerBasis, now: number): UpstreamDependency[] | null {
    const expired: UpstreamDependency[] = [];
    for (const dependency of basis.upstream) {
      const entry = dependency.version.deref();
      if (entry === undefined || !this.options.upstream.isCurrent(dependency.key, entry)) return null;
      if (now >= dependency.freshUntil) expired.push(dependency);
    }
    return expired;
  }

  /** `answer`'s basis with `expired` renewed, or `null` when one of them was not. */
  private async renewed(
    answer: CachedAnswer,
    expired: readonly UpstreamDependency[],
    renew: CopyRenewer,
  ): Promise<AnswerBasis | null> {
    const copies = expired.flatMap(({ key, version }) => {
      const entry = version.deref();
      return entry === undefined ? [] : [{ key, version: entry }];
    });
    if (copies.length !== expired.length) return null;
    const results = await renew(copies).catch(() => []);
    const byKey = new Map<string, RenewedCopy>();
    copies.forEach(({ key }, index) => {
      const result = results[index];
      if (result) byKey.set(key, result);
    });
    if (byKey.size !== copies.length) return null;
    const upstream = answer.basis.upstream.map((dependency) => {
      const result = byKey.get(dependency.key);
      return result
        ? { ...dependency, version: new WeakRef(result.version), freshUntil: result.freshUntil }
        : dependency;
    });
    return { ...answer.basis, upstream };
  }

  /** Keeps `answer` with its renewed basis (unless a request that ran meanwhile kept a newer one). */
  private keepRenewed(key: string, answer: CachedAnswer, basis: AnswerBasis): CachedAnswer {
    const renewed = { ...answer, basis };
    if (this.lru.peek(key) === answer) this.lru.set(key, renewed);
    return renewed;
  }

  /** Keeps `answer` under `key` unless it is too large. */
  keep(key: string, answer: CachedAnswer): void {
    if (bytesOf(answer, key) > this.maxAnswerBytes) return;
    let keys = this.byUser.get(answer.userId);
    if (!keys) {
      keys = new Set();
      this.byUser.set(answer.userId, keys);
    }
    keys.delete(key); // re-added last: the user's newest
    while (keys.size >= this.maxAnswersPerUser) this.lru.delete(keys.values().next().value!);
    keys.add(key);
    this.lru.set(key, answer);
  }

  /**
   * Gives an answer kept under `key` its gzip form, which replaces its body (nothing if the answer was
   * replaced meanwhile or has it already).
   */
  keepGzip(key: string, answer: CachedAnswer, gzip: Buffer): void {
    if (this.lru.peek(key) !== answer || answer.gzip) return;
    // A new object: lru-cache re-measures only a value it has not seen (the old one leaves as a `set`).
    const withGzip = { ...answer, body: null, gzip };
    if (bytesOf(withGzip, key) > this.maxAnswerBytes) this.lru.delete(key);
    else this.lru.set(key, withGzip);
  }

  /** Answers held and their bytes, for the gauges. */
  size(): { entries: number; bytes: number } {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }

  private unindex(userId: string, key: string): void {
    const keys = this.byUser.get(userId);
    keys?.delete(key);
    if (keys?.size === 0) this.byUser.delete(userId);
  }
}

/** An answer's bytes: body (UTF-16 strings are counted as their UTF-8 length), gzip form, key and basis. */
function bytesOf(answer: CachedAnswer, key: string): number {
  const { basis } = answer;
  let bytes = (answer.body === null ? 0 : Buffer.byteLength(answer.body)) + (answer.gzip?.length ?? 0) + key.length * 2;
  for (const dependency of basis.upstream) bytes += PER_DEPENDENCY_BYTES + dependency.key.length * 2;
  for (const dependency of basis.store)
    bytes += PER_DEPENDENCY_BYTES + dependency.fingerprint.length * 2 + JSON.stringify(dependency.args).length * 2;
  return Math.max(1, bytes);
}
