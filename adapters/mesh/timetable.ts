/**
 * A МЭШ child's lessons over a range, assembled one way for both `Student.schedule` and
 * `Student.attendance`, so the two show a lesson alike: the event calendar's lessons, numbered and with
 * their teachers from the family `schedule` route (`lesson-details.ts`), every absence decided with the
 * parent's notices (`normalize-attendance.ts`).
 *
 * The `schedule` days and the notices only enrich the lessons: when either fails in any way, the lessons are
 * served without what it gives and the failure is reported beside them (`sideAnswer`), never the lessons
 * lost. Each is read only when something served needs it, and through the request's memo, so a query
 * asking both the timetable and attendance of a month reads each once.
 */
import type { DateRange, Lesson } from '../../src/domain/model.js';
import { sideAnswer, type SideAnswerReceiver, type SideAnswerSource } from '../../src/upstream/side-answers.js';
import { daysToRead, learnDetails, withDetails } from './lesson-details.js';
import { MESH } from './normalize-common.js';
import { withNotices } from './normalize-attendance.js';
import type { AttendanceDay, DaySchedule } from './payloads.js';

/** The reads the assembly makes, each memoised per request by the caller. */
export interface TimetableReads {
  /** The range's lessons, from the event calendar (the core: its failure fails the call). */
  lessons(): Promise<Lesson[]>;
  /** One day of the family `schedule` route. */
  day(date: string): Promise<DaySchedule>;
  /** The parent's absence notices (the family `attendance` route). */
  notices(): Promise<AttendanceDay[]>;
}

/** Which list is being served: the timetable always needs numbers, attendance always needs the notices. */
export type TimetableUse = 'schedule' | 'attendance';

/** The lessons, ready to serve, and the notices they were decided with (attendance adds whole days from them). */
export interface Timetable {
  lessons: Lesson[];
  notices: AttendanceDay[];
}

const SCHEDULE: SideAnswerSource = { provider: MESH, route: 'schedule', missing: ['Lesson.number', 'Lesson.teacher'] };
const NOTICES: SideAnswerSource = {
  provider: MESH,
  route: 'attendance',
  missing: ['AttendanceRecord.kind', 'AttendanceRecord.reason'],
};

/**
 * Reads and assembles the lessons of `range`. Numbers and teachers are read for the timetable, and for
 * attendance only when a lesson was missed (the records show those lessons); the notices are read for
 * attendance, and for the timetable only when a lesson was missed (they decide its absence).
 */
export async function readTimetable(
  reads: TimetableReads,
  receiver: SideAnswerReceiver,
  range: DateRange,
  use: TimetableUse,
): Promise<Timetable> {
  const readNotices = () => sideAnswer(NOTICES, receiver, () => reads.notices(), []);
  // Attendance always needs the notices: asked beside the calendar, not after it.
  const [lessons, early] = await Promise.all([reads.lessons(), use === 'attendance' ? readNotices() : null]);
  const missed = lessons.some((lesson) => lesson.absence !== null);
  const [days, notices] = await Promise.all([
    use === 'schedule' || missed ? readDays(reads, receiver, lessons) : [],
    early ?? (missed ? readNotices() : []),
  ]);
  return { lessons: withNotices(withDetails(lessons, learnDetails(days)), notices, range), notices };
}

/** The `schedule` days that show every bell and subject of the lessons once; a failed day is left out. */
async function readDays(reads: TimetableReads, receiver: SideAnswerReceiver, lessons: readonly Lesson[]) {
  const days = await Promise.all(
    daysToRead(lessons).map((date) => sideAnswer(SCHEDULE, receiver, async () => [await reads.day(date)], [])),
  );
  return days.flat();
}
