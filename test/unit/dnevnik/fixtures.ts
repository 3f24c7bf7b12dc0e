/**
 * Hand-written Dnevnik.ru payloads in the real wire shapes (providers.md §1.5), small and overridable
 * per test. Ids are `bigint`s above 2^53, written to the wire as bare integer literals by
 * {@link wire}; the `decode*` helpers send every payload through that text and the adapter's own
 * lossless parser and schemas, so a fixture tests exactly the path a real answer takes.
 */
import type { z } from 'zod';
import type { ProviderStudent } from '../../../src/domain/model.js';
import { parseLosslessJson, stringifyLosslessJson } from '../../../adapters/dnevnik/json.js';
import {
  averageMarksSchema,
  finalMarksSchema,
  logEntriesSchema,
  marksSchema,
  reportingPeriodsSchema,
  schedulesSchema,
  timetablesSchema,
  workTypesSchema,
  type AverageMarksPayload,
  type DayPayload,
  type FinalMarksPayload,
  type LogEntryPayload,
  type MarkPayload,
  type ReportingPeriodsPayload,
  type ScheduleLessonPayload,
  type TimetablesPayload,
  type WorkPayload,
  type WorkTypePayload,
} from '../../../adapters/dnevnik/payloads-diary.js';
import {
  contextSchema,
  eduGroupsSchema,
  relativesSchema,
  schoolSchema,
  userSchema,
  type ContextPayload,
  type EduGroupPayload,
  type PersonPayload,
  type RelativesPayload,
  type SchoolPayload,
  type SubjectPayload,
  type UserPayload,
} from '../../../adapters/dnevnik/payloads.js';

export const TIME_ZONE = 'Europe/Moscow';
export const HOLDER_PERSON = 1000001111111n;
export const PERSON = 1000004567890n;
export const OTHER_PERSON = 1000004567891n;
export const SCHOOL = 1000002283077n;
/** The edu-group id seen in the wild (providers.md §1.6): above 2^53. */
export const GROUP = 2421882773904846063n;
export const SUBGROUP = 2421882773904846064n;
export const ALGEBRA = 1874532000000012345n;
export const HISTORY = 1874532000000012399n;
export const LESSON = 1876543210986000002n;
export const WORK = 1876543210987000001n;
export const MARK = 1876543210987654321n;
export const HOMEWORK = 1876543210988000003n;
export const WORK_TYPE = 1234567n;
export const PERIOD = 1876000000000000001n;
export const TEACHER = 1000009999999n;

const str = (id: bigint) => id.toString();

/** The demo child as the profile records her: person, school and class ids, the school's zone. */
export function studentRecord(overrides: Partial<ProviderStudent> = {}): ProviderStudent {
  return {
    provider: 'DNEVNIK',
    externalId: PERSON.toString(),
    providerIds: { personId: PERSON.toString(), schoolId: SCHOOL.toString(), eduGroupId: GROUP.toString() },
    firstName: 'Софья',
    lastName: 'Петрова',
    middleName: 'Олеговна',
    birthDate: null,
    snils: null,
    school: null,
    className: '9-А',
    timeZone: TIME_ZONE,
    ...overrides,
  };
}

/** The payload as Dnevnik.ru writes it: ids as bare integer literals. */
export function wire(payload: unknown): string {
  return stringifyLosslessJson(payload);
}

/** Sends a payload through the wire text, the lossless parser and a schema, as the adapter does. */
export function decode<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  return schema.parse(parseLosslessJson(wire(payload)));
}

export function markPayload(overrides: Partial<MarkPayload> = {}): MarkPayload {
  return {
    id: MARK,
    id_str: str(MARK),
    type: 'mark5',
    value: '5',
    textValue: '5',
    person: PERSON,
    person_str: str(PERSON),
    work: WORK,
    work_str: str(WORK),
    lesson: LESSON,
    lesson_str: str(LESSON),
    number: 0,
    date: '2025-09-15T00:00:00',
    workType: WORK_TYPE,
    mood: 'Good',
    use_avg_calc: true,
    ...overrides,
  };
}

