/**
 * Hand-written МЭШ payloads in the real wire shapes (providers.md §3 and the contract), built small and
 * overridable per test. Builders return what МЭШ sends (`z.input` of the shared schemas); the `decode*`
 * helpers run them through the same schemas the adapter uses, so a fixture that drifts from the
 * contract fails loudly instead of testing a shape МЭШ never sends.
 */
import {
  attendanceResponseSchema,
  eventsResponseSchema,
  familyProfileSchema,
  homeworksResponseSchema,
  marksResponseSchema,
  periodsSchedulesSchema,
  subjectMarksResponseSchema,
  type AttendancePayload,
  type EventMarkPayload,
  type EventPayload,
  type FamilyProfilePayload,
  type HomeworksPayload,
  type MarkPayload,
  type PeriodsSchedulesPayload,
  type SubjectMarksPayload,
} from '../../../adapters/mesh/payloads.js';
import type { ProviderStudent } from '../../../src/domain/model.js';

export const TIME_ZONE = 'Europe/Moscow';
export const PROFILE_ID = 35960000;
export const STUDENT_ID = 2100000;
export const PERSON_GUID = '5f0c6c2e-0000-4000-8000-000000000000';

type MarkValueEntry = NonNullable<MarkPayload['values']>[number];
type HomeworkPayload = HomeworksPayload['payload'][number];
type SubjectMarksEntry = SubjectMarksPayload['payload'][number];
type PeriodMarksPayload = NonNullable<SubjectMarksEntry['periods']>[number];
type AttendanceDayPayload = AttendancePayload['attendance'][number];

/** A `values[]` entry: the mark on one grade system, with its five- and hundred-point equivalents. */
/** The child the adapter tests ask about, as the profile gives her; override what a test needs. */
export function meshStudent(overrides: Partial<ProviderStudent> = {}): ProviderStudent {
  return {
    provider: 'MESH',
    externalId: String(STUDENT_ID),
    providerIds: { studentId: String(STUDENT_ID), personGuid: PERSON_GUID },
    firstName: 'Мария',
    lastName: 'Иванова',
    middleName: 'Олеговна',
    birthDate: '2012-05-01',
    snils: null,
    school: null,
    className: '7-Б',
    timeZone: TIME_ZONE,
    ...overrides,
  };
}

export function markValue(type: string, origin: string, five: number | null, hundred: number | null): MarkValueEntry {
  const names: Record<string, [string, number]> = {
    five: ['5-балльная', 5],
    hundred: ['100-балльная', 100],
    ten: ['10-балльная', 10],
  };
  const [name, nmax] = names[type] ?? ['Другая', 0];
  return { name, nmax, grade: { origin, five, hundred }, grade_system_id: 4139946, grade_system_type: type };
}

/** A mark as the event calendar embeds it (no date, no subject). */
export function eventMarkPayload(overrides: Partial<EventMarkPayload> = {}): EventMarkPayload {
  return {
    id: 2212345678,
    value: '4',
    values: [markValue('five', '4', 4, 75)],
    comment: '',
    comment_exists: false,
    weight: 2,
    point_date: null,
    control_form_name: 'Контрольная работа',
    is_exam: false,
    is_point: false,
    original_grade_system_type: 'five',
    criteria: null,
    created_at: '2025-09-15T10:02:00',
    updated_at: '2025-09-15T10:02:00',
    ...overrides,
  };
}

/** A mark from the marks route (providers.md §3.4 example). */
export function markPayload(overrides: Partial<MarkPayload> = {}): MarkPayload {
  return { ...eventMarkPayload(), date: '2025-09-15', subject_id: 33623, subject_name: 'Алгебра', ...overrides };
}

/** A homework from the homeworks route. */
export function homeworkPayload(overrides: Partial<HomeworkPayload> = {}): HomeworkPayload {
  return {
    description: '№ 12, 14',
    comments: [],
    homework_entry_student_id: 410000001,
    homework_entry_id: 310000001,
    attachments: [{ title: 'Задачи.pdf', link: 'https://school.mos.ru/files/1' }],
    additional_materials: [],
    subject_id: 33623,
    subject_name: 'Алгебра',
    date: '2025-09-16',
    date_assigned_on: '2025-09-15',
    lesson_date_time: '2025-09-16T08:30:00',
    is_done: false,
    has_teacher_answer: false,
    ...overrides,
  };
}

