/**
 * The change detector's core: one poll's reading of a child, compared with what the child's snapshot
 * remembers, gives the changes since and the snapshot to remember next. Pure: no clock is read (the time
 * of detection is given) and nothing is stored or sent.
 *
 * Per resource: one not read this time keeps its snapshot as it is; one read for the first time (or, for
 * final marks, of a new grading period) is a baseline, remembered and not reported; otherwise its items
 * are paired by key (`pair-items.ts`) and each resource's finder says which transitions are changes.
 */
import type { DetectedChange } from '../domain/changes.js';
import { WATCHED_RESOURCES, type WatchedResource } from '../config/change-polling.js';
import {
  childSnapshot,
  type ChildReading,
  type ChildSnapshot,
  type DatedResource,
  type FinalsResource,
} from './child-snapshot.js';
import type { ChangeContext, FoundChange } from './found-change.js';
import { absenceChanges, finalChanges, gradeChanges, homeworkChanges } from './item-changes.js';
import { attendanceIdentity, gradeIdentity, homeworkIdentity, lessonIdentity, type ItemIdentity } from './item-keys.js';
import { lessonChanges } from './lesson-changes.js';
import { pairDated, pairFinals, type Transition } from './pair-items.js';

/**
 * The most changes one resource may yield in one reading. More is not a school day's work but a diary that
 * renumbered its ids wholesale (or answered with another child's data): every item would read as removed
 * and added again. Such a reading is taken as a new baseline and reported in {@link ChildDiff.rebaselined}
 * instead of flooding every family's feed.
 */
export const MAX_CHANGES_PER_RESOURCE = 100;

/** What one reading gives, compared with the snapshot before it. */
export interface ChildDiff {
  /** What to remember until the next poll. */
  snapshot: ChildSnapshot;
  /** The changes, resources in {@link WATCHED_RESOURCES} order, each by item date, then item key. */
  changes: DetectedChange[];
  /** The resources whose changes were more than {@link MAX_CHANGES_PER_RESOURCE}: none was reported. */
  rebaselined: WatchedResource[];
}

/** One resource's reading compared with its last one (`null`: none); its items to remember, and its changes. */
type Comparer<R> = (before: R | null, now: R) => { resource: R; found: FoundChange[] };

/** One resource's outcome: what to remember, the changes to report, whether they were too many. */
interface Step<R> {
  resource: R | undefined;
  found: FoundChange[];
  flooded: boolean;
}

/** By date, then key, in code-unit order: the same on every replica, whatever its locale. */
function byDateThenKey(a: FoundChange, b: FoundChange): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return 0;
}

function step<R>(before: R | undefined, now: R | undefined, compare: Comparer<R>): Step<R> {
  if (now === undefined) return { resource: before, found: [], flooded: false };
  const { resource, found } = compare(before ?? null, now);
  if (found.length > MAX_CHANGES_PER_RESOURCE) return { resource, found: [], flooded: true };
  // A stable sort: a lesson's several changes stay in the order its finder gave them.
  return { resource, found: found.sort(byDateThenKey), flooded: false };
}

/** Finds the changes among a resource's transitions. */
type Finder<T> = (context: ChangeContext, transitions: readonly Transition<T>[]) => FoundChange[];

function dated<T>(identity: ItemIdentity<T>, find: Finder<T>, context: ChangeContext): Comparer<DatedResource<T>> {
  return (before, now) => {
    const { items, transitions } = pairDated(identity, before, now);
    return { resource: { window: now.window, items }, found: find(context, transitions) };
  };
}

function finalMarks(context: ChangeContext): Comparer<FinalsResource> {
  return (before, now) => {
    const { items, transitions } = pairFinals(before, now);
    const resource = { periodId: now.periodId, periodTitle: now.periodTitle, items };
    return { resource, found: finalChanges(context, now.periodTitle, transitions) };
  };
}

/**
 * Compares a child's reading with its snapshot (`null`: the child's first poll, or a snapshot that could
 * not be read) and gives the changes and the snapshot to keep. `detectedAt` (ISO 8601 with the school's
 * offset) is stamped on every change.
 */
export function diffChild(previous: ChildSnapshot | null, reading: ChildReading, detectedAt: string): ChildDiff {
  const context: ChangeContext = { childId: reading.childId, provider: reading.provider, detectedAt };
  const last = previous?.resources ?? {};
  const steps = {
    grades: step(last.grades, reading.grades, dated(gradeIdentity, gradeChanges, context)),
    homework: step(last.homework, reading.homework, dated(homeworkIdentity, homeworkChanges, context)),
    schedule: step(last.schedule, reading.schedule, dated(lessonIdentity, lessonChanges, context)),
    attendance: step(last.attendance, reading.attendance, dated(attendanceIdentity, absenceChanges, context)),
    finals: step(last.finals, reading.finals, finalMarks(context)),
  } satisfies Record<WatchedResource, Step<unknown>>;
  return {
    snapshot: childSnapshot({
      grades: steps.grades.resource,
      homework: steps.homework.resource,
      schedule: steps.schedule.resource,
      attendance: steps.attendance.resource,
      finals: steps.finals.resource,
    }),
    changes: WATCHED_RESOURCES.flatMap((name) => steps[name].found.map((found) => found.change)),
    rebaselined: WATCHED_RESOURCES.filter((name) => steps[name].flooded),
  };
}
