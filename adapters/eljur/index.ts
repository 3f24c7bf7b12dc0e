/**
 * The Eljur (ЭлЖур) adapter: the `ProviderAdapter` over Eljur API v3. Every upstream call goes through
 * the request's `scope.once` (so resources built from the same call share it) with the account's token,
 * signing in first when the token is missing or about to lapse and once more when Eljur refuses it; the
 * decoded answers go to the pure normalisers.
 *
 * Which method serves what: profile ← `getrules`, and each child's SNILS and school (among the
 * account's) ← `getprofileuserinfo`; periods ← `getperiods`; subjects and averages ← `getmarks` per
 * started period (plus `getfinalassessments` for final marks); grades ← the same per-period `getmarks`
 * calls, cut to the range (days outside every started period by their own call: `range-marks.ts`), so
 * one request reads each mark once; schedule and days off ← `getdiary` (`rings=true`), a month at a
 * time; attendance ← absence marks of those `getmarks` calls, tied to their lessons by `getdiary` for the
 * months that have any; homework ← `gethomework`, its subject names given the ids of the marks' subjects.
 * Mail, notices and diary signatures: `messaging` (`messaging.ts`).
 */
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../src/domain/adapter.js';
import { isWithin } from '../../src/domain/dates.js';
import type { NonSchoolDay } from '../../src/domain/model.js';
import { absenceNoticesRefused } from '../../src/upstream/provider-errors.js';
import { unlessUnreadable } from '../../src/upstream/tolerant-decode.js';
import { createSessions, readCredentials } from './access-token.js';
import { endpointOf, validOptions, type EljurAdapterOptions } from './adapter-options.js';
import { eljurBrowserSignIn } from './browser-sign-in.js';
import { fetchFinalAssessments, fetchHomework, fetchRules } from './client.js';
import { createEljurCalls } from './eljur-calls.js';
import { formatDays, splitByMonth } from './endpoints.js';
import { eljurLinkInput, linkEljur } from './linking.js';
import { createEljurMessaging } from './messaging.js';
import {
  buildAttendance,
  ELJUR,
  normalizeGrades,
  normalizeHomework,
  normalizeNonSchoolDays,
  normalizeRules,
  normalizeSubjectAverages,
  readFinalMarks,
  readProfileSnils,
  schoolOfChild,
} from './normalize.js';
import { createStudentReads, studentIdOf } from './student-reads.js';

export type { EljurAdapterOptions } from './adapter-options.js';
export { authenticateEljur } from './linking.js';
export { readEljurCallback } from './browser-sign-in.js';

/**
 * Creates the Eljur adapter. Credentials are `{ login?, password?, vendor?, token?, tokenExpiresAt? }`:
 * a token alone (as Eljur's redirect sign-in links it) works until it lapses, and the account then needs a
 * new link; with login and password the adapter renews it by itself. With `redirectSignInUrl` the adapter
 * offers `browserSignIn`, Eljur's own sign-in page.
 *
 * @example
 * ```ts
 * import { createFetchTransport } from '../../src/upstream/transport.js';
 * const eljur = createEljurAdapter({ transport: createFetchTransport(), baseUrl: 'https://api.eljur.ru', devkey, vendor: 'school1' });
 * ```
 */
