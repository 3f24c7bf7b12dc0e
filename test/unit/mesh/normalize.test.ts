import { describe, expect, it } from 'vitest';
import { buildAttendanceNotices, daysOf } from '../../../adapters/mesh/attendance-notices.js';
import {
  buildAttendance,
  homeworkFromEvent,
  meshFinalGradeValue,
  meshGrade,
  meshGradeValue,
  meshNonSchoolDayKind,
  meshSubject,
  meshTrend,
  normalizeAttachments,
  normalizeEvents,
  normalizeFamilyProfile,
  normalizeHomeworks,
  normalizeMarks,
  normalizeNonSchoolDays,
  normalizePeriods,
  normalizeSubjectAverages,
  normalizeSubjects,
  parseMeshDecimal,
  pickProfileId,
  type MeshMarkValueFields,
} from '../../../adapters/mesh/normalize.js';
import type { GradeValue } from '../../../src/domain/model.js';
import { ProviderBadResponseError } from '../../../src/errors/gateway-error.js';
import {
  attendanceDay,
  decodeAttendance,
  decodeEvent,
  decodeEventMark,
  decodeEvents,
  decodeFamilyProfile,
  decodeHomeworks,
  decodeMarks,
  decodePeriodsSchedules,
  decodeSubjectMarks,
  eventMarkPayload,
  eventPayload,
  familyProfilePayload,
  homeworkPayload,
  markPayload,
  markValue,
  periodMarks,
  PERSON_GUID,
  STUDENT_ID,
  subjectMarksEntry,
  TIME_ZONE,
} from './fixtures.js';
import { eventsResponseSchema, marksResponseSchema } from '../../../adapters/mesh/payloads.js';
import { decodePayload } from '../../../src/upstream/tolerant-decode.js';

const ALGEBRA = meshSubject(33623, 'Алгебра');
const MARKS = { provider: 'MESH', route: 'marks' } as const;

