/**
 * Dnevnik.ru day schedules → `Lesson`s with their homework, marks and absence embedded. Bell times come
 * from the edu-group's timetables (PascalCase, confirmed by two clients); a lesson's own `hours` text
 * (format not published) is the fallback when no timetable item matches.
 */
import { isoWeekday, isWithin } from '../../src/domain/dates.js';
import type { DateRange, Lesson } from '../../src/domain/model.js';
import type { Timetable } from './payloads-diary.js';
import type { DiaryIndex, IndexedLesson } from './normalize-index.js';
import { logEntryAbsence } from './normalize-attendance.js';
import { dnevnikGrade, subjectFromIndex, teacherOf } from './normalize-grades.js';
import { homeworkOfLesson } from './normalize-homework.js';
import { compareIds, dateOf, DNEVNIK, dnevnikId, textOrNull, wallClockOf, zonedDateTime } from './normalize-common.js';

/** A lesson's start and end, wall-clock `HH:MM`. */
export interface BellTimes {
  start: string;
  end: string;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** Timetable items that are not lessons. */
const BREAK_TYPE = /break|перемен/i;
/** Lesson statuses (vocabulary not published; the simulator sends `Planned`, `Cancelled`, `Replaced`). */
const CANCELLED_STATUS = /cancel|отмен/i;
const REPLACED_STATUS = /replace|substitut|замен/i;

/** Whether a lesson is cancelled or replaced, from its `status`. */
export function lessonFlags(status: string | null | undefined): { isCancelled: boolean; isReplaced: boolean } {
  const text = status ?? '';
  return { isCancelled: CANCELLED_STATUS.test(text), isReplaced: REPLACED_STATUS.test(text) };
}

/** Reads `hours` such as `08:30 - 09:15`, `8:30–9:15` or `08:30-09:15`; `null` when unreadable. */
export function readHours(hours: string | null | undefined): BellTimes | null {
  const match = /^\s*(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*$/.exec(hours ?? '');
  if (!match) return null;
  const start = wallClockOf(match[1]);
  const end = wallClockOf(match[2]);
  return start && end ? { start, end } : null;
}

/** True when a timetable item applies on an ISO weekday: it lists no days, or names this one (by name or number). */
function appliesOn(days: readonly string[] | null | undefined, weekday: number): boolean {
  if (!days || days.length === 0) return true;
  return days.some((day) => {
    const lower = day.trim().toLowerCase();
    return lower === WEEKDAYS[weekday - 1] || lower === String(weekday);
  });
}

/**
 * The bell times of lesson `number` on `date`: from the timetable that applies on that date (the one
 * with the latest `Start` not after it; one without `Start` applies always), its item with that
 * `LessonNumber` for that weekday, skipping breaks. `null` when none matches.
 */
export function bellTimes(timetables: readonly Timetable[], date: string, number: number | null): BellTimes | null {
  if (number === null) return null;
  const applicable = timetables
    .map((timetable) => ({ timetable, from: dateOf(timetable.Start) ?? '' }))
    .filter((candidate) => candidate.from <= date)
    .sort((a, b) => b.from.localeCompare(a.from));
  for (const { timetable } of applicable) {
    const item = (timetable.Items ?? []).find(
      (candidate) =>
        candidate.LessonNumber === number &&
        !BREAK_TYPE.test(candidate.Type ?? '') &&
        appliesOn(candidate.DaysOfWeek, isoWeekday(date)),
    );
    const start = wallClockOf(item?.Start);
    const end = wallClockOf(item?.Finish);
    if (start && end) return { start, end };
  }
  return null;
}

/** The largest value of GraphQL's `Int`, which carries `Lesson.number`. */
const MAX_INT = 2 ** 31 - 1;

/**
 * A lesson's number when it is one a timetable can have (a whole number, 0 for a "zero lesson"), else
 * `null`: a fraction or a number past `Int` would fail when the response is written.
 */
function lessonNumberOf(value: number | null | undefined): number | null {
  return value != null && Number.isInteger(value) && value >= 0 && value <= MAX_INT ? value : null;
}

/** Builds a `Lesson` from a side-loaded lesson and what the index knows about it. */
export function dnevnikLesson(indexed: IndexedLesson, index: DiaryIndex, timetables: readonly Timetable[]): Lesson {
  const { lesson, id, date } = indexed;
  const number = lessonNumberOf(lesson.number);
  const times = bellTimes(timetables, date, number) ?? readHours(lesson.hours);
  const grades = (index.marksByLesson.get(id) ?? []).flatMap(({ mark, position }) => {
    const grade = dnevnikGrade(mark, index, `schedules: marks[${position}]`);
    return grade ? [grade] : [];
  });
  return {
    id: dnevnikId(id),
    date,
    number,
    startsAt: times ? zonedDateTime(date, times.start, index.timeZone) : null,
    endsAt: times ? zonedDateTime(date, times.end, index.timeZone) : null,
    subject: subjectFromIndex(indexed.subjectId, index),
    teacher: teacherOf(indexed, index),
    room: textOrNull(lesson.place),
    // A Dnevnik.ru lesson's title is its topic (тема урока).
    topic: textOrNull(lesson.title),
    ...lessonFlags(lesson.status),
    homework: homeworkOfLesson(id, index),
    grades: grades.sort((a, b) => compareIds(a.id, b.id)),
    absence: logEntryAbsence(index.logEntries.get(id)),
    provider: DNEVNIK,
  };
}

/** The lessons within the range, by day, start time and number. */
export function normalizeLessons(index: DiaryIndex, timetables: readonly Timetable[], range: DateRange): Lesson[] {
  const lessons = [...index.lessons.values()]
    .filter((indexed) => isWithin(indexed.date, range.from, range.to))
    .map((indexed) => dnevnikLesson(indexed, index, timetables));
  return lessons.sort(compareLessons);
}

function compareLessons(a: Lesson, b: Lesson): number {
  const start = (lesson: Lesson) => (lesson.startsAt ? Date.parse(lesson.startsAt) : 0);
  return (
    a.date.localeCompare(b.date) || start(a) - start(b) || (a.number ?? 0) - (b.number ?? 0) || compareIds(a.id, b.id)
  );
}
