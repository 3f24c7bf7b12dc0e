/**
 * Who is who in the demo family (see `generate-family.ts` for the story): the parent's diary accounts,
 * the parent, the grandmother, and each child's enrollment — school, class, curriculum, planned absences
 * and special marks. A data table: `generate-family.ts` builds the family from it around a given day.
 *
 * Tests, the README and the benchmark rely on the ids, slots and order below: a new account or child is
 * appended, never inserted, and an existing one keeps its values.
 */
import type { DemoAccount, DemoPerson } from './demo-family.js';
import type { ChildSpec } from './generator/child-spec.js';
import { FIFTH_GRADE } from './generator/curricula/fifth-grade.js';
import { NINTH_GRADE } from './generator/curricula/ninth-grade.js';
import { ART_SCHOOL, CHESS_CLUB } from './generator/curricula/out-of-school.js';
import { SECOND_GRADE } from './generator/curricula/second-grade.js';
import { SEVENTH_GRADE } from './generator/curricula/seventh-grade.js';
import { THIRD_GRADE } from './generator/curricula/third-grade.js';
import { subjectNamed } from './generator/curriculum.js';
import type { SpecialMarksPlan } from './generator/marks.js';
import { formatSnils } from './generator/snils.js';

export type { ChildSpec } from './generator/child-spec.js';

/**
 * The parent's diary accounts. Tokens and passwords here are demo data, not secrets. An account with a
 * `tenant` lives on another installation of its diary than the main one (the demo serves it from a
 * simulator of its own).
 */
export const ACCOUNTS: readonly DemoAccount[] = [
  {
    provider: 'MESH',
    profileId: 35_962_418,
    token: 'demo-mesh-5c1f08d7a94e4b2e8f3a6d90b71e24c3',
    login: 'ivanova.anna@example.ru',
    password: 'demo-mesh-password',
    childKeys: ['masha', 'artem'],
  },
  {
    provider: 'DNEVNIK',
    profileId: 1_000_014_928_371,
    token: 'demo-dnevnik-8e2b6f0c1d7a4c93b5e1f4a62d09c7b8',
    refreshToken: 'demo-dnevnik-refresh-3a9d5c7e1b2f4086a7c9e0d1f2b3a4c5',
    login: 'ivanova.anna',
    password: 'demo-dnevnik-password',
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
  {
    // The same parent on the Moscow region's «Моя школа» (myschool.mosreg.ru), another installation of
    // the МЭШ platform: a separate account with its own profile id, token and password, and the same
    // e-mail as her login.
    provider: 'MESH',
    tenant: 'mesh-mosreg',
    profileId: 50_417_236,
    token: 'demo-mesh-mosreg-9d4b7e21c0f34a8e96b5d3a7f1c2e08b',
    login: 'ivanova.anna@example.ru',
    password: 'demo-mosreg-password',
    childKeys: ['polina'],
  },
];

/** Анна Сергеевна Иванова, the parent who holds every diary account. */
export const PARENT: DemoPerson = {
  firstName: 'Анна',
  lastName: 'Иванова',
  middleName: 'Сергеевна',
  birthDate: '1986-03-14',
  snils: formatSnils('137281904'),
  phone: '+7 916 555-01-22',
};

/** Галина Петровна, the grandmother: no diary account; the parent can invite her as a trusted person. */
export const GRANDMOTHER: DemoPerson & { phone: string } = {
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

/** Every enrollment, in order: a second enrollment of a child follows the first (`sameChildAs`). */
export const CHILDREN: readonly ChildSpec[] = [
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
  {
    // Полина, the youngest, at a Moscow-region school seen through the parent's «Моя школа» account
    // (tenant `mesh-mosreg`). A different child from everyone above: her own SNILS and birth date.
    // Her МЭШ ids (student, school, subjects) are kept apart from the Moscow children's, although ids of
    // another installation mean nothing in Moscow, so nothing in the demo can mix them up by accident.
    person: {
      firstName: 'Полина',
      lastName: 'Иванова',
      middleName: 'Олеговна',
      birthDate: '2018-09-03',
      snils: formatSnils('208416953'),
    },
    key: 'polina',
    provider: 'MESH',
    timeZone: 'Europe/Moscow',
    slot: 7,
    studentId: 2_458_139,
    school: { id: 2_417, name: 'МБОУ Лицей № 4 г. Красногорска' },
    className: '2-А',
    plan: SECOND_GRADE,
    absences: {
      noticeSchoolDaysBack: 2,
      missedLessons: [
        { schoolDaysBack: 7, lessonNumber: 2, reasonId: 6 },
        { schoolDaysBack: 10, lessonNumber: 4, reasonId: null },
      ],
    },
    specialMarks: ORDINARY_MARKS_ONLY,
  },
];