export function createEljurAdapter(options: EljurAdapterOptions): ProviderAdapter {
  const { timeZone } = validOptions(options, 'createEljurAdapter');
  const now = options.now ?? (() => new Date());
  const endpointFor = (account: ProviderAccount, scope: UpstreamScope) =>
    endpointOf(options, readCredentials(account.credentials).vendor, scope.signal);
  const sessions = createSessions({
    endpointFor,
    timeZone,
    now,
    onCredentialsRefreshed: options.onCredentialsRefreshed,
  });
  const calls = createEljurCalls(sessions, endpointFor);
  const { call, read } = calls;
  const { diaryMonths, lessonsOf, periods, periodMarks, profileCard, rangeMarks, subjects } = createStudentReads(
    calls,
    now,
  );

  const browserSignIn = eljurBrowserSignIn(options);

  return {
    provider: ELJUR,
    acceptsAbsenceNotices: false,
    ...(browserSignIn ? { browserSignIn } : {}),
    messaging: createEljurMessaging({ calls, timeZone, now }),

    async signIn(input, scope) {
      return linkEljur(options, eljurLinkInput(input), scope.signal);
    },

    async submitAbsenceNotice() {
      // Eljur takes no absence notices from parents through its API (providers.md §2.6: absences are the
      // teacher's marks, `Н`/`ОП`); the parent tells the school another way.
      throw absenceNoticesRefused(ELJUR);
    },

    async withdrawAbsenceNotice() {
      throw absenceNoticesRefused(ELJUR);
    },

    async fetchProfile(account, scope) {
      const rules = await call(account, scope, 'getrules', (context) => fetchRules(context));
      const profile = normalizeRules(rules, timeZone);
      // One card per child, read in parallel once `getrules` named the children.
      const students = await Promise.all(
        profile.students.map(async (student) => {
          const card = await profileCard(account, student, scope);
          return { ...student, snils: card ? readProfileSnils(card) : null, school: schoolOfChild(rules, card) };
        }),
      );
      return { ...profile, students };
    },

    fetchSubjects: subjects,

    async fetchPeriods(account, student, scope) {
      return (await periods(account, student, scope)).map((entry) => entry.period);
    },

    async fetchSubjectAverages(account, student, scope) {
      const id = studentIdOf(student);
      // The marks per period are the core; final marks only add to them.
      const [byPeriod, finals] = await Promise.all([
        periodMarks(account, student, scope),
        unlessUnreadable(
          { provider: ELJUR, route: 'getfinalassessments' },
          scope,
          async () =>
            readFinalMarks(
              await read(account, scope, `getfinalassessments:${id}`, (context) => fetchFinalAssessments(context, id)),
              id,
            ),
          new Map(),
        ),
      ]);
      return normalizeSubjectAverages(byPeriod, finals);
    },

    async fetchGrades(account, student, range, scope) {
      return normalizeGrades(await rangeMarks(account, student, range, scope)).filter((grade) =>
        isWithin(grade.date, range.from, range.to),
      );
    },

    async fetchHomework(account, student, range, scope) {
      const id = studentIdOf(student);
      // The homework answer is the core; the subjects (from the marks) only give subjects their ids, so
      // when they cannot be read the homework keeps subjects named but without the marks' ids.
      const [answer, known] = await Promise.all([
        read(account, scope, `gethomework:${id}:${formatDays(range)}`, (context) => fetchHomework(context, id, range)),
        unlessUnreadable({ provider: ELJUR, route: 'getmarks' }, scope, () => subjects(account, student, scope), []),
      ]);
      const byName = new Map(known.map((subject) => [subject.name, subject]));
      return normalizeHomework(answer, id, byName).filter((homework) => isWithin(homework.dueOn, range.from, range.to));
    },

    async fetchSchedule(account, student, range, scope) {
      return lessonsOf(await diaryMonths(account, student, splitByMonth(range), scope), student, range);
    },

    async fetchAttendance(account, student, range, scope) {
      const absences = (await rangeMarks(account, student, range, scope)).flatMap((reading) => reading.attendance);
      // The diary is read only for the months that have an absence to tie to its lesson.
      const months = splitByMonth(range).filter((month) =>
        absences.some((mark) => isWithin(mark.date, month.from, month.to)),
      );
      // The marks are the core; the diary only ties each absence to its lesson.
      const diary = await unlessUnreadable(
        { provider: ELJUR, route: 'getdiary' },
        scope,
        () => diaryMonths(account, student, months, scope),
        [],
      );
      return buildAttendance(absences, lessonsOf(diary, student, range), range);
    },

    async prefetchStructure(account, student, scope) {
      // The periods (which grades and averages are read by) and the subjects (which homework needs).
      await Promise.all([periods(account, student, scope), subjects(account, student, scope)]);
    },

    async fetchNonSchoolDays(account, student, range, scope) {
      const id = studentIdOf(student);
      const answers = await diaryMonths(account, student, splitByMonth(range), scope);
      const byDate = new Map<string, NonSchoolDay>();
      for (const day of answers.flatMap((answer) => normalizeNonSchoolDays(answer, id, range)))
        if (!byDate.has(day.date)) byDate.set(day.date, day);
      return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
    },
  };
}
