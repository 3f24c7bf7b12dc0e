/**
 * МЭШ absences: what the parent's notices (the family `attendance` route) make of the absence the event
 * calendar records on a lesson (`lessonAbsence`), and the attendance records built from both. One function,
 * {@link noticedAbsence}, decides an absence's kind and reason, and the timetable and attendance both take
 * their lessons through it, so `Lesson.absence` and `Student.attendance` never disagree about a lesson.
 */
import { isWithin } from '../../src/domain/dates.js';
import type { AttendanceRecord, DateRange, Lesson, LessonAbsence } from '../../src/domain/model.js';
import type { AttendanceDay } from './payloads.js';
import { MESH, requireDate, textOrNull } from './normalize-common.js';
import { compareLessons } from './normalize-schedule.js';

/**
 * The parent's notices by day, within the range. An entry counts as a notice unless it says
 * `notified: false`: the route lists notices, and МЭШ sends most flags as nullable. The first notice of a
 * day wins.
 */
export function noticesByDay(notices: readonly AttendanceDay[], range: DateRange): Map<string, AttendanceDay> {
  const byDay = new Map<string, AttendanceDay>();
  notices.forEach((notice, index) => {
    if (notice.notified === false) return;
    const date = requireDate(notice.date, `attendance: attendance[${index}].date`);
    if (isWithin(date, range.from, range.to) && !byDay.has(date)) byDay.set(date, notice);
  });
  return byDay;
}

/**
 * The one rule for an absence on a day the parent gave notice of: excused, the notice's description being
 * the reason (else the reason МЭШ recorded). `recorded` is the lesson's absence as МЭШ recorded it, or
 * `null` for a day noticed with no lesson absence recorded (a whole-day absence). A day without a notice
 * keeps what МЭШ recorded.
 */
export function noticedAbsence(recorded: LessonAbsence | null, notice: AttendanceDay): LessonAbsence {
  return { kind: 'EXCUSED_ABSENCE', reason: textOrNull(notice.description) ?? recorded?.reason ?? null };
}

/** The lessons with every absence on a noticed day within `range` decided by {@link noticedAbsence}. */
export function withNotices(lessons: readonly Lesson[], notices: readonly AttendanceDay[], range: DateRange): Lesson[] {
  const notified = noticesByDay(notices, range);
  return lessons.map((lesson) => {
    const notice = notified.get(lesson.date);
    return lesson.absence === null || !notice ? lesson : { ...lesson, absence: noticedAbsence(lesson.absence, notice) };
  });
}

/**
 * Attendance over a range: one record per lesson with an absence, plus the parent's notices. A notice
 * excuses that day's lesson absences (the lesson inside the record shows the same excused absence); a
 * noticed day without any lesson record becomes one whole-day record. Sorted by date, whole-day records
 * first, then by lesson start.
 */
export function buildAttendance(
  lessons: readonly Lesson[],
  notices: readonly AttendanceDay[],
  range: DateRange,
): AttendanceRecord[] {
  const records: AttendanceRecord[] = [];
  const daysWithLessonRecords = new Set<string>();
  for (const lesson of withNotices(lessons, notices, range)) {
    if (lesson.absence === null || !isWithin(lesson.date, range.from, range.to)) continue;
    daysWithLessonRecords.add(lesson.date);
    records.push({ date: lesson.date, lesson, ...lesson.absence, provider: MESH });
  }
  for (const [date, notice] of noticesByDay(notices, range)) {
    if (daysWithLessonRecords.has(date)) continue;
    records.push({ date, lesson: null, ...noticedAbsence(null, notice), provider: MESH });
  }
  return records.sort(compareRecords);
}

function compareRecords(a: AttendanceRecord, b: AttendanceRecord): number {
  if (a.date !== b.date) return a.date.localeCompare(b.date);
  if (a.lesson === null || b.lesson === null) return (a.lesson === null ? 0 : 1) - (b.lesson === null ? 0 : 1);
  return compareLessons(a.lesson, b.lesson);
}
