/**
 * The deterministic demo family: Анна Сергеевна Иванова and her children in three regions — Мария and
 * Артём at Moscow schools (one МЭШ account), Софья at a St. Petersburg school (Dnevnik.ru) and Лев at a
 * Samara school (Eljur) — and their grandmother Галина Петровна, who has no diary account.
 *
 * Two children have a second enrollment in another diary, so the gateway has something to merge:
 * - Мария's art school (ДШИ № 7) keeps its diary in Eljur, on the parent's Eljur account, with her full
 *   name, birth date and SNILS — the same child by SNILS (`masha-art`);
 * - Артём's chess club uses Dnevnik.ru, on the parent's Dnevnik.ru account, and typed only `Иванов Артем`
 *   (`е` for `ё`, no patronymic, no birth date shown) — the same child by name only, which a person
 *   has to confirm (`artem-chess`).
 *
 * Everything is built around a given day, so the demo always looks current: the
 * timetable and homework run from the start of the current term (at least six weeks back) to two weeks
 * ahead, marks cover the school year so far, absences lie in the recent past, and a lesson is replaced
 * and another cancelled on the next school days.
 *
 * Nothing here reads the clock or `Math.random`: the same `today` always gives the same family, and
 * ids of lessons, marks and homework depend only on the child and the day, so they stay the same when
 * the demo is regenerated on a later day. The rules for the school year, marks and homework live in
 * `./generator/*`; this module only says who is who.
 */
import type { DemoAccount, DemoChild, DemoFamily, DemoPerson } from './family.js';
import type { ProviderKind } from '../domain/model.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import { addDays, isIsoDate } from '../domain/dates.js';
import { buildSchoolCalendar, periodOf, TIMETABLE_HORIZON_DAYS, type SchoolCalendar } from './generator/calendar.js';
import {
  ART_SCHOOL,
  CHESS_CLUB,
  FIFTH_GRADE,
  NINTH_GRADE,
  SEVENTH_GRADE,
  THIRD_GRADE,
  subjectNamed,
  type CurriculumPlan,
} from './generator/curriculum.js';
import { applyAbsences, applyReplacementAndCancellation, type AbsencePlan } from './generator/disruptions.js';
import { buildFinalMarks } from './generator/final-marks.js';
import { buildHomework } from './generator/homework.js';
import { buildYearLessons } from './generator/lessons.js';
import { buildMarks, type SpecialMarksPlan } from './generator/marks.js';
import { uuidFor } from './generator/random.js';
import { formatSnils } from './generator/snils.js';

/** The parent's diary accounts. Tokens and passwords here are demo data, not secrets. */
const ACCOUNTS: readonly DemoAccount[] = [
  {
    provider: 'MESH',
    profileId: 35_962_418,
    token: 'demo-mesh-5c1f08d7a94e4b2e8f3a6d90b71e24c3',
    childKeys: ['masha', 'artem'],
  },
  {
    provider: 'DNEVNIK',
    profileId: 1_000_014_928_371,
    token: 'demo-dnevnik-8e2b6f0c1d7a4c93b5e1f4a62d09c7b8',
    refreshToken: 'demo-dnevnik-refresh-3a9d5c7e1b2f4086a7c9e0d1f2b3a4c5',
    childKeys: ['sonya', 'artem-chess'],
  },
  {
    provider: 'ELJUR',
    profileId: 48_213,
    token: 'demo-eljur-0f6e2d9c4b1a4e7d8c3b2a1f0e9d8c7b',
    login: 'ivanova.anna',
    password: 'demo-eljur-password',
    childKeys: ['lev', 'masha-art'],
  },
];

/** The timetable history reaches at least this far back, even early in a term. */
const MIN_HISTORY_DAYS = 42;

const PARENT: DemoPerson = {
  firstName: 'Анна',
  lastName: 'Иванова',
  middleName: 'Сергеевна',
  birthDate: '1986-03-14',
  snils: formatSnils('137281904'),
  phone: '+7 916 555-01-22',
};

const GRANDMOTHER: DemoPerson & { phone: string } = {
  firstName: 'Галина',
  lastName: 'Иванова',
  middleName: 'Петровна',
  birthDate: '1958-07-30',
  snils: formatSnils('049316725'),
  phone: '+7 916 555-01-23',
};

const MARIA: DemoPerson = {
  firstName: 'Мария',
  lastName: 'Иванова',
  middleName: 'Олеговна',
  birthDate: '2013-04-22',
  snils: formatSnils('154672318'),
};
const ARTEM: DemoPerson = {
  firstName: 'Артём',
  lastName: 'Иванов',
  middleName: 'Олегович',
  birthDate: '2017-02-09',
  snils: formatSnils('161803397'),
};

/** No special marks: the out-of-school enrollments only get ordinary ones. */
const ORDINARY_MARKS_ONLY: SpecialMarksPlan = {
  hundredPointSubjectId: null,
  pointSubjectId: null,
  examSubjectId: null,
};

