import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../../adapters/dnevnik/json.js';
import {
  averagesOfPerson,
  bellTimes,
  buildAttendance,
  buildDiaryIndex,
  childPersons,
  dnevnikGradeValue,
  dnevnikStudent,
  finalGradesOf,
  homeworkDone,
  lessonFlags,
  logEntryAbsence,
  normalizeHolder,
  normalizeHomework,
  normalizeLessons,
  normalizeMarks,
  normalizePeriods,
  normalizeSubjectAverages,
  normalizeSubjects,
  parseAverage,
  periodTitle,
  pickClassGroup,
  preferTwin,
  readHours,
  schoolIdOfGroup,
  schoolTimeZone,
  wallClockOf,
  type DiaryIndexSources,
} from '../../../adapters/dnevnik/normalize.js';
import { idSchema, numberSchema } from '../../../adapters/dnevnik/payloads.js';
import { schedulesSchema } from '../../../adapters/dnevnik/payloads-diary.js';
import { monthChunks, uniqueById } from '../../../adapters/dnevnik/ranges.js';
import type { GradeValue } from '../../../src/domain/model.js';
import { DriftCollector, decodePayload } from '../../../src/upstream/tolerant-decode.js';
import { marksSchema } from '../../../adapters/dnevnik/payloads-diary.js';
import {
  ALGEBRA,
  averageMarksPayload,
  contextPayload,
  dayPayload,
  decode,
  decodeAverages,
  decodeContext,
  decodeDays,
  decodeEduGroups,
  decodeFinalMarks,
  decodeLogEntries,
  decodeMarks,
  decodePeriods,
  decodeRelatives,
  decodeSchool,
  decodeTimetables,
  decodeUser,
  decodeWorkTypes,
  eduGroupPayload,
  finalMarksPayload,
  GROUP,
  HISTORY,
  HOMEWORK,
  homeworkPayload,
  HOLDER_PERSON,
  LESSON,
  lessonPayload,
  logEntryPayload,
  MARK,
  markPayload,
  OTHER_PERSON,
  PERIOD,
  PERSON,
  relativesPayload,
  reportingPeriodsPayload,
  SCHOOL,
  schoolPayload,
  subgroupPayload,
  TIME_ZONE,
  timetablesPayload,
  userPayload,
  wire,
  WORK,
  workPayload,
  workTypePayload,
} from './fixtures.js';

const person = PERSON.toString();
const RANGE = { from: '2025-09-15', to: '2025-09-21' };

/** An index over the given days with the work-types route's weights. */
function indexOf(days = [dayPayload()], overrides: Partial<DiaryIndexSources> = {}) {
  return buildDiaryIndex({
    personId: person,
    timeZone: TIME_ZONE,
    days: decodeDays(days),
    workTypes: decodeWorkTypes([workTypePayload()]),
    ...overrides,
  });
}

describe('lossless ids', () => {
  it('should keep every digit of an id above 2^53 that JSON.parse would round', () => {
    const text = '{"id":2421882773904846063}';
    expect(String((JSON.parse(text) as { id: number }).id)).not.toBe('2421882773904846063');
    expect(idSchema.parse((parseLosslessJson(text) as { id: unknown }).id)).toBe('2421882773904846063');
  });

  it.each([
    ['a bare JSON integer above 2^53', '2421882773904846063', '2421882773904846063'],
    ['a small JSON integer', '1000002283077', '1000002283077'],
    ['a digit string', '"9843497619896145379"', '9843497619896145379'],
  ])('should read %s as its digits', (_name, literal, expected) => {
    expect(idSchema.parse(parseLosslessJson(literal))).toBe(expected);
  });

  it.each([
    ['a fraction', '1.5'],
    ['an exponent', '2e3'],
    ['a word', '"abc"'],
    ['a boolean', 'true'],
  ])('should refuse %s as an id', (_name, literal) => {
    expect(idSchema.safeParse(parseLosslessJson(literal)).success).toBe(false);
  });

  it.each([
    ['a number literal', '3', 3],
    ['a fraction', '2.5', 2.5],
  ])('should read %s as a quantity', (_name, literal, expected) => {
    expect(numberSchema.parse(parseLosslessJson(literal))).toBe(expected);
  });

  it.each([
    ['the twin when it is digits', '2421882773904846063', '2421882773904846000', '2421882773904846063'],
    ['the number when the twin is missing', null, '2421882773904846063', '2421882773904846063'],
    ['the number when the twin is not digits', 'n/a', '77', '77'],
  ])('should prefer %s', (_name, twin, id, expected) => {
    expect(preferTwin(twin, id)).toBe(expected);
  });
});

