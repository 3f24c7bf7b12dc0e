/**
 * One poll of one linked diary account: read each of its children's due resources through the loaders
 * (fresh from the diary, or the cache's copy while that is fresh), compare them with the account's last
 * snapshot (`diff-child.ts`), append what changed to each child's log, and say which children have news.
 *
 * Order matters for "nothing lost": changes are appended before the new snapshot is stored (by the caller,
 * `detector.ts`), so a poll cut short between the two detects the same changes again next time, and the
 * log's de-duplication by change id keeps them once.
 */
import {
  POLLED_RESOURCES,
  type PolledResource,
  type PollIntervals,
  type WatchedResource,
} from '../config/change-polling.js';
import type { ProviderAccount } from '../domain/adapter.js';
import type { DetectedChange } from '../domain/changes.js';
import { endOfMonth, startOfMonth } from '../domain/calendar-months.js';
import { addDays, dateInZone, isoWeekday, toZonedIso } from '../domain/dates.js';
import type { DateRange, ProviderStudent } from '../domain/model.js';
import { currentPeriod } from '../domain/periods.js';
import { errorCodeOf } from '../errors/gateway-error.js';
import type { LoaderSet } from '../loaders/loader-set.js';
import type { Loaded } from '../loaders/request-loaders.js';
import type { ChildReading, FinalsResource } from './child-snapshot.js';
import { diffChild } from './diff-child.js';
import { pollMail } from './mail-poll.js';
import { parseAccountSnapshot, type AccountSnapshot } from './account-snapshot.js';
import { nextDue, type PollMoment } from './poll-schedule.js';
import type { ChangeLog } from './ports.js';

/** What one poll needs. */
export interface AccountPollDeps {
  log: ChangeLog;
  /** A new loader set for this poll (data resources read fresh or not at all). */
  loaderSet(): LoaderSet;
  /** The child's own gateway id (`deriveStudentId`), as the directory names it. */
  childId(student: ProviderStudent): string;
  intervals: PollIntervals;
  /** Whether intervals grow at night and on days without school (`CHANGE_POLL_QUIET`); absent: they do. */
  quiet?: boolean;
  now(): Date;
  random?: () => number;
}

/** How a poll ended. */
export interface AccountPollResult {
  /** The snapshot to store (the stored one when nothing could be read). */
  snapshot: AccountSnapshot;
  /** When the account is due again: its soonest resource. */
  nextDueAt: number;
  /** Children whose logs grew. */
  notified: string[];
  /** How many changes were appended. */
  appended: number;
  /** One code per failed read (never a name or an id). */
  failures: string[];
}

/**
 * Polls `account` once: its due resources, or `resources` whatever the schedule says. A read that fails keeps
 * its resource's snapshot and is tried again soon; a profile that cannot be read keeps everything. Never
 * throws for a diary's failure.
 */
export async function pollAccount(
  account: ProviderAccount,
  storedSnapshot: string | null,
  deps: AccountPollDeps,
  resources?: ReadonlySet<PolledResource>,
): Promise<AccountPollResult> {
  const previous = parseAccountSnapshot(storedSnapshot);
  const now = deps.now();
  const due = resources ?? dueResources(previous, now.getTime());
  const { loaders } = deps.loaderSet();
  const failures: string[] = [];
  let students: ProviderStudent[];
  try {
    students = (await loaders.profile.load(account)).value.students;
  } catch (error) {
    failures.push(codeOf(error));
    const retryAt = now.getTime() + Math.min(...POLLED_RESOURCES.map((r) => deps.intervals[r]));
    return { snapshot: previous, nextDueAt: retryAt, notified: [], appended: 0, failures };
  }
  const children: AccountSnapshot['children'] = {};
  const failed = new Set<PolledResource>();
  const notified: string[] = [];
  let appended = 0;
  let moment: PollMoment | null = null;
  for (const student of students) {
    const childId = deps.childId(student);
    const reading = await readChild({ account, student, childId, loaders, due, now }, failed, failures);
    moment ??= { now, timeZone: student.timeZone, dayOff: reading.dayOff, quiet: deps.quiet ?? true };
    const { snapshot, changes } = diffChild(
      previous.children[childId] ?? null,
      reading.reading,
      toZonedIso(now, student.timeZone),
    );
    children[childId] = snapshot;
    const logged = await appendAll(deps.log, childId, changes);
    if (logged > 0) notified.push(childId);
    appended += logged;
  }
  let mail = previous.mail;
  if (due.has('mail')) {
    try {
      const polled = await pollMail(account, students, previous.mail, loaders, toZonedIso(now, zoneOf(students)));
      const logged = await appendAll(deps.log, polled.logId, polled.changes);
      if (logged > 0) notified.push(polled.logId);
      appended += logged;
      mail = polled.snapshot;
    } catch (error) {
      failed.add('mail');
      failures.push(codeOf(error));
    }
  }
  const dues = nextDues(
    previous,
    due,
    failed,
    moment ?? { now, timeZone: 'Europe/Moscow', dayOff: false, quiet: deps.quiet ?? true },
    deps,
  );
  return {
    snapshot: { version: 1, children, due: dues, ...(mail ? { mail } : {}) },
    nextDueAt: Math.min(...Object.values(dues)),
    notified,
    appended,
    failures,
  };
}

async function appendAll(log: ChangeLog, childId: string, changes: DetectedChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  return (await log.append(childId, changes)).length;
}

/** The resources due at `nowMs` (every one on an account's first poll). */
function dueResources(snapshot: AccountSnapshot, nowMs: number): Set<PolledResource> {
  return new Set(POLLED_RESOURCES.filter((resource) => (snapshot.due[resource] ?? 0) <= nowMs));
}