interface ChildSpec {
  person: DemoPerson;
  key: string;
  provider: ProviderKind;
  /** The diary shows no birth date (see {@link DemoChild.hideBirthDate}). */
  hideBirthDate?: boolean;
  /**
   * The key of the same child's first enrollment, listed earlier: its sick days are missed here too, so
   * the two diaries never disagree about where the child was.
   */
  sameChildAs?: string;
  /** IANA zone of the school. */
  timeZone: string;
  /** Separates the children's record ids (see `generator/ids.ts`). */
  slot: number;
  studentId: number;
  school: { id: number; name: string };
  className: string;
  plan: CurriculumPlan;
  absences: AbsencePlan;
  specialMarks: SpecialMarksPlan;
}

const CHILDREN: readonly ChildSpec[] = [
  {
    person: MARIA,
    key: 'masha',
    provider: 'MESH',
    timeZone: 'Europe/Moscow',
    slot: 1,
    studentId: 2_184_516,
    school: { id: 1086, name: 'ГБОУ Школа № 1535' },
    className: '7-Б',
    plan: SEVENTH_GRADE,
    absences: {
      noticeSchoolDaysBack: 3,
      missedLessons: [
        { schoolDaysBack: 6, lessonNumber: 4, reasonId: 6 },
        { schoolDaysBack: 11, lessonNumber: 2, reasonId: null },
        { schoolDaysBack: 17, lessonNumber: 5, reasonId: null },
      ],
    },
    specialMarks: {
      hundredPointSubjectId: subjectNamed(SEVENTH_GRADE, 'Информатика').id,
      pointSubjectId: subjectNamed(SEVENTH_GRADE, 'Алгебра').id,
      examSubjectId: subjectNamed(SEVENTH_GRADE, 'Английский язык').id,
    },
  },
  {
    person: ARTEM,
    key: 'artem',
    provider: 'MESH',
    timeZone: 'Europe/Moscow',
    slot: 2,
    studentId: 2_361_047,
    school: { id: 1203, name: 'ГБОУ Школа № 1158' },
    className: '3-А',
    plan: THIRD_GRADE,
    absences: {
      noticeSchoolDaysBack: 5,
      missedLessons: [
        { schoolDaysBack: 8, lessonNumber: 3, reasonId: 6 },
        { schoolDaysBack: 14, lessonNumber: 1, reasonId: null },
      ],
    },
    specialMarks: ORDINARY_MARKS_ONLY,
  },
  {
    person: {
      firstName: 'Софья',
      lastName: 'Иванова',
      middleName: 'Олеговна',
      birthDate: '2011-10-03',
      snils: formatSnils('172943581'),
    },
    key: 'sonya',
    provider: 'DNEVNIK',
    timeZone: 'Europe/Moscow',
    slot: 3,
    studentId: 1_000_021_734_115,
    school: { id: 1_000_002_581, name: 'ГБОУ СОШ № 239 Центрального района Санкт-Петербурга' },
    className: '9-А',
    plan: NINTH_GRADE,
    absences: {
      noticeSchoolDaysBack: 4,
      missedLessons: [
        { schoolDaysBack: 7, lessonNumber: 2, reasonId: 6 },
        { schoolDaysBack: 12, lessonNumber: 5, reasonId: null },
      ],
    },
    specialMarks: {
      hundredPointSubjectId: null,
      pointSubjectId: null,
      examSubjectId: subjectNamed(NINTH_GRADE, 'Алгебра').id,
    },
  },
  {
    person: {
      firstName: 'Лев',
      lastName: 'Иванов',
      middleName: 'Олегович',
      birthDate: '2015-06-18',
      snils: formatSnils('183047226'),
    },
    key: 'lev',
    provider: 'ELJUR',
    timeZone: 'Europe/Samara',
    slot: 4,
    studentId: 73_402,
    school: { id: 1_632, name: 'МБОУ «Школа № 132» г. о. Самара' },
    className: '5-В',
    plan: FIFTH_GRADE,
    absences: {
      noticeSchoolDaysBack: 6,
      missedLessons: [
        { schoolDaysBack: 2, lessonNumber: 1, reasonId: null, late: true },
        { schoolDaysBack: 9, lessonNumber: 3, reasonId: 6 },
        { schoolDaysBack: 13, lessonNumber: 4, reasonId: null },
      ],
    },
    specialMarks: {
      hundredPointSubjectId: null,
      pointSubjectId: null,
      examSubjectId: null,
      splitSubjectId: subjectNamed(FIFTH_GRADE, 'Русский язык').id,
    },
  },
  {
    // Мария again: everything Eljur can carry about her is the same as in МЭШ, SNILS included. The art
    // school is in Samara (she studies there remotely) because the family's Eljur tenant is a Samara one,
    // and Eljur does not expose a school's zone: the adapter gives every child the tenant's zone.
    person: MARIA,
    key: 'masha-art',
    provider: 'ELJUR',
    sameChildAs: 'masha',
    timeZone: 'Europe/Samara',
    slot: 5,
    studentId: 73_951,
    school: { id: 1_707, name: 'МБУ ДО «Детская школа искусств № 7» г. о. Самара' },
    className: '4-Ж',
    plan: ART_SCHOOL,
    absences: { noticeSchoolDaysBack: null, missedLessons: [{ schoolDaysBack: 3, lessonNumber: 1, reasonId: null }] },
    specialMarks: ORDINARY_MARKS_ONLY,
  },
  {
    // Артём again, as the chess club typed him in: `е` for `ё`, no patronymic. Birth date and SNILS stay
    // in the model (they are his), but the club's diary shows neither.
    person: { ...ARTEM, firstName: 'Артем', middleName: null },
    key: 'artem-chess',
    provider: 'DNEVNIK',
    hideBirthDate: true,
    sameChildAs: 'artem',
    timeZone: 'Europe/Moscow',
    slot: 6,
    studentId: 1_000_021_805_342,
    school: { id: 1_000_003_117, name: 'Шахматный клуб «Ладья»' },
    className: 'Шахматы, группа 1',
    plan: CHESS_CLUB,
    absences: { noticeSchoolDaysBack: null, missedLessons: [] },
    specialMarks: { ...ORDINARY_MARKS_ONLY, recentlyMarkedSubjectId: subjectNamed(CHESS_CLUB, 'Шахматы').id },
  },
];

