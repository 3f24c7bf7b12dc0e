/**
 * Complete GraphQL answers kept in process memory, served again only while running the request again would
 * give the same bytes (answer-basis.ts says what an answer was built from; {@link AnswerCache.lookup} checks
 * it, cheapest first). Bounded by bytes (an LRU), by the size of one answer, and by answers per user, so one
 * user spraying variables cannot push every other family out.
 *
 * Nothing crosses users: the key holds the user id (answer-key.ts), and the check replays that user's store
 * reads. Nothing outlives its data: a copy forgotten, refetched or evicted upstream, any change of a store
 * record read, or the clock passing a bound makes the next lookup a miss, and the request runs as usual.
 */
import { LRUCache } from 'lru-cache';
import type { UpstreamCache } from '../cache/upstream-cache.js';
import type { GatewayStore } from '../store/store.js';
import type { AnswerBasis } from './answer-basis.js';
import { storeUnchanged } from './recording-store.js';

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
   * one this process holds, every store read it made answering the same (replayed at once). `null`
   * otherwise, and an answer that failed a check is dropped.
   */
  async lookup(key: string): Promise<CachedAnswer | null> {
    const answer = this.lru.get(key);
    if (!answer) return null;
    const { basis } = answer;
    const current =
      this.options.now() < basis.validUntil &&
      basis.upstream.every(({ key: upstreamKey, version }) => {
        const entry = version.deref();
        return entry !== undefined && this.options.upstream.isCurrent(upstreamKey, entry);
      }) &&
      (await storeUnchanged(this.options.store, basis.store).catch(() => false));
    if (current) return answer;
    // Only if still the same answer: a request that ran meanwhile may have kept a newer one.
    if (this.lru.peek(key) === answer) this.lru.delete(key);
    return null;
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
