/**
 * What the detector keeps per linked account between polls: each child's snapshot (`child-snapshot.ts`)
 * and when each watched resource is due again. Stored as opaque text by the {@link DetectorState}.
 *
 * The text is the JSON deflated (`z1.` and base64): a snapshot repeats the same subjects, teachers and
 * field names in every item, so it shrinks about fifteen times (the demo's four accounts: 492 KB of JSON,
 * 31 KB deflated), and a replica set keeps a tenth of the Redis memory per linked account. Deflating a
 * snapshot costs about a millisecond per poll; plain JSON (as stored before) still reads.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { POLLED_RESOURCES, type PolledResource } from '../config/change-polling.js';
import { readChildSnapshot, type ChildSnapshot } from './child-snapshot.js';
import { readMailSnapshot, type MailSnapshot } from './mail-changes.js';

/** One account's snapshot. */
export interface AccountSnapshot {
  version: 1;
  /** Child id → that child's snapshot. */
  children: Record<string, ChildSnapshot>;
  /** Epoch ms each resource is due again; a resource not named is due now. */
  due: Partial<Record<PolledResource, number>>;
  /** The account's mail as last seen; absent before its first mail poll (which is then a baseline). */
  mail?: MailSnapshot;
}

const envelope = z.object({
  version: z.literal(1),
  children: z.record(z.string(), z.unknown()),
  due: z.record(z.string(), z.number().int().nonnegative()),
  mail: z.unknown().optional(),
});

/** An account before its first poll. */
export function emptyAccountSnapshot(): AccountSnapshot {
  return { version: 1, children: {}, due: {} };
}

/** What marks deflated text: `z1.` then base64 of raw deflate (RFC 1951) of the JSON. */
const DEFLATED = 'z1.';
/**
 * The most a stored snapshot may inflate to: far above any family's (the largest demo account, 190 KB), so
 * text that would inflate past it is damaged, and reads as no snapshot rather than taking the memory.
 */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** The text the detector state keeps. */
export function serializeAccountSnapshot(snapshot: AccountSnapshot): string {
  return DEFLATED + deflateRawSync(JSON.stringify(snapshot)).toString('base64');
}

/** The JSON of a stored text: inflated when deflated, as it is otherwise; `null` when it does not inflate. */
function snapshotJson(text: string): string | null {
  if (!text.startsWith(DEFLATED)) return text;
  try {
    const deflated = Buffer.from(text.slice(DEFLATED.length), 'base64');
    return inflateRawSync(deflated, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Reads a stored snapshot; anything unreadable (no text, bad JSON, another version) is an empty one, so the
 * next poll takes a new baseline rather than failing, and a child whose part is unreadable starts afresh.
 */
export function parseAccountSnapshot(text: string | null): AccountSnapshot {
  const json = text === null ? null : snapshotJson(text);
  if (json === null) return emptyAccountSnapshot();
  let value: unknown;
  try {
    value = JSON.parse(json);
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
  for (const resource of POLLED_RESOURCES) {
    const at = parsed.data.due[resource];
    if (at !== undefined) due[resource] = at;
  }
  const mail = readMailSnapshot(parsed.data.mail);
  return mail ? { version: 1, children, due, mail } : { version: 1, children, due };
}
