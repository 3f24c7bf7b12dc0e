/**
 * One viewer's change feed: every change of the children the viewer may see, after the viewer's cursor,
 * read from the children's logs and merged. `readFeedPage` answers `Viewer.changes`; `followChanges`
 * drives `Subscription.changes` (first what is kept after `since`, then each change as the bus announces
 * its child).
 *
 * Exactness lives in the logs, not in the bus: a follower keeps its own position per child and reads each
 * announced child's log after it, so a notice lost, repeated or early loses, repeats or reorders nothing.
 */
import type { ChangeFeedPage, ListedChange, LoggedChange } from '../domain/changes.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import { decodeCursor, encodeCursor, MAX_CURSOR_CHILDREN } from './feed-cursor.js';
import { comparePositions, parsePosition } from './positions.js';
import type { ChangeBus, ChangeLog } from './ports.js';

/** The most changes one page (or one read of a followed child) holds. */
export const MAX_FEED_PAGE = 200;

/** The children a viewer may see now: child id → the viewer's `Student.id` for it. */
export type VisibleChildren = ReadonlyMap<string, string>;

/** Checks `first` (1–{@link MAX_FEED_PAGE}). */
export function checkFirst(first: number): number {
  if (Number.isInteger(first) && first >= 1 && first <= MAX_FEED_PAGE) return first;
  throw new BadUserInputError(
    `first must be between 1 and ${MAX_FEED_PAGE}.`,
    'first',
    phrase('changes.firstOutOfRange', { max: MAX_FEED_PAGE }),
  );
}

/**
 * One page of the feed after `since` (`null`: from the oldest change kept), at most `first` changes,
 * oldest first across the children (by detection instant; each child's own order is its log's).
 */
export async function readFeedPage(
  log: ChangeLog,
  children: VisibleChildren,
  since: string | null,
  first: number,
): Promise<ChangeFeedPage> {
  checkFirst(first);
  checkChildCount(children);
  const positions = since === null ? new Map<string, string>() : decodeCursor(since, children.keys());
  const pages = await Promise.all(
    [...children.keys()].map(async (childId) => ({
      childId,
      page: await log.read(childId, positions.get(childId) ?? null, first + 1),
    })),
  );
  const merged = pages
    .flatMap(({ page }) => page.changes)
    .sort(byDetection)
    .slice(0, first);
  const listed = list(merged, children, positions);
  const taken = new Map<string, number>();
  for (const change of merged) taken.set(change.childId, (taken.get(change.childId) ?? 0) + 1);
  return {
    changes: listed,
    cursor: encodeCursor(positions),
    hasMore: pages.some(({ childId, page }) => page.changes.length > (taken.get(childId) ?? 0)),
    isComplete: pages.every(({ page }) => page.complete),
  };
}

/** Lists `changes` in order for the viewer, advancing `positions` past each (it is changed in place). */
function list(changes: readonly LoggedChange[], children: VisibleChildren, positions: Map<string, string>) {
  return changes.map((change): ListedChange => {
    positions.set(change.childId, change.position);
    return { ...change, studentId: children.get(change.childId)!, cursor: encodeCursor(positions) };
  });
}

/** Detection order across children: by instant, then child, then the child's own order. */
function byDetection(a: LoggedChange, b: LoggedChange): number {
  const byInstant = parsePosition(a.position)!.ms - parsePosition(b.position)!.ms;
  if (byInstant !== 0) return byInstant;
  if (a.childId !== b.childId) return a.childId < b.childId ? -1 : 1;
  return comparePositions(a.position, b.position);
}

function checkChildCount(children: VisibleChildren): void {
  // A cursor names at most this many children, so a feed over more could not say where it got to.
  if (children.size > MAX_CURSOR_CHILDREN)
    throw new BadUserInputError(`The change feed follows at most ${MAX_CURSOR_CHILDREN} students.`);
}

/** What {@link followChanges} needs. */
export interface FollowOptions {
  log: ChangeLog;
  bus: ChangeBus;
  /**
   * The children the viewer may see now, asked again before every delivery, so a child unlinked or a
   * grant revoked stops its changes at once; rejects (ending the subscription) when the viewer may no
   * longer follow at all (the session ended).
   */
  visibleChildren(): Promise<VisibleChildren>;
  /** Continue after this cursor; `null`: only changes appended from now on. */
  since: string | null;
  /** Ends the subscription (the client stopped it or left). */
  signal: AbortSignal;
}

/**
 * The viewer's changes as an async iterable: those kept after `since` first, then each new one once, in
 * its child's order. Ends when `signal` aborts; rejects when `visibleChildren` does.
 */
export async function* followChanges(options: FollowOptions): AsyncGenerator<ListedChange> {
  const { log, bus, signal } = options;
  const dirty = new Set<string>();
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  let everything = false;
  const stop = bus.listen(
    (childIds) => {
      for (const childId of childIds) dirty.add(childId);
      poke();
    },
    () => {
      everything = true;
      poke();
    },
  );
  signal.addEventListener('abort', poke, { once: true });
  try {
    let children = await options.visibleChildren();
    checkChildCount(children);
    const positions = await startingPositions(log, children, options.since);
    if (options.since !== null) everything = true;
    while (!signal.aborted) {
      if (!everything && dirty.size === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const batch = everything ? null : new Set(dirty);
      everything = false;
      dirty.clear();
      children = await options.visibleChildren();
      checkChildCount(children);
      for (const change of await readAfter(log, children, positions, batch)) {
        if (signal.aborted) return;
        positions.set(change.childId, change.position);
        yield { ...change, studentId: children.get(change.childId)!, cursor: encodeCursor(positions) };
      }
    }
  } finally {
    stop();
    signal.removeEventListener('abort', poke);
  }
}

/** Where a follower starts: the cursor's positions, or every child's newest change when there is none. */
async function startingPositions(
  log: ChangeLog,
  children: VisibleChildren,
  since: string | null,
): Promise<Map<string, string>> {
  if (since !== null) return decodeCursor(since, children.keys());
  const positions = new Map<string, string>();
  await Promise.all(
    [...children.keys()].map(async (childId) => {
      const head = await log.head(childId);
      if (head !== null) positions.set(childId, head);
    }),
  );
  return positions;
}

/**
 * Every change after `positions` of the visible children in `only` (`null`: all of them), merged in
 * detection order. A child's log is read page after page until it is exhausted.
 */
async function readAfter(
  log: ChangeLog,
  children: VisibleChildren,
  positions: ReadonlyMap<string, string>,
  only: ReadonlySet<string> | null,
): Promise<LoggedChange[]> {
  const childIds = [...children.keys()].filter((childId) => only === null || only.has(childId));
  const read = await Promise.all(childIds.map((childId) => readChild(log, childId, positions.get(childId) ?? null)));
  return read.flat().sort(byDetection);
}

async function readChild(log: ChangeLog, childId: string, from: string | null): Promise<LoggedChange[]> {
  const changes: LoggedChange[] = [];
  let after = from;
  for (;;) {
    const page = await log.read(childId, after, MAX_FEED_PAGE);
    changes.push(...page.changes);
    if (page.changes.length < MAX_FEED_PAGE) return changes;
    after = page.changes[page.changes.length - 1]!.position;
  }
}
