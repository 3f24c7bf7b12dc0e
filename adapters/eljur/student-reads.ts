/**
 * What the Eljur adapter reads for one child, over the adapter's calls (`eljur-calls.ts`): `getmarks` over
 * days and per started period, `getdiary` by month, `getperiods` (remembering the started periods' dates
 * between requests, `period-bounds.ts`), a range's marks through the per-period calls (`range-marks.ts`)
 * and the child's profile card. Each is memoised per request by its call's key.
 */
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import { dateInZone, isWithin } from '../../src/domain/dates.js';
import type { DateRange, Lesson, ProviderStudent, Subject } from '../../src/domain/model.js';
import { ProviderError } from '../../src/errors/gateway-error.js';
import { readStructure } from '../../src/upstream/structure.js';
import { fetchDiary, fetchMarks, fetchPeriods, fetchProfileUserInfo } from './client.js';
import type { EljurCalls } from './eljur-calls.js';
import { formatDays } from './endpoints.js';
import { EljurUpstreamAnswer } from './errors.js';
import {
  compareLessons,
  ELJUR_STUDENT_ID,
  normalizeDiaryLessons,
  normalizeSubjects,
  readMarks,
  readPeriods,
  type EljurPeriod,
  type PeriodMarks,
} from './normalize.js';
import type { DiaryAnswer, ProfileUserInfo } from './payloads.js';
import { createPeriodBounds } from './period-bounds.js';
import { createRangeMarks } from './range-marks.js';

/**
 * Whether a failure says the host does not serve the method (404, in the HTTP status or the envelope's
 * `state`): the host's lasting answer, unlike an outage, which says nothing about the data.
 */
function hostLacksMethod(error: unknown): boolean {
  if (!(error instanceof ProviderError) || error.code !== 'PROVIDER_BAD_RESPONSE') return false;
  return error.upstreamStatus === 404 || (error.cause instanceof EljurUpstreamAnswer && error.cause.state === 404);
}

/** Eljur's id of a child. */
export function studentIdOf(student: ProviderStudent): string {
  return student.providerIds[ELJUR_STUDENT_ID] ?? student.externalId;
}

/** The dates of the periods that have started: the ones `getmarks` is read over. */
function startedDates(periods: readonly EljurPeriod[]): DateRange[] {
  return periods.filter((period) => !period.disabled).map(({ period }) => ({ from: period.start, to: period.end }));
}

/** Creates the reads of the adapter; `now` says which periods have started. */
export function createStudentReads({ call, read, readStructure: readStructureAnswer }: EljurCalls, now: () => Date) {
  async function marks(account: ProviderAccount, student: ProviderStudent, range: DateRange, scope: UpstreamScope) {
    const id = studentIdOf(student);
    const answer = await read(account, scope, `getmarks:${id}:${formatDays(range)}`, (context) =>
      fetchMarks(context, id, range),
    );
    return readMarks(answer, id);
  }

  async function diaryMonths(
    account: ProviderAccount,
    student: ProviderStudent,
    months: readonly DateRange[],
    scope: UpstreamScope,
  ) {
    const id = studentIdOf(student);
    return Promise.all(
      months.map((month) =>
        read(account, scope, `getdiary:${id}:${formatDays(month)}`, (context) => fetchDiary(context, id, month)),
      ),
    );
  }

  function lessonsOf(answers: readonly DiaryAnswer[], student: ProviderStudent, range: DateRange): Lesson[] {
    const id = studentIdOf(student);
    return answers
      .flatMap((answer) => normalizeDiaryLessons(answer, id, student.timeZone))
      .filter((lesson) => isWithin(lesson.date, range.from, range.to))
      .sort(compareLessons);
  }

  // Started periods' dates between requests: they let a request that asks only grades go straight to
  // the period's `getmarks`, as the month call did, instead of waiting for `getperiods` first.
  const periodBounds = createPeriodBounds({ now: () => now().getTime() });
  const boundsKey = (account: ProviderAccount, student: ProviderStudent) => `${account.id}:${studentIdOf(student)}`;

  async function periods(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope) {
    const id = studentIdOf(student);
    // Structure: the periods change a few times a year, and grades and averages wait for them.
    const answer = await readStructureAnswer(account, scope, `getperiods:${id}`, (context) =>
      fetchPeriods(context, id),
    );
    const listed = readPeriods(answer, id, dateInZone(now(), student.timeZone));
    periodBounds.set(boundsKey(account, student), startedDates(listed));
    return listed;
  }

  /** `getmarks` for every started period: the subjects and the diary's averages come from these. */
  async function periodMarks(
    account: ProviderAccount,
    student: ProviderStudent,
    scope: UpstreamScope,
  ): Promise<PeriodMarks[]> {
    const started = (await periods(account, student, scope)).filter((period) => !period.disabled);
    return Promise.all(
      started.map(async (period) => ({
        period,
        subjects: await marks(account, student, { from: period.period.start, to: period.period.end }, scope),
      })),
    );
  }

  /** Grades' and attendance's marks of a range, read through the same per-period calls as `periodMarks`. */
  const rangeMarks = createRangeMarks({
    marks,
    startedPeriods: async (account, student, scope) => startedDates(await periods(account, student, scope)),
    bounds: periodBounds,
    boundsKey,
  });

  /**
   * A child's card from `getprofileuserinfo`: their SNILS and the name of their school. `null` only when
   * the host does not serve the method at all (404): that is the host's lasting answer, and the profile
   * stands with what `getrules` told. Any other failure (Eljur down, a timeout, an open breaker, an
   * unreadable answer, a refused token) fails the whole profile: a profile read without the card would
   * carry no SNILS and perhaps another child's school, and taken as good it would split a child merged
   * by SNILS in two until the card came back (issue 11 §2). Failed whole, the profile is served from its
   * last good copy instead.
   */
  async function profileCard(
    account: ProviderAccount,
    student: ProviderStudent,
    scope: UpstreamScope,
  ): Promise<ProfileUserInfo | null> {
    const id = studentIdOf(student);
    try {
      return await call(account, scope, `getprofileuserinfo:${id}`, (context) => fetchProfileUserInfo(context, id));
    } catch (error) {
      if (hostLacksMethod(error)) return null;
      throw error;
    }
  }

  /**
   * The subjects, read from every started period's marks, kept as structure: they change a few times a
   * year, and homework, which needs them only to give its subjects their ids, then waits for no `getmarks`
   * when they are known (a cold read shares the very calls the averages and grades make).
   */
  async function subjects(
    account: ProviderAccount,
    student: ProviderStudent,
    scope: UpstreamScope,
  ): Promise<Subject[]> {
    return readStructure(scope, account, `eljur:subjects:${studentIdOf(student)}`, async (s) =>
      normalizeSubjects((await periodMarks(account, student, s)).flatMap((entry) => entry.subjects)),
    );
  }

  return { marks, diaryMonths, lessonsOf, periods, periodMarks, rangeMarks, profileCard, subjects };
}
