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
 */
import type {
  LinkCredentials,
  ProviderAccount,
  ProviderAdapter,
  ProviderCredentials,
  UpstreamScope,
} from '../../src/domain/adapter.js';
import { dateInZone, isWithin } from '../../src/domain/dates.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import { BadUserInputError, ProviderBadResponseError, ProviderError } from '../../src/errors/gateway-error.js';
import { exchangeDnevnikCode } from './auth.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import { unlessUnreadable, type DriftSink } from '../../src/upstream/tolerant-decode.js';
import { createDnevnikCaller, type DnevnikClientOptions } from './client.js';
import { DEFAULT_DNEVNIK_BASE_URL } from './endpoints.js';
import {
  buildAttendance,
  buildDiaryIndex,
  childPersons,
  dateOf,
  DNEVNIK,
  DNEVNIK_GROUP_ID,
  DNEVNIK_PERSON_ID,
  DNEVNIK_SCHOOL_ID,
  dnevnikStudent,
  groupIdOf,
  normalizeHolder,
  normalizeHomework,
  normalizeLessons,
  normalizeMarks,
  normalizePeriods,
  normalizeSubjectAverages,
  normalizeSubjects,
  pickClassGroup,
  preferTwin,
  schoolIdOfGroup,
  subjectIdOf,
  type DiaryIndex,
} from './normalize.js';
import { createDnevnikReader, type DnevnikReader } from './reader.js';

export { exchangeDnevnikCode, type DnevnikCodeExchangeOptions } from './auth.js';

/** Options of {@link createDnevnikAdapter}. */
export interface DnevnikAdapterOptions {
  /** How requests reach Dnevnik.ru: undici in production, `fetch` under nock in unit tests. */
  transport: HttpTransport;
  /** API host of the tenant (white labels: `https://api.kundelik.kz`, `https://api.emaktab.uz`). @default "https://api.dnevnik.ru" */
  baseUrl?: string;
  /** OAuth client id: needed to refresh expired tokens (and to exchange sign-in codes). Give both or neither. */
  clientId?: string;
  /** OAuth client secret; never logged or put in a message. */
  clientSecret?: string;
  /**
   * Called once per refresh with the account's new credentials `{ accessToken, refreshToken }`, to store
   * them (the old refresh token may no longer work). Should not throw; if it does, the call fails with
   * `INTERNAL_SERVER_ERROR`.
   */
  onCredentialsRefreshed?: (
    accountId: string,
    credentials: ProviderCredentials,
    refreshedFrom: ProviderCredentials,
  ) => Promise<void>;
  /** IANA zone of a school whose `timeZone` the API does not give. @default "Europe/Moscow" */
  defaultTimeZone?: string;
  /** The clock, for "today" (the current period, averages up to today). @default () => new Date() */
  now?: () => Date;
  /**
   * Told once per upstream answer of each part left out because its shape drifted (and of an answer that
   * could not be read at all): the gateway counts and logs these. Should not throw. @default none
   */
  onSchemaDrift?: DriftSink;
}

/** The ids the diary routes need for one child. */
interface ChildIds {
  person: string;
  school: string | null;
  group: string | null;
}

function validated(options: DnevnikAdapterOptions): { baseUrl: string; defaultTimeZone: string } {
  const baseUrl = options.baseUrl ?? DEFAULT_DNEVNIK_BASE_URL;
  // The value is not echoed: a base URL may carry credentials (`https://user:pass@host`).
  if (!URL.canParse(baseUrl)) throw new TypeError('createDnevnikAdapter: baseUrl must be an absolute URL.');
  if (!options.clientId !== !options.clientSecret) {
    throw new TypeError('createDnevnikAdapter: clientId and clientSecret go together; give both or neither.');
  }
  const defaultTimeZone = options.defaultTimeZone ?? 'Europe/Moscow';
  try {
    new Intl.DateTimeFormat('en', { timeZone: defaultTimeZone });
  } catch {
    throw new RangeError(`createDnevnikAdapter: defaultTimeZone "${defaultTimeZone}" is not an IANA time zone.`);
  }
  return { baseUrl, defaultTimeZone };
}

function idsOf(student: ProviderStudent): ChildIds {
  return {
    person: student.providerIds[DNEVNIK_PERSON_ID] ?? student.externalId,
    school: student.providerIds[DNEVNIK_SCHOOL_ID] ?? null,
    group: student.providerIds[DNEVNIK_GROUP_ID] ?? null,
  };
}

/** What a Dnevnik.ru link brings: a one-time code from the login page, or a token the parent already has. */
type DnevnikLinkInput = Extract<LinkCredentials, { provider: 'DNEVNIK' }>;

