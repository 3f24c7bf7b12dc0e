/**
 * The viewer's feed cursor (GraphQL `Cursor`): where the viewer has got to in each child's change log.
 *
 * Each child's log has positions of its own (`positions.ts`), and no order across children is exact on
 * every topology (two Cluster nodes' clocks differ), so a cursor holds one position per child: a change
 * is after the cursor exactly when it is after its own child's position, whatever was appended to other
 * children meanwhile. A child the cursor does not name has been seen from none of its changes.
 *
 * Written `c1.<key>~<position>.<key>~<position>…`, where a key is the first {@link KEY_LENGTH} characters
 * of the child's gateway id after `stu_` (its HMAC digest): short enough for a family's cursor to stay
 * small, long enough (96 bits) that two children of one viewer never share one. It names no person: child
 * ids reveal nothing (`src/students/student-ids.ts`), and positions are instants of detection.
 */
import { BadUserInputError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import { isPosition } from './positions.js';

/** The longest cursor accepted (also the schema's stated cap). */
export const MAX_CURSOR_LENGTH = 4096;
/** The most children one cursor names (a family's children and those shared with the viewer). */
export const MAX_CURSOR_CHILDREN = 100;
const KEY_LENGTH = 16;
const VERSION = 'c1';
const KEY = /^[A-Za-z0-9_-]{16}$/;

/** Where a viewer has got to: child id → the position of the last change seen from it. */
export type FeedPositions = ReadonlyMap<string, string>;

/** The key a child has in a cursor. */
function childKey(childId: string): string {
  return (childId.startsWith('stu_') ? childId.slice(4) : childId).slice(0, KEY_LENGTH);
}

/** Writes a cursor naming the children `positions` holds, in a stable order. */
export function encodeCursor(positions: FeedPositions): string {
  const parts = [...positions].map(([childId, position]) => `${childKey(childId)}~${position}`).sort();
  return [VERSION, ...parts].join('.');
}

/**
 * Reads a cursor against the children the viewer may see now: a key that names none of them (a child no
 * longer linked or shared) is left out. A cursor that is not one the gateway writes is refused with
 * `BAD_USER_INPUT`.
 */
export function decodeCursor(cursor: string, children: Iterable<string>): Map<string, string> {
  const entries = readEntries(cursor);
  const positions = new Map<string, string>();
  for (const childId of children) {
    const position = entries.get(childKey(childId));
    if (position !== undefined) positions.set(childId, position);
  }
  return positions;
}

function readEntries(cursor: string): Map<string, string> {
  if (cursor.length > MAX_CURSOR_LENGTH) throw badCursor();
  const [version, ...parts] = cursor.split('.');
  if (version !== VERSION || parts.length > MAX_CURSOR_CHILDREN) throw badCursor();
  const entries = new Map<string, string>();
  for (const part of parts) {
    const [key, position, rest] = part.split('~');
    if (rest !== undefined || key === undefined || position === undefined) throw badCursor();
    if (!KEY.test(key) || !isPosition(position) || entries.has(key)) throw badCursor();
    entries.set(key, position);
  }
  return entries;
}

function badCursor(): BadUserInputError {
  return new BadUserInputError(
    'This change-feed cursor was not written by this gateway, or is damaged; ask for the feed without it.',
    'since',
    phrase('changes.badCursor'),
  );
}
