/**
 * Hand-written Eljur payloads in the real wire shapes (providers.md §2.5), small and overridable per test.
 * Builders return what Eljur sends (`z.input` of the shared schemas); the `decode*` helpers run them
 * through the same schemas the adapter uses, so a fixture that drifts from the contract fails loudly.
 */
import {
  diaryResultSchema,
  finalAssessmentsResultSchema,
  homeworkResultSchema,
  marksResultSchema,
  periodsResultSchema,
  rulesResultSchema,
  type DiaryDayPayload,
  type DiaryLessonPayload,
  type DiaryPayload,
  type FinalAssessmentsPayload,
  type HomeworkDayPayload,
  type HomeworkPayload,
  type Keyed,
  type MarkPayload,
  type MarksPayload,
  type PeriodPayload,
  type PeriodsPayload,
  type ProfileUserInfoPayload,
  type RulesPayload,
  type SubjectMarksPayload,
} from '../../../adapters/eljur/payloads.js';
import nock from 'nock';
import type { EljurAdapterOptions } from '../../../adapters/eljur/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { ProviderStudent } from '../../../src/domain/model.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';

export const TIME_ZONE = 'Europe/Samara';
export const STUDENT_ID = '12345';
export const PARENT_ID = '100500';

/** Where the adapter tests' Eljur answers (nock intercepts it), and the developer key and school they use. */
export const BASE = 'https://eljur.test';
export const DEVKEY = 'devkey-0123456789abcdef0123456789ab';
export const VENDOR = 'school1';
/** The adapter tests' clock: a Wednesday in September. */
export const NOW = new Date('2025-09-17T09:00:00Z');

/**
 * The adapter as the tests create it, with the constants above; override what a test needs. The fetch
 * transport, because nock 14 intercepts only the global fetch (production uses undici's request).
 */
export function adapterOptions(overrides: Partial<EljurAdapterOptions> = {}): EljurAdapterOptions {
  return {
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    baseUrl: BASE,
    devkey: DEVKEY,
    vendor: VENDOR,
    timeZone: TIME_ZONE,
    now: () => NOW,
    ...overrides,
  };
}

/** The fixture child as the adapter's profile gives it. */
export const FIXTURE_STUDENT: ProviderStudent = Object.freeze({
  provider: 'ELJUR',
  externalId: STUDENT_ID,
  providerIds: { studentId: STUDENT_ID },
  firstName: 'Мария',
  lastName: 'Иванова',
  middleName: null,
  birthDate: null,
  snils: null,
  school: null,
  className: '7Б',
  timeZone: TIME_ZONE,
});

/** An account linked with a token alone, and the same account with the login and password that renew it. */
export function fixtureAccounts(
  id: string,
  token: string,
  login: string,
  password: string,
): { tokenAccount: ProviderAccount; passwordAccount: ProviderAccount } {
  const tokenAccount: ProviderAccount = {
    id,
    provider: 'ELJUR',
    credentials: { token, tokenExpiresAt: '2025-12-15T00:00:00+04:00' },
  };
  const passwordAccount = { ...tokenAccount, credentials: { ...tokenAccount.credentials, login, password } };
  return { tokenAccount, passwordAccount };
}

/** A mocker of data methods with exactly the query every call carries (`token`'s unless given), plus their own. */
export function dataMock(token: string) {
  return (method: string, query: Record<string, string> = {}, auth = token) =>
    nock(BASE)
      .get(`/apiv3/${method}`)
      .query({ devkey: DEVKEY, vendor: VENDOR, out_format: 'json', auth_token: auth, ...query })
      .matchHeader('accept', 'application/json');
}

/** A mark of `getmarks` (providers.md §2.5 example). */
export function markPayload(overrides: Partial<MarkPayload> = {}): MarkPayload {
  return {
    value: '5',
    convert: 5,
    countas: '5',
    count: true,
    weight: 2,
    weight_float: 2,
    date: '2025-09-15',
    nm: '1',
    lesson_id: '678',
    comment: '',
    lesson_comment: null,
    max_mark: null,
    color_hex: null,
    mtype: { id: 3, short: 'КР', type: 'Контрольная работа' },
    ...overrides,
  };
}

/** An absence or late arrival as Eljur sends it: a mark with `convert: 0, count: false`, no weight. */
export function attendanceMark(value: string, overrides: Partial<MarkPayload> = {}): MarkPayload {
  return {
    value,
    convert: 0,
    countas: 0,
    count: false,
    date: '2025-09-19',
    nm: '1',
    lesson_id: '678',
    comment: '',
    lesson_comment: null,
    max_mark: null,
    color_hex: null,
    ...overrides,
  };
}

/** A subject of `getmarks`. */
export function subjectMarks(overrides: Partial<SubjectMarksPayload> = {}): SubjectMarksPayload {
  return {
    name: 'Алгебра',
    lesson_id: '678',
    average: '4.33',
    averageConvert: 4,
    color_hex: null,
    marks: [markPayload()],
    ...overrides,
  };
}

/** A `getmarks` result for the child. */
export function marksResult(lessons: Keyed<SubjectMarksPayload>, studentId = STUDENT_ID): MarksPayload {
  return { students: { [studentId]: { name: studentId, title: 'Иванова Мария', lessons } } };
}

/** A diary lesson (providers.md §2.5 example), with bell times. */
export function diaryLesson(overrides: Partial<DiaryLessonPayload> = {}): DiaryLessonPayload {
  return {
    num: '1',
    name: 'Алгебра',
    room: '204',
    teacher: 'Петров Пётр Петрович',
    sort: 100,
    lesson_id: '678',
    topic: 'Квадратные уравнения',
    is_control: false,
    grp: '',
    grp_short: '',
    homework: { '9001': { id: 9001, value: '№ 12, 14', individual: false } },
    files: [{ toid: 9001, filename: 'task.pdf', link: 'https://school1.eljur.ru/files/task.pdf' }],
    resources: [],
    assessments: [],
    starttime: '08:30:00',
    endtime: '09:15:00',
    ...overrides,
  };
}

