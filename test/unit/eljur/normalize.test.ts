import { describe, expect, it } from 'vitest';
import {
  buildAttendance,
  classifyMark,
  dayKeyToIso,
  eljurGradeValue,
  eljurNonSchoolDayKind,
  eljurSubject,
  normalizeDiaryLessons,
  normalizeGrades,
  normalizeHomework,
  normalizeNonSchoolDays,
  normalizePeriods,
  normalizeRules,
  normalizeSubjectAverages,
  parseEljurAverage,
  readEljurDate,
  readEljurDateTime,
  readFinalMarks,
  readLessonTime,
  readMarks,
  readPeriods,
  type MarkKind,
  readProfileSnils,
  schoolNameKey,
  schoolOfChild,
} from '../../../adapters/eljur/normalize.js';
import { marksResultSchema, profileUserInfoResultSchema } from '../../../adapters/eljur/payloads.js';
import { decodePayload } from '../../../src/upstream/tolerant-decode.js';
import { credentialsWithToken, tokenNeedsRenewal } from '../../../adapters/eljur/access-token.js';
import type { RulesPayload } from '../../../adapters/eljur/payloads.js';
import type { GradeValue } from '../../../src/domain/model.js';
import {
  ART_SCHOOL,
  attendanceMark,
  decodeDiary,
  decodeFinals,
  decodeHomework,
  decodeMarks,
  decodePeriods,
  decodeRules,
  diaryDay,
  diaryLesson,
  diaryResult,
  finalsResult,
  homeworkResult,
  markPayload,
  marksResult,
  periodPayload,
  periodsResult,
  rulesPayload,
  SCHOOL,
  STUDENT_ID,
  subjectMarks,
  TIME_ZONE,
  twoSchoolsRulesPayload,
  FIXTURE_STUDENT,
} from './fixtures.js';

const ALGEBRA = eljurSubject('678', 'Алгебра');
const marksOf = (...marks: Parameters<typeof markPayload>[0][]) =>
  readMarks(
    decodeMarks(marksResult([subjectMarks({ marks: marks.map((mark) => markPayload(mark)) })])),
    STUDENT_ID,
  )[0]!;

describe('eljurGradeValue', () => {
  it.each<[string, string, number | string | null, GradeValue]>([
    ['a five-point mark', '5', 5, { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 }],
    [
      'a split mark with Eljur’s convert (kept as entered)',
      '3/5',
      4,
      { raw: '3/5', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 },
    ],
    [
      'a split mark whose convert is a string',
      '2/3',
      '2.5',
      { raw: '2/3', scale: 'FIVE_POINT', numeric: 2.5, fivePoint: 2.5 },
    ],
    [
      'a split mark without convert, as the mean of its parts',
      '4/5',
      null,
      { raw: '4/5', scale: 'FIVE_POINT', numeric: 4.5, fivePoint: 4.5 },
    ],
    [
      'a split mark with spaces and a modifier',
      ' 5- / 4 ',
      4,
      { raw: ' 5- / 4 ', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 },
    ],
    ['a "4-" mark (modifier kept in raw)', '4-', 4, { raw: '4-', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 }],
    ['a pass mark', 'зч', 0, { raw: 'зч', scale: 'PASS_FAIL', numeric: null, fivePoint: null }],
    ['a letter mark', 'Б', 0, { raw: 'Б', scale: 'OTHER', numeric: null, fivePoint: null }],
    [
      'a number beyond five (not guessed as five-point)',
      '10',
      10,
      { raw: '10', scale: 'OTHER', numeric: 10, fivePoint: null },
    ],
  ])('should read %s', (_name, value, convert, expected) => {
    expect(eljurGradeValue(value, convert)).toEqual(expected);
  });
});

describe('classifyMark', () => {
  it.each<[string | null, MarkKind]>([
    ['Н', { kind: 'attendance', attendance: 'ABSENCE' }],
    ['н', { kind: 'attendance', attendance: 'ABSENCE' }],
    ['ОП', { kind: 'attendance', attendance: 'TARDY' }],
    ['оп', { kind: 'attendance', attendance: 'TARDY' }],
    [' Н ', { kind: 'attendance', attendance: 'ABSENCE' }],
    ['', { kind: 'phantom' }],
    ['  ', { kind: 'phantom' }],
    [null, { kind: 'phantom' }],
    ['5', { kind: 'grade' }],
    ['3/5', { kind: 'grade' }],
  ])('should classify %j', (value, expected) => {
    expect(classifyMark(value)).toEqual(expected);
  });
});

