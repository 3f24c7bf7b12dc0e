/**
 * Where a target stands in its owner's feed. A target starts at the newest change of every child its owner
 * sees when it is made (a webhook is not sent a month of history), and so does every child that becomes
 * visible later (a new link, a new grant); a child no longer visible leaves the cursor, so if it comes back
 * it starts at its newest change again. The cursor is the feed's own (`src/changes/feed-cursor.ts`).
 */
import { decodeCursor, encodeCursor } from '../changes/feed-cursor.js';
import type { ChangeLog } from '../changes/ports.js';
import type { VisibleChildren } from '../changes/viewer-feed.js';

/** The position before a child's first change: every change of the child comes after it. */
const BEFORE_EVERYTHING = '0-0';

/**
 * The cursor `cursor` (`null`: none yet) with a position for every visible child it lacks: that child's
 * newest change, or before its first when it has none yet (so a change appended meanwhile is not skipped).
 */
export async function cursorWithEveryChild(
  log: ChangeLog,
  children: VisibleChildren,
  cursor: string | null,
): Promise<string> {
  const positions = cursor === null ? new Map<string, string>() : decodeCursor(cursor, children.keys());
  const missing = [...children.keys()].filter((childId) => !positions.has(childId));
  const heads = await Promise.all(missing.map((childId) => log.head(childId)));
  missing.forEach((childId, index) => positions.set(childId, heads[index] ?? BEFORE_EVERYTHING));
  return encodeCursor(positions);
}
