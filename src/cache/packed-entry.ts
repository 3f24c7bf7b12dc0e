/**
 * The in-process tier's compact form of a cache entry: the value as UTF-8 JSON, deflated, held as one V8
 * string. The bench family's dashboard entries take ≈ 29 KiB of heap this way against ≈ 292 KiB as the
 * object graph the adapters built (docs/performance.md, "The in-process cache's form"): month pieces repeat
 * subject, teacher and date strings on every item, which V8 keeps item by item and deflate keeps once. The
 * price is a decode per read (inflate + `JSON.parse`), which also hands every reader a copy of its own.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { CacheEntry } from './cache-store.js';

/** A cache entry as the in-process tier keeps it. */
export interface PackedEntry {
  /** Epoch ms of the diary call: readable without decoding the value. */
  readonly fetchedAt: number;
  readonly partial: boolean;
  /**
   * The deflated JSON of the value, one byte per character: a one-byte V8 string on the heap (no backing
   * store of its own, counted in `heapUsed` like the objects it replaces, and no larger than its bytes).
   */
  readonly deflated: string;
}

/**
 * Bytes the tier spends on an entry beyond its key and deflated value: the record, its fetch time and string
 * header, and the LRU's bookkeeping (its key map's slot and growth room). Measured as (heap and external
 * growth − key and value characters) ÷ entries, over 100,000 entries of 10 B to 6 KB values: 296–302 B.
 * (The LRU's per-slot arrays, ≈ 44 B × `CACHE_MAX_ENTRIES`, are allocated once up front and not counted.)
 */
export const ENTRY_OVERHEAD_BYTES = 300;

/**
 * The fastest deflate level: it packs the dashboard's entries to 25 KiB against 20 KiB at the default 6, at
 * about half the CPU (writes happen on every diary call, reads on every entry served).
 */
const LEVEL = constants.Z_BEST_SPEED;

/** Packs `entry`, or `null` when its value is not JSON (a bug elsewhere: results are plain data). */
export function packEntry(entry: CacheEntry): PackedEntry | null {
  let json: string | undefined;
  try {
    json = JSON.stringify(entry.value);
  } catch {
    return null;
  }
  if (json === undefined) return null;
  const deflated = deflateRawSync(json, { level: LEVEL }).toString('latin1');
  return { fetchedAt: entry.fetchedAt, partial: entry.partial === true, deflated };
}

/** A new copy of the entry `packed` holds: what one reader does to it, no other reader sees. */
export function unpackEntry(packed: PackedEntry): CacheEntry {
  const json = inflateRawSync(Buffer.from(packed.deflated, 'latin1')).toString('utf8');
  const value: unknown = JSON.parse(json);
  return { value, fetchedAt: packed.fetchedAt, ...(packed.partial ? { partial: true } : {}) };
}

/** The bytes `packed` takes under `key` in the tier (what `CACHE_MAX_BYTES` bounds and the gauge shows). */
export function packedBytes(packed: PackedEntry, key: string): number {
  // Keys are ASCII (`v2:<account>:<resource>:<digest>`): one byte per character in V8 as in UTF-8.
  return Buffer.byteLength(key) + packed.deflated.length + ENTRY_OVERHEAD_BYTES;
}
