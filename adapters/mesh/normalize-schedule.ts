/**
 * The МЭШ event calendar → `Lesson`s, with their homework, marks and absence embedded, and lessons plus
 * the parent's absence notices → `AttendanceRecord`s.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { AttendanceRecord, DateRange, Lesson, LessonAbsence, Subject } from '../../src/domain/model.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import type { AttendanceDay, Event } from './payloads.js';
import { MESH, meshId, meshSubject, readInstant, requireDate, textOrNull } from './normalize-common.js';
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

function compareLessons(a: Lesson, b: Lesson): number {
  return startMs(a) - startMs(b) || a.id.localeCompare(b.id);
}

function startMs(lesson: Lesson): number {
  return lesson.startsAt === null ? 0 : Date.parse(lesson.startsAt);
}

/**
 * The parent's notices by day, within the range. An entry counts as a notice unless it says
 * `notified: false`: the route lists notices, and МЭШ sends most flags as nullable. The first notice of a
 * day wins.
 */
function noticesByDay(notices: readonly AttendanceDay[], range: DateRange): Map<string, AttendanceDay> {
  const byDay = new Map<string, AttendanceDay>();
  notices.forEach((notice, index) => {
    if (notice.notified === false) return;
    const date = requireDate(notice.date, `attendance: attendance[${index}].date`);
    if (isWithin(date, range.from, range.to) && !byDay.has(date)) byDay.set(date, notice);
  });
  return byDay;
}

/**
 * Attendance over a range: one record per lesson with an absence, plus the parent's notices. A notice
 * excuses that day's lesson absences (its description becomes their reason, and the lesson inside the
 * record shows the same excused absence); a noticed day without any lesson record becomes one whole-day
 * record. Sorted by date, whole-day records first, then by lesson start.
 */
export function buildAttendance(
  lessons: readonly Lesson[],
  notices: readonly AttendanceDay[],
  range: DateRange,
): AttendanceRecord[] {
  const notified = noticesByDay(notices, range);
  const records: AttendanceRecord[] = [];
  const daysWithLessonRecords = new Set<string>();

  for (const lesson of lessons) {
    if (lesson.absence === null || !isWithin(lesson.date, range.from, range.to)) continue;
    daysWithLessonRecords.add(lesson.date);
    const notice = notified.get(lesson.date);
    const absence: LessonAbsence = notice
      ? { kind: 'EXCUSED_ABSENCE', reason: textOrNull(notice.description) ?? lesson.absence.reason }
      : lesson.absence;
    records.push({ date: lesson.date, lesson: notice ? { ...lesson, absence } : lesson, ...absence, provider: MESH });
  }
  for (const [date, notice] of notified) {
    if (daysWithLessonRecords.has(date)) continue;
    records.push({
      date,
      lesson: null,
      kind: 'EXCUSED_ABSENCE',
      reason: textOrNull(notice.description),
      provider: MESH,
    });
  }
  return records.sort(compareRecords);
}

function compareRecords(a: AttendanceRecord, b: AttendanceRecord): number {
  if (a.date !== b.date) return a.date.localeCompare(b.date);
  if (a.lesson === null || b.lesson === null) return (a.lesson === null ? 0 : 1) - (b.lesson === null ? 0 : 1);
  return compareLessons(a.lesson, b.lesson);
}
