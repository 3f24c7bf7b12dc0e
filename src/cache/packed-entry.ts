/**
 * The in-process tier's compact form of a cache entry: the value as UTF-8 JSON, deflated, in one Buffer. The
 * bench family's dashboard entries take ≈ 29 KiB this way against ≈ 292 KiB as the object graph the adapters
 * built (docs/performance.md, "The in-process cache's form"): month pieces repeat subject, teacher and date
 * strings on every item, which V8 keeps item by item and deflate keeps once. The price is a decode per read
 * (inflate + `JSON.parse`), which also hands every reader a copy of its own; a write whose value is the one
 * already held (a refresh that brought nothing new, the usual case) reuses the held bytes instead of
 * deflating again.
 */
import { hash } from 'node:crypto';
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { withBasis, type CacheEntry, type EntryBasis } from './cache-store.js';

/** A cache entry as the in-process tier keeps it. */
export interface PackedEntry {
  /** Epoch ms of the diary call: readable without decoding the value. */
  readonly fetchedAt: number;
  readonly partial: boolean;
  /**
   * The deflated JSON of the value. A Buffer (external memory, which the bench's cache figure counts with
   * the heap): as a latin1 string on the heap it cost an encode per write and a decode per read.
   */
  readonly deflated: Buffer;
  /** SHA-1 of the JSON (base64): tells a write of the same value, whose bytes are then reused. */
  readonly digest: string;
  /** What the value was built from (see {@link CacheEntry.basis}): in this process only, never packed. */
  readonly basis: EntryBasis | undefined;
}

/**
 * Bytes the tier spends on an entry beyond its key and deflated value: the record, its fetch time, digest and
 * Buffer header, and the LRU's bookkeeping (its key map's slot and growth room). Measured as (heap and
 * external growth − key and value bytes) ÷ entries, over 100,000 entries of 10 B to 6 KB values: 397–398 B
 * (296–302 B when the value was a latin1 string, before the digest and the Buffer).
 * (The LRU's per-slot arrays, ≈ 44 B × `CACHE_MAX_ENTRIES`, are allocated once up front and not counted.)
 */
export const ENTRY_OVERHEAD_BYTES = 400;

/**
 * The fastest deflate level: it packs the dashboard's entries to 25 KiB against 20 KiB at the default 6, at
 * about half the CPU (writes happen on every diary call, reads on every entry served).
 */
const LEVEL = constants.Z_BEST_SPEED;

/**
 * Packs `entry`, or `null` when its value is not JSON (a bug elsewhere: results are plain data). `held` is
 * what the tier holds under the same key: when the value is the same, its deflated bytes are shared.
 */
export function packEntry(entry: CacheEntry, held?: PackedEntry): PackedEntry | null {
  const { fetchedAt, basis } = entry;
  const partial = entry.partial === true;
  // A renewal of the entry held (the diary's answers unchanged): its bytes as they are, never encoded again.
  if (held && entry.sameValueAs === held)
    return { fetchedAt, partial, deflated: held.deflated, digest: held.digest, basis };
  let json: string | undefined;
  try {
    json = JSON.stringify(entry.value);
  } catch {
    return null;
  }
  if (json === undefined) return null;
  // SHA-1 as a content fingerprint (not a secret): one pass over the JSON, far cheaper than a deflate.
  const digest = hash('sha1', json, 'base64');
  const deflated = held?.digest === digest ? held.deflated : exactCopy(deflateRawSync(json, { level: LEVEL }));
  return { fetchedAt, partial, deflated, digest, basis };
}

/**
 * `buffer` in memory of its own size: zlib's result is a view of its 16 KiB output chunk, which it would keep
 * alive whole (measured: 16 KiB of external memory per entry). Not from Buffer's shared pool either, whose
 * 8 KiB slabs a few long-lived entries would pin.
 */
function exactCopy(buffer: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(buffer.length);
  buffer.copy(copy);
  return copy;
}

/**
 * A new copy of the entry `packed` holds: what one reader does to it, no other reader sees. The value is
 * decoded when first read, not before: the upstream cache reads an entry to learn its age, and a stale one
 * is fetched again without its value being used (unless the diary then fails) — every data resource of a
 * revalidated dashboard is read that way, and its decode was a tenth of the tier's CPU there.
 */
export function unpackEntry(packed: PackedEntry): CacheEntry {
  let value: unknown;
  let decoded = false;
  const entry: CacheEntry = {
    get value(): unknown {
      if (!decoded) {
        value = JSON.parse(inflateRawSync(packed.deflated).toString('utf8'));
        decoded = true;
      }
      return value;
    },
    set value(replacement: unknown) {
      value = replacement;
      decoded = true;
    },
    fetchedAt: packed.fetchedAt,
    ...(packed.partial ? { partial: true } : {}),
  };
  return withBasis(entry, packed.basis);
}

/** The bytes `packed` takes under `key` in the tier (what `CACHE_MAX_BYTES` bounds and the gauge shows). */
export function packedBytes(packed: PackedEntry, key: string): number {
  // Keys are ASCII (`v2:<account>:<resource>:<digest>`): one byte per character in V8 as in UTF-8.
  return Buffer.byteLength(key) + packed.deflated.length + ENTRY_OVERHEAD_BYTES + (packed.basis?.approxBytes ?? 0);
}
