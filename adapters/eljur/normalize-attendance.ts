/**
 * Eljur attendance → `AttendanceRecord`s. Eljur has no attendance method: absences arrive as marks
 * (`normalize-grades.ts` tells them from grades), and the diary's lessons carry the same marks, so the
 * two are joined here into one record per absence.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { AttendanceRecord, DateRange, Lesson } from '../../src/domain/model.js';
import { ELJUR } from './normalize-common.js';
import type { AttendanceMark } from './normalize-grades.js';
import { compareLessons } from './normalize-schedule.js';

/**
 * Attendance over a range. The marks (`getmarks`) say who was absent or late in which subject on which
 * day; the diary ties each such mark to its lesson: a lesson of that subject on that day whose own
 * assessments record the same kind. A mark without such a lesson becomes a record without a lesson, and
 * a diary absence without a mark (should the two ever disagree) still counts. Sorted by day, then lesson.
 */
export function buildAttendance(
  marks: readonly AttendanceMark[],
  lessons: readonly Lesson[],
  range: DateRange,
): AttendanceRecord[] {
  const unmatched = lessons.filter((lesson) => lesson.absence !== null && isWithin(lesson.date, range.from, range.to));
  const records: AttendanceRecord[] = [];
  for (const mark of marks) {
    if (!isWithin(mark.date, range.from, range.to)) continue;
    const index = unmatched.findIndex(
      (lesson) =>
        lesson.date === mark.date && lesson.subject.id === mark.subject.id && lesson.absence?.kind === mark.kind,
    );
    const lesson = index >= 0 ? unmatched.splice(index, 1)[0]! : null;
    records.push({ date: mark.date, lesson, kind: mark.kind, reason: null, provider: ELJUR });
  }
  for (const lesson of unmatched)
    records.push({ date: lesson.date, lesson, kind: lesson.absence!.kind, reason: null, provider: ELJUR });
  return records.sort(compareRecords);
}

function compareRecords(a: AttendanceRecord, b: AttendanceRecord): number {
  if (a.date !== b.date) return a.date.localeCompare(b.date);
  if (a.lesson === null || b.lesson === null) return (a.lesson === null ? 0 : 1) - (b.lesson === null ? 0 : 1);
  return compareLessons(a.lesson, b.lesson);
}
