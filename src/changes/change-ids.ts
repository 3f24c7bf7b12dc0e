/**
 * Stable ids of changes. A change's id is derived from what changed and how — the child, the kind, the
 * item's key and the digests of its compared fields before and after — and from nothing about when or
 * through which account it was seen. So the same change detected twice (two parents' accounts show the
 * same child, a replica retried a poll) has one id, and the child's change log keeps it once.
 */
import { createHash } from 'node:crypto';
import type { ChangeKind } from '../domain/changes.js';

/** A JSON value as the compared fields of an item are written. */
export type Comparable = string | number | boolean | null | readonly Comparable[] | { [key: string]: Comparable };

/**
 * The digest of an item's compared fields: their canonical JSON, object keys sorted at every depth, so
 * that it depends on the values alone and not on the order a diary or an adapter put them in.
 */
export function digestOf(fields: Comparable): string {
  return JSON.stringify(canonical(fields));
}

function canonical(value: Comparable): Comparable {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonical);
  const record = value as { [key: string]: Comparable };
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, canonical(record[key]!)]),
  );
}

/** The parts a change id is derived from; a digest is `null` on the side where the item is absent. */
export interface ChangeIdParts {
  childId: string;
  kind: ChangeKind;
  /** The item's key within its resource (`item-keys.ts`). */
  key: string;
  before: string | null;
  after: string | null;
}

/** Length of the hash part of an id: 22 base64url characters, 132 bits of the SHA-256. */
const HASH_CHARS = 22;

/** The change's id: `chg_` and 22 base64url characters of the SHA-256 of its parts. */
export function changeId(parts: ChangeIdParts): string {
  // A JSON array: each part is quoted and escaped, so no two lists of parts write the same text.
  const text = JSON.stringify([parts.childId, parts.kind, parts.key, parts.before, parts.after]);
  return `chg_${createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, HASH_CHARS)}`;
}
