/**
 * The МЭШ adapter: the `ProviderAdapter` over Moscow's family API. It reads the parent's profile id once
 * per token (structure, cached by the gateway), makes every upstream call through the request's `scope.once` (so resources built from the
 * same call share it), and hands the decoded payloads to the pure normalisers.
 */
import { createHash } from 'node:crypto';
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../src/domain/adapter.js';
import { buildAttendanceNotices, daysOf } from './attendance-notices.js';
import { dateInZone, isWithin } from '../../src/domain/dates.js';
import { checkedTimeZone } from '../../src/domain/time-zones.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import { ProviderAuthError, ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import { reportedValue, type DriftSink } from '../../src/upstream/tolerant-decode.js';
import { readStructure } from '../../src/upstream/structure.js';
import {
  deleteAttendanceNotice,
  fetchAttendance,
  fetchDaySchedule,
  fetchEvents,
  fetchFamilyProfile,
  fetchHomeworks,
  fetchMarks,
  fetchPeriodsSchedules,
  fetchProfileInfo,
  fetchSubjectMarks,
  postAttendanceNotices,
  type MeshClientContext,
  type MeshProfileContext,
} from './client.js';
import { meshBrowserSignIn, type MeshSignInOptions } from './browser-sign-in.js';
import { DEFAULT_MESH_HOSTS, type MeshHosts } from './endpoints.js';
import { meshSignIn } from './linking.js';
import { createMeshMessaging } from './messaging.js';
import { learnKnown, readTimetable, type TimetableReads } from './timetable.js';
import { endOfMonth, startOfMonth } from '../../src/domain/calendar-months.js';
import {
  buildAttendance,
  MESH,
  MESH_PERSON_GUID,
  MESH_STUDENT_ID,
  normalizeEvents,
  normalizeFamilyProfile,
  normalizeHomeworks,
  normalizeMarks,
  normalizeNonSchoolDays,
  normalizePeriods,
  normalizeSubjectAverages,
  normalizeSubjects,
  pickProfileId,
} from './normalize.js';

/** Options of {@link createMeshAdapter}. */
export interface MeshAdapterOptions {
  /** How requests reach МЭШ: undici in production, `fetch` under nock in unit tests. */
  transport: HttpTransport;
  /** Base URLs of the two МЭШ hosts; each missing one keeps its default. @default DEFAULT_MESH_HOSTS */
  hosts?: Partial<MeshHosts>;
  /** IANA zone of МЭШ schools: naive МЭШ datetimes are read in it, and children get it. @default "Europe/Moscow" */
  timeZone?: string;
  /** The clock, for "today" (which period is current). @default () => new Date() */
  now?: () => Date;
  /**
   * Told once per upstream answer of each part left out because its shape drifted (and of an answer that
   * could not be read at all): the gateway counts and logs these. Should not throw. @default none
   */
  onSchemaDrift?: DriftSink;
  /**
   * How the tenant's parents sign in for linking: through login.mos.ru (Moscow; needs the gateway's
   * registered client) or a regional node's Gosuslugi redirect. Gives the adapter its `browserSignIn` and
   * lets `signIn` exchange the codes it brings back. @default null (link with a pasted token only)
   */
  signIn?: MeshSignInOptions | null;
}

const DEFAULT_TIME_ZONE = 'Europe/Moscow';

function resolveHosts(hosts: Partial<MeshHosts> | undefined): MeshHosts {
  // A Record, not the interface: `Object.entries` then knows every value is a string.
  const resolved: Record<keyof MeshHosts, string> = {
    schoolBaseUrl: hosts?.schoolBaseUrl ?? DEFAULT_MESH_HOSTS.schoolBaseUrl,
    aclBaseUrl: hosts?.aclBaseUrl ?? DEFAULT_MESH_HOSTS.aclBaseUrl,
  };
  for (const [option, value] of Object.entries(resolved)) {
    // The value is not echoed: a base URL may carry credentials (`https://user:pass@host`).
    if (!URL.canParse(value)) throw new TypeError(`createMeshAdapter: hosts.${option} must be an absolute URL.`);
  }
  return resolved;
}

/** Checks the tenant's sign-in option: its hosts must be absolute URLs (never echoed: one may carry credentials). */
function resolveSignIn(signIn: MeshSignInOptions | null | undefined): MeshSignInOptions | null {
  if (!signIn) return null;
  const [option, value] =
    signIn.kind === 'mos-ru' ? ['loginBaseUrl', signIn.loginBaseUrl] : ['authBaseUrl', signIn.authBaseUrl];
  if (!URL.canParse(value)) throw new TypeError(`createMeshAdapter: signIn.${option} must be an absolute URL.`);
  return signIn;
}

/** A short one-way digest of a token: names the token in a cache key without holding it. */
function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 16);
}

function rangeKey(range: DateRange): string {
  return `${range.from}..${range.to}`;
}

