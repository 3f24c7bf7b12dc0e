/**
 * What one GraphQL answer was built from, recorded while it is executed, so the answer cache can tell later
 * — cheaply, and exactly — whether running the request again would give the same bytes:
 *
 * - every upstream-cache copy it read, by key and stored entry, and the end of that copy's fresh window
 *   (until then the upstream cache itself serves exactly that copy, without asking the diary; after it, the
 *   answer is served again only once the copy is renewed: its diary asked, every answer the same);
 * - every store read, by method, arguments and a digest of what the store answered;
 * - the clock: the next quarter hour of UTC (every school's midnight falls on one, so "today", the current
 *   period and day ranges cannot change before it) and every moment code said its decision changes at
 *   ({@link AnswerBasisRecorder.dependsOnTimeUntil}: a grant's expiry).
 *
 * Anything the record cannot vouch for refuses the answer: a store write or an unlisted store method, a
 * stale copy (it is being refreshed, or the diary failed), a failed read. An answer that shows when its data
 * was fetched ({@link AnswerBasisRecorder.dependsOnFetchTimes}) is not renewable: a renewed copy has a new fetch
 * time, so it is served again only while every copy it read is fresh.
 */
import { createHash } from 'node:crypto';
import type { ServedCopy } from '../cache/upstream-cache.js';

/** The store reads an answer may depend on: pure reads of records a request of a family reads. */
export const STORE_READS = [
  'getUser',
  'getProviderAccount',
  'listProviderAccounts',
  'providerAccountsVersion',
  'listStudentLinks',
  'listMatchDecisions',
  'getGrant',
  'listGrantsByOwner',
  'listGrantsByGrantee',
] as const;

/** One of {@link STORE_READS}. */
export type StoreRead = (typeof STORE_READS)[number];

/** An upstream-cache copy an answer was built from. */
export interface UpstreamDependency {
  key: string;
  /** The stored entry (weakly: an answer must not keep an evicted copy alive; collected means changed). */
  version: WeakRef<object>;
  /** Epoch ms the copy leaves its fresh window: from then on it must be renewed before the answer is served. */
  freshUntil: number;
}

/** A store read an answer was built from, replayed before the answer is served again. */
export interface StoreDependency {
  method: StoreRead;
  /** Ids only (every listed read takes strings). */
  args: readonly string[];
  /** SHA-256 of the answer's JSON: compared, never read back. */
  fingerprint: string;
}

/** What a cached answer holds on to, and until when it may be served at the latest. */
export interface AnswerBasis {
  /** Epoch ms: not served at or after it. */
  validUntil: number;
  upstream: readonly UpstreamDependency[];
  store: readonly StoreDependency[];
  /**
   * Whether copies past their fresh window may be renewed to serve it (it shows no fetch time); when not,
   * `validUntil` is no later than the end of every copy's fresh window.
   */
  renewable: boolean;
}

/** A UTC quarter hour, in ms: every time zone in use is offset from UTC by a multiple of it. */
const QUARTER_HOUR_MS = 15 * 60_000;

/** The first quarter-hour boundary of UTC after `epochMs`. */
export function nextQuarterHour(epochMs: number): number {
  return (Math.floor(epochMs / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS;
}

/** The digest a store answer is compared by. */
export function fingerprintOf(result: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(result) ?? 'undefined')
    .digest('base64url');
}

/** Records one request's dependencies (see the module comment); one per GraphQL request, never shared. */
export class AnswerBasisRecorder {
  private refusal: string | null = null;
  private validUntil: number;
  /** The earliest end of a copy's fresh window. */
  private freshUntil = Infinity;
  private renewable: boolean;
  private readonly upstream = new Map<string, UpstreamDependency>();
  private readonly store = new Map<string, StoreDependency>();

  /**
   * @param startedAt the request's clock reading when it began (epoch ms)
   * @param renewal whether the answer cache may renew copies to serve an answer again (the upstream cache's
   *   `CACHE_RENEWAL`)
   */
  constructor(
    private readonly startedAt: number,
    renewal = false,
  ) {
    this.validUntil = nextQuarterHour(startedAt);
    this.renewable = renewal;
  }

  /** A cached read: a fresh copy (a hit, or a miss that just fetched) is a dependency; `null` (it failed) or a stale copy refuses the answer. */
  upstreamRead(copy: ServedCopy<unknown> | null): void {
    if (copy === null) return this.refuse('an upstream read failed');
    if (copy.isStale || copy.staleBecause) return this.refuse('an upstream copy was stale');
    this.freshUntil = Math.min(this.freshUntil, copy.freshUntil);
    this.upstream.set(copy.key, {
      key: copy.key,
      version: new WeakRef(copy.version),
      freshUntil: copy.freshUntil,
    });
  }

  /**
   * The answer shows when its data was fetched (`DataFreshness.fetchedAt`): a renewed copy would change it, so
   * the answer is served again only while every copy it read is fresh.
   */
  dependsOnFetchTimes(): void {
    this.renewable = false;
  }

  /** A store read of the allow-list, with what it answered. */
  storeRead(method: StoreRead, args: readonly unknown[], result: unknown): void {
    if (!args.every((arg): arg is string => typeof arg === 'string'))
      return this.refuse(`store.${method} with other than ids`);
    const id = JSON.stringify([method, args]);
    if (!this.store.has(id)) this.store.set(id, { method, args, fingerprint: fingerprintOf(result) });
  }

  /**
   * The answer was decided by the clock and may differ from `epochMs` on (a grant that expires then). Call it
   * wherever a resolver or what it calls compares with the current time in a way a quarter hour can cross.
   */
  dependsOnTimeUntil(epochMs: number): void {
    this.validUntil = Math.min(this.validUntil, epochMs);
  }

  /** The answer must not be kept (`reason` is for debugging; it never holds a value). */
  refuse(reason: string): void {
    this.refusal ??= reason;
  }

  /** Why the answer is not kept, or `null` when it may be. */
  refused(): string | null {
    if (this.refusal) return this.refusal;
    return this.until() <= this.startedAt ? 'it was valid for no time' : null;
  }

  /** What the answer was built from; `null` when it must not be kept. */
  basis(): AnswerBasis | null {
    if (this.refused() !== null) return null;
    return {
      validUntil: this.until(),
      upstream: [...this.upstream.values()],
      store: [...this.store.values()],
      renewable: this.renewable,
    };
  }

  /** The latest moment the answer may be served: the copies' fresh windows bound it unless they may be renewed. */
  private until(): number {
    return this.renewable ? this.validUntil : Math.min(this.validUntil, this.freshUntil);
  }
}