export function workPayload(overrides: Partial<WorkPayload> = {}): WorkPayload {
  return {
    id: WORK,
    id_str: str(WORK),
    type: 'LessonTestWork',
    workType: WORK_TYPE,
    markType: 'Mark5',
    markCount: 1,
    lesson: LESSON,
    lesson_str: str(LESSON),
    displayInJournal: true,
    status: 'Sent',
    eduGroup: GROUP,
    eduGroup_str: str(GROUP),
    tasks: [],
    text: 'Контрольная работа',
    periodNumber: null,
    periodType: null,
    subjectId: ALGEBRA,
    isImportant: true,
    targetDate: '2025-09-15T00:00:00',
    sentDate: null,
    createdBy: TEACHER,
    files: [],
    oneDriveLinks: [],
    ...overrides,
  };
}

export function homeworkPayload(overrides: Partial<WorkPayload> = {}): WorkPayload {
  return workPayload({
    id: HOMEWORK,
    id_str: str(HOMEWORK),
    type: 'Homework',
    markCount: 0,
    text: '№ 12, 14',
    targetDate: '2025-09-15T00:00:00',
    sentDate: '2025-09-12T00:00:00',
    tasks: [
      {
        id: HOMEWORK,
        id_str: str(HOMEWORK),
        person: PERSON,
        person_str: str(PERSON),
        work: HOMEWORK,
        work_str: str(HOMEWORK),
        status: 'NotDone',
      },
    ],
    files: [1933000000000000001n],
    ...overrides,
  });
}

/** The work-types route's shape: `{title, abbr, weight}`. */
export function workTypePayload(overrides: Partial<WorkTypePayload> = {}): WorkTypePayload {
  return {
    id: WORK_TYPE,
    schoolId: SCHOOL,
    kindId: null,
    kind: 'Test',
    title: 'Контрольная работа',
    abbr: 'КР',
    weight: 3,
    ...overrides,
  };
}

/** A schedule lesson: bare ids, no twins for subject, works and teachers. */
export function lessonPayload(overrides: Partial<ScheduleLessonPayload> = {}): ScheduleLessonPayload {
  return {
    id: LESSON,
    title: 'Квадратичная функция',
    date: '2025-09-15T08:30:00',
    number: 1,
    subjectId: ALGEBRA,
    status: 'Planned',
    building: null,
    place: '21',
    floor: null,
    hours: '08:30 - 09:15',
    works: [WORK],
    teachers: [TEACHER],
    ...overrides,
  };
}

export function logEntryPayload(overrides: Partial<LogEntryPayload> = {}): LogEntryPayload {
  return {
    person: PERSON,
    person_str: str(PERSON),
    lesson: LESSON,
    lesson_str: str(LESSON),
    comment: '',
    status: 'Absent',
    createdDate: '2025-09-15T09:20:00',
    ...overrides,
  };
}

export function teacherPayload(id = TEACHER): { person: PersonPayload; role: string } {
  return {
    person: {
      id,
      id_str: str(id),
      userId: null,
      firstName: 'Екатерина',
      lastName: 'Романова',
      middleName: 'Игоревна',
      shortName: null,
      sex: 'Female',
    },
    role: 'Teacher',
  };
}

/** One day of the schedules route with one lesson, its mark and work, and the lists that name them. */
export function dayPayload(overrides: Partial<DayPayload> = {}): DayPayload {
  return {
    date: '2025-09-15T00:00:00+03:00',
    lessons: [lessonPayload()],
    marks: [markPayload()],
    works: [workPayload()],
    homeworks: [],
    subjects: [{ id: ALGEBRA, name: 'Алгебра', knowledgeAreaId: null }],
    workTypes: [
      {
        id: WORK_TYPE,
        schoolId: SCHOOL,
        abbreviation: 'КР',
        name: 'Контрольная работа',
        isFinal: false,
        isImportant: true,
        kindId: null,
        kind: 'Test',
      },
    ],
    lessonLogEntries: [],
    teachers: [teacherPayload()],
    nextDate: '2025-09-16T00:00:00+03:00',
    ...overrides,
  };
}