function dnevnikLinkInput(input: LinkCredentials): DnevnikLinkInput {
  if (input.provider !== DNEVNIK) {
    throw new BadUserInputError(
      'These sign-in details are not for Dnevnik.ru: link it with a sign-in code or an access token.',
      'provider',
    );
  }
  return input;
}

/** A required text field of the input, trimmed; its name (never its value) goes in the message. */
function nonEmpty(value: string, argument: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new BadUserInputError(`The Dnevnik.ru ${what} is empty.`, argument);
  return trimmed;
}

/**
 * Dnevnik.ru takes no absence notices through its API: the parent tells the school on the site or in
 * the app, and the teacher records the reason.
 */
function absenceNoticesNotSupported(): never {
  throw new ProviderError(
    'NOT_SUPPORTED_BY_PROVIDER',
    DNEVNIK,
    'Dnevnik.ru does not accept absence notices from parents through its API.',
  );
}

function required(value: string | null, what: string): string {
  if (value === null)
    throw new ProviderBadResponseError(DNEVNIK, `profile: Dnevnik.ru names no ${what} for this child`);
  return value;
}

/**
 * Creates the Dnevnik.ru adapter. Credentials are `{ accessToken, refreshToken? }`.
 *
 * @example
 * ```ts
 * import { createUndiciTransport } from '../../src/upstream/transport.js';
 * const dnevnik = createDnevnikAdapter({ transport: createUndiciTransport(), clientId: 'id', clientSecret: 'secret' });
 * ```
 */
