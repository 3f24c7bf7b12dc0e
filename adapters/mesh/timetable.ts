/**
 * A МЭШ child's lessons over a range, assembled one way for both `Student.schedule` and
 * `Student.attendance`, so the two show a lesson alike: the event calendar's lessons, numbered and with
 * their teachers from the family `schedule` route (`lesson-details.ts`), every absence decided with the
 * parent's notices (`normalize-attendance.ts`).
 *
 * The `schedule` days and the notices only enrich the lessons: when either fails in any way, the lessons are
 * served without what it gives and the failure is reported beside them (`sideAnswer`), never the lessons
 * lost. Each is read only when something served needs it, and through the request's memo, so a query
 * asking both the timetable and attendance of a month reads each once. What the days teach is kept as the
 * child's structure (`lesson-structure.ts`): with it known, no day is read unless the range shows a bell
 * or a subject no kept copy has seen, so the timetable waits for the event calendar only.
 */
import type { DateRange, Lesson } from '../../src/domain/model.js';
import { sideAnswer, type SideAnswerReceiver, type SideAnswerSource } from '../../src/upstream/side-answers.js';
import { daysToRead, learnDetails, withDetails, type LessonDetails } from './lesson-details.js';
import {
  knownFrom,
  layeredDetails,
  lessonsShowing,
  NOTHING_KNOWN,
  partFor,
  unseenNeeds,
  type KnownDetails,
} from './lesson-structure.js';
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
  /**
   * A kept copy of the child's bells and teachers (structure, on the long windows): `part` `''` names the
   * child's main copy, any other one a copy keyed by the needs it covers. `learn` makes it when it is not
   * kept, given `null` to learn in these reads' own scope, or a background refresh's reads (the main
   * copy's over the current month, others' over these reads' range).
   */
  known(part: string, learn: (refresh: RefreshReads | null) => Promise<KnownDetails>): Promise<KnownDetails>;
  /** The request's memo, for what these reads learn (`key` is within the child). */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** The reads of a background refresh's scope (over the range its copy is learnt from). */
export interface RefreshReads {
  reads: TimetableReads;
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
 * attendance only when a lesson was missed (the records show those lessons). The notices are asked beside the
 * calendar for both lists, so a month with a missed lesson waits for one wave, not two (issue 15); the
 * timetable uses them, and says their route failed, only when a lesson was missed (they decide its absence).
 */
export async function readTimetable(
  reads: TimetableReads,
  receiver: SideAnswerReceiver,
  range: DateRange,
  use: TimetableUse,
): Promise<Timetable> {
  // Started at once and settled here, so an answer nobody ends up needing is no unhandled failure.
  const asked = reads.notices().then(
    (notices) => ({ notices }),
    (error: unknown) => ({ error }),
  );
  const readNotices = () =>
    sideAnswer(
      NOTICES,
      receiver,
      async () => {
        const answer = await asked;
        if ('error' in answer) throw answer.error;
        return answer.notices;
      },
      [],
    );
  // Attendance always needs the notices.
  const [lessons, early] = await Promise.all([reads.lessons(), use === 'attendance' ? readNotices() : null]);
  const missed = lessons.some((lesson) => lesson.absence !== null);
  const [details, notices] = await Promise.all([
    use === 'schedule' || missed ? readDetails(reads, receiver, lessons) : NO_DETAILS,
    early ?? (missed ? readNotices() : []),
  ]);
  return { lessons: withNotices(withDetails(lessons, details), notices, range), notices };
}

const NO_DETAILS: LessonDetails = learnDetails([]);

/**
 * The lessons' numbers and teachers: the child's main kept copy, and where the lessons show a bell or a
 * subject it has not seen, a copy keyed by those (made by reading the days that show them, as before).
 * The days this request reads itself serve their own lessons exactly.
 */
async function readDetails(
  reads: TimetableReads,
  receiver: SideAnswerReceiver,
  lessons: readonly Lesson[],
): Promise<LessonDetails> {
  // No lessons, nothing to learn: an empty copy would only be kept for nothing.
  if (lessons.length === 0) return NO_DETAILS;
  /** The lessons whose days this read asked itself (for a copy made here, or one that could not be read). */
  let own: Lesson[] | null = null;
  /** The days read in this request, by this read or another, which serve their lessons exactly. */
  const dates = new Set<string>();
  const learntKey = (part: string) => `lesson-details-learnt${part}`;
  const known = async (part: string, wanted: (all: readonly Lesson[]) => Lesson[]) => {
    const copy = await reads
      .known(part, async (refresh) => {
        if (refresh) return learnKnown(refresh.reads, wanted(await refresh.reads.lessons()));
        const asked = (own = wanted(lessons));
        void reads.once(learntKey(part), async () => daysToRead(asked));
        return learnKnown(reads, asked);
      })
      .catch(() => {
        // Whatever failed (a day, so the copy was not kept; or the cache), the lessons are numbered as
        // before copies existed: from the days read here, whose failures are told below.
        own ??= wanted(lessons);
        return NOTHING_KNOWN;
      });
    // Another read of this request may have made the copy (the same month's attendance beside its
    // timetable): the days it read are in the memo and serve these lessons exactly, as they serve its own,
    // so the two lists show a lesson alike.
    for (const date of own ? daysToRead(own) : ((await reads.once(learntKey(part), async () => null)) ?? []))
      dates.add(date);
    return copy;
  };
  const main = await known('', (all) => [...all]);
  // A main copy made (or tried) by this read just now read every day these lessons need.
  const unseen = own ? [] : unseenNeeds(lessons, main);
  const extra = unseen.length > 0 ? await known(partFor(unseen), (all) => lessonsShowing(all, unseen)) : NOTHING_KNOWN;
  // Through the request's memo: the days read above are not asked again, only their failures told.
  const fresh = await readDays(reads, receiver, [...dates].sort());
  return layeredDetails(learnDetails(fresh), extra, main);
}

/**
 * Learns a kept copy from the days that show `lessons`' bells and subjects; fails when any of them fails,
 * so that a copy is kept only when it answers for every lesson given (a background refresh that fails
 * keeps the older copy; a request numbers its lessons from the days it could read).
 */
export async function learnKnown(reads: TimetableReads, lessons: readonly Lesson[]): Promise<KnownDetails> {
  const days = await Promise.all(daysToRead(lessons).map((date) => reads.day(date)));
  return knownFrom(learnDetails(days), lessons);
}

/** The `schedule` days of `dates`; a failed day is left out (and told to `receiver`). */
async function readDays(reads: TimetableReads, receiver: SideAnswerReceiver, dates: readonly string[]) {
  const days = await Promise.all(
    dates.map((date) => sideAnswer(SCHEDULE, receiver, async () => [await reads.day(date)], [])),
  );
  return days.flat();
}