export function subjectPayload(id: bigint, name: string): SubjectPayload {
  return { id, id_str: str(id), name, knowledgeArea: null };
}

export function eduGroupPayload(overrides: Partial<EduGroupPayload> = {}): EduGroupPayload {
  return {
    id: GROUP,
    id_str: str(GROUP),
    parentIds: [],
    parentIds_str: [],
    type: 'Group',
    name: '9-А',
    fullName: '9-А',
    parallel: 9,
    timetable: null,
    status: 'Active',
    studyyear: 2025,
    subjects: [subjectPayload(ALGEBRA, 'Алгебра')],
    journalType: 'Default',
    ...overrides,
  };
}

export function subgroupPayload(): EduGroupPayload {
  return eduGroupPayload({
    id: SUBGROUP,
    id_str: str(SUBGROUP),
    parentIds: [GROUP],
    parentIds_str: [str(GROUP)],
    type: 'Subgroup',
    name: '9-А англ., 1 гр.',
    subjects: [subjectPayload(HISTORY, 'Английский язык')],
  });
}

export function userPayload(overrides: Partial<UserPayload> = {}): UserPayload {
  const user = HOLDER_PERSON + 7000000000n;
  return {
    id: user,
    id_str: str(user),
    personId: HOLDER_PERSON,
    personId_str: str(HOLDER_PERSON),
    name: 'Анна',
    lastName: 'Петрова',
    middleName: 'Сергеевна',
    shortName: 'Петрова А. С.',
    sex: 'Female',
    birthday: '1986-03-14T00:00:00',
    roles: ['EduParent'],
    ...overrides,
  };
}

/** The context: its ids are bare numbers without twins (`groupIds` holds one above 2^53). */
export function contextPayload(overrides: Partial<ContextPayload> = {}): ContextPayload {
  return {
    userId: HOLDER_PERSON + 7000000000n,
    personId: HOLDER_PERSON,
    shortName: 'Петрова А.',
    avatarUrl: null,
    roles: ['EduParent'],
    schoolIds: [SCHOOL],
    groupIds: [GROUP],
    schools: [{ id: SCHOOL, name: 'МБОУ СОШ № 1', type: 'School', groupIds: [GROUP] }],
    eduGroups: [eduGroupPayload()],
    ...overrides,
  };
}

export function relativesPayload(): RelativesPayload {
  return [
    {
      type: 'Child',
      person: {
        id: PERSON,
        id_str: str(PERSON),
        userId: null,
        userId_str: null,
        firstName: 'Софья',
        lastName: 'Петрова',
        middleName: 'Олеговна',
        shortName: null,
        sex: 'Female',
      },
    },
  ];
}

export function schoolPayload(overrides: Partial<SchoolPayload> = {}): SchoolPayload {
  return {
    id: SCHOOL,
    id_str: str(SCHOOL),
    name: 'МБОУ СОШ № 1',
    fullName: 'МБОУ СОШ № 1 г. Екатеринбурга',
    city: 'Екатеринбург',
    timeZone: 5,
    uses_avg: true,
    uses_weighted_avg: true,
    ...overrides,
  };
}

export function reportingPeriodsPayload(): ReportingPeriodsPayload {
  return [
    {
      id: PERIOD,
      id_str: str(PERIOD),
      start: '2025-09-01T00:00:00',
      finish: '2025-10-26T00:00:00',
      number: 1,
      type: 'Quarter',
      name: '1 четверть',
      year: 2025,
    },
    {
      id: PERIOD + 1n,
      id_str: str(PERIOD + 1n),
      start: '2025-11-05T00:00:00',
      finish: '2025-12-28T00:00:00',
      number: 2,
      type: 'Quarter',
      name: '2 четверть',
      year: 2025,
    },
  ];
}

