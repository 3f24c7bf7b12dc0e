/**
 * The Eljur (ЭлЖур) adapter: the `ProviderAdapter` over Eljur API v3. Every upstream call goes through
 * the request's `scope.once` (so resources built from the same call share it) with the account's token,
 * signing in first when the token is missing or about to lapse and once more when Eljur refuses it; the
 * decoded answers go to the pure normalisers.
 *
 * Which method serves what: profile ← `getrules`, and each child's SNILS and school (among the
 * account's) ← `getprofileuserinfo`; periods ← `getperiods`; grades ← `getmarks` over the range;
 * subjects and averages ← `getmarks` per started period (plus `getfinalassessments` for final marks);
 * schedule and days off ← `getdiary` (`rings=true`), a month at a time; attendance ← absence marks of
 * `getmarks`, tied to their lessons by `getdiary` for the months that have any; homework ←
 * `gethomework`, its subject names given the ids of the marks' subjects.
 */
import type {
  LinkCredentials,
  ProviderAccount,
  ProviderAdapter,
  ProviderCredentials,
  UpstreamScope,
} from '../../src/domain/adapter.js';
import { dateInZone, isWithin } from '../../src/domain/dates.js';
import type { DateRange, Lesson, NonSchoolDay, ProviderStudent, Subject } from '../../src/domain/model.js';
import { BadUserInputError, ProviderError } from '../../src/errors/gateway-error.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import { reportedValue, unlessUnreadable, type Decoded, type DriftSink } from '../../src/upstream/tolerant-decode.js';
import {
  fetchDiary,
  fetchFinalAssessments,
  fetchHomework,
  fetchMarks,
  fetchPeriods,
  fetchProfileUserInfo,
  fetchRules,
  type EljurClientContext,
  type EljurEndpoint,
} from './client.js';
import { formatDays, splitByMonth } from './endpoints.js';
import { EljurTokenRefusedError, EljurUpstreamAnswer, refusedDespiteFreshToken } from './errors.js';
import {
  buildAttendance,
  compareLessons,
  ELJUR,
  ELJUR_STUDENT_ID,
  normalizeDiaryLessons,
  normalizeGrades,
  normalizeHomework,
  normalizeNonSchoolDays,
  normalizeRules,
  normalizeSubjectAverages,
  normalizeSubjects,
  readFinalMarks,
  readMarks,
  readPeriods,
  readProfileSnils,
  schoolOfChild,
  type PeriodMarks,
} from './normalize.js';
import type { DiaryAnswer, ProfileUserInfo } from './payloads.js';
import { canSignIn, createSessions, credentialsWithToken, readCredentials, signIn } from './session.js';

/** Options of {@link createEljurAdapter}. */
export interface EljurAdapterOptions {
  /** How requests reach Eljur: undici in production, `fetch` under nock in unit tests. */
  transport: HttpTransport;
  /** The tenant's host, e.g. `"https://api.eljur.ru"` or a regional one; the adapter appends `/apiv3/{method}`. */
  baseUrl: string;
  /** The developer key Eljur issued to this gateway. Sent in every query; never in messages. */
  devkey: string;
  /** The tenant's default vendor (school subdomain); an account's credentials may carry their own `vendor`. */
  vendor: string;
  /** IANA zone of the tenant's schools: Eljur's naive times are read in it, and children get it. @default "Europe/Moscow" */
  timeZone?: string;
  /**
   * Called after the adapter signed an account in again, with the account's credentials carrying the new
   * `token` and `tokenExpiresAt`, so the store can keep them. A rejection is ignored: the token still
   * serves the request, and the next request signs in again. @default none (tokens are not kept)
   */
  onCredentialsRefreshed?: (
    accountId: string,
    credentials: ProviderCredentials,
    refreshedFrom: ProviderCredentials,
  ) => Promise<void>;
  /** The clock: token expiry and "today" (which period is current). @default () => new Date() */
  now?: () => Date;
  /**
   * Told once per upstream answer of each part left out because its shape drifted (and of an answer that
   * could not be read at all): the gateway counts and logs these. Should not throw. @default none
   */
  onSchemaDrift?: DriftSink;
}

const DEFAULT_TIME_ZONE = 'Europe/Moscow';

function validOptions(options: EljurAdapterOptions, caller: string): { timeZone: string } {
  // Values are not echoed: a base URL may carry credentials, and the developer key is a secret.
  if (!URL.canParse(options.baseUrl)) throw new TypeError(`${caller}: baseUrl must be an absolute URL.`);
  if (options.devkey.trim() === '') throw new TypeError(`${caller}: devkey must not be empty.`);
  if (options.vendor.trim() === '') throw new TypeError(`${caller}: vendor must not be empty.`);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new RangeError(`${caller}: timeZone "${timeZone}" is not an IANA time zone.`);
  }
  return { timeZone };
}

function endpointOf(
  options: EljurAdapterOptions,
  vendor: string | undefined,
  signal: AbortSignal | undefined,
): EljurEndpoint {
  return {
    transport: options.transport,
    baseUrl: options.baseUrl,
    devkey: options.devkey,
    vendor: vendor ?? options.vendor,
    signal,
    onDrift: options.onSchemaDrift,
  };
}

/**
 * Signs in to Eljur with a login and password, for linking an account: returns the credentials to store
 * (`login`, `password`, `vendor` when given, `token`, `tokenExpiresAt` when Eljur sent a readable expiry).
 * Throws `PROVIDER_AUTH_FAILED` for a refused login, developer key or vendor.
 */
