/**
 * What the `schedule` days taught of a child's school, kept as structure (`UpstreamScope.structure`, the
 * long windows): which lesson number each bell (start time) is, and which teacher each subject has. With
 * it known, a range's lessons are numbered from the event calendar alone (one wave of calls); a `schedule`
 * day is read only for a bell or a subject the kept copy has not seen (`unseenNeeds`).
 *
 * What a kept copy implies: a lesson not on a day read by the request itself gets its number and teacher
 * by inference, as a lesson on a day not read always did (`lesson-details.ts`), only from days read
 * earlier (up to the structure windows). A replaced lesson gets no teacher from it (the subject's usual
 * teacher is precisely the one not teaching it); a subject whose teacher changed keeps the old name until
 * the copy is refreshed in the background (within the structure's fresh window). The schema carries no
 * confidence mark for this, so the copy keeps no lesson's exact answer (`byLesson`): only the mappings.
 */
import { createHash } from 'node:crypto';
import type { Lesson, Teacher } from '../../src/domain/model.js';
import { needsOf, type LessonDetails } from './lesson-details.js';

/** The kept copy: plain JSON, as structure must be. */
export interface KnownDetails {
  /** School-local start time `HH:MM` → lesson number, or `null` where two days disagreed. */
  numberByStart: [string, number | null][];
  /** Subject id (`mesh:<subject_id>`) → teacher, or `null` where two teachers were seen. */
  teacherBySubject: [string, Teacher | null][];
  /**
   * The needs (`start:HH:MM`, `subject:<id>`) of the lessons on the days read: what the copy answers for,
   * even where its answer is `null` (a bell no read day numbered stays unnumbered, as before).
   */
  seen: string[];
}

/** Nothing known: what a failed structure read leaves (every lesson's day is then read, as before). */
export const NOTHING_KNOWN: KnownDetails = { numberByStart: [], teacherBySubject: [], seen: [] };

/** The copy of what `details` say, answering for the needs of `shown` (the lessons of the days read). */
export function knownFrom(details: LessonDetails, shown: readonly Lesson[]): KnownDetails {
  return {
    numberByStart: [...details.numberByStart],
    teacherBySubject: [...details.teacherBySubject],
    seen: [...new Set(shown.flatMap(needsOf))].sort(),
  };
}

/** The needs of `lessons` that `known` does not answer for, sorted. */
export function unseenNeeds(lessons: readonly Lesson[], known: KnownDetails): string[] {
  const seen = new Set(known.seen);
  return [...new Set(lessons.flatMap(needsOf))].filter((need) => !seen.has(need)).sort();
}

/** The lessons that show at least one of `needs`. */
export function lessonsShowing(lessons: readonly Lesson[], needs: readonly string[]): Lesson[] {
  const wanted = new Set(needs);
  return lessons.filter((lesson) => needsOf(lesson).some((need) => wanted.has(need)));
}

/**
 * The name of the copy that answers for `needs` beside the child's main one: keyed by what it covers, so
 * a read-through cache keeps it without ever overwriting the main copy.
 */
export function partFor(needs: readonly string[]): string {
  return `:${createHash('sha256').update(needs.join('\n')).digest('base64url').slice(0, 16)}`;
}

/**
 * One `LessonDetails` from `fresh` (what this request read, exact lessons included) and kept copies: an
 * earlier layer's mapping wins, since the later ones are older or cover other days.
 */
export function layeredDetails(fresh: LessonDetails, ...kept: readonly KnownDetails[]): LessonDetails {
  const numberByStart = new Map(fresh.numberByStart);
  const teacherBySubject = new Map(fresh.teacherBySubject);
  for (const copy of kept) {
    for (const [start, number] of copy.numberByStart) if (!numberByStart.has(start)) numberByStart.set(start, number);
    for (const [subject, teacher] of copy.teacherBySubject)
      if (!teacherBySubject.has(subject)) teacherBySubject.set(subject, teacher);
  }
  return { byLesson: fresh.byLesson, numberByStart, teacherBySubject };
}
