/**
 * The change log in process memory: the embedded default (saved to a file by `file-change-state.ts`) and
 * tests. It keeps what the Redis log keeps and answers as it does (the same contract suite runs on both):
 * positions made by `nextPosition` from an injectable clock, the retention window and the per-child bound
 * enforced on append, ids remembered for de-duplication, and the newest dropped position, so `read` can say
 * whether a reader missed something. `append` resolves with every change it added, even one the bound
 * dropped in the same step (a batch larger than `maxPerChild`): a reader from before it is told it missed it.
 *
 * Atomicity: each method does all its work synchronously, before its promise settles, so two appends of
 * one child never interleave (JavaScript runs one callback at a time).
 */
import type { DetectedChange, LoggedChange } from '../domain/changes.js';
import {
  checkAppend,
  checkRead,
  resolveChangeLogLimits,
  retentionCutoff,
  type ChangeLogLimitOptions,
  type ChangeLogLimits,
} from './change-log-limits.js';
import type { ChangeLog, ChildLogPage } from './ports.js';
import { comparePositionParts, formatPosition, nextPosition, parsePosition, type PositionParts } from './positions.js';

/** One child's log as a file keeps it (see {@link MemoryChangeLog.toDocument}). */
export interface ChildLogDocument {
  childId: string;
  /** The newest position made, kept or not: positions after a restart continue from it. */
  last: string | null;
  /** The newest position dropped (retention or bound), `null` when none was. */
  dropped: string | null;
  /** The kept changes, oldest first. */
  changes: LoggedChange[];
  /** Remembered ids with their position's milliseconds, oldest first. */
  ids: [string, number][];
}

/** Everything the log keeps, as plain data. */
export interface ChangeLogDocument {
  children: ChildLogDocument[];
}

/** Options of {@link createMemoryChangeLog}. */
export interface MemoryChangeLogOptions extends ChangeLogLimitOptions {
  /** The clock positions and the retention window are made from. @default Date.now */
  now?: () => number;
  /** Called after every append that changed what is kept (the file persistence schedules a write). */
  onChange?: () => void;
  /** What a log kept before (read from its file); empty when left out. Trusted: check it before. */
  initial?: ChangeLogDocument;
}

/** The in-process change log, which can hand over what it keeps. */
export interface MemoryChangeLog extends ChangeLog {
  /** Everything it keeps now, as plain data (a copy). */
  toDocument(): ChangeLogDocument;
}

/** A kept change with its position taken apart. */
interface Entry {
  parts: PositionParts;
  change: LoggedChange;
}

interface ChildLog {
  entries: Entry[];
  /** id → its position's milliseconds, in the order appended (so oldest first). */
  ids: Map<string, number>;
  last: PositionParts | null;
  dropped: PositionParts | null;
}

/** Creates an in-process change log. */
export function createMemoryChangeLog(options: MemoryChangeLogOptions = {}): MemoryChangeLog {
  const limits = resolveChangeLogLimits(options);
  const now = options.now ?? Date.now;
  const children = new Map<string, ChildLog>();
  for (const child of options.initial?.children ?? []) children.set(child.childId, fromDocument(child));

  return {
    async append(childId, changes) {
      checkAppend(childId, changes);
      const at = now();
      const child = children.get(childId) ?? { entries: [], ids: new Map(), last: null, dropped: null };
      // An id is remembered for the window only: one past it no longer stops its change.
      forgetIds(child, limits, at);
      const appended = changes.flatMap((change) => appendOne(child, change, at));
      if (appended.length === 0) return [];
      trim(child, limits, at);
      children.set(childId, child);
      options.onChange?.();
      return structuredClone(appended);
    },

    async read(childId, after, limit): Promise<ChildLogPage> {
      const from = checkRead(after, limit);
      const child = children.get(childId);
      if (!child) return { changes: [], complete: true };
      const cutoff = retentionCutoff(limits, now());
      // Past the window but not yet trimmed (no append since) counts as dropped, as in Redis.
      let complete = from === null || child.dropped === null || comparePositionParts(child.dropped, from) <= 0;
      const page: LoggedChange[] = [];
      for (const entry of child.entries) {
        if (from !== null && comparePositionParts(entry.parts, from) <= 0) continue;
        if (entry.parts.ms < cutoff) {
          if (from !== null) complete = false;
          continue;
        }
        if (page.length === limit) break;
        page.push(entry.change);
      }
      return { changes: structuredClone(page), complete };
    },

    async head(childId) {
      const newest = children.get(childId)?.entries.at(-1);
      if (!newest || newest.parts.ms < retentionCutoff(limits, now())) return null;
      return newest.change.position;
    },

    toDocument: () => ({
      children: [...children].map(([childId, child]) => ({
        childId,
        last: child.last && formatPosition(child.last),
        dropped: child.dropped && formatPosition(child.dropped),
        changes: structuredClone(child.entries.map((entry) => entry.change)),
        ids: [...child.ids],
      })),
    }),
  };
}

/** Appends `change` unless the child's log remembers its id; returns what was appended. */
function appendOne(child: ChildLog, change: DetectedChange, at: number): LoggedChange[] {
  if (child.ids.has(change.id)) return [];
  const parts = nextPosition(child.last, at);
  const logged: LoggedChange = { ...structuredClone(change), position: formatPosition(parts) };
  child.last = parts;
  child.entries.push({ parts, change: logged });
  child.ids.set(change.id, parts.ms);
  return [logged];
}

/** Drops what is past the window or over the bound (oldest first), and forgets ids past the window or over theirs. */
function trim(child: ChildLog, limits: ChangeLogLimits, at: number): void {
  const cutoff = retentionCutoff(limits, at);
  let drop = 0;
  while (drop < child.entries.length && child.entries[drop]!.parts.ms < cutoff) drop += 1;
  drop = Math.max(drop, child.entries.length - limits.maxPerChild);
  if (drop > 0) {
    // Entries are in position order, so the last one dropped is the newest dropped ever.
    child.dropped = child.entries[drop - 1]!.parts;
    child.entries.splice(0, drop);
  }
  forgetIds(child, limits, at);
}

/** Forgets the ids past the window, and the oldest beyond the ids' bound. */
function forgetIds(child: ChildLog, limits: ChangeLogLimits, at: number): void {
  const cutoff = retentionCutoff(limits, at);
  for (const [id, ms] of child.ids) {
    if (ms >= cutoff && child.ids.size <= limits.maxIdsPerChild) break;
    child.ids.delete(id);
  }
}

function fromDocument(document: ChildLogDocument): ChildLog {
  const parse = (position: string | null) => (position === null ? null : parsePosition(position));
  return {
    entries: document.changes.map((change) => ({ parts: parsePosition(change.position)!, change })),
    ids: new Map(document.ids),
    last: parse(document.last),
    dropped: parse(document.dropped),
  };
}
