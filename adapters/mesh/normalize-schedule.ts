/**
 * The МЭШ event calendar → `Lesson`s, with their homework, marks and the absence МЭШ records embedded (the
 * parent's notices are applied in `normalize-attendance.ts`).
 */
import type { Lesson, LessonAbsence, Subject } from '../../src/domain/model.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import type { Event } from './payloads.js';
import { MESH, meshId, meshSubject, readInstant, textOrNull } from './normalize-common.js';
import { meshGrade } from './normalize-grades.js';
import { homeworkFromEvent } from './normalize-homework.js';

/**
 * МЭШ absence reasons by `absence_reason_id`. Only 6 ("болезнь") has been seen (providers.md §3.8);
 * an unknown id still makes the absence excused, with no reason text rather than a guessed one.
 */
export const MESH_ABSENCE_REASONS: Readonly<Record<number, string>> = Object.freeze({ 6: 'болезнь' });

/** Subject name when an event names none: the schema requires one. */
const UNNAMED_SUBJECT = 'Без названия';

/** `source` of a timetable lesson; clubs and extracurricular events (`AE`, `EC`, `CE`) are not lessons. */
const LESSON_SOURCE = 'PLAN';

function eventSubject(event: Event): Subject {
  const name =
    textOrNull(event.subject_name) ?? textOrNull(event.lesson_name) ?? textOrNull(event.title) ?? UNNAMED_SUBJECT;
  // Without a subject id the name is the only stable identity; the `name:` infix keeps it from
  // colliding with a numeric МЭШ id.
  return meshSubject(event.subject_id ?? `name:${name}`, name);
}

/** The absence МЭШ records on an event: excused when a reason id is set. */
export function lessonAbsence(event: Pick<Event, 'is_missed_lesson' | 'absence_reason_id'>): LessonAbsence | null {
  if (!event.is_missed_lesson) return null;
  const reasonId = event.absence_reason_id ?? null;
  if (reasonId === null) return { kind: 'ABSENCE', reason: null };
  return { kind: 'EXCUSED_ABSENCE', reason: MESH_ABSENCE_REASONS[reasonId] ?? null };
}

function eventToLesson(event: Event, index: number, timeZone: string): Lesson {
  const startsAt = readInstant(event.start_at, timeZone);
  if (startsAt === null)
    throw new ProviderBadResponseError(MESH, `events: response[${index}].start_at: expected an ISO datetime`);
  // The school-local date: `startsAt` is written in the school's zone, so its date part is that day.
  const date = startsAt.slice(0, 10);
  const subject = eventSubject(event);
  return {
    id: meshId(event.id),
    date,
    // Events carry no lesson number or teacher, and counting a day's events would be wrong on days with a
    // gap: both come from the family `schedule` route (`lesson-details.ts`).
    number: null,
    startsAt,
    endsAt: readInstant(event.finish_at, timeZone),
    subject,
    teacher: null,
    room: textOrNull(event.room_number) ?? textOrNull(event.room_name),
    topic: textOrNull(event.lesson_theme),
    isCancelled: event.cancelled ?? false,
    isReplaced: event.replaced ?? false,
    homework: homeworkFromEvent(event, date, subject),
    grades: (event.marks ?? []).map((mark) => meshGrade(mark, date, subject, timeZone)),
    absence: lessonAbsence(event),
    provider: MESH,
  };
}

/**
 * Normalises calendar events into the timetable: only `PLAN` events, with times rewritten in the school's
 * zone (whatever offset МЭШ used), sorted by start time.
 */
export function normalizeEvents(events: readonly Event[], timeZone: string): Lesson[] {
  const lessons = events.flatMap((event, index) =>
    event.source.trim().toUpperCase() === LESSON_SOURCE ? [eventToLesson(event, index, timeZone)] : [],
  );
  return lessons.sort(compareLessons);
}

/** Lessons by start time, then id: the timetable's order. */
export function compareLessons(a: Lesson, b: Lesson): number {
  return startMs(a) - startMs(b) || a.id.localeCompare(b.id);
}

function startMs(lesson: Lesson): number {
  return lesson.startsAt === null ? 0 : Date.parse(lesson.startsAt);
}