/** A school day of the diary. */
export function diaryDay(overrides: Partial<DiaryDayPayload> = {}): DiaryDayPayload {
  return {
    name: '20250915',
    title: 'Понедельник',
    alert: null,
    items: { '1': diaryLesson() },
    items_extday: [],
    ...overrides,
  };
}

/** A `getdiary` result for the child. */
export function diaryResult(days: Keyed<DiaryDayPayload>, studentId = STUDENT_ID): DiaryPayload {
  return { students: { [studentId]: { name: studentId, title: 'Иванова Мария', parent_signed: false, days } } };
}

/** A `gethomework` result for the child: day key → subject name → homework. */
export function homeworkResult(days: Keyed<HomeworkDayPayload>): HomeworkPayload {
  return { students: { [STUDENT_ID]: { name: STUDENT_ID, title: 'Иванова Мария', days } } };
}

/** A period of `getperiods`. */
export function periodPayload(overrides: Partial<PeriodPayload> = {}): PeriodPayload {
  return {
    name: 'I',
    fullname: '1 четверть',
    start: '20250901',
    end: '20251026',
    disabled: false,
    ambigious: false,
    weeks: [],
    ...overrides,
  };
}

/** A `getperiods` result: `students` is an array here. */
export function periodsResult(periods: PeriodPayload[], studentId = STUDENT_ID): PeriodsPayload {
  return { students: [{ name: studentId, title: 'Иванова Мария', periods }] };
}

/** A `getfinalassessments` result. */
export function finalsResult(
  items: { name: string; assessments: { period: string; value: string; convert?: number }[] }[],
): FinalAssessmentsPayload {
  const withDefaults = items.map((item) => ({
    name: item.name,
    assessments: item.assessments.map((assessment) => ({
      comment: '',
      color_hex: null,
      convert: Number(assessment.value) || 0,
      ...assessment,
    })),
  }));
  return { students: { [STUDENT_ID]: { name: STUDENT_ID, title: 'Иванова Мария', items: withDefaults } } };
}

/** The school `getrules` lists for the fixture child (providers.md §2.5 example). */
export const SCHOOL = {
  title: 'Школа № 1',
  title_full: 'МБОУ «Школа № 1»',
  number: '1',
  inn: '7700000000',
  kpp: '770001001',
};

/** `getrules` of a parent with one child (providers.md §2.5 example). */
export function rulesPayload(overrides: Partial<RulesPayload> = {}): RulesPayload {
  return {
    id: PARENT_ID,
    name: PARENT_ID,
    title: 'Иванова Анна Сергеевна',
    firstname: 'Анна',
    lastname: 'Иванова',
    middlename: 'Сергеевна',
    gender: 'female',
    email: '',
    roles: ['parent'],
    vendor: 'school1',
    vendor_id: 4321,
    relations: {
      schools: [SCHOOL],
      groups: [],
      students: {
        [STUDENT_ID]: {
          name: STUDENT_ID,
          title: 'Иванова Мария',
          firstname: 'Мария',
          lastname: 'Иванова',
          gender: 'female',
          class: '7Б',
          parallel: 7,
          city: 'Самара',
          rel: 'child',
          rules: [],
        },
      },
    },
    ...overrides,
  };
}

/** A second school of the account, an art school, as `relations.schools` lists it. */
export const ART_SCHOOL = {
  title: 'ДШИ № 7',
  title_full: 'МБУ ДО «Детская школа искусств № 7»',
  number: '7',
  inn: '6316001707',
  kpp: '631601001',
};

/** `getrules` of a parent whose account lists the fixture school first and the art school second. */
export function twoSchoolsRulesPayload(): RulesPayload {
  const payload = rulesPayload();
  return { ...payload, relations: { ...payload.relations, schools: [SCHOOL, ART_SCHOOL] } };
}

/** The child's SNILS in the profile card fixture, written as a person would. */
export const CHILD_SNILS = '112-233-445 95';

/** `getprofileuserinfo` of the fixture child (providers.md §2.4). */
export function profileUserInfoPayload(overrides: Record<string, unknown> = {}): ProfileUserInfoPayload {
  return {
    profileUserInfo: {
      username: 'ivanova.maria',
      schoolName: 'МБОУ «Школа № 1»',
      parallel: 7,
      teacher: 'Петрова Ольга Ивановна',
      snils: CHILD_SNILS,
      email: '',
      gender: 'female',
      marksForYears: {},
      ...overrides,
    },
  };
}

/** Wraps a result in Eljur's success envelope. */
export function envelope(result: unknown): { response: { state: number; error: null; result: unknown } } {
  return { response: { state: 200, error: null, result } };
}

/** Eljur's failure envelope. */
export function failureEnvelope(
  state: number,
  error: string,
): { response: { state: number; error: string; result: Record<string, never> } } {
  return { response: { state, error, result: {} } };
}

export const decodeMarks = (payload: MarksPayload) => marksResultSchema.parse(payload);
export const decodeDiary = (payload: DiaryPayload) => diaryResultSchema.parse(payload);
export const decodeHomework = (payload: HomeworkPayload) => homeworkResultSchema.parse(payload);
export const decodePeriods = (payload: PeriodsPayload) => periodsResultSchema.parse(payload);
export const decodeFinals = (payload: FinalAssessmentsPayload) => finalAssessmentsResultSchema.parse(payload);
export const decodeRules = (payload: RulesPayload) => rulesResultSchema.parse(payload);
