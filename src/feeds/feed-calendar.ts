/**
 * Reading what a calendar feed shows of one child — lessons, homework by due day, days off — from every
 * enrollment, through the request's loaders, so the upstream cache serves it as it serves the family page:
 * fresh copies as they are, old ones while they are refreshed, and the last good copy when a diary fails.
 * A diary that fails without a copy costs only its part; the caller decides what to do when nothing of the
 * lessons could be read at all.
 */
import type { ProviderAccount } from '../domain/adapter.js';
import type { DateRange, Homework, Lesson, NonSchoolDay, StudentEnrollment, StudentRecord } from '../domain/model.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { EnrollmentKey, Loaded, RequestLoaders } from '../loaders/request-loaders.js';
import type { FeedWindow } from './feed-window.js';

/** One item as one enrollment's diary gave it. */
export interface FromEnrollment<T> {
  item: T;
  enrollment: StudentEnrollment;
}

/** How the feed reads: the request's loaders, and the diary account behind an enrollment. */
export interface FeedReader {
  loaders: RequestLoaders;
  /** The account of an enrollment of a student the feed's owner sees (the owner's directory knows it). */
  account(accountId: string): Promise<ProviderAccount>;
}

/** What one fetch read of a child. */
export interface FeedCalendar {
  lessons: FromEnrollment<Lesson>[];
  homework: FromEnrollment<Homework>[];
  daysOff: FromEnrollment<NonSchoolDay>[];
  /** Whether at least one range of lessons was read (fresh or from a copy): otherwise the feed has no lessons. */
  lessonsRead: boolean;
  /** The diaries' failures behind every part left out, and behind old copies served instead of new ones. */
  failures: GatewayError[];
}

/** Reads the feed's window of `student` (see the module comment). */
export async function readFeedCalendar(
  student: StudentRecord,
  reader: FeedReader,
  window: FeedWindow,
): Promise<FeedCalendar> {
  const failures: GatewayError[] = [];
  /** Loads one list from one enrollment; a diary's failure gives nothing (and is kept), a bug throws. */
  const load = async <T>(
    enrollment: StudentEnrollment,
    range: DateRange,
    from: (key: EnrollmentKey) => Promise<Loaded<T[]>>,
  ): Promise<FromEnrollment<T>[] | null> => {
    try {
      const key = { account: await reader.account(enrollment.accountId), student: enrollment.student, range };
      const served = await from(key);
      if (served.staleBecause) failures.push(served.staleBecause);
      return served.value.map((item) => ({ item, enrollment }));
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      failures.push(error);
      return null;
    }
  };
  const { loaders } = reader;
  const each = <T>(ranges: readonly DateRange[], from: (key: EnrollmentKey) => Promise<Loaded<T[]>>) =>
    Promise.all(student.enrollments.flatMap((enrollment) => ranges.map((range) => load(enrollment, range, from))));
  const [lessons, homework, daysOff] = await Promise.all([
    each(window.lessonRanges, (key) => loaders.schedule.load(key)),
    each([window.shown], (key) => loaders.homework.load(key)),
    each([window.daysOffRange], (key) => loaders.nonSchoolDays.load(key)),
  ]);
  const served = <T>(lists: (FromEnrollment<T>[] | null)[]) => lists.flatMap((list) => list ?? []);
  return {
    lessons: served(lessons),
    homework: served(homework),
    daysOff: served(daysOff),
    lessonsRead: lessons.some((list) => list !== null),
    failures,
  };
}
