/**
 * What both change logs (in process and Redis) keep, and the checks of their arguments, in one place so the
 * two cannot drift apart: the retention window, the per-child bound, how long an id is remembered for
 * de-duplication, and what `append` and `read` accept.
 */
import type { DetectedChange } from '../domain/changes.js';
import { checkPositiveInteger } from './argument-checks.js';
import { ChangeStateError } from './change-state-error.js';
import { requirePosition, type PositionParts } from './positions.js';

/** How long a change is kept by default: 30 days (`CHANGE_FEED_RETENTION_DAYS`' default). */
export const DEFAULT_CHANGE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** How many changes a child's log keeps by default; the oldest are dropped first. */
export const DEFAULT_MAX_CHANGES_PER_CHILD = 500;

/**
 * How many ids a child's log remembers for de-duplication, as a multiple of the changes it keeps. An id
 * outlives its change when the change is pushed out by the per-child bound (a burst of changes), so the
 * same burst seen through a second account is not appended again; the multiple bounds the memory a burst
 * can take.
 */
export const REMEMBERED_IDS_PER_KEPT_CHANGE = 4;

/** Options of a change log: what it keeps. */
export interface ChangeLogLimitOptions {
  /**
   * How long a change is kept after it was appended (by its position's milliseconds); older ones are dropped.
   * @default DEFAULT_CHANGE_RETENTION_MS (30 days)
   */
  retentionMs?: number;
  /** The most changes kept per child; beyond it the oldest are dropped. @default DEFAULT_MAX_CHANGES_PER_CHILD (500) */
  maxPerChild?: number;
}

/** The limits a change log works with, checked. */
export interface ChangeLogLimits {
  retentionMs: number;
  maxPerChild: number;
  /** Ids remembered per child for de-duplication ({@link REMEMBERED_IDS_PER_KEPT_CHANGE}). */
  maxIdsPerChild: number;
}

/**
 * The limits `options` ask for, with their defaults.
 * @throws ChangeStateError `CHANGES_INVALID_ARGUMENT` naming the option that is not a positive whole number.
 */
export function resolveChangeLogLimits(options: ChangeLogLimitOptions = {}): ChangeLogLimits {
  const retentionMs = checkPositiveInteger(options.retentionMs ?? DEFAULT_CHANGE_RETENTION_MS, 'retentionMs');
  const maxPerChild = checkPositiveInteger(options.maxPerChild ?? DEFAULT_MAX_CHANGES_PER_CHILD, 'maxPerChild');
  return { retentionMs, maxPerChild, maxIdsPerChild: maxPerChild * REMEMBERED_IDS_PER_KEPT_CHANGE };
}

/**
 * The first millisecond still inside the retention window at `now`: a change whose position's milliseconds
 * are below it is past the window, kept or not.
 */
export function retentionCutoff(limits: ChangeLogLimits, now: number): number {
  return Math.floor(now) - limits.retentionMs;
}

/**
 * Checks what `append` was given: every change belongs to `childId` and has an id.
 * @throws ChangeStateError `CHANGES_INVALID_ARGUMENT` for the first change that does not.
 */
export function checkAppend(childId: string, changes: readonly DetectedChange[]): void {
  if (typeof childId !== 'string' || childId === '')
    throw new ChangeStateError('CHANGES_INVALID_ARGUMENT', 'append needs a child id, but got an empty one');
  changes.forEach((change, index) => {
    if (typeof change.id !== 'string' || change.id === '')
      throw new ChangeStateError('CHANGES_INVALID_ARGUMENT', `change ${index} of an append has no id`);
    if (change.childId !== childId)
      throw new ChangeStateError(
        'CHANGES_INVALID_ARGUMENT',
        `change ${index} of an append (${change.id}) belongs to another child than the log it was appended to`,
      );
  });
}

/**
 * Checks what `read` was given; returns `after` taken apart.
 * @throws ChangeStateError `CHANGES_INVALID_ARGUMENT` for a malformed `after` or a `limit` below 1.
 */
export function checkRead(after: string | null, limit: number): PositionParts | null {
  checkPositiveInteger(limit, 'limit');
  return after === null ? null : requirePosition(after, 'after');
}
