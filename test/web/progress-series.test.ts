import type { DashboardAverageFragment, DashboardGradeFragment } from '@diary-gateway/client';
import { describe, expect, it } from 'vitest';
import { dashboardRange } from '../../web/src/dates.js';
import {
  chartTimes,
  countedGrades,
  countsInAverage,
  currentPeriod,
  marksOf,
  periodOfSubject,
  periodWindow,
  runningAverages,
  subjectsOf,
  yearWindow,
  type Period,
} from '../../web/src/progress/series.js';

const algebra = { id: 'mesh:1', name: 'Алгебра', provider: 'MESH' as const };
const english = { id: 'mesh:2', name: 'Английский язык', provider: 'MESH' as const };
const englishEljur = { id: 'eljur:2', name: 'Английский язык', provider: 'ELJUR' as const };

let serial = 0;
function grade(date: string, fivePoint: number | null, weight = 1, more: Partial<DashboardGradeFragment> = {}) {
  serial += 1;
  const item: DashboardGradeFragment = {
    id: `g${serial}`,
    subject: algebra,
    date,
    value: { raw: String(fivePoint ?? 'зачёт'), numeric: fivePoint, scale: 'FIVE_POINT', fivePoint },
    weight,
    workType: null,
    comment: null,
    isExam: false,
    isPoint: false,
    pointDeadline: null,
    countsTowardAverage: true,
    createdAt: null,
    teacher: null,
    provider: 'MESH',
    ...more,
  };
  return item;
}

const period = (id: string, start: string, end: string, isCurrent = false): Period => ({
  id,
  title: id,
  start,
  end,
  isCurrent,
});

const q1 = period('1 четверть', '2026-09-01', '2026-11-08');
const q2 = period('2 четверть', '2026-11-09', '2027-01-10', true);
const range = dashboardRange(new Date(2026, 11, 6, 12));
const year = { from: '2026-09-01', to: '2026-12-06' };

function average(
  subject: DashboardAverageFragment['subject'],
  of: Period,
  value: number | null,
): DashboardAverageFragment {
  return {
    subject,
    period: of,
    average: value,
    providerAverage: value,
    finalGrade: null,
    trend: null,
    gradeCount: 1,
  };
}

describe('countsInAverage', () => {
  it('takes what the gateway takes, and nothing else', () => {
    expect(countsInAverage(grade('2026-11-10', 5))).toBe(true);
    expect(countsInAverage(grade('2026-11-10', null))).toBe(false);
    expect(countsInAverage(grade('2026-11-10', 5, 0))).toBe(false);
    expect(countsInAverage(grade('2026-11-10', 2, 1, { countsTowardAverage: false }))).toBe(false);
  });
});

describe('countedGrades', () => {
  it('keeps the subject and the window, oldest first, a day by entry time', () => {
    const late = grade('2026-11-12', 3, 1, { createdAt: '2026-11-12T15:00:00+03:00' });
    const early = grade('2026-11-12', 4, 1, { createdAt: '2026-11-12T09:00:00+03:00' });
    const first = grade('2026-11-10', 5);
    const other = grade('2026-11-11', 2, 1, { subject: english });
    const before = grade('2026-11-08', 2);
    const after = grade('2026-12-07', 2);
    const list = countedGrades([late, other, before, early, first, after], algebra.id, {
      from: '2026-11-09',
      to: '2026-12-06',
    });
    expect(list.map((item) => item.id)).toEqual([first.id, early.id, late.id]);
  });

  it('includes both ends of the window', () => {
    const list = countedGrades([grade('2026-11-09', 5), grade('2026-12-06', 4)], algebra.id, {
      from: '2026-11-09',
      to: '2026-12-06',
    });
    expect(list).toHaveLength(2);
  });
});

