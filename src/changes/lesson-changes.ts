/**
 * The changes of lessons. A lesson seen in both readings can change in several ways at once (cancelled
 * and moved to another room): each way is a change of its own, with an id of its own (its kind is part of
 * the id). A lesson seen only now is not a change (the timetable is how lessons appear), nor is a lesson
 * no longer cancelled; a lesson gone from a day the reading covers is `LESSON_REMOVED`.
 *
 * A lesson's number, time, room and teacher are compared only while the diary names them both times. A
 * diary that says less this time has not moved the lesson: МЭШ leaves numbers and teachers out when its
 * `schedule` route fails (`SideAnswerFailure`), and they come back when it answers again.
 */
import type { LessonChangeModel } from '../domain/changes.js';
import type { Lesson } from '../domain/model.js';
import { digestOf, type Comparable } from './change-ids.js';
import { changeBase, type ChangeContext, type Digests, type FoundChange } from './found-change.js';
import type { Transition } from './pair-items.js';

function lessonFields(lesson: Lesson): Comparable {
  return {
    isCancelled: lesson.isCancelled,
    isReplaced: lesson.isReplaced,
    teacher: lesson.teacher?.fullName ?? null,
    date: lesson.date,
    startsAt: lesson.startsAt,
    number: lesson.number,
    room: lesson.room,
  };
}

/** Whether a detail the diary may leave out differs, both readings naming it. */
function changedWhileKnown<T>(before: T | null, after: T | null): boolean {
  return before !== null && after !== null && before !== after;
}

/** The ways a lesson seen in both readings changed, in the order they are reported. */
function lessonKinds(before: Lesson, after: Lesson): LessonChangeModel['kind'][] {
  const kinds: LessonChangeModel['kind'][] = [];
  if (!before.isCancelled && after.isCancelled) kinds.push('LESSON_CANCELLED');
  const teacher = changedWhileKnown(before.teacher?.fullName ?? null, after.teacher?.fullName ?? null);
  if ((!before.isReplaced && after.isReplaced) || teacher) kinds.push('LESSON_REPLACED');
  const moved =
    before.date !== after.date ||
    changedWhileKnown(before.startsAt, after.startsAt) ||
    changedWhileKnown(before.number, after.number) ||
    changedWhileKnown(before.room, after.room);
  if (moved) kinds.push('LESSON_MOVED');
  return kinds;
}

/** Lessons cancelled, replaced, moved or removed. */
export function lessonChanges(context: ChangeContext, transitions: readonly Transition<Lesson>[]): FoundChange[] {
  return transitions.flatMap(({ key, before, after }) => {
    if (before === null) return [];
    const digests: Digests = {
      before: digestOf(lessonFields(before)),
      after: after === null ? null : digestOf(lessonFields(after)),
    };
    const found = (kind: LessonChangeModel['kind'], lesson: Lesson, previous: Lesson | null): FoundChange => ({
      change: { ...changeBase(context, kind, key, digests), type: 'lesson', lesson, previous },
      date: lesson.date,
      key,
    });
    if (after === null) return [found('LESSON_REMOVED', before, null)];
    return lessonKinds(before, after).map((kind) => found(kind, after, before));
  });
}