/** A timetable event (providers.md §3.9 example), without marks or homework unless given. */
export function eventPayload(overrides: Partial<EventPayload> = {}): EventPayload {
  return {
    id: 301000000,
    source: 'PLAN',
    title: null,
    start_at: '2025-09-15T08:30:00+03:00',
    finish_at: '2025-09-15T09:15:00+03:00',
    subject_id: 33623,
    subject_name: 'Алгебра',
    lesson_name: null,
    lesson_theme: 'Квадратные уравнения',
    room_number: '204',
    room_name: null,
    group_id: 7000001,
    group_name: '7-Б Алгебра',
    lesson_type: 'NORMAL',
    cancelled: false,
    replaced: false,
    is_missed_lesson: false,
    absence_reason_id: null,
    nonattendance_reason_id: null,
    health_status: null,
    homework: { descriptions: [], total_count: 0, execute_count: 0, presence_status_id: 1, entries: [] },
    marks: [],
    ...overrides,
  };
}

/** One period of a subject in `subject_marks`. */
export function periodMarks(overrides: Partial<PeriodMarksPayload> = {}): PeriodMarksPayload {
  return {
    title: '1 четверть',
    start: '01.09.2025',
    end: '26.10.2025',
    start_iso: '2025-09-01',
    end_iso: '2025-10-26',
    value: '4.50',
    fixed_value: null,
    count: 4,
    dynamic: 'UP',
    marks: [],
    target: null,
    ...overrides,
  };
}

/** One subject of `subject_marks`. */
export function subjectMarksEntry(overrides: Partial<SubjectMarksEntry> = {}): SubjectMarksEntry {
  return {
    subject_name: 'Алгебра',
    subject_id: 33623,
    average: '4.57',
    average_by_all: '4.10',
    dynamic: 'UP',
    year_mark: null,
    periods: [periodMarks()],
    ...overrides,
  };
}

/** A parent's absence notice from the attendance route. */
export function attendanceDay(overrides: Partial<AttendanceDayPayload> = {}): AttendanceDayPayload {
  return {
    date: '2025-09-15',
    summary: 'Отсутствие по уважительной причине',
    notified: true,
    lessons: [],
    description: 'болезнь',
    reason_id: 6,
    is_system: false,
    parent_profile_id: PROFILE_ID,
    ...overrides,
  };
}

/** The family profile with one child (providers.md §3.9 example). */
export function familyProfilePayload(): FamilyProfilePayload {
  return {
    profile: {
      id: PROFILE_ID,
      user_id: 1100000,
      type: 'parent',
      first_name: 'Анна',
      last_name: 'Иванова',
      middle_name: 'Сергеевна',
      birth_date: '1986-03-14',
      sex: 'female',
      phone: '79990000000',
      email: null,
      snils: '11223344595',
    },
    children: [
      {
        id: STUDENT_ID,
        user_id: 1200000,
        first_name: 'Мария',
        last_name: 'Иванова',
        middle_name: 'Олеговна',
        birth_date: '2012-05-01',
        sex: 'female',
        snils: '112-233-445 95',
        contract_id: 9000000,
        contingent_guid: PERSON_GUID,
        class_name: '7-Б',
        class_level_id: 7,
        class_unit_id: 450000,
        school: {
          id: 1001,
          name: 'ГБОУ Школа № 1',
          short_name: 'Школа № 1',
          county: null,
          principal: null,
          phone: null,
          global_school_id: 123,
        },
        groups: [{ id: 7000001, name: '7-Б Алгебра', subject_id: 33623, is_fake: false }],
        enrollment_date: '2019-09-01',
      },
    ],
    hash: 'h',
  };
}

export const decodeMarks = (marks: MarkPayload[]) => marksResponseSchema.parse({ payload: marks }).payload;
export const decodeHomeworks = (entries: HomeworkPayload[]) =>
  homeworksResponseSchema.parse({ payload: entries }).payload;
export const decodeEvents = (events: EventPayload[]) =>
  eventsResponseSchema.parse({ total_count: events.length, response: events, errors: null }).response;
export const decodeEvent = (event: EventPayload) => decodeEvents([event])[0]!;
export const decodeEventMark = (mark: EventMarkPayload) => decodeEvent(eventPayload({ marks: [mark] })).marks![0]!;
export const decodeSubjectMarks = (entries: SubjectMarksEntry[]) =>
  subjectMarksResponseSchema.parse({ payload: entries }).payload;
export const decodeAttendance = (days: AttendanceDayPayload[]) =>
  attendanceResponseSchema.parse({ days_count: days.length, year_description: null, attendance: days }).attendance;
export const decodePeriodsSchedules = (days: PeriodsSchedulesPayload) => periodsSchedulesSchema.parse(days);
export const decodeFamilyProfile = (profile: FamilyProfilePayload) => familyProfileSchema.parse(profile);
