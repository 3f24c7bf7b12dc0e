/**
 * `getdiary` → timetable lessons (bell times, teacher, room, topic, homework, marks and absence
 * embedded) and announced days off. The attendance built from these lessons is `normalize-attendance.ts`.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { DateRange, Lesson, LessonAbsence, NonSchoolDay, NonSchoolDayKind } from '../../src/domain/model.js';
import type { DiaryAnswer, DiaryDay, DiaryLesson } from './payloads.js';
import {
  dayKeyToIso,
  ELJUR,
  eljurId,
  eljurSubject,
  entriesOf,
  readLessonTime,
  readNumber,
  studentPart,
  subjectKey,
  textOrNull,
  valuesOf,
} from './normalize-common.js';
import { homeworkFrom } from './normalize-homework.js';
import { createMarkIds, type AttendanceMark, readMarkList } from './normalize-grades.js';

/** The `alert` of a day without lessons. */
const VACATION_ALERT = 'vacation';

/** The child's days of a diary answer with their `YYYY-MM-DD` date (from the key, else the day's `name`). */
function datedDays(answer: DiaryAnswer, studentId: string): { date: string; day: DiaryDay }[] {
  return entriesOf(studentPart(answer.students, studentId)?.days).flatMap(({ key, value }) => {
    const date = dayKeyToIso(key) ?? dayKeyToIso(value.name);
    // A day the adapter cannot date cannot be placed in a timetable; it is skipped, not guessed.
    return date === null ? [] : [{ date, day: value }];
  });
}

/** A lesson's absence: `Н` wins over `ОП` when a teacher recorded both. */
function absenceOf(attendance: readonly AttendanceMark[]): LessonAbsence | null {
  const kind = attendance.find((mark) => mark.kind !== 'TARDY')?.kind ?? attendance[0]?.kind;
  return kind ? { kind, reason: null } : null;
}

/** The largest value of GraphQL's `Int`, which carries `Lesson.number`. */
const MAX_INT = 2 ** 31 - 1;

function lessonNumber(num: string | number | null | undefined): number | null {
  const number = readNumber(num);
  // Past GraphQL's Int (2^31 − 1) the number could not be sent; no timetable has such a lesson anyway.
  return number !== null && Number.isInteger(number) && number > 0 && number <= MAX_INT ? number : null;
}

interface LessonContext {
  date: string;
  /** The lesson's key in `items` (its number), or its position when `items` arrived as an array. */
  key: string;
  timeZone: string;
  nextMarkId: ReturnType<typeof createMarkIds>;
}

/**
 * Builds a lesson. Eljur gives lessons no id, so the day and the lesson's key in `items` (its number)
 * are its identity. Eljur has no cancelled or replaced flag that any client reads, so both are `false`:
 * a lesson Eljur lists is taken to take place.
 */
function diaryLesson(item: DiaryLesson, context: LessonContext): Lesson {
  const subject = eljurSubject(item.lesson_id, item.name);
  const marks = valuesOf(item.assessments);
  const { grades, attendance } = readMarkList(marks, {
    subject,
    subjectKey: subjectKey(item.lesson_id, item.name),
    fallbackDate: context.date,
    where: `getdiary: days.${context.date.replaceAll('-', '')}.items.${context.key}.assessments`,
    nextId: context.nextMarkId,
  });
  const teacher = textOrNull(item.teacher);
  return {
    id: eljurId('lesson', context.date, context.key),
    date: context.date,
    number: lessonNumber(item.num) ?? lessonNumber(context.key),
    startsAt: readLessonTime(context.date, item.starttime, context.timeZone),
    endsAt: readLessonTime(context.date, item.endtime, context.timeZone),
    subject,
    teacher: teacher === null ? null : { fullName: teacher },
    room: textOrNull(item.room),
    topic: textOrNull(item.topic),
    isCancelled: false,
    isReplaced: false,
    homework: homeworkFrom(valuesOf(item.homework), valuesOf(item.files), context.date, subject),
    // A grade given in a lesson belongs to it whatever day the teacher dated it; attendance is the lesson's own.
    grades,
    absence: absenceOf(attendance),
    provider: ELJUR,
  };
}

/**
 * Normalises the timetable of a diary answer: every day's `items` (extracurricular `items_extday` are
 * not timetable lessons), with bell times read in the school's zone, sorted by day, start and number.
 */
export function normalizeDiaryLessons(answer: DiaryAnswer, studentId: string, timeZone: string): Lesson[] {
  const nextMarkId = createMarkIds();
  const lessons = datedDays(answer, studentId).flatMap(({ date, day }) =>
    entriesOf(day.items).map(({ key, value }, index) =>
      diaryLesson(value, { date, key: key ?? textOrNull(value.num) ?? String(index + 1), timeZone, nextMarkId }),
    ),
  );
  return lessons.sort(compareLessons);
}

/** Orders lessons by day, start time, number, then id. */
export function compareLessons(a: Lesson, b: Lesson): number {
  return (
    a.date.localeCompare(b.date) ||
    (a.startsAt ?? '').localeCompare(b.startsAt ?? '') ||
    (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * The kind of an announced day off. The title decides when there is one ("…каникулы" is a vacation, any
 * other named day — `День народного единства` — a holiday); an untitled `alert: "vacation"` day is a
 * vacation; anything else is OTHER.
 */
export function eljurNonSchoolDayKind(
  alert: string | null | undefined,
  title: string | null | undefined,
): NonSchoolDayKind {
  const name = textOrNull(title);
  if (name !== null) return /каникул/i.test(name) ? 'VACATION' : 'HOLIDAY';
  return alert?.trim().toLowerCase() === VACATION_ALERT ? 'VACATION' : 'OTHER';
}

/**
 * The days off of a diary answer within the range: days with `alert: "vacation"` or a `holiday_name`
 * (some hosts put it in `message`), one per date, by date.
 */
export function normalizeNonSchoolDays(answer: DiaryAnswer, studentId: string, range: DateRange): NonSchoolDay[] {
  const byDate = new Map<string, NonSchoolDay>();
  for (const { date, day } of datedDays(answer, studentId)) {
    const title = textOrNull(day.holiday_name) ?? textOrNull(day.message);
    const isDayOff = day.alert?.trim().toLowerCase() === VACATION_ALERT || textOrNull(day.holiday_name) !== null;
    if (!isDayOff || !isWithin(date, range.from, range.to) || byDate.has(date)) continue;
    byDate.set(date, { date, kind: eljurNonSchoolDayKind(day.alert, title), title, provider: ELJUR });
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