/**
 * Creates the МЭШ adapter. Credentials are `{ token }`: the МЭШ access token (`mesh_access_token`), which
 * the parent brings or the tenant's browser sign-in (`signIn` option) yields.
 *
 * @example
 * ```ts
 * import { createFetchTransport } from '../../src/upstream/transport.js';
 * const mesh = createMeshAdapter({ transport: createFetchTransport(), hosts: { schoolBaseUrl: 'http://127.0.0.1:4010' } });
 * ```
 */
export function createMeshAdapter(options: MeshAdapterOptions): ProviderAdapter {
  const { transport } = options;
  const hosts = resolveHosts(options.hosts);
  const timeZone = checkedTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE, 'createMeshAdapter: timeZone');
  const now = options.now ?? (() => new Date());
  const signIn = resolveSignIn(options.signIn);
  const browserSignIn = meshBrowserSignIn(signIn);

  function clientContext(account: ProviderAccount, scope: UpstreamScope): MeshClientContext {
    const token = account.credentials.token;
    // A linked МЭШ account always stores a token; without one the parent has to link it again.
    if (!token) throw new ProviderAuthError(MESH, 'no access token is stored for this account');
    return { transport, hosts, token, signal: scope.signal, onDrift: options.onSchemaDrift };
  }

  /**
   * The token holder's profile id, which every family route needs (`Profile-Id`). It never changes for a
   * token, so it is structure, cached per account and token: a request whose token's id is known calls no
   * `profile_info` before its data. Keyed by a digest of the token, so a new token (renewed or linked
   * again) is sent to `profile_info` first, which also activates it (providers.md §3.2: "a token not used
   * here is not eligible for other requests"). A token МЭШ has since refused still fails the data route
   * itself (401, or 403 for a profile id it does not hold): `PROVIDER_AUTH_FAILED` as before.
   */
  async function profileContext(account: ProviderAccount, scope: UpstreamScope): Promise<MeshProfileContext> {
    const context = clientContext(account, scope);
    const key = `mesh:profile-id:${tokenDigest(context.token)}`;
    const profileId = await readStructure(scope, account, key, (s) =>
      s.once(`${account.id}:mesh:profile-id`, async () =>
        pickProfileId(await fetchProfileInfo(clientContext(account, s))),
      ),
    );
    return { ...context, profileId };
  }

  /**
   * A child's periods and subjects from `subject_marks`, as structure: the averages read the same answer
   * (through the request's memo), but a dashboard that knows them asks each period's grades at once.
   * `isCurrent` is left to the reader, since today moves while the copy is kept.
   */
  function periodsAndSubjects(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope) {
    const key = `mesh:subject_marks-structure:${studentIdOf(student)}`;
    return readStructure(scope, account, key, async (s) => {
      const answer = await subjectMarks(account, student, s);
      return { periods: normalizePeriods(answer, ''), subjects: normalizeSubjects(answer) };
    });
  }

  function studentIdOf(student: ProviderStudent): string {
    return student.providerIds[MESH_STUDENT_ID] ?? student.externalId;
  }

  function personGuidOf(student: ProviderStudent): string {
    const guid = student.providerIds[MESH_PERSON_GUID];
    if (!guid)
      throw new ProviderBadResponseError(
        MESH,
        'profile: the child has no contingent_guid, which the event calendar needs',
      );
    return guid;
  }

  async function subjectMarks(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope) {
    const context = await profileContext(account, scope);
    const studentId = studentIdOf(student);
    const answer = await scope.once(`${account.id}:mesh:subject_marks:${studentId}`, () =>
      fetchSubjectMarks(context, studentId),
    );
    return reportedValue(answer, scope).payload;
  }

  async function events(account: ProviderAccount, student: ProviderStudent, range: DateRange, scope: UpstreamScope) {
    const personGuid = personGuidOf(student);
    const context = await profileContext(account, scope);
    const answer = await scope.once(`${account.id}:mesh:events:${personGuid}:${rangeKey(range)}`, () =>
      fetchEvents(context, personGuid, range),
    );
    const lessons = normalizeEvents(reportedValue(answer, scope).response, student.timeZone);
    // Events are asked for by date; the filter only guards against an event the calendar files under a neighbouring day.
    return lessons.filter((lesson) => isWithin(lesson.date, range.from, range.to));
  }

  /**
   * What the timetable assembly reads (`timetable.ts`), each through the request's memo: a `schedule` day
   * or the notices read for the timetable are not read again for attendance, nor the other way round.
   */
  function timetableReads(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): TimetableReads {
    const studentId = studentIdOf(student);
    return {
      lessons: () => events(account, student, range, scope),
      day: async (date) => {
        const context = await profileContext(account, scope);
        const key = `${account.id}:mesh:schedule:${studentId}:${date}`;
        return reportedValue(await scope.once(key, () => fetchDaySchedule(context, studentId, date)), scope);
      },
      notices: async () => {
        const context = await profileContext(account, scope);
        const key = `${account.id}:mesh:attendance:${studentId}`;
        return reportedValue(await scope.once(key, () => fetchAttendance(context, studentId)), scope).attendance;
      },
      once: (key, load) => scope.once(`${account.id}:mesh:${studentId}:${key}`, load),
      known: (part, learn) =>
        readStructure(scope, account, `mesh:lesson-details:${studentId}${part}`, (s) => {
          // `readStructure` hands a miss these reads' own scope; any other is a background refresh, whose
          // main copy learns from the whole current month (a copy made from one day would shrink to it).
          if (s === scope) return learn(null);
          const refreshRange = part === '' ? currentMonth(student) : range;
          return learn({ reads: timetableReads(account, student, refreshRange, s) });
        }),
    };
  }

  /** The school-local calendar month of today, for the child. */
  function currentMonth(student: ProviderStudent): DateRange {
    const today = dateInZone(now(), student.timeZone);
    return { from: startOfMonth(today), to: endOfMonth(today) };
  }

  return {
    provider: MESH,
    acceptsAbsenceNotices: true,
    messaging: createMeshMessaging({ profileContext, studentIdOf }),

    ...(browserSignIn ? { browserSignIn } : {}),

    async signIn(input, scope) {
      return meshSignIn({ transport, schoolBaseUrl: hosts.schoolBaseUrl, signIn }, input, scope);
    },

    async submitAbsenceNotice(account, student, notice, scope) {
      // Built before any call, so a bad range fails without touching МЭШ.
      const body = buildAttendanceNotices(studentIdOf(student), notice);
      await postAttendanceNotices(await profileContext(account, scope), body);
    },

    async withdrawAbsenceNotice(account, student, range, scope) {
      const days = daysOf(range);
      const context = await profileContext(account, scope);
      const studentId = studentIdOf(student);
      // One day after another, not in parallel: a range is at most a month, and a failure stops the rest,
      // so the parent learns which days are still noticed by reading attendance again.
      for (const day of days) await deleteAttendanceNotice(context, studentId, day);
    },

    async fetchProfile(account, scope) {
      const context = await profileContext(account, scope);
      const profile = await scope.once(`${account.id}:mesh:profile`, () => fetchFamilyProfile(context));
      return normalizeFamilyProfile(profile, timeZone);
    },

    async fetchSubjects(account, student, scope) {
      return (await periodsAndSubjects(account, student, scope)).subjects;
    },

    async fetchPeriods(account, student, scope) {
      const today = dateInZone(now(), student.timeZone);
      const { periods } = await periodsAndSubjects(account, student, scope);
      return periods.map((period) => ({ ...period, isCurrent: isWithin(today, period.start, period.end) }));
    },

    async fetchSubjectAverages(account, student, scope) {
      return normalizeSubjectAverages(await subjectMarks(account, student, scope));
    },

    async fetchGrades(account, student, range, scope) {
      const context = await profileContext(account, scope);
      const studentId = studentIdOf(student);
      const answer = await scope.once(`${account.id}:mesh:marks:${studentId}:${rangeKey(range)}`, () =>
        fetchMarks(context, studentId, range),
      );
      return normalizeMarks(reportedValue(answer, scope).payload, student.timeZone).filter((grade) =>
        isWithin(grade.date, range.from, range.to),
      );
    },

    async fetchHomework(account, student, range, scope) {
      const context = await profileContext(account, scope);
      const studentId = studentIdOf(student);
      const answer = await scope.once(`${account.id}:mesh:homeworks:${studentId}:${rangeKey(range)}`, () =>
        fetchHomeworks(context, studentId, range),
      );
      return normalizeHomeworks(reportedValue(answer, scope).payload).filter((homework) =>
        isWithin(homework.dueOn, range.from, range.to),
      );
    },

    async fetchSchedule(account, student, range, scope) {
      return (await readTimetable(timetableReads(account, student, range, scope), scope, range, 'schedule')).lessons;
    },

    async fetchAttendance(account, student, range, scope) {
      const reads = timetableReads(account, student, range, scope);
      const { lessons, notices } = await readTimetable(reads, scope, range, 'attendance');
      return buildAttendance(lessons, notices, range);
    },

    async prefetchStructure(account, student, scope) {
      // The profile id (every route's `Profile-Id`) and the periods, which the averages' grades wait for;
      // the bells and teachers of the current month, which the timetable's numbers would wait for.
      const reads = timetableReads(account, student, currentMonth(student), scope);
      await Promise.all([
        periodsAndSubjects(account, student, scope),
        reads.known('', async (refresh) => {
          const own = refresh?.reads ?? reads;
          return learnKnown(own, await own.lessons());
        }),
      ]);
    },

    async fetchNonSchoolDays(account, student, range, scope) {
      const context = await profileContext(account, scope);
      const studentId = studentIdOf(student);
      const days = await scope.once(`${account.id}:mesh:periods_schedules:${studentId}:${rangeKey(range)}`, () =>
        fetchPeriodsSchedules(context, studentId, range),
      );
      return normalizeNonSchoolDays(reportedValue(days, scope), range);
    },
  };
}
