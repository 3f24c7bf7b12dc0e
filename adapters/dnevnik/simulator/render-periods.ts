/**
 * Periods and their figures as Dnevnik.ru sends them: reporting periods, average marks (kebab-case
 * keys, numbers as strings, one entry per pupil of the group), side-loaded final marks, and the bell
 * timetables (PascalCase keys).
 */
import type { SeedChild, SeedMark } from '../../simulation/seed.js';
import {
  classIdOf,
  finalMarkIdOf,
  finalWorkIdOf,
  periodIdOf,
  personIdOf,
  schoolIdOf,
  subjectIdOf,
  timetableItemIdOf,
  twin,
  workTypeIdOf,
} from './ids.js';
import { schoolWorkTypes } from './render-account.js';
import type {
  AverageMarksWire,
  FinalMarksWire,
  MarkWire,
  ReportingPeriodsWire,
  TimetablesWire,
  WorkWire,
} from './wire.js';

/** The period type the demo's четверти have (the real vocabulary is not published). */
const PERIOD_TYPE = 'Quarter';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
/** The work type of final marks: its own id after the school's lesson work types. */
const FINAL_WORK_TYPE_INDEX = 99;

/** `GET /v2/edu-groups/{g}/reporting-periods`. */
export function renderReportingPeriods(child: SeedChild): ReportingPeriodsWire {
  return child.periods.map((period, index) => {
    const id = periodIdOf(child, index);
    return {
      id,
      id_str: twin(id),
      start: `${period.start}T00:00:00`,
      finish: `${period.end}T00:00:00`,
      number: index + 1,
      type: PERIOD_TYPE,
      name: period.title,
      year: Number(child.periods[0]?.start.slice(0, 4)),
    };
  });
}

/** The index of a reporting period id among the child's periods, or -1. */
export function periodIndexOf(child: SeedChild, periodId: bigint): number {
  return child.periods.findIndex((_, index) => periodIdOf(child, index) === periodId);
}

/** Weighted average with the school's work-type weights, written as Dnevnik.ru writes it (`"4.56"`). */
function averageText(marks: readonly SeedMark[], weights: ReadonlyMap<string, number>): string | null {
  const weightOf = (mark: SeedMark) => weights.get(mark.workType) ?? 1;
  const total = marks.reduce((sum, mark) => sum + weightOf(mark), 0);
  return total === 0 ? null : (marks.reduce((sum, mark) => sum + mark.five * weightOf(mark), 0) / total).toFixed(2);
}

/**
 * `GET /v2/edu-groups/{g}/reporting-periods/{period}/avg-marks/{date}`: per-subject averages of marks in
 * the period up to `date`, for the child and for one classmate (the route lists every pupil of the group).
 */
export function renderAverageMarks(child: SeedChild, periodIndex: number, date: string): AverageMarksWire {
  const period = child.periods[periodIndex]!;
  const weights = new Map(schoolWorkTypes(child).map((type) => [type.name, type.weight]));
  const marks = child.marks.filter((mark) => mark.date >= period.start && mark.date <= period.end && mark.date <= date);
  const group = classIdOf(child);
  const periodId = periodIdOf(child, periodIndex);
  const entry = (person: bigint, averages: { subject: bigint; value: string }[]) => ({
    person,
    person_str: twin(person),
    'per-subject-averages': averages.map(({ subject, value }) => ({
      subject,
      subject_str: twin(subject),
      'avg-mark-value': value,
    })),
    group,
    group_str: twin(group),
    reportingPeriod: periodId,
    reportingPeriod_str: twin(periodId),
  });
  const own = child.subjects.flatMap((subject) => {
    const value = averageText(
      marks.filter((mark) => mark.subjectId === subject.id),
      weights,
    );
    return value === null ? [] : [{ subject: subjectIdOf(subject.id), value }];
  });
  const classmate = own.map(({ subject }) => ({ subject, value: '4.00' }));
  return [entry(personIdOf(child) + 1n, classmate), entry(personIdOf(child), own)];
}

/** `GET /v2/persons/{p}/edu-groups/{g}/allfinalmarks`: final marks with their `PeriodMark` works, subjects and work type. */
export function renderFinalMarks(child: SeedChild): FinalMarksWire {
  const person = personIdOf(child);
  const group = classIdOf(child);
  const workType = workTypeIdOf(FINAL_WORK_TYPE_INDEX);
  const finals = child.finalMarks.flatMap((final) => {
    const periodIndex = child.periods.findIndex((period) => period.title === final.periodTitle);
    return periodIndex < 0 ? [] : [{ ...final, periodIndex }];
  });
  const marks: MarkWire[] = finals.map((final) => {
    const id = finalMarkIdOf(child, final.periodIndex, final.subjectId);
    const work = finalWorkIdOf(child, final.periodIndex, final.subjectId);
    return {
      id,
      id_str: twin(id),
      type: 'mark5',
      value: final.value,
      textValue: final.value,
      person,
      person_str: twin(person),
      work,
      work_str: twin(work),
      lesson: null,
      lesson_str: null,
      number: 0,
      date: `${child.periods[final.periodIndex]!.end}T00:00:00`,
      workType,
      mood: Number(final.value) >= 4 ? 'Good' : 'Average',
      use_avg_calc: false,
    };
  });
  const works: WorkWire[] = finals.map((final) => {
    const id = finalWorkIdOf(child, final.periodIndex, final.subjectId);
    return {
      id,
      id_str: twin(id),
      type: 'PeriodMark',
      workType,
      eduGroup: group,
      eduGroup_str: twin(group),
      periodNumber: final.periodIndex + 1,
      periodType: PERIOD_TYPE,
      subjectId: subjectIdOf(final.subjectId),
      text: 'Итоговая отметка',
    };
  });
  const subjectIds = new Set(finals.map((final) => final.subjectId));
  return {
    marks,
    works,
    subjects: child.subjects
      .filter((subject) => subjectIds.has(subject.id))
      .map((subject) => ({ id: subjectIdOf(subject.id), name: subject.name })),
    workTypes: [
      {
        id: workType,
        schoolId: schoolIdOf(child),
        abbreviation: 'ИТ',
        name: 'Итоговая отметка',
        isFinal: true,
        isImportant: true,
        kind: 'Final',
      },
    ],
  };
}

/** `GET /v2/edu-groups/{g}/timetables`: the bells of the child's lessons, PascalCase keys, times as naive datetimes. */
export function renderTimetables(child: SeedChild): TimetablesWire {
  const bells = new Map<number, { start: string; end: string }>();
  for (const lesson of child.lessons)
    if (!bells.has(lesson.number)) bells.set(lesson.number, { start: lesson.start, end: lesson.end });
  const from = child.periods[0]?.start ?? child.lessons[0]?.date ?? '2000-01-01';
  return [
    {
      Name: 'Основное расписание звонков',
      Start: `${from}T00:00:00`,
      FirstLessonNumber: 1,
      Items: [...bells.entries()]
        .sort(([a], [b]) => a - b)
        .map(([number, times]) => ({
          Id: timetableItemIdOf(child, number),
          Start: `${from}T${times.start}:00`,
          Finish: `${from}T${times.end}:00`,
          Name: `${number} урок`,
          Type: 'Lesson',
          DaysOfWeek: WEEKDAYS,
          LessonNumber: number,
        })),
    },
  ];
}