/** The zone an account's mail times are told in: its first child's school's. */
function zoneOf(students: readonly ProviderStudent[]): string {
  return students[0]?.timeZone ?? 'Europe/Moscow';
}

/** Each resource's next due time: read ones from now, failed ones soon, the others as they were. */
function nextDues(
  previous: AccountSnapshot,
  due: ReadonlySet<PolledResource>,
  failed: ReadonlySet<PolledResource>,
  moment: PollMoment,
  deps: AccountPollDeps,
): Record<PolledResource, number> {
  const dues = {} as Record<PolledResource, number>;
  for (const resource of POLLED_RESOURCES) {
    dues[resource] = due.has(resource)
      ? nextDue(resource, deps.intervals, moment, failed.has(resource), deps.random)
      : (previous.due[resource] ?? moment.now.getTime());
  }
  return dues;
}

/** The windows a poll reads, in the school's calendar. */
export function watchWindows(today: string): Record<Exclude<WatchedResource, 'finals'>, DateRange> {
  const previousMonth = startOfMonth(addDays(startOfMonth(today), -1));
  const nextMonthEnd = endOfMonth(addDays(endOfMonth(today), 1));
  return {
    // Marks are dated by their lesson: the current and the previous month hold every mark a teacher
    // still enters or corrects (a late mark for a lesson last month).
    grades: { from: previousMonth, to: today },
    attendance: { from: previousMonth, to: today },
    // Homework is set for the coming weeks: everything due from last week to the end of next month.
    homework: { from: addDays(today, -7), to: nextMonthEnd },
    // Cancellations and moves matter for the coming two weeks.
    schedule: { from: today, to: addDays(today, 13) },
  };
}

interface ChildReadInput {
  account: ProviderAccount;
  student: ProviderStudent;
  childId: string;
  loaders: LoaderSet['loaders'];
  due: ReadonlySet<PolledResource>;
  now: Date;
}

/** Reads one child's due resources side by side; a failed read leaves its resource out of the reading. */
async function readChild(
  input: ChildReadInput,
  failed: Set<PolledResource>,
  failures: string[],
): Promise<{ reading: ChildReading; dayOff: boolean }> {
  const { account, student, childId, loaders, due } = input;
  const today = dateInZone(input.now, student.timeZone);
  const windows = watchWindows(today);
  const key = { account, student };
  const reading: ChildReading = { childId, provider: student.provider, timeZone: student.timeZone };
  const attempt = async <T>(resource: WatchedResource, read: () => Promise<T>): Promise<T | undefined> => {
    if (!due.has(resource)) return undefined;
    try {
      return await read();
    } catch (error) {
      failed.add(resource);
      failures.push(codeOf(error));
      return undefined;
    }
  };
  // Only a whole, current reading is compared: a copy served because the diary failed (`staleBecause`) is
  // not what the diary shows now, and one built without parts of an answer (drift, a failed side route)
  // would show every item it lacks as removed.
  const fresh = <T>(served: Loaded<T>): T => {
    if (served.staleBecause) throw served.staleBecause;
    if (served.drift.length > 0 || served.sideFailures.length > 0) throw new IncompleteReading();
    return served.value;
  };
  const [grades, homework, schedule, attendance, finals, dayOff] = await Promise.all([
    attempt('grades', async () => fresh(await loaders.grades.load({ ...key, range: windows.grades }))),
    attempt('homework', async () => fresh(await loaders.homework.load({ ...key, range: windows.homework }))),
    attempt('schedule', async () => fresh(await loaders.schedule.load({ ...key, range: windows.schedule }))),
    attempt('attendance', async () => fresh(await loaders.attendance.load({ ...key, range: windows.attendance }))),
    attempt('finals', () => readFinals(loaders, key, today, fresh)),
    isDayOff(loaders, key, today),
  ]);
  if (grades) reading.grades = { window: windows.grades, items: grades };
  if (homework) reading.homework = { window: windows.homework, items: homework };
  if (schedule) reading.schedule = { window: windows.schedule, items: schedule };
  if (attendance) reading.attendance = { window: windows.attendance, items: attendance };
  if (finals) reading.finals = finals;
  return { reading, dayOff };
}

/** The final marks of the current period; `undefined` when the diary lists no period. */
async function readFinals(
  loaders: LoaderSet['loaders'],
  key: { account: ProviderAccount; student: ProviderStudent },
  today: string,
  fresh: <T>(served: Loaded<T>) => T,
): Promise<FinalsResource | undefined> {
  const period = currentPeriod((await loaders.periods.load(key)).value, today);
  if (!period) return undefined;
  const items = fresh(await loaders.subjectAverages.load(key)).filter((average) => average.periodId === period.id);
  return { periodId: period.id, periodTitle: period.title, items };
}

/** A reading that lacks parts of the diary's answer: not compared, tried again soon. */
class IncompleteReading extends Error {
  override readonly name = 'IncompleteReading';
}

/** A weekend, or a day the diary lists as a holiday or vacation; a failed read is a school day. */
async function isDayOff(
  loaders: LoaderSet['loaders'],
  key: { account: ProviderAccount; student: ProviderStudent },
  today: string,
): Promise<boolean> {
  if (isoWeekday(today) >= 6) return true;
  try {
    const days = await loaders.nonSchoolDays.load({ ...key, range: { from: today, to: today } });
    return days.value.length > 0;
  } catch {
    return false;
  }
}

function codeOf(error: unknown): string {
  return error instanceof IncompleteReading ? 'INCOMPLETE_READING' : errorCodeOf(error);
}