describe('dnevnikGradeValue', () => {
  it.each<[string, { value: string; textValue?: string | null; type?: string | null }, GradeValue]>([
    [
      'a five-point mark',
      { value: '5', textValue: '5', type: 'mark5' },
      { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
    ],
    [
      'a "4-" shown as text (raw keeps it)',
      { value: '4', textValue: '4-', type: 'mark5' },
      { raw: '4-', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 },
    ],
    [
      'textValue as raw, value for the number',
      { value: '5', textValue: 'отл', type: 'mark5' },
      { raw: 'отл', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
    ],
    [
      'a blank textValue as absent',
      { value: '3', textValue: ' ', type: 'mark5' },
      { raw: '3', scale: 'FIVE_POINT', numeric: 3, fivePoint: 3 },
    ],
    ['a ten-point type', { value: '8', type: 'mark10' }, { raw: '8', scale: 'TEN_POINT', numeric: 8, fivePoint: null }],
    [
      'a hundred-point type',
      { value: '85', type: 'mark100' },
      { raw: '85', scale: 'HUNDRED_POINT', numeric: 85, fivePoint: null },
    ],
    [
      'a pass mark on a five-point type',
      { value: 'зачёт', textValue: 'зачёт', type: 'mark5' },
      { raw: 'зачёт', scale: 'PASS_FAIL', numeric: null, fivePoint: null },
    ],
    [
      'a pass/fail type',
      { value: '1', textValue: 'зч', type: 'markPassFail' },
      { raw: 'зч', scale: 'PASS_FAIL', numeric: null, fivePoint: null },
    ],
    ['no type and a number from 1 to 5', { value: '4' }, { raw: '4', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 }],
    ['no type and a larger number', { value: '12' }, { raw: '12', scale: 'OTHER', numeric: 12, fivePoint: null }],
    [
      'an unreadable type and a number from 1 to 5',
      { value: '2', type: 'markSpecial' },
      { raw: '2', scale: 'FIVE_POINT', numeric: 2, fivePoint: 2 },
    ],
    [
      'an unknown numbered scale',
      { value: '7', type: 'mark12' },
      { raw: '7', scale: 'OTHER', numeric: 7, fivePoint: null },
    ],
    ['a letter', { value: 'Н', type: 'mark5' }, { raw: 'Н', scale: 'FIVE_POINT', numeric: null, fivePoint: null }],
  ])('should read %s', (_name, mark, expected) => {
    expect(dnevnikGradeValue(mark)).toEqual(expected);
  });
});

describe('normalizeMarks', () => {
  const gradeOf = (overrides: Parameters<typeof markPayload>[0], index = indexOf()) =>
    normalizeMarks(decodeMarks([markPayload(overrides)]), index)[0];

  it('should join a mark to its lesson, subject, work type and teacher', () => {
    expect(gradeOf({})).toEqual({
      id: `dnevnik:${MARK}`,
      date: '2025-09-15',
      subject: { id: `dnevnik:${ALGEBRA}`, name: 'Алгебра', provider: 'DNEVNIK' },
      value: { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
      weight: 3,
      workType: 'Контрольная работа',
      comment: null,
      isExam: false,
      isPoint: false,
      pointDeadline: null,
      countsTowardAverage: true,
      createdAt: null,
      teacher: { fullName: 'Романова Екатерина Игоревна' },
      provider: 'DNEVNIK',
    });
  });

  it.each([
    ['use_avg_calc: false as not counting', { use_avg_calc: false }, { countsTowardAverage: false }],
    ['a missing use_avg_calc as counting', { use_avg_calc: null }, { countsTowardAverage: true }],
    ['the lesson day over the mark date', { date: '2025-09-18T13:40:00' }, { date: '2025-09-15' }],
    [
      'a mark without a lesson on its own date',
      { lesson: 0n, lesson_str: null, date: '2025-09-18T00:00:00' },
      { date: '2025-09-18', teacher: null },
    ],
    [
      'the subject through the work when the lesson is unknown',
      { lesson: 1n, lesson_str: '1' },
      { subject: { id: `dnevnik:${ALGEBRA}`, name: 'Алгебра', provider: 'DNEVNIK' } },
    ],
    ['an unknown work type as weight 1 and no name', { workType: 999n }, { weight: 1, workType: null }],
    ['the id from its twin', { id: 1n, id_str: '1876543210987654399' }, { id: 'dnevnik:1876543210987654399' }],
  ])('should read %s', (_name, overrides, expected) => {
    expect(gradeOf(overrides)).toMatchObject(expected);
  });

  it('should take the weight from the work-types route, since bundles carry none', () => {
    const withoutRoute = buildDiaryIndex({ personId: person, timeZone: TIME_ZONE, days: decodeDays([dayPayload()]) });
    expect(gradeOf({}, withoutRoute)).toMatchObject({ weight: 1, workType: 'Контрольная работа' });
  });

  it("should flag an exam only from the diary's own work kind (`Work.type` LessonExamination)", () => {
    const index = buildDiaryIndex({
      personId: person,
      timeZone: TIME_ZONE,
      days: decodeDays([dayPayload({ works: [workPayload({ type: 'LessonExamination' })] })]),
    });
    expect(gradeOf({}, index)?.isExam).toBe(true);
  });

  it.each([
    ['by title', workTypePayload({ title: 'Экзамен', kind: null })],
    ['by kind', workTypePayload({ title: 'Итоговая работа', kind: 'Exam' })],
  ])("should not guess an exam from a school's work type named so %s", (_name, workType) => {
    const index = buildDiaryIndex({
      personId: person,
      timeZone: TIME_ZONE,
      days: decodeDays([dayPayload()]),
      workTypes: decodeWorkTypes([workType]),
    });
    expect(gradeOf({}, index)?.isExam).toBe(false);
  });

  it('should name an unknown subject when neither lesson nor work is known', () => {
    expect(gradeOf({ lesson: 1n, lesson_str: '1', work: 2n, work_str: '2' })?.subject).toEqual({
      id: 'dnevnik:unknown-subject',
      name: 'Предмет не указан',
      provider: 'DNEVNIK',
    });
  });

  it.each([
    ['a PeriodMark work', dayPayload({ works: [workPayload({ type: 'PeriodMark' })] })],
    ['a final work type', dayPayload({ workTypes: [{ id: 1234567n, name: 'Итоговая', isFinal: true }] })],
  ])('should leave out a final mark (%s)', (_name, day) => {
    expect(normalizeMarks(decodeMarks([markPayload()]), indexOf([day]))).toEqual([]);
  });

  it('should skip other persons’ marks and sort by day, then id', () => {
    const grades = normalizeMarks(
      decodeMarks([
        markPayload({ id: MARK + 2n, id_str: null, lesson: null, lesson_str: null, date: '2025-09-16T00:00:00' }),
        markPayload({ id: MARK + 1n, id_str: null }),
        markPayload({ id: MARK + 3n, id_str: null, person: OTHER_PERSON, person_str: OTHER_PERSON.toString() }),
        markPayload({ id: 999n, id_str: null }),
      ]),
      indexOf(),
    );
    expect(grades.map((grade) => grade.id)).toEqual(['dnevnik:999', `dnevnik:${MARK + 1n}`, `dnevnik:${MARK + 2n}`]);
  });

  it('should leave out a mark with an unreadable date when decoding, reporting the path but not the value', () => {
    const answer = parseLosslessJson(
      wire([
        markPayload(),
        markPayload({ id: MARK + 1n, id_str: null, lesson: null, lesson_str: null, date: 'когда-то' }),
      ]),
    );
    const decoded = decodePayload({ provider: 'DNEVNIK', route: 'personMarks' }, answer, marksSchema);
    expect(normalizeMarks(decoded.value, indexOf()).map((grade) => grade.id)).toEqual([`dnevnik:${MARK}`]);
    expect(decoded.drift).toEqual([{ provider: 'DNEVNIK', route: 'personMarks', schemaPath: '[].date', dropped: 1 }]);
    expect(JSON.stringify(decoded.drift)).not.toContain('когда-то');
  });

  it('should leave out a mark that cannot be dated at all (no date, an unknown lesson) and report it', () => {
    const reported = new DriftCollector();
    const marks = decodeMarks([
      markPayload(),
      markPayload({ id: MARK + 1n, id_str: null, lesson: null, lesson_str: null, date: null }),
    ]);
    expect(normalizeMarks(marks, indexOf(), 'personMarks', reported).map((grade) => grade.id)).toEqual([
      `dnevnik:${MARK}`,
    ]);
    expect(reported.list()).toEqual([{ provider: 'DNEVNIK', route: 'personMarks', schemaPath: '[].date', dropped: 1 }]);
  });
});

describe('schoolTimeZone', () => {
  it.each([
    [3, 'Europe/Moscow'],
    [2, 'Europe/Kaliningrad'],
    [5, 'Asia/Yekaterinburg'],
    [10, 'Asia/Vladivostok'],
    [12, 'Asia/Kamchatka'],
    [0, 'Etc/UTC'],
    [-5, 'Etc/GMT+5'],
    [13, 'Etc/GMT-13'],
    [15, 'Europe/Moscow'],
    [3.5, 'Europe/Moscow'],
    [null, 'Europe/Moscow'],
  ])('should map offset %s to %s', (offset, zone) => {
    expect(schoolTimeZone(offset, 'Europe/Moscow')).toBe(zone);
  });

  it('should fall back to the given zone, not always Moscow', () => {
    expect(schoolTimeZone(undefined, 'Asia/Omsk')).toBe('Asia/Omsk');
  });
});

describe('bell times', () => {
  it.each([
    ['08:30 - 09:15', { start: '08:30', end: '09:15' }],
    ['8:30–9:15', { start: '08:30', end: '09:15' }],
    ['08:30-09:15', { start: '08:30', end: '09:15' }],
    ['08:30', null],
    ['25:00 - 26:00', null],
    [null, null],
  ])('should read hours %j', (hours, expected) => {
    expect(readHours(hours)).toEqual(expected);
  });

  it.each([
    ['2025-09-01T08:30:00', '08:30'],
    ['0001-01-01 8:05', '08:05'],
    ['2025-09-15T08:30:00+05:00', '08:30'],
    ['09:25', '09:25'],
    ['soon', null],
  ])('should read the wall clock of %s', (value, expected) => {
    expect(wallClockOf(value)).toBe(expected);
  });

  const timetables = decodeTimetables(timetablesPayload());
  it.each([
    ['lesson 1 on a Monday', '2025-09-15', 1, { start: '08:30', end: '09:15' }],
    ['lesson 2 skipping the break with the same number', '2025-09-15', 2, { start: '09:25', end: '10:10' }],
    ['lesson 1 on a Saturday, not among its days', '2025-09-20', 1, null],
    ['a day before the timetable starts', '2025-08-29', 1, null],
    ['an unknown number', '2025-09-15', 7, null],
    ['no number', '2025-09-15', null, null],
  ])('should find %s in the PascalCase timetable', (_name, date, number, expected) => {
    expect(bellTimes(timetables, date, number)).toEqual(expected);
  });

  it('should take the latest timetable that has started', () => {
    const [first] = timetablesPayload();
    const later = {
      ...first!,
      Start: '2025-09-10T00:00:00',
      Items: [{ Start: '0001-01-01T09:00:00', Finish: '0001-01-01T09:40:00', Type: 'Lesson', LessonNumber: 1 }],
    };
    const both = decodeTimetables([first!, later]);
    expect(bellTimes(both, '2025-09-15', 1)).toEqual({ start: '09:00', end: '09:40' });
    expect(bellTimes(both, '2025-09-08', 1)).toEqual({ start: '08:30', end: '09:15' });
  });
});

describe('normalizeLessons', () => {
  const timetables = decodeTimetables(timetablesPayload());

  it('should build a lesson with its times, subject, teacher, room, topic, grades and absence', () => {
    const day = dayPayload({ lessonLogEntries: [logEntryPayload({ status: 'Late' })] });
    const [lesson] = normalizeLessons(indexOf([day]), timetables, RANGE);
    expect(lesson).toMatchObject({
      id: `dnevnik:${LESSON}`,
      date: '2025-09-15',
      number: 1,
      startsAt: '2025-09-15T08:30:00+03:00',
      endsAt: '2025-09-15T09:15:00+03:00',
      subject: { id: `dnevnik:${ALGEBRA}`, name: 'Алгебра' },
      teacher: { fullName: 'Романова Екатерина Игоревна' },
      room: '21',
      topic: 'Квадратичная функция',
      isCancelled: false,
      isReplaced: false,
      homework: [],
      absence: { kind: 'TARDY', reason: null },
      provider: 'DNEVNIK',
    });
    expect(lesson?.grades.map((grade) => grade.id)).toEqual([`dnevnik:${MARK}`]);
  });

  it.each([
    [
      'the timetable over hours',
      lessonPayload({ hours: '10:00 - 10:45' }),
      ['2025-09-15T08:30:00+03:00', '2025-09-15T09:15:00+03:00'],
    ],
    [
      'hours when the timetable has no such lesson',
      lessonPayload({ number: 6, hours: '13:30 - 14:15' }),
      ['2025-09-15T13:30:00+03:00', '2025-09-15T14:15:00+03:00'],
    ],
    ['no times when neither tells', lessonPayload({ number: null, hours: null }), [null, null]],
  ])('should take %s', (_name, lesson, expected) => {
    const [normalized] = normalizeLessons(indexOf([dayPayload({ lessons: [lesson] })]), timetables, RANGE);
    expect([normalized?.startsAt, normalized?.endsAt]).toEqual(expected);
  });

  // Found by the property tests (issue 6): a number past GraphQL's Int, or a fraction, failed when the
  // response was written.
  it.each([
    ['a zero lesson as 0', 0, 0],
    ['a number past Int as none', 18446744073709551616n, null],
    ['2^31 as none', 2147483648n, null],
    ['a fraction as none', 1.5, null],
    ['a negative number as none', -1, null],
  ])('should read %s', (_name, number, expected) => {
    const [lesson] = normalizeLessons(
      indexOf([dayPayload({ lessons: [lessonPayload({ number: number as number })] })]),
      timetables,
      RANGE,
    );
    expect(lesson?.number).toBe(expected);
  });

  it('should write times in the school’s zone', () => {
    const index = buildDiaryIndex({
      personId: person,
      timeZone: 'Asia/Yekaterinburg',
      days: decodeDays([dayPayload()]),
    });
    expect(normalizeLessons(index, timetables, RANGE)[0]?.startsAt).toBe('2025-09-15T08:30:00+05:00');
  });

  it('should give each lesson exactly its own marks and homework, from one pass over each', () => {
    const second = LESSON + 1n;
    const mark = (id: bigint, lesson: bigint) =>
      markPayload({ id, id_str: id.toString(), lesson, lesson_str: lesson === 0n ? null : lesson.toString() });
    const homework = (id: bigint, lesson: bigint) =>
      homeworkPayload({ id, id_str: id.toString(), lesson, lesson_str: lesson.toString() });
    const day = dayPayload({
      lessons: [lessonPayload(), lessonPayload({ id: second, number: 2 })],
      // A mark of the second lesson between two of the first, and one of no lesson (Java's default 0).
      marks: [mark(MARK, LESSON), mark(MARK + 1n, second), mark(MARK + 2n, LESSON), mark(MARK + 3n, 0n)],
      homeworks: [homework(HOMEWORK, second), homework(HOMEWORK + 1n, LESSON), homework(HOMEWORK + 2n, second)],
    });
    const index = indexOf([day]);
    const lessons = normalizeLessons(index, timetables, RANGE);
    const idsOf = (items: readonly { id: string }[] | undefined) => items?.map((item) => item.id);
    expect(lessons.map((lesson) => [lesson.id, idsOf(lesson.grades), idsOf(lesson.homework)])).toEqual([
      [`dnevnik:${LESSON}`, [`dnevnik:${MARK}`, `dnevnik:${MARK + 2n}`], [`dnevnik:${HOMEWORK + 1n}`]],
      [`dnevnik:${second}`, [`dnevnik:${MARK + 1n}`], [`dnevnik:${HOMEWORK}`, `dnevnik:${HOMEWORK + 2n}`]],
    ]);
    // Marks keep their place in the day's list, which drift reports name.
    expect(index.marksByLesson.get(LESSON.toString())?.map(({ position }) => position)).toEqual([0, 2]);
  });

  it('should embed the homework due at the lesson and keep lessons outside the range out', () => {
    const outside = lessonPayload({ id: LESSON + 1n, date: '2025-09-22T08:30:00' });
    const day = dayPayload({ lessons: [lessonPayload(), outside], homeworks: [homeworkPayload()] });
    const lessons = normalizeLessons(indexOf([day]), timetables, RANGE);
    expect(lessons.map((lesson) => lesson.id)).toEqual([`dnevnik:${LESSON}`]);
    expect(lessons[0]?.homework.map((homework) => homework.text)).toEqual(['№ 12, 14']);
  });

  it('should sort by day, start and number, and read a topic "" as none', () => {
    const lessons = normalizeLessons(
      indexOf([
        dayPayload({
          marks: [],
          lessons: [lessonPayload({ id: 3n, number: 2, title: '' }), lessonPayload({ id: 4n, number: 1 })],
        }),
      ]),
      timetables,
      RANGE,
    );
    expect(lessons.map((lesson) => [lesson.id, lesson.topic])).toEqual([
      ['dnevnik:4', 'Квадратичная функция'],
      ['dnevnik:3', null],
    ]);
  });

  it.each([
    ['Planned', { isCancelled: false, isReplaced: false }],
    ['Cancelled', { isCancelled: true, isReplaced: false }],
    ['Canceled', { isCancelled: true, isReplaced: false }],
    ['Replaced', { isCancelled: false, isReplaced: true }],
    ['Substitution', { isCancelled: false, isReplaced: true }],
    [null, { isCancelled: false, isReplaced: false }],
  ])('should read lesson status %j', (status, expected) => {
    expect(lessonFlags(status)).toEqual(expected);
  });

  it('should accept schedules as {days} and as a bare array', () => {
    const days = [dayPayload()];
    expect(decode(schedulesSchema, days)).toEqual(decode(schedulesSchema, { days }));
  });
});

describe('attendance', () => {
  it.each([
    ['Absent', '', { kind: 'ABSENCE', reason: null }],
    ['Ill', '', { kind: 'EXCUSED_ABSENCE', reason: 'болезнь' }],
    ['Ill', 'ОРВИ', { kind: 'EXCUSED_ABSENCE', reason: 'ОРВИ' }],
    ['Pass', 'соревнования', { kind: 'EXCUSED_ABSENCE', reason: 'соревнования' }],
    ['Late', null, { kind: 'TARDY', reason: null }],
    ['Unexcused', null, { kind: 'UNEXCUSED_ABSENCE', reason: null }],
    ['Н', null, { kind: 'ABSENCE', reason: null }],
    ['Б', null, { kind: 'EXCUSED_ABSENCE', reason: 'болезнь' }],
    ['ОП', null, { kind: 'TARDY', reason: null }],
    ['SomethingNew', null, { kind: 'ABSENCE', reason: null }],
    ['Present', null, null],
    ['', null, null],
    [null, null, null],
  ])('should read status %j with comment %j', (status, comment, expected) => {
    expect(logEntryAbsence({ status, comment })).toEqual(expected);
  });

  it('should join entries to lessons, skip attended lessons, other persons and days outside the range', () => {
    const lessons = normalizeLessons(indexOf(), [], RANGE);
    const entries = decodeLogEntries([
      logEntryPayload({ status: 'Ill' }),
      logEntryPayload({ status: 'Absent', person: OTHER_PERSON, person_str: OTHER_PERSON.toString() }),
      logEntryPayload({ lesson: 7n, lesson_str: '7', status: 'Present' }),
      logEntryPayload({ lesson: 8n, lesson_str: '8', status: 'Absent', createdDate: '2025-09-17T12:00:00' }),
      logEntryPayload({ lesson: 9n, lesson_str: '9', status: 'Absent', createdDate: '2025-10-01T12:00:00' }),
    ]);
    const records = buildAttendance(entries, lessons, person, RANGE);
    expect(records.map((record) => [record.date, record.lesson?.id ?? null, record.kind, record.reason])).toEqual([
      ['2025-09-15', `dnevnik:${LESSON}`, 'EXCUSED_ABSENCE', 'болезнь'],
      ['2025-09-17', null, 'ABSENCE', null],
    ]);
    expect(records[0]?.lesson?.absence).toEqual({ kind: 'EXCUSED_ABSENCE', reason: 'болезнь' });
  });
});

describe('homework', () => {
  it('should read a homework work due at its lesson', () => {
    const index = indexOf([dayPayload({ homeworks: [homeworkPayload()] })]);
    expect(normalizeHomework(index, RANGE)).toEqual([
      {
        id: 'dnevnik:1876543210988000003',
        subject: { id: `dnevnik:${ALGEBRA}`, name: 'Алгебра', provider: 'DNEVNIK' },
        text: '№ 12, 14',
        dueOn: '2025-09-15',
        assignedOn: '2025-09-12',
        attachments: [{ title: 'Вложение', url: null }],
        isDone: false,
        provider: 'DNEVNIK',
      },
    ]);
  });

  it.each([
    ['targetDate', homeworkPayload({ targetDate: '2025-09-17T00:00:00' }), '2025-09-17'],
    ['the lesson’s day without a targetDate', homeworkPayload({ targetDate: null }), '2025-09-15'],
    [
      'the listing day without either',
      homeworkPayload({ targetDate: null, lesson: null, lesson_str: null }),
      '2025-09-15',
    ],
  ])('should take the due date from %s', (_name, work, expected) => {
    expect(normalizeHomework(indexOf([dayPayload({ homeworks: [work] })]), RANGE)[0]?.dueOn).toBe(expected);
  });

  it('should find homework among works by type and leave other works out', () => {
    const index = indexOf([
      dayPayload({ works: [workPayload(), homeworkPayload({ targetDate: '2025-09-16T00:00:00' })] }),
    ]);
    expect(normalizeHomework(index, RANGE).map((homework) => homework.dueOn)).toEqual(['2025-09-16']);
  });

  it('should keep homework due outside the range out', () => {
    expect(
      normalizeHomework(
        indexOf([dayPayload({ homeworks: [homeworkPayload({ targetDate: '2025-09-30T00:00:00' })] })]),
        RANGE,
      ),
    ).toEqual([]);
  });

  it.each([
    ['Done', true],
    ['done', true],
    ['Checked', true],
    ['NotDone', false],
    ['Whatever', false],
  ])('should read the child’s task status %s', (status, expected) => {
    expect(homeworkDone({ tasks: [{ person, person_str: person, status }] }, person)).toBe(expected);
  });

  it('should say "not tracked" when the child has no task', () => {
    expect(homeworkDone({ tasks: [{ person: '1', person_str: '1', status: 'Done' }] }, person)).toBeNull();
    expect(homeworkDone({ tasks: null }, person)).toBeNull();
  });
});

describe('periods and averages', () => {
  const periods = decodePeriods(reportingPeriodsPayload());
  const group = GROUP.toString();

  it('should read periods with the edu-group in their id and flag the current one', () => {
    expect(normalizePeriods(periods, group, '2025-11-10')).toEqual([
      {
        id: `dnevnik:${GROUP}:${PERIOD}`,
        title: '1 четверть',
        start: '2025-09-01',
        end: '2025-10-26',
        isCurrent: false,
        provider: 'DNEVNIK',
      },
      {
        id: `dnevnik:${GROUP}:${PERIOD + 1n}`,
        title: '2 четверть',
        start: '2025-11-05',
        end: '2025-12-28',
        isCurrent: true,
        provider: 'DNEVNIK',
      },
    ]);
  });

  it.each([
    ['its name', { name: 'I триместр', number: 1, type: 'Trimester' }, 'I триместр'],
    ['number and type', { name: '', number: 2, type: 'Quarter' }, '2 четверть'],
    ['number and a half-year', { name: null, number: 1, type: 'HalfYear' }, '1 полугодие'],
    ['number alone', { name: null, number: 3, type: 'Module' }, 'Период 3'],
  ])('should title a period by %s', (_name, period, expected) => {
    expect(periodTitle(period)).toBe(expected);
  });

  it.each([
    ['"4.56"', '4.56', 4.56],
    ['"4,5"', '4,5', 4.5],
    ['a number', 3.25, 3.25],
    ['""', '', null],
    ['"н/а"', 'н/а', null],
    ['null', null, null],
  ])('should read the average %s', (_name, value, expected) => {
    expect(parseAverage(value)).toBe(expected);
  });

  it('should pick the child’s entry out of the whole group’s averages (kebab-case keys)', () => {
    expect(averagesOfPerson(decodeAverages(averageMarksPayload()), person)).toEqual(
      new Map([[ALGEBRA.toString(), 4.56]]),
    );
  });

  it('should match a final mark to its period by number and type', () => {
    expect(finalGradesOf(decodeFinalMarks(finalMarksPayload('5')), periods, person)).toEqual([
      {
        periodId: PERIOD.toString(),
        subjectId: ALGEBRA.toString(),
        value: { raw: '5', scale: 'FIVE_POINT', numeric: 5, fivePoint: 5 },
      },
    ]);
  });

  it('should leave out a final mark whose period type differs (a year mark)', () => {
    const payload = finalMarksPayload();
    payload.works![0] = { ...payload.works![0]!, periodType: 'Year' };
    expect(finalGradesOf(decodeFinalMarks(payload), periods, person)).toEqual([]);
  });

  it('should combine averages and final marks per subject and period', () => {
    const averages = normalizeSubjectAverages({
      groupId: group,
      personId: person,
      periods,
      averagesByPeriod: new Map([[PERIOD.toString(), decodeAverages(averageMarksPayload())]]),
      finalMarks: decodeFinalMarks(finalMarksPayload()),
      subjectNames: new Map([[ALGEBRA.toString(), 'Алгебра']]),
    });
    expect(averages).toEqual([
      {
        subject: { id: `dnevnik:${ALGEBRA}`, name: 'Алгебра', provider: 'DNEVNIK' },
        periodId: `dnevnik:${GROUP}:${PERIOD}`,
        providerAverage: 4.56,
        finalGrade: { raw: '4', scale: 'FIVE_POINT', numeric: 4, fivePoint: 4 },
        trend: null,
      },
    ]);
  });

  it('should list subjects once each, by name', () => {
    const [classGroup, subgroup] = decodeEduGroups([eduGroupPayload(), subgroupPayload()]);
    expect(
      normalizeSubjects([classGroup!.subjects!, subgroup!.subjects!, classGroup!.subjects!]).map(
        (subject) => subject.name,
      ),
    ).toEqual(['Алгебра', 'Английский язык']);
    expect(normalizeSubjects([subgroup!.subjects!])[0]?.id).toBe(`dnevnik:${HISTORY}`);
  });
});

describe('profile', () => {
  const context = decodeContext(contextPayload());

  it('should read the holder from users/me (name is the first name; firstName where sent)', () => {
    expect(normalizeHolder(decodeUser(userPayload()))).toEqual({
      firstName: 'Анна',
      lastName: 'Петрова',
      middleName: 'Сергеевна',
      birthDate: '1986-03-14',
      snils: null,
    });
    expect(normalizeHolder(decodeUser(userPayload({ name: null, firstName: 'Анна' }))).firstName).toBe('Анна');
  });

  it('should take the relatives as children, leaving parents out', () => {
    const relatives = decodeRelatives([
      ...relativesPayload(),
      { type: 'Parent', person: { id: 5n, firstName: 'Ольга', lastName: 'Петрова' } },
    ]);
    expect(childPersons(decodeUser(userPayload()), context, relatives)).toEqual([
      { personId: person, firstName: 'Софья', lastName: 'Петрова', middleName: 'Олеговна' },
    ]);
  });

  it('should show a pupil’s own account as the one child', () => {
    const user = decodeUser(userPayload({ roles: ['EduStudent'] }));
    expect(childPersons(user, decodeContext(contextPayload({ roles: ['EduStudent'] })), [])).toEqual([
      { personId: HOLDER_PERSON.toString(), firstName: 'Анна', lastName: 'Петрова', middleName: 'Сергеевна' },
    ]);
    expect(childPersons(decodeUser(userPayload()), context, [])).toEqual([]);
  });

  it.each([
    ['the class over its subgroup', [subgroupPayload(), eduGroupPayload()], GROUP.toString()],
    [
      'an active class over an archived one',
      [eduGroupPayload({ id: 5n, id_str: '5', status: 'Archived', studyyear: 2026 }), eduGroupPayload()],
      GROUP.toString(),
    ],
    [
      'the latest study year',
      [eduGroupPayload({ id: 6n, id_str: '6', studyyear: 2024 }), eduGroupPayload()],
      GROUP.toString(),
    ],
    ['nothing when there are only subgroups', [subgroupPayload()], null],
  ])('should pick %s', (_name, groups, expected) => {
    const picked = pickClassGroup(decodeEduGroups(groups));
    expect(picked === null ? null : picked.id).toBe(expected);
  });

  it.each([
    ['the school listing the class', contextPayload(), GROUP.toString(), SCHOOL.toString()],
    ['the only school', contextPayload({ schools: [{ id: SCHOOL, name: 'x', groupIds: [] }] }), '1', SCHOOL.toString()],
    [
      'nothing among two unrelated schools',
      contextPayload({ schools: [{ id: 1n }, { id: 2n }], schoolIds: [1n, 2n] }),
      '3',
      null,
    ],
  ])('should find %s', (_name, payload, groupId, expected) => {
    expect(schoolIdOfGroup(decodeContext(payload), groupId)).toBe(expected);
  });

  it('should build the student with its ids, school, class and the school’s zone', () => {
    const [child] = childPersons(decodeUser(userPayload()), context, decodeRelatives(relativesPayload()));
    const classGroup = pickClassGroup(decodeEduGroups([eduGroupPayload()]));
    const student = dnevnikStudent(
      child!,
      classGroup,
      { id: SCHOOL.toString(), details: decodeSchool(schoolPayload()) },
      context,
      TIME_ZONE,
    );
    expect(student).toEqual({
      provider: 'DNEVNIK',
      externalId: person,
      providerIds: { personId: person, schoolId: SCHOOL.toString(), eduGroupId: GROUP.toString() },
      firstName: 'Софья',
      lastName: 'Петрова',
      middleName: 'Олеговна',
      birthDate: null,
      snils: null,
      school: { id: `dnevnik:${SCHOOL}`, name: 'МБОУ СОШ № 1', provider: 'DNEVNIK' },
      className: '9-А',
      timeZone: 'Asia/Yekaterinburg',
    });
  });

  it('should fall back to the context’s school name and the default zone without school details', () => {
    const [child] = childPersons(decodeUser(userPayload()), context, decodeRelatives(relativesPayload()));
    const student = dnevnikStudent(child!, null, { id: SCHOOL.toString(), details: null }, context, 'Asia/Omsk');
    expect(student).toMatchObject({
      school: { name: 'МБОУ СОШ № 1' },
      className: null,
      timeZone: 'Asia/Omsk',
      providerIds: { personId: person, schoolId: SCHOOL.toString() },
    });
  });
});

describe('ranges', () => {
  it.each([
    ['a week', { from: '2025-09-15', to: '2025-09-21' }, [['2025-09-15', '2025-09-21']]],
    ['31 days across a month end', { from: '2025-09-15', to: '2025-10-15' }, [['2025-09-15', '2025-10-15']]],
    [
      '32 days',
      { from: '2025-09-15', to: '2025-10-16' },
      [
        ['2025-09-15', '2025-09-30'],
        ['2025-10-01', '2025-10-16'],
      ],
    ],
    [
      'a term across a year end',
      { from: '2025-11-05', to: '2026-01-10' },
      [
        ['2025-11-05', '2025-11-30'],
        ['2025-12-01', '2025-12-31'],
        ['2026-01-01', '2026-01-10'],
      ],
    ],
    [
      'February of a leap year',
      { from: '2028-01-20', to: '2028-03-01' },
      [
        ['2028-01-20', '2028-01-31'],
        ['2028-02-01', '2028-02-29'],
        ['2028-03-01', '2028-03-01'],
      ],
    ],
  ])('should split %s', (_name, range, expected) => {
    expect(monthChunks(range).map((chunk) => [chunk.from, chunk.to])).toEqual(expected);
  });

  it('should de-duplicate pieces by id, keeping the first', () => {
    expect(
      uniqueById(
        [
          [{ id: '1', n: 1 }],
          [
            { id: '1', n: 2 },
            { id: '2', n: 3 },
          ],
        ],
        (item) => item.id,
      ),
    ).toEqual([
      { id: '1', n: 1 },
      { id: '2', n: 3 },
    ]);
  });
});

describe('side-loads', () => {
  it('should ignore other persons’ log entries and marks in a day', () => {
    const index = indexOf([
      dayPayload({
        marks: [markPayload({ person: OTHER_PERSON, person_str: OTHER_PERSON.toString() })],
        lessonLogEntries: [logEntryPayload({ person: OTHER_PERSON, person_str: OTHER_PERSON.toString() })],
      }),
    ]);
    expect(index.marks).toEqual([]);
    expect(index.logEntries.size).toBe(0);
  });

  it('should read a work’s ids from the lossless text, twin or not', () => {
    const text = wire([dayPayload({ works: [workPayload({ id_str: null })] })]);
    expect(text).toContain(`"id":${WORK},`);
    const days = schedulesSchema.parse(parseLosslessJson(text));
    expect([...buildDiaryIndex({ personId: person, timeZone: TIME_ZONE, days }).works.keys()]).toEqual([
      WORK.toString(),
    ]);
  });
});
