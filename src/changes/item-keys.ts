/**
 * How the detector tells one reading's items apart and matches them with the last reading's: each item's
 * key within its resource, and the date the window rules go by. A key is `null` when the item has none (no
 * id, or an attendance record on no readable date): such an item cannot be matched, so it is left out alone.
 *
 * Composite keys are JSON arrays: every part is quoted and escaped, so no two items write the same key,
 * whatever their diary's ids hold.
 */
import { isIsoDate } from '../domain/dates.js';
import type { AttendanceRecord, Grade, Homework, Lesson, ProviderSubjectAverage } from '../domain/model.js';

/** How items of one resource are keyed and dated. */
export interface ItemIdentity<T> {
  /** The item's key, `null` when it has none. */
  key(item: T): string | null;
  /** The school-local date the window rules go by (`YYYY-MM-DD`, or anything else when the diary sent that). */
  date(item: T): string;
}

/** A diary's id, `null` when it is missing or blank. */
function idOf(id: string | null | undefined): string | null {
  return typeof id === 'string' && id.trim() !== '' ? id : null;
}

/** Whether an item's date can be read: the window rules cannot place an item whose date is not a date. */
export function isReadableDate(date: string | null | undefined): date is string {
  return typeof date === 'string' && isIsoDate(date);
}

/** Marks: by id, dated by their lesson day. */
export const gradeIdentity: ItemIdentity<Grade> = { key: (grade) => idOf(grade.id), date: (grade) => grade.date };

/** Homework: by id, dated by when it is due (the window is over `dueOn`). */
export const homeworkIdentity: ItemIdentity<Homework> = {
  key: (homework) => idOf(homework.id),
  date: (homework) => homework.dueOn,
};

/** Lessons: by id, dated by their day. */
export const lessonIdentity: ItemIdentity<Lesson> = { key: (lesson) => idOf(lesson.id), date: (lesson) => lesson.date };

/**
 * Attendance records have no ids: a record is its date, its lesson (`null` for a whole day) and its kind.
 * A record of a lesson without an id has no key: it cannot be told from the day's other records.
 */
export const attendanceIdentity: ItemIdentity<AttendanceRecord> = {
  key(record) {
    if (!isReadableDate(record.date)) return null;
    const lesson = record.lesson === null ? null : idOf(record.lesson.id);
    if (record.lesson !== null && lesson === null) return null;
    return JSON.stringify([record.date, lesson, record.kind]);
  },
  date: (record) => record.date,
};

/** A subject's final mark in a period: by period and subject. */
export function finalKey(average: ProviderSubjectAverage): string | null {
  const period = idOf(average.periodId);
  const subject = idOf(average.subject.id);
  return period === null || subject === null ? null : JSON.stringify([period, subject]);
}
