/**
 * The arithmetic of the sizing scenario (`scenarios/sizing.ts`), pure so it is unit-tested on fixed inputs:
 * the freshness windows compressed in time, which Redis key is of which kind and whether it grows with the
 * families, the per-kind sums, calls per family-hour, and every "per 1,000 families" figure (always the
 * per-family figure × 1,000, never measured on 1,000 families).
 */
import type { CachedResource, FreshnessWindows } from '../src/config/cache-freshness.js';

/**
 * How much faster than real time the call-counting runs go: every freshness window ÷ 60, and one dashboard
 * every second stands for one every minute. An hour of views then takes a minute.
 */
export const TIME_COMPRESSION = 60;

/** Families the "per 1,000 families" lines stand for. */
export const FAMILIES_PER_LINE = 1000;

/**
 * `CACHE_FRESHNESS` with every resource's fresh window divided by `factor` (the gateway keeps each revalidate
 * window's ratio to its fresh one, so those shrink alike). The variable takes whole seconds only: a window
 * that does not divide evenly is refused rather than rounded, since rounding would change the call counts.
 * @throws RangeError naming the resource whose window does not divide.
 * @example compressedFreshness({ grades: { freshMs: 120_000, revalidateMs: 1_800_000 } }, 60) // 'grades=2'
 */
export function compressedFreshness(
  windows: Readonly<Partial<Record<CachedResource, FreshnessWindows>>>,
  factor: number,
): string {
  return Object.entries(windows)
    .map(([resource, window]) => {
      const seconds = window.freshMs / 1000 / factor;
      if (!Number.isInteger(seconds) || seconds < 0)
        throw new RangeError(
          `${resource}: a fresh window of ${window.freshMs} ms ÷ ${factor} is not a whole number of seconds`,
        );
      return `${resource}=${seconds}`;
    })
    .join(',');
}

/** The kinds of key a gateway writes under `REDIS_KEY_PREFIX` (docs/storage.md). */
export type RedisKeyKind = '{store}' | 'cache' | 'rate' | 'apq' | 'other';

/** Every kind, in the order the tables print them. */
export const REDIS_KEY_KINDS: readonly RedisKeyKind[] = ['{store}', 'cache', 'rate', 'apq', 'other'];

/** What one key is, for the sums. */
export interface KeyClass {
  kind: RedisKeyKind;
  /**
   * Whether the key belongs to one family (a user's records, an account's cache entries, a session's rate
   * bucket) rather than to every family at once (a diary's rate bucket, a registered operation's text).
   */
  perFamily: boolean;
}

/**
 * Classifies `key` (the whole key, `prefix` included). Shared, not per family: `rate:upstream:…` (one
 * bucket per diary) and `apq:…` (one text per operation, whoever registered it).
 */
export function classifyKey(key: string, prefix: string): KeyClass {
  const rest = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  if (rest.startsWith('{store}:')) return { kind: '{store}', perFamily: true };
  if (rest.startsWith('cache:')) return { kind: 'cache', perFamily: true };
  if (rest.startsWith('rate:')) return { kind: 'rate', perFamily: !rest.startsWith('rate:upstream:') };
  if (rest.startsWith('apq:')) return { kind: 'apq', perFamily: false };
  return { kind: 'other', perFamily: true };
}

/** `MEMORY USAGE` of one key (`null`: the key expired between the walk and the question). */
export interface KeyUsage {
  key: string;
  bytes: number | null;
}

/** One kind's sum. */
export interface KindUsage {
  kind: RedisKeyKind;
  /** Keys and bytes that belong to single families, over all the families measured. */
  familyKeys: number;
  familyBytes: number;
  /** Keys and bytes shared by every family (counted once, whatever the number of families). */
  sharedKeys: number;
  sharedBytes: number;
  /** familyKeys ÷ families and familyBytes ÷ families. */
  keysPerFamily: number;
  bytesPerFamily: number;
  /** bytesPerFamily × 1,000. */
  bytesPer1000Families: number;
}

/** The Redis memory of `families` identical families, by kind, with a total row last. */
export interface RedisUsage {
  families: number;
  kinds: KindUsage[];
  total: KindUsage;
}

/** Keys that answered `null` (expired meanwhile) are left out: they hold no memory any more. */
export function sumByKind(usages: readonly KeyUsage[], prefix: string, families: number): RedisUsage {
  if (!(families > 0)) throw new RangeError(`sumByKind: families must be positive, got ${families}`);
  const empty = (kind: RedisKeyKind | 'total'): KindUsage => ({
    kind: kind as RedisKeyKind,
    familyKeys: 0,
    familyBytes: 0,
    sharedKeys: 0,
    sharedBytes: 0,
    keysPerFamily: 0,
    bytesPerFamily: 0,
    bytesPer1000Families: 0,
  });
  const byKind = new Map<RedisKeyKind, KindUsage>(REDIS_KEY_KINDS.map((kind) => [kind, empty(kind)]));
  const total = empty('total');
  for (const { key, bytes } of usages) {
    if (bytes === null) continue;
    const { kind, perFamily } = classifyKey(key, prefix);
    for (const sum of [byKind.get(kind)!, total]) {
      if (perFamily) {
        sum.familyKeys++;
        sum.familyBytes += bytes;
      } else {
        sum.sharedKeys++;
        sum.sharedBytes += bytes;
      }
    }
  }
  const finish = (sum: KindUsage): KindUsage => ({
    ...sum,
    keysPerFamily: sum.familyKeys / families,
    bytesPerFamily: sum.familyBytes / families,
    bytesPer1000Families: perThousandFamilies(sum.familyBytes / families),
  });
  return { families, kinds: REDIS_KEY_KINDS.map((kind) => finish(byKind.get(kind)!)), total: finish(total) };
}

/** A per-family figure for 1,000 families: × 1,000, nothing else. */
export function perThousandFamilies(perFamily: number): number {
  return perFamily * FAMILIES_PER_LINE;
}

/**
 * Upstream calls per family-hour from a compressed run: `calls` made by `families` families viewing for
 * `windowMinutes` of compressed time (one second of the run is one minute), scaled to 60 minutes. With a
 * window of 60 minutes the scale is 1: the figure is measured, not extrapolated.
 */
export function callsPerFamilyHour(calls: number, families: number, windowMinutes: number): number {
  if (!(families > 0) || !(windowMinutes > 0))
    throw new RangeError(`callsPerFamilyHour: families and windowMinutes must be positive`);
  return (calls / families) * (60 / windowMinutes);
}

/** Calls per hour ÷ 3,600: the steady rate the diaries see. */
export function perSecond(perHour: number): number {
  return perHour / 3600;
}