/** avg-marks: kebab-case keys, averages as strings, one entry per pupil. */
export function averageMarksPayload(person = PERSON, value = '4.56'): AverageMarksPayload {
  return [
    {
      person: OTHER_PERSON,
      person_str: str(OTHER_PERSON),
      'per-subject-averages': [{ subject: ALGEBRA, subject_str: str(ALGEBRA), 'avg-mark-value': '3.10' }],
      group: GROUP,
      group_str: str(GROUP),
      reportingPeriod: PERIOD,
      reportingPeriod_str: str(PERIOD),
    },
    {
      person,
      person_str: str(person),
      'per-subject-averages': [{ subject: ALGEBRA, subject_str: str(ALGEBRA), 'avg-mark-value': value }],
      group: GROUP,
      group_str: str(GROUP),
      reportingPeriod: PERIOD,
      reportingPeriod_str: str(PERIOD),
    },
  ];
}

/** allfinalmarks: a final mark whose `PeriodMark` work names period 1 of type Quarter. */
export function finalMarksPayload(value = '4'): FinalMarksPayload {
  const work = 1930000000000000001n;
  return {
    marks: [
      markPayload({
        id: 1929000000000000001n,
        id_str: '1929000000000000001',
        value,
        textValue: value,
        work,
        work_str: str(work),
        lesson: null,
        lesson_str: null,
        use_avg_calc: false,
      }),
    ],
    works: [
      workPayload({
        id: work,
        id_str: str(work),
        type: 'PeriodMark',
        periodNumber: 1,
        periodType: 'Quarter',
        lesson: null,
        lesson_str: null,
      }),
    ],
    subjects: [{ id: ALGEBRA, name: 'Алгебра' }],
    workTypes: [{ id: 1234999n, name: 'Итоговая отметка', isFinal: true }],
  };
}

/** Bell timetables: PascalCase keys, times as naive datetimes. */
export function timetablesPayload(): TimetablesPayload {
  return [
    {
      Name: 'Основное',
      Start: '2025-09-01T00:00:00',
      FirstLessonNumber: 1,
      Items: [
        {
          Id: 1n,
          Start: '2025-09-01T08:30:00',
          Finish: '2025-09-01T09:15:00',
          Name: '1 урок',
          Type: 'Lesson',
          DaysOfWeek: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
          LessonNumber: 1,
        },
        {
          Id: 2n,
          Start: '2025-09-01T09:15:00',
          Finish: '2025-09-01T09:25:00',
          Name: 'Перемена',
          Type: 'Break',
          DaysOfWeek: [],
          LessonNumber: 2,
        },
        {
          Id: 3n,
          Start: '2025-09-01T09:25:00',
          Finish: '2025-09-01T10:10:00',
          Name: '2 урок',
          Type: 'Lesson',
          DaysOfWeek: [],
          LessonNumber: 2,
        },
      ],
    },
  ];
}

export const decodeMarks = (marks: MarkPayload[]) => decode(marksSchema, marks);
export const decodeDays = (days: DayPayload[]) => decode(schedulesSchema, { days });
export const decodeWorkTypes = (types: WorkTypePayload[]) => decode(workTypesSchema, types);
export const decodeLogEntries = (entries: LogEntryPayload[]) => decode(logEntriesSchema, entries);
export const decodePeriods = (periods: ReportingPeriodsPayload) => decode(reportingPeriodsSchema, periods);
export const decodeAverages = (entries: AverageMarksPayload) => decode(averageMarksSchema, entries);
export const decodeFinalMarks = (payload: FinalMarksPayload) => decode(finalMarksSchema, payload);
export const decodeTimetables = (payload: TimetablesPayload) => decode(timetablesSchema, payload);
export const decodeUser = (payload: UserPayload) => decode(userSchema, payload);
export const decodeContext = (payload: ContextPayload) => decode(contextSchema, payload);
export const decodeRelatives = (payload: RelativesPayload) => decode(relativesSchema, payload);
export const decodeEduGroups = (payload: EduGroupPayload[]) => decode(eduGroupsSchema, payload);
export const decodeSchool = (payload: SchoolPayload) => decode(schoolSchema, payload);