describe('runningAverages', () => {
  it('gives the weighted average after each counted mark, rounded as the gateway does', () => {
    const points = runningAverages(
      [grade('2026-11-10', 5), grade('2026-11-11', 3, 2), grade('2026-11-12', null), grade('2026-11-13', 4)],
      algebra.id,
      year,
    );
    expect(points.map((point) => [point.date, point.value, point.weight, point.average])).toEqual([
      ['2026-11-10', 5, 1, 5],
      ['2026-11-11', 3, 2, 3.67],
      ['2026-11-13', 4, 1, 3.75],
    ]);
  });

  it('starts afresh in a period, and runs on over the year', () => {
    const grades = [grade('2026-10-01', 2), grade('2026-11-10', 5)];
    expect(runningAverages(grades, algebra.id, periodWindow(q2, range)).map((p) => p.average)).toEqual([5]);
    expect(runningAverages(grades, algebra.id, yearWindow(range)).map((p) => p.average)).toEqual([2, 3.5]);
  });

  it('keeps the mark as the school wrote it', () => {
    const [point] = runningAverages(
      [grade('2026-11-10', 4, 1, { value: { raw: '4-', numeric: 4, scale: 'FIVE_POINT', fivePoint: 3.75 } })],
      algebra.id,
      year,
    );
    expect(point).toMatchObject({ raw: '4-', value: 3.75 });
  });

  it('is empty without marks', () => {
    expect(runningAverages([], algebra.id, year)).toEqual([]);
  });
});

describe('marksOf', () => {
  it('takes the five-point value and the weight', () => {
    expect(marksOf([grade('2026-11-10', 4, 2)])).toEqual([{ value: 4, weight: 2 }]);
  });
});

describe('windows', () => {
  it('the year is the dashboard’s grades window', () => {
    expect(yearWindow(range)).toEqual({ from: '2026-09-01', to: '2026-12-06' });
  });

  it('a period runs up to today at most', () => {
    expect(periodWindow(q2, range)).toEqual({ from: '2026-11-09', to: '2026-12-06' });
    expect(periodWindow(q1, range)).toEqual({ from: '2026-09-01', to: '2026-11-08' });
  });
});

describe('currentPeriod and periodOfSubject', () => {
  it('takes the period marked current', () => {
    expect(currentPeriod([q1, q2], '2026-12-06')).toBe(q2);
  });

  it('else the latest that has started, else the first', () => {
    const a = period('a', '2026-09-01', '2026-11-08');
    const b = period('b', '2026-11-09', '2027-01-10');
    const c = period('c', '2027-01-11', '2027-03-01');
    expect(currentPeriod([c, b, a], '2026-12-06')).toBe(b);
    expect(currentPeriod([c, b], '2026-10-01')).toBe(b);
    expect(currentPeriod([], '2026-10-01')).toBeNull();
  });

  it('a subject’s period is the one its average is for', () => {
    const student = { periods: [q1, q2], averages: [average(algebra, q1, 4)] };
    expect(periodOfSubject(student, algebra.id, '2026-12-06')).toBe(q1);
    expect(periodOfSubject(student, english.id, '2026-12-06')).toBe(q2);
  });
});

describe('subjectsOf', () => {
  it('lists each subject once, by Russian name, from averages and marks', () => {
    const list = subjectsOf(
      [average(english, q2, 4)],
      [grade('2026-11-10', 5), grade('2026-11-11', 4, 1, { subject: english })],
    );
    expect(list.map((item) => item.subject.name)).toEqual(['Алгебра', 'Английский язык']);
    expect(list.every((item) => !item.sameNameAsAnother)).toBe(true);
  });

  it('flags two diaries’ subjects of the same name', () => {
    const list = subjectsOf([average(english, q2, 4), average(englishEljur, q2, 5), average(algebra, q2, 4)], []);
    expect(list.map((item) => [item.subject.id, item.sameNameAsAnother])).toEqual([
      ['mesh:1', false],
      ['eljur:2', true],
      ['mesh:2', true],
    ]);
  });
});

describe('chartTimes', () => {
  it('puts each day at noon UTC and a day’s later marks an hour apart', () => {
    const noon = Date.UTC(2026, 10, 10, 12) / 1000;
    expect(chartTimes([{ date: '2026-11-10' }, { date: '2026-11-10' }, { date: '2026-11-11' }])).toEqual([
      noon,
      noon + 3600,
      noon + 24 * 3600,
    ]);
  });

  it('is strictly increasing for sorted days', () => {
    const times = chartTimes([
      { date: '2026-11-10' },
      { date: '2026-11-10' },
      { date: '2026-11-10' },
      { date: '2026-11-12' },
    ]);
    expect(times.every((time, index) => index === 0 || time > times[index - 1]!)).toBe(true);
  });
});