/**
 * Builds the demo family around `today` (`YYYY-MM-DD`, Moscow date).
 *
 * @throws {BadUserInputError} when `today` is not a calendar date.
 * @example
 * const family = generateDemoFamily({ today: '2026-11-23' });
 * family.children.map((child) => child.key); // ['masha', 'artem', 'sonya', 'lev', 'masha-art', 'artem-chess']
 */
export function generateDemoFamily(options: { today: string }): DemoFamily {
  const { today } = options;
  if (!isIsoDate(today)) throw new BadUserInputError('today must be a calendar date written YYYY-MM-DD', 'today');
  const calendar = buildSchoolCalendar(today);
  const children: DemoChild[] = [];
  for (const spec of CHILDREN) {
    const first = spec.sameChildAs === undefined ? undefined : children.find((child) => child.key === spec.sameChildAs);
    if (spec.sameChildAs !== undefined && !first)
      throw new RangeError(`demo child ${spec.key} must follow ${spec.sameChildAs}`);
    children.push(buildChild(spec, calendar, today, first?.absenceNotices.map((notice) => notice.date) ?? []));
  }
  return {
    today,
    parent: { ...PARENT },
    grandmother: { ...GRANDMOTHER },
    children,
    accounts: ACCOUNTS.map((account) => ({ ...account, childKeys: [...account.childKeys] })),
  };
}

/**
 * The first day the demo shows: the start of the current term, but at least six weeks back, and never
 * before 1 September (a diary shows one school year, so the first days of September have little history).
 */
function historyStart(calendar: SchoolCalendar, today: string): string {
  const termStart = periodOf(calendar, today)?.start ?? calendar.yearStart;
  const sixWeeksBack = addDays(today, -MIN_HISTORY_DAYS);
  const start = termStart < sixWeeksBack ? termStart : sixWeeksBack;
  return start > calendar.yearStart ? start : calendar.yearStart;
}

/** One enrollment; `sickDays` come from the same child's first enrollment (see `applyAbsences`). */
function buildChild(spec: ChildSpec, calendar: SchoolCalendar, today: string, sickDays: readonly string[]): DemoChild {
  const rangeStart = historyStart(calendar, today);
  // The whole year is built so that topics, final marks and ids do not depend on where the shown range starts.
  const lessons = buildYearLessons(spec, calendar, addDays(today, TIMETABLE_HORIZON_DAYS));
  applyReplacementAndCancellation(lessons, today);
  const absenceNotices = applyAbsences(lessons, today, rangeStart, spec.absences, sickDays);
  const marks = buildMarks(spec.key, spec.slot, lessons, today, spec.specialMarks);
  const homework = buildHomework(spec.key, spec.slot, spec.plan, lessons, today);
  return {
    ...spec.person,
    key: spec.key,
    provider: spec.provider,
    ...(spec.hideBirthDate ? { hideBirthDate: true } : {}),
    studentId: spec.studentId,
    personGuid: uuidFor(`mesh-person|${spec.studentId}`),
    school: { ...spec.school },
    className: spec.className,
    timeZone: spec.timeZone,
    subjects: spec.plan.subjects.map(({ id, name, teacher }) => ({ id, name, teacher })),
    periods: calendar.periods.map((period) => ({ ...period })),
    lessons: lessons.filter((lesson) => lesson.date >= rangeStart),
    // Marks cover the whole school year so far, not only the shown timetable: term averages, final
    // marks and the marks a diary lists for an ended term must agree.
    marks,
    homework: homework.filter((entry) => entry.dueOn >= rangeStart),
    absenceNotices,
    nonSchoolDays: calendar.nonSchoolDays.map((day) => ({ ...day })),
    finalMarks: buildFinalMarks(marks, calendar.periods, today),
  };
}
