/**
 * What the detector keeps per linked account between polls: each child's snapshot (`child-snapshot.ts`)
 * and when each watched resource is due again. Stored as opaque text by the {@link DetectorState}.
 */
import { z } from 'zod';
import { WATCHED_RESOURCES, type WatchedResource } from '../config/change-polling.js';
import { readChildSnapshot, type ChildSnapshot } from './child-snapshot.js';

/** One account's snapshot. */
export interface AccountSnapshot {
  version: 1;
  /** Child id → that child's snapshot. */
  children: Record<string, ChildSnapshot>;
  /** Epoch ms each resource is due again; a resource not named is due now. */
  due: Partial<Record<WatchedResource, number>>;
}

const envelope = z.object({
  version: z.literal(1),
  children: z.record(z.string(), z.unknown()),
  due: z.record(z.string(), z.number().int().nonnegative()),
});

/** An account before its first poll. */
export function emptyAccountSnapshot(): AccountSnapshot {
  return { version: 1, children: {}, due: {} };
}

/** The text the detector state keeps. */
export function serializeAccountSnapshot(snapshot: AccountSnapshot): string {
  return JSON.stringify(snapshot);
}

/**
 * Reads a stored snapshot; anything unreadable (no text, bad JSON, another version) is an empty one, so the
 * next poll takes a new baseline rather than failing, and a child whose part is unreadable starts afresh.
 */
export function parseAccountSnapshot(text: string | null): AccountSnapshot {
  if (text === null) return emptyAccountSnapshot();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return emptyAccountSnapshot();
  }
  const parsed = envelope.safeParse(value);
  if (!parsed.success) return emptyAccountSnapshot();
  const children: Record<string, ChildSnapshot> = {};
  for (const [childId, child] of Object.entries(parsed.data.children)) {
    const read = readChildSnapshot(child);
    if (read) children[childId] = read;
  }
  const due: AccountSnapshot['due'] = {};
  for (const resource of WATCHED_RESOURCES) {
    const at = parsed.data.due[resource];
    if (at !== undefined) due[resource] = at;
  }
  return { version: 1, children, due };
}
