/**
 * What one GraphQL answer was built from, recorded while it is executed, so the answer cache can tell later
 * — cheaply, and exactly — whether running the request again would give the same bytes:
 *
 * - every upstream-cache copy it read, by key and stored entry, and the end of that copy's fresh window
 *   (until then the upstream cache itself serves exactly that copy, without asking the diary);
 * - every store read, by method, arguments and a digest of what the store answered;
 * - the clock: the next quarter hour of UTC (every school's midnight falls on one, so "today", the current
 *   period and day ranges cannot change before it) and every moment code said its decision changes at
 *   ({@link AnswerBasisRecorder.dependsOnTimeUntil}: a grant's expiry).
 *
 * Anything the record cannot vouch for refuses the answer: a store write or an unlisted store method, a
 * stale copy (it is being refreshed, or the diary failed), a failed read.
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
  private readonly upstream = new Map<string, UpstreamDependency>();
  private readonly store = new Map<string, StoreDependency>();

  /** `startedAt`: the request's clock reading when it began (epoch ms). */
  constructor(private readonly startedAt: number) {
    this.validUntil = nextQuarterHour(startedAt);
  }

  /** A cached read: a fresh copy (a hit, or a miss that just fetched) is a dependency; `null` (it failed) or a stale copy refuses the answer. */
  upstreamRead(copy: ServedCopy<unknown> | null): void {
    if (copy === null) return this.refuse('an upstream read failed');
    if (copy.isStale || copy.staleBecause) return this.refuse('an upstream copy was stale');
    this.dependsOnTimeUntil(copy.freshUntil);
    this.upstream.set(copy.key, { key: copy.key, version: new WeakRef(copy.version) });
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
    return this.validUntil <= this.startedAt ? 'it was valid for no time' : null;
  }

  /** What the answer was built from; `null` when it must not be kept. */
  basis(): AnswerBasis | null {
    if (this.refused() !== null) return null;
    return { validUntil: this.validUntil, upstream: [...this.upstream.values()], store: [...this.store.values()] };
  }
}
