/**
 * The Dnevnik.ru adapter: the `ProviderAdapter` over Dnevnik.ru's REST API v2 (and its white labels,
 * through `baseUrl`). Every read goes through the request's `scope.once` (`reader.ts`), an expired
 * token is refreshed once per request (`client.ts`), answers are parsed losslessly so 64-bit ids
 * survive (`json.ts`), and the decoded payloads go to the pure normalisers.
 *
 * Which route feeds what: the profile reads `users/me`, the context, the relatives and each child's
 * edu-groups and school; grades read the marks route, joined to subjects and lesson days through the
 * day schedules and to weights through the school's work types; the timetable and homework read the
 * day schedules (side-loaded) and the bell timetables; attendance reads the lesson log entries, joined
 * to the schedules' lessons; periods, averages and final marks read the edu-group's reporting periods,
 * avg-marks and allfinalmarks. Dnevnik.ru v2 has no route for holidays, so there are no non-school days.
 * Notices and remarks (`messaging.ts`) come from two routes of the official app's API; there are no
 * messages and no signatures.
 */
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../src/domain/adapter.js';
import { dateInZone, isWithin } from '../../src/domain/dates.js';
import { absenceNoticesRefused } from '../../src/upstream/provider-errors.js';
import { unlessUnreadable } from '../../src/upstream/tolerant-decode.js';
import { validated, type DnevnikAdapterOptions } from './adapter-options.js';
import { dnevnikBrowserSignIn } from './browser-sign-in.js';
import { childSubjects, classIdsOf, diaryIndex, idsOf, lessons, required } from './child-reads.js';
import { readProfile } from './account-profile.js';
import { createDnevnikCaller, type DnevnikClientOptions } from './client.js';
import { dnevnikSignIn } from './linking.js';
import { dnevnikMessaging } from './messaging.js';
import { buildAttendance, DNEVNIK, normalizeHomework, normalizeMarks, normalizePeriods } from './normalize.js';
import { createDnevnikReader, type DnevnikReader } from './reader.js';
import { readSubjectAverages } from './subject-averages.js';

export { exchangeDnevnikCode, type DnevnikCodeExchangeOptions } from './access-token.js';
export {
  DEFAULT_DNEVNIK_LOGIN_BASE_URL,
  DEFAULT_DNEVNIK_SCOPE,
  type DnevnikAdapterOptions,
} from './adapter-options.js';

/**
 * Creates the Dnevnik.ru adapter. Credentials are `{ accessToken, refreshToken? }`. With an OAuth client
 * (`clientId` and `clientSecret`) it offers the browser sign-in (`browserSignIn`, at `loginBaseUrl`).
 *
 * @example
 * ```ts
 * import { createUndiciTransport } from '../../src/upstream/transport.js';
 * const dnevnik = createDnevnikAdapter({ transport: createUndiciTransport(), clientId: 'id', clientSecret: 'secret' });
 * ```
 */
export function createDnevnikAdapter(options: DnevnikAdapterOptions): ProviderAdapter {
  const { baseUrl, loginBaseUrl, scope, pkce, defaultTimeZone } = validated(options);
  const now = options.now ?? (() => new Date());
  const clientOptions: DnevnikClientOptions = {
    transport: options.transport,
    baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    onCredentialsRefreshed: options.onCredentialsRefreshed,
    onDrift: options.onSchemaDrift,
  };
  const readerFor = (account: ProviderAccount, scope: UpstreamScope): DnevnikReader =>
    createDnevnikReader((s) => createDnevnikCaller(clientOptions, account, s), account, scope);

  // Without an OAuth client a code from the login page could not be exchanged: no sign-in is offered.
  const browserSignIn =
    options.clientId && options.clientSecret
      ? dnevnikBrowserSignIn({ loginBaseUrl, clientId: options.clientId, scope, pkce })
      : undefined;

  return {
    provider: DNEVNIK,
    acceptsAbsenceNotices: false,
    ...(browserSignIn ? { browserSignIn } : {}),
    messaging: dnevnikMessaging(readerFor),

    async signIn(input, scope) {
      return dnevnikSignIn(options, baseUrl, input, scope);
    },

    async submitAbsenceNotice() {
      // Dnevnik.ru takes no absence notices through its API: the parent tells the school on the site or in
      // the app, and the teacher records the reason.
      throw absenceNoticesRefused(DNEVNIK);
    },

    async withdrawAbsenceNotice() {
      throw absenceNoticesRefused(DNEVNIK);
    },

    async fetchProfile(account, scope) {
      return readProfile(readerFor(account, scope), defaultTimeZone);
    },

    async fetchSubjects(account, student, scope) {
      return childSubjects(readerFor(account, scope), student, scope);
    },

    async fetchPeriods(account, student, scope) {
      const { group } = classIdsOf(student);
      const periods = await readerFor(account, scope).reportingPeriods(group);
      return normalizePeriods(periods, group, dateInZone(now(), student.timeZone));
    },

    async fetchSubjectAverages(account, student, scope) {
      return readSubjectAverages(readerFor(account, scope), student, scope, dateInZone(now(), student.timeZone));
    },

    async fetchGrades(account, student, range, scope) {
      const reader = readerFor(account, scope);
      const ids = idsOf(student);
      const school = required(ids.school, 'school');
      // The marks are the core; the day schedules only say which lesson and subject each mark belongs to.
      const [marks, index] = await Promise.all([
        reader.marks(ids.person, school, range),
        diaryIndex(reader, student, range, scope, 'enrichment'),
      ]);
      return normalizeMarks(marks, index, 'personMarks', scope).filter((grade) =>
        isWithin(grade.date, range.from, range.to),
      );
    },

    async fetchHomework(account, student, range, scope) {
      return normalizeHomework(await diaryIndex(readerFor(account, scope), student, range, scope, 'core'), range);
    },

    fetchSchedule(account, student, range, scope) {
      return lessons(readerFor(account, scope), student, range, scope);
    },

    async fetchAttendance(account, student, range, scope) {
      const reader = readerFor(account, scope);
      const ids = idsOf(student);
      // The log entries are the core; the lessons only place each absence in the timetable.
      const [entries, scheduled] = await Promise.all([
        reader.logEntries(ids.person, range),
        unlessUnreadable(
          { provider: DNEVNIK, route: 'schedules' },
          scope,
          () => lessons(reader, student, range, scope),
          [],
        ),
      ]);
      return buildAttendance(entries, scheduled, ids.person, range);
    },

    async prefetchStructure(account, student, scope) {
      const reader = readerFor(account, scope);
      const ids = idsOf(student);
      // What the grades, timetable, homework, subjects and averages join their data with.
      await Promise.all([
        reader.eduGroups(ids.person),
        ...(ids.school === null ? [] : [reader.workTypes(ids.school)]),
        ...(ids.group === null
          ? []
          : [reader.groupSubjects(ids.group), reader.timetables(ids.group), reader.reportingPeriods(ids.group)]),
      ]);
    },

    async fetchNonSchoolDays() {
      // Dnevnik.ru v2 has no route for holidays or vacations that a client has been seen to use.
      return [];
    },
  };
}