describe('readMarks (getmarks)', () => {
  it('should map a mark in full', () => {
    expect(marksOf({}).grades).toEqual([
      {
        id: 'eljur:mark:678:2025-09-15:1',
        date: '2025-09-15',
        subject: { id: 'eljur:678', name: 'Алгебра', provider: 'ELJUR' },
        value: { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
        weight: 2,
        workType: 'Контрольная работа',
        comment: null,
        isExam: false,
        isPoint: false,
        pointDeadline: null,
        countsTowardAverage: true,
        createdAt: null,
        teacher: null,
        provider: 'ELJUR',
      },
    ]);
  });

  it.each([
    ['weight_float over weight', { weight: 1, weight_float: 1.5 }, { weight: 1.5 }],
    ['weight without weight_float', { weight: 3, weight_float: null }, { weight: 3 }],
    ['weights written as strings', { weight: '2', weight_float: '2' }, { weight: 2 }],
    ['no weight at all as 1', { weight: null, weight_float: null }, { weight: 1 }],
    [
      'the work type from mtype',
      { mtype: { id: 1, short: 'ПвР', type: 'Проверочная работа' } },
      { workType: 'Проверочная работа' },
    ],
    ['a work type with only its short form', { mtype: { id: 1, short: 'ПвР', type: null } }, { workType: 'ПвР' }],
    ['no mtype as no work type', { mtype: null }, { workType: null }],
    // Eljur has no exam flag; a work type's name is the school's wording, not one.
    ['a work type named `Экзамен` as no exam', { mtype: { id: 9, short: 'Экз', type: 'Экзамен' } }, { isExam: false }],
    ['count: false as not counting', { count: false }, { countsTowardAverage: false }],
    ['count: 0 as not counting', { count: 0 }, { countsTowardAverage: false }],
    ['a missing count as counting', { count: null }, { countsTowardAverage: true }],
    ['a comment as written', { comment: 'ошибки в №3' }, { comment: 'ошибки в №3' }],
    [
      'a numeric value',
      { value: 4, convert: 4 },
      { value: { raw: '4', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 } },
    ],
    ['a DD.MM.YYYY date', { date: '17.09.2025' }, { date: '2025-09-17', id: 'eljur:mark:678:2025-09-17:1' }],
  ])('should read %s', (_name, overrides, expected) => {
    expect(marksOf(overrides).grades[0]).toMatchObject(expected);
  });

  it('should keep a split mark as entered and count it at its convert', () => {
    const [grade] = marksOf({ value: '3/5', convert: 4, nm: '2' }).grades;
    expect(grade).toMatchObject({
      value: { raw: '3/5', numeric: 4, fivePoint: 4 },
      countsTowardAverage: true,
      id: 'eljur:mark:678:2025-09-15:2',
    });
  });

  it.each([['Н'], ['н'], ['ОП'], ['оп']])('should turn %s into attendance, never a grade', (value) => {
    const reading = readMarks(
      decodeMarks(
        marksResult([subjectMarks({ marks: [markPayload(), attendanceMark(value, { date: '2025-09-19' })] })]),
      ),
      STUDENT_ID,
    )[0]!;
    expect(reading.grades.map((grade) => grade.value.raw)).toEqual(['5']);
    expect(reading.attendance).toEqual([
      { date: '2025-09-19', subject: ALGEBRA, kind: value.toLowerCase() === 'н' ? 'ABSENCE' : 'TARDY' },
    ]);
  });

  it('should drop phantom marks with an empty value, even without a date', () => {
    const reading = marksOf({ value: '', date: '' }, { value: '4', nm: '2' }, { value: null });
    expect(reading.grades.map((grade) => grade.value.raw)).toEqual(['4']);
    expect(reading.attendance).toEqual([]);
  });

  it.each([
    ['"4.33"', '4.33', 4.33],
    ['"4,5"', '4,5', 4.5],
    ['a number', 3.75, 3.75],
    ['"" without marks', '', null],
    ['"0" without marks', '0', null],
    ['null', null, null],
    ['text', 'н/а', null],
  ])('should parse the average %s', (_name, average, expected) => {
    expect(parseEljurAverage(average)).toBe(expected);
    expect(readMarks(decodeMarks(marksResult([subjectMarks({ average })])), STUDENT_ID)[0]?.providerAverage).toBe(
      expected,
    );
  });

  it.each([
    ['marks: []', marksResult([subjectMarks({ marks: [] })]), 1],
    ['lessons: []', marksResult([]), 0],
    ['lessons keyed by id', marksResult({ '678': subjectMarks() }), 1],
    ['students: []', { students: [] }, 0],
    [
      'students as an array',
      { students: [{ name: STUDENT_ID, title: 'Иванова Мария', lessons: [subjectMarks()] }] },
      1,
    ],
    ['another child only', marksResult([subjectMarks()], '999'), 0],
  ])('should read %s', (_name, payload, subjects) => {
    expect(readMarks(decodeMarks(payload), STUDENT_ID)).toHaveLength(subjects);
  });

  it('should give repeated mark positions distinct ids and subjects without lesson_id a name id', () => {
    const reading = readMarks(
      decodeMarks(
        marksResult([
          subjectMarks({
            lesson_id: null,
            name: 'Музыка',
            marks: [markPayload({ nm: null }), markPayload({ nm: null, value: '4' })],
          }),
        ]),
      ),
      STUDENT_ID,
    )[0]!;
    expect(reading.subject).toEqual({ id: 'eljur:name:Музыка', name: 'Музыка', provider: 'ELJUR' });
    expect(reading.grades.map((grade) => grade.id)).toEqual([
      'eljur:mark:name:Музыка:2025-09-15:',
      'eljur:mark:name:Музыка:2025-09-15:~2',
    ]);
  });

  it('should sort grades by day, then subject', () => {
    const readings = readMarks(
      decodeMarks(
        marksResult([
          subjectMarks({
            name: 'Физика',
            lesson_id: '700',
            marks: [markPayload({ date: '2025-09-15', lesson_id: '700' })],
          }),
          subjectMarks({ marks: [markPayload({ date: '2025-09-16' }), markPayload({ date: '2025-09-15' })] }),
        ]),
      ),
      STUDENT_ID,
    );
    expect(normalizeGrades(readings).map((grade) => [grade.date, grade.subject.name])).toEqual([
      ['2025-09-15', 'Алгебра'],
      ['2025-09-15', 'Физика'],
      ['2025-09-16', 'Алгебра'],
    ]);
  });

  it.each([
    ['unreadable', { date: 'вчера' }],
    ['missing', { date: null }],
  ])('should leave out a mark whose date is %s, reporting the path but not the value', (_name, broken) => {
    const answer = marksResult([subjectMarks({ marks: [markPayload(), markPayload({ ...broken, nm: '2' })] })]);
    const decoded = decodePayload({ provider: 'ELJUR', route: 'getmarks' }, answer, marksResultSchema, {
      pathPrefix: 'result',
    });
    expect(readMarks(decoded.value, STUDENT_ID)[0]!.grades).toHaveLength(1);
    expect(decoded.drift).toEqual([
      { provider: 'ELJUR', route: 'getmarks', schemaPath: 'result.students{}.lessons[].marks[].date', dropped: 1 },
    ]);
    expect(JSON.stringify(decoded.drift)).not.toContain('вчера');
  });
});

describe('dates and times', () => {
  it.each([
    ['20250915', '2025-09-15'],
    [20250915, '2025-09-15'],
    ['20250231', null],
    ['2025-09-15', null],
    ['', null],
  ])('should read the day key %j', (value, expected) => {
    expect(dayKeyToIso(value)).toBe(expected);
  });

  it.each([
    ['20250915', '2025-09-15'],
    ['2025-09-15', '2025-09-15'],
    ['15.09.2025', '2025-09-15'],
    ['2025-09-15 10:00:00', '2025-09-15'],
    ['someday', null],
  ])('should read the date %j', (value, expected) => {
    expect(readEljurDate(value)).toBe(expected);
  });

  it.each([
    ['08:30:00', 'Europe/Samara', '2025-09-15T08:30:00+04:00'],
    ['08:30', 'Europe/Samara', '2025-09-15T08:30:00+04:00'],
    ['8:30', 'Europe/Moscow', '2025-09-15T08:30:00+03:00'],
    ['', 'Europe/Samara', null],
    ['утро', 'Europe/Samara', null],
    // Found by the property tests (issue 6): an impossible time of day made Intl throw a RangeError.
    ['25:61', 'Europe/Samara', null],
    ['23:59:60', 'Europe/Samara', null],
  ])('should read the bell time %j in %s', (time, zone, expected) => {
    expect(readLessonTime('2025-09-15', time, zone)).toBe(expected);
  });

  it.each([
    ['2025-12-15 23:59:00', 'Europe/Samara', '2025-12-15T23:59:00+04:00'],
    ['2025-12-15 23:59:00', 'Asia/Yekaterinburg', '2025-12-15T23:59:00+05:00'],
    ['2025-12-15T20:59:00Z', 'Europe/Samara', '2025-12-16T00:59:00+04:00'],
    ['', 'Europe/Samara', null],
    // Found by the property tests (issue 6): a sign-in's `expires` at an impossible time threw a RangeError.
    ['2025-12-15 25:61:00', 'Europe/Samara', null],
    ['2025-12-15 23:59:60', 'Europe/Samara', null],
  ])('should read the datetime %j in %s', (value, zone, expected) => {
    expect(readEljurDateTime(value, zone)).toBe(expected);
  });
});

describe('normalizeDiaryLessons (getdiary)', () => {
  const lessonsOf = (days: Parameters<typeof diaryResult>[0], timeZone = TIME_ZONE) =>
    normalizeDiaryLessons(decodeDiary(diaryResult(days)), STUDENT_ID, timeZone);

  it('should map a lesson with bell times, teacher, room, topic and homework', () => {
    expect(lessonsOf({ '20250915': diaryDay() })).toEqual([
      {
        id: 'eljur:lesson:2025-09-15:1',
        date: '2025-09-15',
        number: 1,
        startsAt: '2025-09-15T08:30:00+04:00',
        endsAt: '2025-09-15T09:15:00+04:00',
        subject: ALGEBRA,
        teacher: { fullName: 'Петров Пётр Петрович' },
        room: '204',
        topic: 'Квадратные уравнения',
        isCancelled: false,
        isReplaced: false,
        homework: [
          {
            id: 'eljur:homework:2025-09-15:9001',
            subject: ALGEBRA,
            text: '№ 12, 14',
            dueOn: '2025-09-15',
            assignedOn: null,
            attachments: [{ title: 'task.pdf', url: 'https://school1.eljur.ru/files/task.pdf' }],
            isDone: null,
            provider: 'ELJUR',
          },
        ],
        grades: [],
        absence: null,
        provider: 'ELJUR',
      },
    ]);
  });

  it.each([
    ['no bell times without rings', { starttime: undefined, endtime: undefined }, { startsAt: null, endsAt: null }],
    ['an empty topic as null', { topic: '' }, { topic: null }],
    ['an empty teacher as null', { teacher: '' }, { teacher: null }],
    ['a numeric room', { room: 12 }, { room: '12' }],
    ['homework as [] (empty map)', { homework: [], files: [] }, { homework: [] }],
    [
      'a lesson without lesson_id, by name',
      { lesson_id: null },
      { subject: { id: 'eljur:name:Алгебра', name: 'Алгебра', provider: 'ELJUR' } },
    ],
  ])('should read %s', (_name, overrides, expected) => {
    expect(lessonsOf({ '20250915': diaryDay({ items: { '1': diaryLesson(overrides) } }) })[0]).toMatchObject(expected);
  });

  // Found by the property tests (issue 6): a number past GraphQL's Int failed when the response was written.
  it.each(['18446744073709551616', '2147483648'])(
    'should leave out a lesson number past Int (%s), from num and from the item key',
    (huge) => {
      const [fromNum] = lessonsOf({ '20250915': diaryDay({ items: { '1': diaryLesson({ num: huge }) } }) });
      expect(fromNum?.number).toBe(1);
      const [fromKey] = lessonsOf({ '20250915': diaryDay({ items: { [huge]: diaryLesson({ num: huge }) } }) });
      expect(fromKey?.number).toBeNull();
    },
  );

  it('should embed assessments as grades with the getmarks id, and an absence from Н', () => {
    const assessments = [
      { ...markPayload({ mtype: undefined }), control_type: 'Работа на уроке', control_type_short: 'РнУ' },
      attendanceMark('Н', { date: '2025-09-15', nm: '2' }),
      markPayload({ value: '', nm: '3' }),
    ];
    const [lesson] = lessonsOf({ '20250915': diaryDay({ items: { '1': diaryLesson({ assessments }) } }) });
    expect(lesson?.grades).toEqual([
      expect.objectContaining({
        id: 'eljur:mark:678:2025-09-15:1',
        workType: 'Работа на уроке',
        value: expect.objectContaining({ raw: '5' }),
      }),
    ]);
    expect(lesson?.absence).toEqual({ kind: 'ABSENCE', reason: null });
    expect(marksOf({}).grades[0]?.id).toBe(lesson?.grades[0]?.id);
  });

  it.each([
    ['ОП alone', [attendanceMark('ОП', { date: '2025-09-15' })], { kind: 'TARDY', reason: null }],
    [
      'Н and ОП',
      [attendanceMark('ОП', { date: '2025-09-15' }), attendanceMark('н', { date: '2025-09-15', nm: '2' })],
      { kind: 'ABSENCE', reason: null },
    ],
    ['an assessment without a date', [markPayload({ date: null })], null],
  ])('should read the absence of %s', (_name, assessments, absence) => {
    const [lesson] = lessonsOf({ '20250915': diaryDay({ items: { '1': diaryLesson({ assessments }) } }) });
    expect(lesson?.absence).toEqual(absence);
  });

  it('should read days as an array (by name), items as an array, skip undated days and sort', () => {
    const lessons = lessonsOf([
      diaryDay({
        name: '20250916',
        items: [diaryLesson({ num: '2', starttime: '09:25:00' }), diaryLesson({ num: '1', starttime: '08:30:00' })],
      }),
      diaryDay({ name: 'завтра' }),
      diaryDay({ name: '20250915', items: [] }),
    ]);
    expect(lessons.map((lesson) => [lesson.id, lesson.number])).toEqual([
      ['eljur:lesson:2025-09-16:1', 1],
      ['eljur:lesson:2025-09-16:2', 2],
    ]);
  });

  it('should write times in the tenant’s zone', () => {
    expect(lessonsOf({ '20250915': diaryDay() }, 'Asia/Vladivostok')[0]?.startsAt).toBe('2025-09-15T08:30:00+10:00');
  });
});

describe('non-school days', () => {
  it.each([
    ['vacation', 'Осенние каникулы', 'VACATION'],
    ['vacation', null, 'VACATION'],
    ['vacation', 'День народного единства', 'HOLIDAY'],
    [null, 'День народного единства', 'HOLIDAY'],
    [null, 'Зимние Каникулы', 'VACATION'],
    ['today', null, 'OTHER'],
  ])('should read alert %j with title %j as %s', (alert, title, kind) => {
    expect(eljurNonSchoolDayKind(alert, title)).toBe(kind);
  });

  it('should list vacation days and named holidays within the range, by date', () => {
    const answer = decodeDiary(
      diaryResult({
        '20251104': diaryDay({ name: '20251104', alert: null, holiday_name: 'День народного единства', items: [] }),
        '20251027': diaryDay({ name: '20251027', alert: 'vacation', holiday_name: 'Осенние каникулы', items: [] }),
        '20251028': diaryDay({ name: '20251028', alert: 'vacation', message: 'Каникулы', items: [] }),
        '20251029': diaryDay({ name: '20251029', alert: 'vacation', items: [] }),
        '20251030': diaryDay({ name: '20251030', alert: 'today' }),
        '20251231': diaryDay({ name: '20251231', alert: 'vacation', holiday_name: 'вне диапазона', items: [] }),
      }),
    );
    expect(normalizeNonSchoolDays(answer, STUDENT_ID, { from: '2025-10-01', to: '2025-11-30' })).toEqual([
      { date: '2025-10-27', kind: 'VACATION', title: 'Осенние каникулы', provider: 'ELJUR' },
      { date: '2025-10-28', kind: 'VACATION', title: 'Каникулы', provider: 'ELJUR' },
      { date: '2025-10-29', kind: 'VACATION', title: null, provider: 'ELJUR' },
      { date: '2025-11-04', kind: 'HOLIDAY', title: 'День народного единства', provider: 'ELJUR' },
    ]);
  });
});

describe('buildAttendance', () => {
  const range = { from: '2025-09-15', to: '2025-09-19' };
  const lessons = normalizeDiaryLessons(
    decodeDiary(
      diaryResult({
        '20250915': diaryDay({
          items: {
            '1': diaryLesson({ assessments: [attendanceMark('Н', { date: '2025-09-15' })] }),
            '2': diaryLesson({
              num: '2',
              starttime: '09:25:00',
              assessments: [attendanceMark('Н', { date: '2025-09-15', nm: '2' })],
            }),
          },
        }),
        '20250916': diaryDay({
          name: '20250916',
          items: { '1': diaryLesson({ assessments: [attendanceMark('ОП', { date: '2025-09-16' })] }) },
        }),
      }),
    ),
    STUDENT_ID,
    TIME_ZONE,
  );

  it('should tie each absence mark to its lesson, once per lesson, and keep unmatched marks whole-day', () => {
    const marks = readMarks(
      decodeMarks(
        marksResult([
          subjectMarks({
            marks: [
              attendanceMark('Н', { date: '2025-09-15' }),
              attendanceMark('Н', { date: '2025-09-15', nm: '2' }),
              attendanceMark('ОП', { date: '2025-09-16' }),
              attendanceMark('Н', { date: '2025-09-17' }),
              attendanceMark('Н', { date: '2025-09-25' }),
            ],
          }),
        ]),
      ),
      STUDENT_ID,
    ).flatMap((reading) => reading.attendance);
    expect(
      buildAttendance(marks, lessons, range).map((record) => [record.date, record.lesson?.id ?? null, record.kind]),
    ).toEqual([
      ['2025-09-15', 'eljur:lesson:2025-09-15:1', 'ABSENCE'],
      ['2025-09-15', 'eljur:lesson:2025-09-15:2', 'ABSENCE'],
      ['2025-09-16', 'eljur:lesson:2025-09-16:1', 'TARDY'],
      ['2025-09-17', null, 'ABSENCE'],
    ]);
  });

  it('should keep diary absences that have no mark', () => {
    expect(
      buildAttendance([], lessons, range).map((record) => [
        record.lesson?.id,
        record.kind,
        record.reason,
        record.provider,
      ]),
    ).toEqual([
      ['eljur:lesson:2025-09-15:1', 'ABSENCE', null, 'ELJUR'],
      ['eljur:lesson:2025-09-15:2', 'ABSENCE', null, 'ELJUR'],
      ['eljur:lesson:2025-09-16:1', 'TARDY', null, 'ELJUR'],
    ]);
  });
});

describe('normalizeHomework (gethomework)', () => {
  const known = new Map([['Алгебра', ALGEBRA]]);

  it('should read homework keyed by subject name, giving known names their subject id', () => {
    const answer = decodeHomework(
      homeworkResult({
        '20250916': {
          name: '20250916',
          title: 'Вторник',
          items: {
            Алгебра: {
              name: 'Алгебра',
              homework: { '9001': { id: 9001, value: '№ 12, 14', individual: false } },
              files: [{ toid: 9001, filename: 'task.pdf', link: 'https://x/1' }],
            },
            Музыка: {
              name: 'Музыка',
              homework: { '9002': { id: 9002, value: 'Послушать', individual: false } },
              files: [],
            },
          },
        },
      }),
    );
    expect(normalizeHomework(answer, STUDENT_ID, known)).toEqual([
      {
        id: 'eljur:homework:2025-09-16:9001',
        subject: ALGEBRA,
        text: '№ 12, 14',
        dueOn: '2025-09-16',
        assignedOn: null,
        attachments: [{ title: 'task.pdf', url: 'https://x/1' }],
        isDone: null,
        provider: 'ELJUR',
      },
      {
        id: 'eljur:homework:2025-09-16:9002',
        subject: { id: 'eljur:name:Музыка', name: 'Музыка', provider: 'ELJUR' },
        text: 'Послушать',
        dueOn: '2025-09-16',
        assignedOn: null,
        attachments: [],
        isDone: null,
        provider: 'ELJUR',
      },
    ]);
  });

  it('should read days: [], items as an array, empty texts and files whose toid names no homework', () => {
    expect(normalizeHomework(decodeHomework(homeworkResult([])), STUDENT_ID, known)).toEqual([]);
    const answer = decodeHomework(
      homeworkResult([
        {
          name: '20250917',
          title: 'Среда',
          items: [
            {
              name: 'Алгебра',
              homework: [
                { id: 1, value: '' },
                { id: 2, value: '№ 5' },
              ],
              files: [{ toid: null, filename: null, link: 'https://x/2' }],
            },
          ],
        },
      ]),
    );
    expect(normalizeHomework(answer, STUDENT_ID, known)).toEqual([
      expect.objectContaining({
        id: 'eljur:homework:2025-09-17:2',
        text: '№ 5',
        attachments: [{ title: 'Вложение', url: 'https://x/2' }],
      }),
    ]);
  });
});

describe('periods, averages and final marks', () => {
  const answer = decodePeriods(
    periodsResult([
      periodPayload({ name: 'II', fullname: '2 четверть', start: '20251105', end: '20251228', disabled: true }),
      periodPayload(),
      periodPayload({ name: 'Год', fullname: 'Учебный год', start: '', end: '', ambigious: true }),
      periodPayload({ name: 'I (копия)', fullname: null }),
      periodPayload({ name: 'III', fullname: null, start: '20260111', end: '20260322', disabled: '0' }),
    ]),
  );

  it.each([
    ['2025-09-15', [true, false, false]],
    ['2025-11-10', [false, false, false]],
    ['2026-01-12', [false, false, true]],
  ])('should keep dated periods, disabled ones never current, on %s', (today, current) => {
    const periods = normalizePeriods(answer, STUDENT_ID, today);
    expect(periods.map(({ id, title, start, end }) => [id, title, start, end])).toEqual([
      ['eljur:period:2025-09-01_2025-10-26', '1 четверть', '2025-09-01', '2025-10-26'],
      ['eljur:period:2025-11-05_2025-12-28', '2 четверть', '2025-11-05', '2025-12-28'],
      ['eljur:period:2026-01-11_2026-03-22', 'III', '2026-01-11', '2026-03-22'],
    ]);
    expect(periods.map((period) => period.isCurrent)).toEqual(current);
  });

  it('should read students given as a map too, and nothing for another child', () => {
    const keyed = decodePeriods({ students: { [STUDENT_ID]: { name: STUDENT_ID, periods: [periodPayload()] } } });
    expect(normalizePeriods(keyed, STUDENT_ID, '2025-09-15')).toHaveLength(1);
    expect(normalizePeriods(answer, '999', '2025-09-15')).toEqual([]);
  });

  it('should combine each period’s getmarks average with final marks by period name and subject name', () => {
    const periods = readPeriods(answer, STUDENT_ID, '2025-11-10');
    const term1 = readMarks(
      decodeMarks(
        marksResult([
          subjectMarks({ average: '4.50' }),
          subjectMarks({ name: 'Музыка', lesson_id: '701', average: '', marks: [] }),
        ]),
      ),
      STUDENT_ID,
    );
    const term3 = readMarks(
      decodeMarks(marksResult([subjectMarks({ average: '0', marks: [attendanceMark('Н')] })])),
      STUDENT_ID,
    );
    const finals = readFinalMarks(
      decodeFinals(
        finalsResult([
          {
            name: 'Алгебра',
            assessments: [
              { period: 'I', value: '5' },
              { period: 'Год', value: '5' },
            ],
          },
          { name: 'Музыка', assessments: [{ period: 'I', value: '' }] },
        ]),
      ),
      STUDENT_ID,
    );
    const averages = normalizeSubjectAverages(
      [
        { period: periods[0]!, subjects: term1 },
        { period: periods[2]!, subjects: term3 },
      ],
      finals,
    );
    expect(averages).toEqual([
      {
        subject: ALGEBRA,
        periodId: 'eljur:period:2025-09-01_2025-10-26',
        providerAverage: 4.5,
        finalGrade: { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
        trend: null,
      },
    ]);
  });
});

describe('normalizeRules (getrules)', () => {
  it('should read the holder, the school and each child', () => {
    expect(normalizeRules(decodeRules(rulesPayload()), TIME_ZONE)).toEqual({
      holder: { firstName: 'Анна', lastName: 'Иванова', middleName: 'Сергеевна', birthDate: null, snils: null },
      students: [
        { ...FIXTURE_STUDENT, school: { id: 'eljur:school:7700000000', name: 'МБОУ «Школа № 1»', provider: 'ELJUR' } },
      ],
    });
  });

  it.each<[string, Partial<RulesPayload>, Record<string, unknown>[]]>([
    [
      'students as an array, the patronymic from the title',
      {
        relations: {
          schools: [],
          groups: [],
          students: [{ name: 777, title: 'Иванов Лев Олегович', firstname: 'Лев', lastname: 'Иванов', class: '5-В' }],
        },
      },
      [
        {
          externalId: '777',
          firstName: 'Лев',
          lastName: 'Иванов',
          middleName: 'Олегович',
          className: '5-В',
          school: null,
        },
      ],
    ],
    [
      'a child known only by its title',
      { relations: { students: { '778': { name: '778', title: 'Петрова Ольга' } } } },
      [{ externalId: '778', firstName: 'Ольга', lastName: 'Петрова', middleName: null }],
    ],
    ['students: [] on a parent account', { relations: { students: [] } }, []],
    [
      'a student’s own account (no children: the holder is the student)',
      { roles: ['student'], id: '555', relations: { students: [] } },
      [{ externalId: '555', firstName: 'Анна', lastName: 'Иванова', middleName: 'Сергеевна' }],
    ],
  ])('should read %s', (_name, overrides, students) => {
    const profile = normalizeRules(decodeRules(rulesPayload(overrides)), TIME_ZONE);
    expect(profile.students).toEqual(students.map((student) => expect.objectContaining(student)));
  });
});

describe('tokens', () => {
  const now = new Date('2025-09-15T09:00:00Z');

  it.each([
    ['no token', {}, true],
    ['a token that lapses in three months', { token: 't', tokenExpiresAt: '2025-12-15T12:00:00+04:00' }, false],
    ['a token that lapses in six days', { token: 't', tokenExpiresAt: '2025-09-21T09:00:00Z' }, true],
    ['a lapsed token', { token: 't', tokenExpiresAt: '2025-09-01T00:00:00+03:00' }, true],
    ['a token with an unknown expiry', { token: 't' }, false],
    ['a token with an unreadable expiry', { token: 't', tokenExpiresAt: 'скоро' }, false],
  ])('should tell whether %s needs renewal', (_name, credentials, expected) => {
    expect(tokenNeedsRenewal(credentials, now)).toBe(expected);
  });

  it('should replace the token and drop a stale expiry when the new one is unknown', () => {
    const stored = { login: 'l', password: 'p', token: 'old', tokenExpiresAt: '2025-09-20T00:00:00+04:00' };
    expect(credentialsWithToken(stored, { token: 'new', tokenExpiresAt: null })).toEqual({
      login: 'l',
      password: 'p',
      token: 'new',
    });
    expect(credentialsWithToken(stored, { token: 'new', tokenExpiresAt: '2025-12-15T00:00:00+04:00' })).toEqual({
      login: 'l',
      password: 'p',
      token: 'new',
      tokenExpiresAt: '2025-12-15T00:00:00+04:00',
    });
  });
});

describe('readProfileSnils (getprofileuserinfo)', () => {
  it.each([
    ['SNILS as written', { profileUserInfo: { snils: '112-233-445 95' } }, '112-233-445 95'],
    ['bare digits', { profileUserInfo: { snils: '11223344595' } }, '11223344595'],
    ['a number, leading zeros restored', { profileUserInfo: { snils: 1223344595 } }, '01223344595'],
    ['an empty string', { profileUserInfo: { snils: '' } }, null],
    ['spaces', { profileUserInfo: { snils: '   ' } }, null],
    ['null', { profileUserInfo: { snils: null } }, null],
    ['no snils key', { profileUserInfo: { username: 'ivanova' } }, null],
    ['an empty card as []', { profileUserInfo: [] }, null],
    ['no card', {}, null],
    ['a negative number', { profileUserInfo: { snils: -5 } }, null],
  ] as const)('should read %s', (_name, payload, expected) => {
    expect(readProfileSnils(profileUserInfoResultSchema.parse(payload))).toBe(expected);
  });
});

describe('schoolOfChild (getprofileuserinfo schoolName among getrules schools)', () => {
  const rules = decodeRules(twoSchoolsRulesPayload());
  const card = (schoolName: unknown) => profileUserInfoResultSchema.parse({ profileUserInfo: { schoolName } });

  it.each([
    ['the full title', 'МБУ ДО «Детская школа искусств № 7»', 'eljur:school:6316001707'],
    ['the short title', 'ДШИ № 7', 'eljur:school:6316001707'],
    ['the first school in capitals with a tab', 'МБОУ\t«ШКОЛА № 1»', 'eljur:school:7700000000'],
    ['a school not listed', 'Лицей № 2', 'eljur:school:name:лицей № 2'],
  ])('should place the child by %s', (_name, schoolName, id) => {
    expect(schoolOfChild(rules, card(schoolName))?.id).toBe(id);
  });

  it('should prefer a school whose full title matches over one whose short title does', () => {
    const clash = {
      title: 'МБОУ «Школа № 1»',
      title_full: 'МБОУ «Школа № 1» (филиал)',
      number: '',
      inn: '7700000099',
      kpp: '',
    };
    const payload = rulesPayload();
    const clashing = decodeRules({
      ...payload,
      relations: { ...payload.relations, schools: [clash, SCHOOL, ART_SCHOOL] },
    });
    expect(schoolOfChild(clashing, card('МБОУ «Школа № 1»'))?.id).toBe('eljur:school:7700000000');
  });

  it('should name a matched school by its full title, whatever the card wrote', () => {
    expect(schoolOfChild(rules, card('дши № 7'))).toEqual({
      id: 'eljur:school:6316001707',
      name: ART_SCHOOL.title_full,
      provider: 'ELJUR',
    });
  });

  it('should fall back to the first listed school without a card or a name, and to none when none is listed', () => {
    expect(schoolOfChild(rules, null)?.id).toBe('eljur:school:7700000000');
    expect(schoolOfChild(rules, card(''))?.id).toBe('eljur:school:7700000000');
    expect(schoolOfChild(decodeRules(rulesPayload({ relations: { schools: [] } })), null)).toBeNull();
  });

  it('should take the card’s school even when the account lists none', () => {
    expect(schoolOfChild(decodeRules(rulesPayload({ relations: { schools: [] } })), card('Лицей № 2'))).toEqual({
      id: 'eljur:school:name:лицей № 2',
      name: 'Лицей № 2',
      provider: 'ELJUR',
    });
  });

  it('should compare names without case, spacing or Unicode composition differences', () => {
    expect(schoolNameKey(' Школа\u00a0№\n 1 ')).toBe('школа № 1');
    expect(schoolNameKey('Ёлка'.normalize('NFD'))).toBe('ёлка');
  });
});