export function createDnevnikAdapter(options: DnevnikAdapterOptions): ProviderAdapter {
  const { baseUrl, defaultTimeZone } = validated(options);
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
    createDnevnikReader(createDnevnikCaller(clientOptions, account, scope), account, scope);

  /**
   * The day schedules of a range joined with the school's work types and the class's subjects. The work
   * types (weights, names of works) and subjects (names) only enrich, so an unreadable answer of theirs
   * leaves those fields empty and is reported as drift. The days are what a timetable or homework is
   * made of (`days: 'core'`: unreadable, the call fails); for grades and attendance, which come from their
   * own routes, they only enrich too (`'enrichment'`): grades are then served without their lessons.
   */
  async function diaryIndex(
    reader: DnevnikReader,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
    days: 'core' | 'enrichment',
  ): Promise<DiaryIndex> {
    const ids = idsOf(student);
    const readDays = async () => reader.days(ids.person, required(ids.group, 'class (edu-group)'), range);
    const [dayList, workTypes, subjects] = await Promise.all([
      days === 'core' ? readDays() : unlessUnreadable({ provider: DNEVNIK, route: 'schedules' }, scope, readDays, []),
      ids.school === null
        ? []
        : unlessUnreadable({ provider: DNEVNIK, route: 'workTypes' }, scope, () => reader.workTypes(ids.school!), []),
      ids.group === null
        ? []
        : unlessUnreadable(
            { provider: DNEVNIK, route: 'groupSubjects' },
            scope,
            () => reader.groupSubjects(ids.group!),
            [],
          ),
    ]);
    return buildDiaryIndex({
      personId: ids.person,
      timeZone: student.timeZone,
      days: dayList,
      workTypes,
      subjects: [subjects],
    });
  }

  /** The lessons of a range; bell times come from the timetables, which only enrich (see {@link diaryIndex}). */
  async function lessons(reader: DnevnikReader, student: ProviderStudent, range: DateRange, scope: UpstreamScope) {
    const group = required(idsOf(student).group, 'class (edu-group)');
    const [index, timetables] = await Promise.all([
      diaryIndex(reader, student, range, scope, 'core'),
      unlessUnreadable({ provider: DNEVNIK, route: 'timetables' }, scope, () => reader.timetables(group), []),
    ]);
    return normalizeLessons(index, timetables, range);
  }

  /** `{ code, redirectUri? }` → the token endpoint's `{ accessToken, refreshToken }`; needs the OAuth client. */
  async function exchangeCode(
    input: Extract<DnevnikLinkInput, { code: string }>,
    scope: UpstreamScope,
  ): Promise<ProviderCredentials> {
    const code = nonEmpty(input.code, 'code', 'sign-in code');
    if (!options.clientId || !options.clientSecret) {
      // Not the parent's fault and not Dnevnik.ru's refusal: the gateway was set up without an OAuth client.
      throw new ProviderError(
        'NOT_SUPPORTED_BY_PROVIDER',
        DNEVNIK,
        'This gateway is not configured to exchange Dnevnik.ru sign-in codes (it has no OAuth client); link the account with an access token instead.',
      );
    }
    const redirectUri = input.redirectUri?.trim() || undefined;
    const exchange = {
      transport: options.transport,
      baseUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    };
    return exchangeDnevnikCode(exchange, code, redirectUri, scope.signal);
  }

  return {
    provider: DNEVNIK,
    acceptsAbsenceNotices: false,

    async signIn(input, scope) {
      const link = dnevnikLinkInput(input);
      if ('code' in link) return exchangeCode(link, scope);
      // A token the parent brings is kept as it is; `fetchProfile` verifies it next.
      return { accessToken: nonEmpty(link.accessToken, 'accessToken', 'access token') };
    },

    async submitAbsenceNotice() {
      absenceNoticesNotSupported();
    },

    async withdrawAbsenceNotice() {
      absenceNoticesNotSupported();
    },

    async fetchProfile(account, scope) {
      const reader = readerFor(account, scope);
      const [user, context, relatives] = await Promise.all([reader.user(), reader.context(), reader.relatives()]);
      const students = await Promise.all(
        childPersons(user, context, relatives).map(async (child) => {
          const classGroup = pickClassGroup(await reader.eduGroups(child.personId));
          const schoolId = schoolIdOfGroup(context, classGroup ? groupIdOf(classGroup) : null);
          const school = schoolId === null ? null : { id: schoolId, details: await reader.school(schoolId) };
          return dnevnikStudent(child, classGroup, school, context, defaultTimeZone);
        }),
      );
      return { holder: normalizeHolder(user), students };
    },

    async fetchSubjects(account, student, scope) {
      const reader = readerFor(account, scope);
      const ids = idsOf(student);
      const group = required(ids.group, 'class (edu-group)');
      // The class's own list is the core; the subgroups' lists (from the child's groups) only add to it.
      const [classSubjects, groups] = await Promise.all([
        reader.groupSubjects(group),
        unlessUnreadable(
          { provider: DNEVNIK, route: 'personEduGroups' },
          scope,
          () => reader.eduGroups(ids.person),
          [],
        ),
      ]);
      // The class's subgroups (a foreign language split in two) carry their own subject lists.
      const own = groups.filter(
        (candidate) => groupIdOf(candidate) === group || (candidate.parentIds ?? []).includes(group),
      );
      return normalizeSubjects([classSubjects, ...own.map((candidate) => candidate.subjects ?? [])]);
    },

    async fetchPeriods(account, student, scope) {
      const group = required(idsOf(student).group, 'class (edu-group)');
      const periods = await readerFor(account, scope).reportingPeriods(group);
      return normalizePeriods(periods, group, dateInZone(now(), student.timeZone));
    },

    async fetchSubjectAverages(account, student, scope) {
      const reader = readerFor(account, scope);
      const ids = idsOf(student);
      const group = required(ids.group, 'class (edu-group)');
      const today = dateInZone(now(), student.timeZone);
      // The periods are the core; final marks, subject names and each period's averages only add to them.
      const [periods, finalMarks, classSubjects] = await Promise.all([
        reader.reportingPeriods(group),
        unlessUnreadable(
          { provider: DNEVNIK, route: 'allFinalMarks' },
          scope,
          () => reader.finalMarks(ids.person, group),
          {},
        ),
        unlessUnreadable({ provider: DNEVNIK, route: 'groupSubjects' }, scope, () => reader.groupSubjects(group), []),
      ]);
      // Averages "as of" a date: today for the current period, the last day for ended ones; none for future ones.
      const started = periods.flatMap((period) => {
        const start = dateOf(period.start);
        const end = dateOf(period.finish);
        return start !== null && end !== null && start <= today
          ? [{ id: preferTwin(period.id_str, period.id), asOf: end < today ? end : today }]
          : [];
      });
      const answers = await Promise.all(
        started.map((period) =>
          unlessUnreadable(
            { provider: DNEVNIK, route: 'averageMarks' },
            scope,
            () => reader.averageMarks(group, period.id, period.asOf),
            [],
          ),
        ),
      );
      const subjectNames = new Map(
        [...(finalMarks.subjects ?? []), ...classSubjects].map((subject) => [subjectIdOf(subject), subject.name]),
      );
      return normalizeSubjectAverages({
        groupId: group,
        personId: ids.person,
        periods,
        averagesByPeriod: new Map(started.map((period, position) => [period.id, answers[position] ?? []])),
        finalMarks,
        subjectNames,
      });
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

    async fetchNonSchoolDays() {
      // Dnevnik.ru v2 has no route for holidays or vacations that a client has been seen to use.
      return [];
    },
  };
}