describe('meshGradeValue', () => {
  it.each<[string, MeshMarkValueFields, GradeValue]>([
    [
      'a five-point mark',
      { value: '5', original_grade_system_type: 'five', values: [markValue('five', '5', 5, 100)] },
      { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
    ],
    [
      'a hundred-point mark with its five-point equivalent',
      { value: '85', original_grade_system_type: 'hundred', values: [markValue('hundred', '85', 5, 85)] },
      { raw: '85', scale: 'HUNDRED_POINT', numeric: 85, fivePoint: 5 },
    ],
    [
      'a hundred-point mark without an equivalent',
      { value: '85', original_grade_system_type: 'hundred', values: [] },
      { raw: '85', scale: 'HUNDRED_POINT', numeric: 85, fivePoint: null },
    ],
    [
      'a "4-" mark (the modifier is ignored for the number, kept in raw)',
      { value: '4-', original_grade_system_type: 'five', values: null },
      { raw: '4-', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 },
    ],
    [
      'a "5+" mark with МЭШ’s own equivalent',
      { value: '5+', original_grade_system_type: 'five', values: [markValue('five', '5+', 5, 100)] },
      { raw: '5+', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
    ],
    [
      'a pass mark (зачёт), even on a five system with a five-point equivalent',
      { value: 'зачёт', original_grade_system_type: 'five', values: [markValue('five', 'зачёт', 5, 100)] },
      { raw: 'зачёт', scale: 'PASS_FAIL', numeric: null, fivePoint: null },
    ],
    ['a fail mark written "нз"', { value: 'нз' }, { raw: 'нз', scale: 'PASS_FAIL', numeric: null, fivePoint: null }],
    [
      '"Незачет" written with е and a capital',
      { value: 'Незачет' },
      { raw: 'Незачет', scale: 'PASS_FAIL', numeric: null, fivePoint: null },
    ],
    ['"осв"', { value: 'осв' }, { raw: 'осв', scale: 'PASS_FAIL', numeric: null, fivePoint: null }],
    [
      'a ten-point mark',
      { value: '8', original_grade_system_type: 'ten', values: [] },
      { raw: '8', scale: 'TEN_POINT', numeric: 8, fivePoint: null },
    ],
    [
      'an unknown system type (not guessed from values)',
      { value: '11', original_grade_system_type: 'twelve', values: [markValue('five', '11', 4.5, 90)] },
      { raw: '11', scale: 'OTHER', numeric: 11, fivePoint: 4.5 },
    ],
    [
      'no system type: the first values entry decides',
      { value: '70', original_grade_system_type: null, values: [markValue('hundred', '70', 4, 70)] },
      { raw: '70', scale: 'HUNDRED_POINT', numeric: 70, fivePoint: 4 },
    ],
    ['no system type and no values', { value: '5' }, { raw: '5', scale: 'OTHER', numeric: 5, fivePoint: null }],
    [
      'a letter mark',
      { value: 'Б', original_grade_system_type: 'five' },
      { raw: 'Б', scale: 'FIVE_POINT', numeric: null, fivePoint: null },
    ],
    [
      'several equivalents: the entry of the mark’s own system is preferred',
      {
        value: '90',
        original_grade_system_type: 'hundred',
        values: [markValue('five', '5', 4.8, null), markValue('hundred', '90', 5, 90)],
      },
      { raw: '90', scale: 'HUNDRED_POINT', numeric: 90, fivePoint: 5 },
    ],
  ])('should read %s', (_name, mark, expected) => {
    expect(meshGradeValue(mark)).toEqual(expected);
  });
});

describe('normalizeMarks', () => {
  const gradeOf = (overrides: Parameters<typeof markPayload>[0]) =>
    normalizeMarks(decodeMarks([markPayload(overrides)]), TIME_ZONE)[0]!;

  it('should map a mark of the marks route in full', () => {
    expect(gradeOf({})).toEqual({
      id: 'mesh:2212345678',
      date: '2025-09-15',
      subject: { id: 'mesh:33623', name: 'Алгебра', provider: 'MESH' },
      value: { raw: '4', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 },
      weight: 2,
      workType: 'Контрольная работа',
      comment: null,
      isExam: false,
      isPoint: false,
      pointDeadline: null,
      countsTowardAverage: true,
      createdAt: '2025-09-15T10:02:00+03:00',
      teacher: null,
      provider: 'MESH',
    });
  });

  it.each([
    [
      'a point mark with its deadline',
      { is_point: true, point_date: '2025-10-01' },
      { isPoint: true, pointDeadline: '2025-10-01', countsTowardAverage: false },
    ],
    ['an exam mark', { is_exam: true }, { isExam: true, countsTowardAverage: true }],
    ['an empty comment as null', { comment: '' }, { comment: null }],
    ['a blank comment as null', { comment: '   ' }, { comment: null }],
    ['a comment as written', { comment: 'Молодец' }, { comment: 'Молодец' }],
    ['a missing weight as 1', { weight: null }, { weight: 1 }],
    [
      'missing flags as false',
      { is_exam: null, is_point: null },
      { isExam: false, isPoint: false, countsTowardAverage: true },
    ],
    ['a missing work type as null', { control_form_name: null }, { workType: null }],
    [
      'a naive Moscow created_at with +03:00',
      { created_at: '2025-12-31T23:59:00' },
      { createdAt: '2025-12-31T23:59:00+03:00' },
    ],
    ['a missing created_at as null', { created_at: null }, { createdAt: null }],
    // Found by the property tests (issue 6): an impossible time of day made Intl throw a RangeError.
    [
      'a created_at at a time no clock shows (25:61) as null, not a RangeError',
      { created_at: '2025-09-15T25:61:00' },
      { createdAt: null },
    ],
    ['a created_at at second 60 as null, not a RangeError', { created_at: '2025-09-15T23:59:60' }, { createdAt: null }],
    ['a DD.MM.YYYY lesson date', { date: '15.09.2025' }, { date: '2025-09-15' }],
    ['a DD.MM.YYYY point deadline', { is_point: true, point_date: '01.10.2025' }, { pointDeadline: '2025-10-01' }],
    ['a string id', { id: '2212345679' }, { id: 'mesh:2212345679' }],
  ])('should read %s', (_name, overrides, expected) => {
    expect(gradeOf(overrides)).toMatchObject(expected);
  });

  it('should read naive datetimes in the given school zone', () => {
    const [grade] = normalizeMarks(
      decodeMarks([markPayload({ created_at: '2025-09-15T10:02:00' })]),
      'Asia/Yekaterinburg',
    );
    expect(grade?.createdAt).toBe('2025-09-15T10:02:00+05:00');
  });

  it('should sort by lesson day, then entry time', () => {
    const grades = normalizeMarks(
      decodeMarks([
        markPayload({ id: 3, date: '2025-09-16', created_at: '2025-09-16T09:00:00' }),
        markPayload({ id: 2, date: '2025-09-15', created_at: '2025-09-15T12:00:00' }),
        markPayload({ id: 1, date: '2025-09-15', created_at: '2025-09-15T09:00:00' }),
      ]),
      TIME_ZONE,
    );
    expect(grades.map((grade) => grade.id)).toEqual(['mesh:1', 'mesh:2', 'mesh:3']);
  });

  it('should leave out a mark whose lesson date is unreadable, reporting the path but not the value', () => {
    const decoded = decodePayload(
      MARKS,
      { payload: [markPayload({ id: 1 }), markPayload({ id: 2, date: 'sometime 2025' })] },
      marksResponseSchema,
    );
    expect(normalizeMarks(decoded.value.payload, TIME_ZONE).map((grade) => grade.id)).toEqual(['mesh:1']);
    expect(decoded.drift).toEqual([{ ...MARKS, schemaPath: 'payload[].date', dropped: 1 }]);
    expect(JSON.stringify(decoded.drift)).not.toContain('sometime');
  });
});

describe('meshGrade from an event mark', () => {
  it('should take the date and subject it is given', () => {
    const grade = meshGrade(decodeEventMark(eventMarkPayload({ value: '5' })), '2025-09-20', ALGEBRA, TIME_ZONE);
    expect(grade).toMatchObject({
      id: 'mesh:2212345678',
      date: '2025-09-20',
      subject: ALGEBRA,
      value: { raw: '5', numeric: 5 },
    });
  });
});

describe('homework', () => {
  it('should map a homework of the homeworks route', () => {
    expect(normalizeHomeworks(decodeHomeworks([homeworkPayload()]))).toEqual([
      {
        id: 'mesh:310000001',
        subject: { id: 'mesh:33623', name: 'Алгебра', provider: 'MESH' },
        text: '№ 12, 14',
        dueOn: '2025-09-16',
        assignedOn: '2025-09-15',
        attachments: [{ title: 'Задачи.pdf', url: 'https://school.mos.ru/files/1' }],
        isDone: false,
        provider: 'MESH',
      },
    ]);
  });

  it.each([
    ['homework_entry_id when sent', { homework_entry_id: 310000002 }, { id: 'mesh:310000002' }],
    ['homework_entry_student_id without homework_entry_id', { homework_entry_id: null }, { id: 'mesh:410000001' }],
    ['is_done', { is_done: true }, { isDone: true }],
    ['a missing is_done as null', { is_done: null }, { isDone: null }],
    ['a DD.MM.YYYY due date', { date: '16.09.2025' }, { dueOn: '2025-09-16' }],
    ['a missing assignment date as null', { date_assigned_on: null }, { assignedOn: null }],
  ])('should read %s', (_name, overrides, expected) => {
    expect(normalizeHomeworks(decodeHomeworks([homeworkPayload(overrides)]))[0]).toMatchObject(expected);
  });

  it('should sort by due date', () => {
    const homework = normalizeHomeworks(
      decodeHomeworks([
        homeworkPayload({ homework_entry_id: 2, date: '2025-09-18' }),
        homeworkPayload({ homework_entry_id: 1, date: '2025-09-16' }),
      ]),
    );
    expect(homework.map((item) => item.dueOn)).toEqual(['2025-09-16', '2025-09-18']);
  });

  it.each([
    ['title and link', { title: 'Карточка', link: 'https://x/1' }, { title: 'Карточка', url: 'https://x/1' }],
    ['name and url', { name: 'Файл.docx', url: 'https://x/2' }, { title: 'Файл.docx', url: 'https://x/2' }],
    ['nothing', {}, { title: 'Вложение', url: null }],
    ['a blank title', { title: ' ', name: null, link: null }, { title: 'Вложение', url: null }],
  ])('should read an attachment with %s', (_name, attachment, expected) => {
    expect(normalizeAttachments([attachment])).toEqual([expected]);
  });

  it('should give event homework the same id as the homeworks route, with isDone null', () => {
    const event = decodeEvent(
      eventPayload({
        homework: {
          descriptions: ['№ 12, 14'],
          total_count: 1,
          execute_count: 0,
          entries: [
            {
              homework_entry_id: 310000001,
              date_assigned_on: '2025-09-15',
              date_prepared_for: '2025-09-16',
              description: '№ 12, 14',
              attachments: [{ title: 'Задачи.pdf', link: 'https://school.mos.ru/files/1' }],
            },
          ],
        },
      }),
    );
    const [fromEvent] = homeworkFromEvent(event, '2025-09-16', ALGEBRA);
    const [fromRoute] = normalizeHomeworks(decodeHomeworks([homeworkPayload()]));
    expect(fromEvent).toEqual({ ...fromRoute, isDone: null });
  });

  it('should keep descriptions of an event that has no entries', () => {
    const event = decodeEvent(eventPayload({ id: 77, homework: { descriptions: ['Выучить стих', ''], entries: [] } }));
    expect(homeworkFromEvent(event, '2025-09-15', ALGEBRA)).toEqual([
      {
        id: 'mesh:77-homework-1',
        subject: ALGEBRA,
        text: 'Выучить стих',
        dueOn: '2025-09-15',
        assignedOn: null,
        attachments: [],
        isDone: null,
        provider: 'MESH',
      },
    ]);
  });
});

describe('normalizeEvents', () => {
  const lessonOf = (overrides: Parameters<typeof eventPayload>[0], timeZone = TIME_ZONE) =>
    normalizeEvents(decodeEvents([eventPayload(overrides)]), timeZone)[0]!;

  it('should map a timetable event to a lesson', () => {
    expect(lessonOf({})).toEqual({
      id: 'mesh:301000000',
      date: '2025-09-15',
      number: null,
      startsAt: '2025-09-15T08:30:00+03:00',
      endsAt: '2025-09-15T09:15:00+03:00',
      subject: { id: 'mesh:33623', name: 'Алгебра', provider: 'MESH' },
      teacher: null,
      room: '204',
      topic: 'Квадратные уравнения',
      isCancelled: false,
      isReplaced: false,
      homework: [],
      grades: [],
      absence: null,
      provider: 'MESH',
    });
  });

  it.each([
    ['a cancelled lesson', { cancelled: true }, { isCancelled: true, isReplaced: false }],
    ['a replaced lesson', { replaced: true }, { isCancelled: false, isReplaced: true }],
    ['missing flags as false', { cancelled: null, replaced: null }, { isCancelled: false, isReplaced: false }],
    [
      'a missed lesson with reason 6',
      { is_missed_lesson: true, absence_reason_id: 6 },
      { absence: { kind: 'EXCUSED_ABSENCE', reason: 'болезнь' } },
    ],
    [
      'a missed lesson without a reason',
      { is_missed_lesson: true, absence_reason_id: null },
      { absence: { kind: 'ABSENCE', reason: null } },
    ],
    [
      'a missed lesson with an unknown reason id',
      { is_missed_lesson: true, absence_reason_id: 99 },
      { absence: { kind: 'EXCUSED_ABSENCE', reason: null } },
    ],
    [
      'a reason id on an attended lesson as no absence',
      { is_missed_lesson: false, absence_reason_id: 6 },
      { absence: null },
    ],
    [
      'a Z start time, rewritten in Moscow time',
      { start_at: '2025-09-15T05:30:00Z', finish_at: '2025-09-15T06:15:00.000Z' },
      { startsAt: '2025-09-15T08:30:00+03:00', endsAt: '2025-09-15T09:15:00+03:00', date: '2025-09-15' },
    ],
    [
      'a UTC instant on the previous UTC day as the school-local day',
      { start_at: '2025-09-14T21:30:00Z', finish_at: '2025-09-14T22:15:00Z' },
      { date: '2025-09-15', startsAt: '2025-09-15T00:30:00+03:00' },
    ],
    ['another offset, rewritten', { start_at: '2025-09-15T07:30:00+02:00' }, { startsAt: '2025-09-15T08:30:00+03:00' }],
    [
      'a naive start time as school-local',
      { start_at: '2025-09-15T08:30:00' },
      { startsAt: '2025-09-15T08:30:00+03:00' },
    ],
    ['an unreadable end time as null', { finish_at: 'soon' }, { endsAt: null }],
    ['room_name without room_number', { room_number: null, room_name: 'Спортзал' }, { room: 'Спортзал' }],
    ['an empty topic as null', { lesson_theme: '' }, { topic: null }],
    [
      'a subject named by lesson_name',
      { subject_name: null, lesson_name: 'Геометрия' },
      { subject: { id: 'mesh:33623', name: 'Геометрия', provider: 'MESH' } },
    ],
    [
      'a subject without id, by title',
      { subject_id: null, subject_name: null, title: 'Разговоры о важном' },
      { subject: { id: 'mesh:name:Разговоры о важном', name: 'Разговоры о важном', provider: 'MESH' } },
    ],
  ])('should read %s', (_name, overrides, expected) => {
    expect(lessonOf(overrides)).toMatchObject(expected);
  });

  it('should write times in the school zone it is given', () => {
    expect(lessonOf({}, 'Asia/Yekaterinburg')).toMatchObject({
      startsAt: '2025-09-15T10:30:00+05:00',
      date: '2025-09-15',
    });
  });

  it('should embed marks with the lesson day and subject', () => {
    const lesson = lessonOf({ marks: [eventMarkPayload({ value: '5', created_at: null })] });
    expect(lesson.grades).toEqual([
      expect.objectContaining({
        id: 'mesh:2212345678',
        date: '2025-09-15',
        subject: lesson.subject,
        value: expect.objectContaining({ raw: '5' }),
      }),
    ]);
  });

  it('should keep only PLAN events, sorted by start time', () => {
    const lessons = normalizeEvents(
      decodeEvents([
        eventPayload({ id: 2, start_at: '2025-09-15T09:30:00+03:00' }),
        eventPayload({ id: 9, source: 'AE', start_at: '2025-09-15T15:00:00+03:00' }),
        eventPayload({ id: 8, source: 'EC' }),
        eventPayload({ id: 1, start_at: '2025-09-15T08:30:00+03:00' }),
        eventPayload({ id: 3, start_at: '2025-09-14T23:00:00Z' }),
      ]),
      TIME_ZONE,
    );
    expect(lessons.map((lesson) => lesson.id)).toEqual(['mesh:3', 'mesh:1', 'mesh:2']);
  });

  it('should leave out an event whose start is unreadable, reporting the path but not the value', () => {
    const events = { response: [eventPayload({ id: 1, start_at: 'Monday 8:30' }), eventPayload({ id: 2 })] };
    const decoded = decodePayload({ provider: 'MESH', route: 'events' }, events, eventsResponseSchema);
    expect(normalizeEvents(decoded.value.response, TIME_ZONE).map((lesson) => lesson.id)).toEqual(['mesh:2']);
    expect(decoded.drift).toEqual([
      { provider: 'MESH', route: 'events', schemaPath: 'response[].start_at', dropped: 1 },
    ]);
    expect(JSON.stringify(decoded.drift)).not.toContain('Monday');
  });
});

describe('buildAttendance', () => {
  const range = { from: '2025-09-15', to: '2025-09-19' };
  const lessons = normalizeEvents(
    decodeEvents([
      eventPayload({ id: 1, start_at: '2025-09-15T08:30:00+03:00', is_missed_lesson: true, absence_reason_id: null }),
      eventPayload({ id: 2, start_at: '2025-09-15T09:30:00+03:00', is_missed_lesson: false }),
      eventPayload({ id: 3, start_at: '2025-09-16T08:30:00+03:00', is_missed_lesson: true, absence_reason_id: 6 }),
      eventPayload({ id: 4, start_at: '2025-09-17T08:30:00+03:00', is_missed_lesson: true, absence_reason_id: null }),
      eventPayload({ id: 5, start_at: '2025-09-17T09:30:00+03:00', is_missed_lesson: true, absence_reason_id: null }),
    ]),
    TIME_ZONE,
  );

  it('should list lesson absences as records with their lesson', () => {
    const records = buildAttendance(lessons, [], range);
    expect(records.map((record) => [record.date, record.lesson?.id ?? null, record.kind, record.reason])).toEqual([
      ['2025-09-15', 'mesh:1', 'ABSENCE', null],
      ['2025-09-16', 'mesh:3', 'EXCUSED_ABSENCE', 'болезнь'],
      ['2025-09-17', 'mesh:4', 'ABSENCE', null],
      ['2025-09-17', 'mesh:5', 'ABSENCE', null],
    ]);
    expect(records.every((record) => record.provider === 'MESH')).toBe(true);
  });

  it('should excuse a noticed day’s lesson absences and add whole days only where no lesson record exists', () => {
    const notices = decodeAttendance([
      attendanceDay({ date: '2025-09-17', description: 'семейные обстоятельства', reason_id: 7 }),
      attendanceDay({ date: '2025-09-18', description: 'болезнь' }),
      attendanceDay({ date: '2025-09-19', description: null }),
      attendanceDay({ date: '2025-09-25', description: 'вне диапазона' }),
      attendanceDay({ date: '2025-09-15', notified: false, description: 'не уведомление' }),
    ]);
    const records = buildAttendance(lessons, notices, range);
    expect(records.map((record) => [record.date, record.lesson?.id ?? null, record.kind, record.reason])).toEqual([
      ['2025-09-15', 'mesh:1', 'ABSENCE', null],
      ['2025-09-16', 'mesh:3', 'EXCUSED_ABSENCE', 'болезнь'],
      ['2025-09-17', 'mesh:4', 'EXCUSED_ABSENCE', 'семейные обстоятельства'],
      ['2025-09-17', 'mesh:5', 'EXCUSED_ABSENCE', 'семейные обстоятельства'],
      ['2025-09-18', null, 'EXCUSED_ABSENCE', 'болезнь'],
      ['2025-09-19', null, 'EXCUSED_ABSENCE', null],
    ]);
    expect(records[2]?.lesson?.absence).toEqual({ kind: 'EXCUSED_ABSENCE', reason: 'семейные обстоятельства' });
  });

  it('should leave out lesson absences outside the range', () => {
    expect(
      buildAttendance(lessons, [], { from: '2025-09-16', to: '2025-09-16' }).map((record) => record.lesson?.id),
    ).toEqual(['mesh:3']);
  });

  it('should accept DD.MM.YYYY notice dates and keep one whole-day record per day', () => {
    const notices = decodeAttendance([
      attendanceDay({ date: '18.09.2025' }),
      attendanceDay({ date: '2025-09-18', description: 'второе' }),
    ]);
    expect(buildAttendance([], notices, range)).toEqual([
      { date: '2025-09-18', lesson: null, kind: 'EXCUSED_ABSENCE', reason: 'болезнь', provider: 'MESH' },
    ]);
  });
});

describe('periods, subjects and averages', () => {
  const term1 = periodMarks({ title: '1 четверть', start_iso: '2025-09-01', end_iso: '2025-10-26' });
  const term2 = periodMarks({
    title: '2 четверть',
    start: '05.11.2025',
    end: '28.12.2025',
    start_iso: null,
    end_iso: null,
    value: '',
    dynamic: 'NONE',
  });
  const subjects = decodeSubjectMarks([
    subjectMarksEntry({ subject_id: 2, subject_name: 'Физика', periods: [term2, term1] }),
    subjectMarksEntry({ subject_id: 1, subject_name: 'Алгебра', periods: [term1, { ...term2, title: 'II четверть' }] }),
    subjectMarksEntry({
      subject_id: 3,
      subject_name: 'русский язык',
      periods: [periodMarks({ start_iso: null, start: null })],
    }),
  ]);

  it.each([
    ['2025-09-01', [true, false]],
    ['2025-10-26', [true, false]],
    ['2025-10-30', [false, false]],
    ['2025-12-28', [false, true]],
  ])('should de-duplicate periods by dates, sorted, with today %s current as %j', (today, current) => {
    const periods = normalizePeriods(subjects, today);
    expect(periods.map(({ id, title, start, end }) => ({ id, title, start, end }))).toEqual([
      { id: 'mesh:2025-09-01_2025-10-26', title: '1 четверть', start: '2025-09-01', end: '2025-10-26' },
      { id: 'mesh:2025-11-05_2025-12-28', title: '2 четверть', start: '2025-11-05', end: '2025-12-28' },
    ]);
    expect(periods.map((period) => period.isCurrent)).toEqual(current);
    expect(periods.every((period) => period.provider === 'MESH')).toBe(true);
  });

  it('should list subjects once each, in Russian collation order', () => {
    const withDuplicate = [
      ...subjects,
      ...decodeSubjectMarks([subjectMarksEntry({ subject_id: 2, subject_name: 'Физика' })]),
    ];
    expect(normalizeSubjects(withDuplicate)).toEqual([
      { id: 'mesh:1', name: 'Алгебра', provider: 'MESH' },
      { id: 'mesh:3', name: 'русский язык', provider: 'MESH' },
      { id: 'mesh:2', name: 'Физика', provider: 'MESH' },
    ]);
  });

  it('should give one average per subject and dated period', () => {
    const averages = normalizeSubjectAverages(subjects);
    expect(
      averages.map((average) => [average.subject.id, average.periodId, average.providerAverage, average.trend]),
    ).toEqual([
      ['mesh:2', 'mesh:2025-11-05_2025-12-28', null, 'STABLE'],
      ['mesh:2', 'mesh:2025-09-01_2025-10-26', 4.5, 'UP'],
      ['mesh:1', 'mesh:2025-09-01_2025-10-26', 4.5, 'UP'],
      ['mesh:1', 'mesh:2025-11-05_2025-12-28', null, 'STABLE'],
    ]);
  });

  it('should carry the final mark of a period', () => {
    const [average] = normalizeSubjectAverages(
      decodeSubjectMarks([subjectMarksEntry({ periods: [periodMarks({ fixed_value: '5' })] })]),
    );
    expect(average?.finalGrade).toEqual({ raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 });
  });

  it.each([
    ['4.50', 4.5],
    ['4,5', 4.5],
    ['4.57', 4.57],
    [' 5 ', 5],
    ['', null],
    [null, null],
    [undefined, null],
    ['н/а', null],
    ['4.5.1', null],
  ])('should parse the average %j as %j', (value, expected) => {
    expect(parseMeshDecimal(value)).toBe(expected);
  });

  it.each<[string | null, GradeValue | null]>([
    ['5', { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 }],
    ['4', { raw: '4', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 }],
    ['зачёт', { raw: 'зачёт', scale: 'PASS_FAIL', numeric: null, fivePoint: null }],
    ['85', { raw: '85', scale: 'OTHER', numeric: 85, fivePoint: null }],
    ['н/а', { raw: 'н/а', scale: 'OTHER', numeric: null, fivePoint: null }],
    ['', null],
    [null, null],
  ])('should read the final mark %j', (value, expected) => {
    expect(meshFinalGradeValue(value)).toEqual(expected);
  });

  it.each([
    ['UP', 'UP'],
    ['DOWN', 'DOWN'],
    ['NONE', 'STABLE'],
    ['down', 'DOWN'],
    ['SIDEWAYS', null],
    ['', null],
    [null, null],
  ])('should map the dynamic %j to the trend %j', (dynamic, trend) => {
    expect(meshTrend(dynamic)).toBe(trend);
  });
});

describe('non-school days', () => {
  it.each([
    ['holiday', 'День народного единства', 'HOLIDAY'],
    ['HOLIDAY', null, 'HOLIDAY'],
    ['vacation', 'Осенние каникулы', 'VACATION'],
    ['Vacation', null, 'VACATION'],
    [null, 'Зимние каникулы', 'VACATION'],
    ['something-new', 'Весенние Каникулы', 'VACATION'],
    [null, 'Праздничный день', 'HOLIDAY'],
    ['quarantine', 'Карантин', 'OTHER'],
    [null, null, 'OTHER'],
  ])('should read type %j with title %j as %s', (type, title, kind) => {
    expect(meshNonSchoolDayKind(type, title)).toBe(kind);
  });

  it('should keep days in range, one per date, sorted, with their title', () => {
    const days = decodePeriodsSchedules([
      { date: '2025-11-04', type: 'holiday', title: 'День народного единства', description: null, events: [] },
      { date: '2025-10-27', type: 'vacation', title: 'Осенние каникулы', description: null, events: [] },
      { date: '2025-10-27', type: 'holiday', title: 'дубль', description: null, events: [] },
      { date: '28.10.2025', type: null, title: '', description: null, events: null },
      { date: '2025-12-31', type: 'holiday', title: 'вне диапазона', description: null, events: [] },
    ]);
    expect(normalizeNonSchoolDays(days, { from: '2025-10-01', to: '2025-11-30' })).toEqual([
      { date: '2025-10-27', kind: 'VACATION', title: 'Осенние каникулы', provider: 'MESH' },
      { date: '2025-10-28', kind: 'OTHER', title: null, provider: 'MESH' },
      { date: '2025-11-04', kind: 'HOLIDAY', title: 'День народного единства', provider: 'MESH' },
    ]);
  });
});

describe('profile', () => {
  it('should read the holder and each child as a provider student', () => {
    const profile = normalizeFamilyProfile(decodeFamilyProfile(familyProfilePayload()), TIME_ZONE);
    expect(profile).toEqual({
      holder: {
        firstName: 'Анна',
        lastName: 'Иванова',
        middleName: 'Сергеевна',
        birthDate: '1986-03-14',
        snils: '11223344595',
      },
      students: [
        {
          provider: 'MESH',
          externalId: String(STUDENT_ID),
          providerIds: { studentId: String(STUDENT_ID), personGuid: PERSON_GUID },
          firstName: 'Мария',
          lastName: 'Иванова',
          middleName: 'Олеговна',
          birthDate: '2012-05-01',
          snils: '112-233-445 95',
          school: { id: 'mesh:1001', name: 'ГБОУ Школа № 1', provider: 'MESH' },
          className: '7-Б',
          timeZone: TIME_ZONE,
        },
      ],
    });
  });

  it('should leave out what a child lacks', () => {
    const payload = familyProfilePayload();
    payload.children[0] = {
      ...payload.children[0]!,
      contingent_guid: null,
      school: null,
      middle_name: '',
      snils: null,
      birth_date: null,
    };
    const [student] = normalizeFamilyProfile(decodeFamilyProfile(payload), TIME_ZONE).students;
    expect(student).toMatchObject({
      providerIds: { studentId: String(STUDENT_ID) },
      school: null,
      middleName: null,
      snils: null,
      birthDate: null,
    });
  });

  it.each([
    [
      'the parent profile among several',
      [
        { id: 1, type: 'student' },
        { id: 2, type: 'parent' },
      ],
      '2',
    ],
    ['the only profile otherwise', [{ id: 'abc', type: 'student' }], 'abc'],
  ])('should pick %s', (_name, profiles, expected) => {
    expect(pickProfileId(profiles)).toBe(expected);
  });

  it('should refuse a token without profiles', () => {
    expect(() => pickProfileId([])).toThrow(ProviderBadResponseError);
  });
});

describe('buildAttendanceNotices (absence notice → POST attendance body)', () => {
  const notice = (from: string, to: string, reason: 'ILLNESS' | 'FAMILY' | 'OTHER', comment: string | null) => ({
    range: { from, to },
    reason,
    comment,
  });

  it.each([
    ['one day of illness', notice('2026-11-24', '2026-11-24', 'ILLNESS', null), [['2026-11-24', 6, 'болезнь']]],
    [
      'family circumstances over a weekend',
      notice('2026-11-27', '2026-11-30', 'FAMILY', null),
      [
        ['2026-11-27', 2, 'семейные обстоятельства'],
        ['2026-11-28', 2, 'семейные обстоятельства'],
        ['2026-11-29', 2, 'семейные обстоятельства'],
        ['2026-11-30', 2, 'семейные обстоятельства'],
      ],
    ],
    [
      'another reason with a comment',
      notice('2026-12-31', '2027-01-01', 'OTHER', ' олимпиада '),
      [
        ['2026-12-31', 1, 'олимпиада'],
        ['2027-01-01', 1, 'олимпиада'],
      ],
    ],
    ['a blank comment', notice('2026-11-24', '2026-11-24', 'OTHER', '   '), [['2026-11-24', 1, 'другая причина']]],
  ] as const)('should build %s', (_name, input, expected) => {
    expect(buildAttendanceNotices('2100000', input)).toEqual({
      student_id: 2100000,
      notifications: expected.map(([date, reason_id, description]) => ({ date, reason_id, description })),
    });
  });

  it.each([
    ['to before from', notice('2026-11-25', '2026-11-24', 'ILLNESS', null), 'to'],
    ['a from that is not a date', notice('2026-02-30', '2026-03-01', 'ILLNESS', null), 'from'],
    ['a to that is not a date', notice('2026-03-01', '01.03.2026', 'ILLNESS', null), 'to'],
  ] as const)('should refuse %s as BAD_USER_INPUT', (_name, input, argument) => {
    expect(() => buildAttendanceNotices('2100000', input)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', argument }),
    );
  });

  it.each(['', 'abc', '12.5', '-3', '0'])('should refuse the student id %j as a bad МЭШ answer', (studentId) => {
    expect(() => buildAttendanceNotices(studentId, notice('2026-11-24', '2026-11-24', 'ILLNESS', null))).toThrow(
      ProviderBadResponseError,
    );
  });

  it('should list every day of a range, and just the one of a single day', () => {
    expect(daysOf({ from: '2028-02-28', to: '2028-03-01' })).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysOf({ from: '2026-11-24', to: '2026-11-24' })).toEqual(['2026-11-24']);
  });
});