export async function authenticateEljur(
  options: EljurAdapterOptions,
  credentials: { login: string; password: string; vendor?: string },
  signal?: AbortSignal,
): Promise<ProviderCredentials> {
  const { timeZone } = validOptions(options, 'authenticateEljur');
  const signedIn = await signIn(
    endpointOf(options, credentials.vendor, signal),
    credentials.login,
    credentials.password,
    timeZone,
  );
  const stored: Record<string, string> = { login: credentials.login, password: credentials.password };
  if (credentials.vendor) stored.vendor = credentials.vendor;
  return credentialsWithToken(stored, signedIn);
}

/** An Eljur vendor is a school subdomain: letters, digits, `-` and `_` (as `ELJUR_VENDOR` is checked). */
const VENDOR = /^[A-Za-z0-9_-]+$/;

/**
 * The login, password and vendor of a link, checked before Eljur is asked. Messages name the field,
 * never its value. The password is taken as typed: spaces may be part of it.
 */
function eljurLinkInput(input: LinkCredentials): { login: string; password: string; vendor: string } {
  if (input.provider !== ELJUR) {
    throw new BadUserInputError(
      'These sign-in details are not for Eljur: link it with the Eljur login, password and school (vendor).',
      'provider',
    );
  }
  const login = input.login.trim();
  if (login === '') throw new BadUserInputError('The Eljur login is empty.', 'login');
  if (input.password === '') throw new BadUserInputError('The Eljur password is empty.', 'password');
  const vendor = input.vendor.trim();
  if (!VENDOR.test(vendor)) {
    throw new BadUserInputError(
      'The Eljur vendor must be the school’s subdomain: letters, digits, - and _ (school123 of school123.eljur.ru).',
      'vendor',
    );
  }
  return { login, password: input.password, vendor };
}

/**
 * Eljur takes no absence notices from parents through its API (providers.md §2.6: absences are the
 * teacher's marks, `Н`/`ОП`); the parent tells the school another way.
 */
function absenceNoticesNotSupported(): never {
  throw new ProviderError(
    'NOT_SUPPORTED_BY_PROVIDER',
    ELJUR,
    'Eljur does not accept absence notices from parents through its API.',
  );
}

/**
 * Whether a failure says the host does not serve the method (404, in the HTTP status or the envelope's
 * `state`): the host's lasting answer, unlike an outage, which says nothing about the data.
 */
function hostLacksMethod(error: unknown): boolean {
  if (!(error instanceof ProviderError) || error.code !== 'PROVIDER_BAD_RESPONSE') return false;
  return error.upstreamStatus === 404 || (error.cause instanceof EljurUpstreamAnswer && error.cause.state === 404);
}

function studentIdOf(student: ProviderStudent): string {
  return student.providerIds[ELJUR_STUDENT_ID] ?? student.externalId;
}

/**
 * Creates the Eljur adapter. Credentials are `{ login?, password?, vendor?, token?, tokenExpiresAt? }`:
 * a token alone works until it lapses; with login and password the adapter renews it by itself.
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

  /** Runs one data call once per request, with the session's token; re-signs in once if Eljur refuses it. */
  function call<T>(
    account: ProviderAccount,
    scope: UpstreamScope,
    key: string,
    run: (context: EljurClientContext) => Promise<T>,
  ): Promise<T> {
    const withToken = (token: string) => run({ ...endpointFor(account, scope), token });
    return scope.once(`${account.id}:eljur:${key}`, async () => {
      const session = await sessions.current(account, scope);
      try {
        return await withToken(session.token);
      } catch (error) {
        if (!(error instanceof EljurTokenRefusedError)) throw error;
        if (session.fresh) throw refusedDespiteFreshToken(error);
        if (!canSignIn(readCredentials(account.credentials))) throw error;
      }
      const renewed = await sessions.renewed(account, scope);
      try {
        return await withToken(renewed.token);
      } catch (error) {
        throw error instanceof EljurTokenRefusedError ? refusedDespiteFreshToken(error) : error;
      }
    });
  }

  /**
   * A data call whose answer is decoded tolerantly: the memo keeps the answer with what drifted in it,
   * and every call reports that drift to its own `scope`, so each result built from it carries the warning.
   */
  async function read<T>(
    account: ProviderAccount,
    scope: UpstreamScope,
    key: string,
    run: (context: EljurClientContext) => Promise<Decoded<T>>,
  ): Promise<T> {
    return reportedValue(await call(account, scope, key, run), scope);
  }

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

  async function periods(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope) {
    const id = studentIdOf(student);
    const answer = await read(account, scope, `getperiods:${id}`, (context) => fetchPeriods(context, id));
    return readPeriods(answer, id, dateInZone(now(), student.timeZone));
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

  async function subjects(
    account: ProviderAccount,
    student: ProviderStudent,
    scope: UpstreamScope,
  ): Promise<Subject[]> {
    return normalizeSubjects((await periodMarks(account, student, scope)).flatMap((entry) => entry.subjects));
  }

  return {
    provider: ELJUR,
    acceptsAbsenceNotices: false,

    async signIn(input, scope) {
      return authenticateEljur(options, eljurLinkInput(input), scope.signal);
    },

    async submitAbsenceNotice() {
      absenceNoticesNotSupported();
    },

    async withdrawAbsenceNotice() {
      absenceNoticesNotSupported();
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
      return normalizeGrades(await marks(account, student, range, scope)).filter((grade) =>
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
      const absences = (await marks(account, student, range, scope)).flatMap((reading) => reading.attendance);
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
