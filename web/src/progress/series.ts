/**
 * A subject's marks over a stretch of the school year, and the running weighted average after each: what
 * the progress chart draws and the calculator starts from. Only marks the gateway's average counts are
 * taken (`countsTowardAverage`, a five-point reading, a positive weight), so the last point of a period's
 * series is the table's «средний».
 */
import type { DashboardAverageFragment, DashboardGradeFragment, SubjectNameFragment } from '@diary-gateway/client';
import { dateParts, type DashboardRange, type IsoDate } from '../dates.js';
import type { DashboardStudent } from '../data/types.js';
import { averageOf, type Mark } from './calculator.js';

/** A grading period as the dashboard brings it. */
export type Period = DashboardStudent['periods'][number];

/** Calendar days from `from` to `to`, both included. */
export interface DateWindow {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** One counted mark and the average right after it. */
export interface ProgressPoint {
  readonly gradeId: string;
  readonly date: IsoDate;
  /** The mark on the five-point scale. */
  readonly value: number;
  /** The mark as the school wrote it (`4-`, `85`). */
  readonly raw: string;
  readonly weight: number;
  /** The weighted average of this mark and all before it in the window, rounded as the gateway does. */
  readonly average: number;
}

/** Whether the gateway's average counts `grade` (the same test as its `weightedAverage`). */
export function countsInAverage(grade: DashboardGradeFragment): boolean {
  return grade.countsTowardAverage && grade.value.fivePoint !== null && grade.weight > 0;
}

/**
 * The counted marks of `subjectId` in `window`, oldest first: by lesson day, then by when they were entered
 * (a day's marks in the order the teacher gave them), else in the order the diary listed them.
 */
export function countedGrades(
  grades: readonly DashboardGradeFragment[],
  subjectId: string,
  window: DateWindow,
): DashboardGradeFragment[] {
  return grades
    .filter((grade) => grade.subject.id === subjectId && countsInAverage(grade))
    .filter((grade) => grade.date >= window.from && grade.date <= window.to)
    .sort((a, b) => a.date.localeCompare(b.date) || (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
}

/** The marks (value and weight) of counted grades, for the calculator. */
export function marksOf(grades: readonly DashboardGradeFragment[]): Mark[] {
  return grades.map((grade) => ({ value: grade.value.fivePoint!, weight: grade.weight }));
}

/** The running average of `subjectId` in `window`: one point per counted mark. */
export function runningAverages(
  grades: readonly DashboardGradeFragment[],
  subjectId: string,
  window: DateWindow,
): ProgressPoint[] {
  const counted = countedGrades(grades, subjectId, window);
  const marks = marksOf(counted);
  return counted.map((grade, index) => ({
    gradeId: grade.id,
    date: grade.date,
    value: grade.value.fivePoint!,
    raw: grade.value.raw,
    weight: grade.weight,
    average: averageOf(marks.slice(0, index + 1))!,
  }));
}

/** The school year so far: the dashboard's grades window. */
export function yearWindow(range: DashboardRange): DateWindow {
  return { from: range.gradesSince, to: range.today };
}

/** `period` up to today (marks are not given ahead). */
export function periodWindow(period: Pick<Period, 'start' | 'end'>, range: DashboardRange): DateWindow {
  return { from: period.start, to: period.end < range.today ? period.end : range.today };
}

/** The period marked current; else the latest that has started by `today`; else the first. */
export function currentPeriod(periods: readonly Period[], today: IsoDate): Period | null {
  const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start));
  return (
    sorted.find((period) => period.isCurrent) ?? sorted.filter((p) => p.start <= today).at(-1) ?? sorted[0] ?? null
  );
}

/**
 * The period a subject's current marks belong to: the one its average is for (each diary names its own
 * current period, and a child in two schools may be in different ones), else the child's current period.
 */
export function periodOfSubject(
  student: Pick<DashboardStudent, 'periods' | 'averages'>,
  subjectId: string,
  today: IsoDate,
): Period | null {
  const average = student.averages.find((item) => item.subject.id === subjectId);
  return average?.period ?? currentPeriod(student.periods, today);
}

/**
 * Every subject the child has an average or a mark in, by name (Russian order). Subjects come per diary,
 * so a child in two schools may have two «Английский язык»: `sameNameAsAnother` says so, for the page to
 * name the diary beside them.
 */
export function subjectsOf(
  averages: readonly DashboardAverageFragment[],
  grades: readonly DashboardGradeFragment[],
): { subject: SubjectNameFragment; sameNameAsAnother: boolean }[] {
  const byId = new Map<string, SubjectNameFragment>();
  for (const item of [...averages, ...grades]) if (!byId.has(item.subject.id)) byId.set(item.subject.id, item.subject);
  const subjects = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.id.localeCompare(b.id));
  return subjects.map((subject) => ({
    subject,
    sameNameAsAnother: subjects.some((other) => other.id !== subject.id && other.name === subject.name),
  }));
}

/**
 * The chart's x value of each point, in Unix seconds: the lesson day's noon (UTC), with a day's later
 * marks an hour apart, so several marks of one day stay separate points in order.
 */
export function chartTimes(points: readonly Pick<ProgressPoint, 'date'>[]): number[] {
  let previous = '';
  let sameDay = 0;
  return points.map(({ date }) => {
    sameDay = date === previous ? sameDay + 1 : 0;
    previous = date;
    const [year, month, day] = dateParts(date);
    return Date.UTC(year, month - 1, day, 12 + sameDay) / 1000;
  });
}
