import { describe, expect, it } from 'vitest';
import type { AcademicPeriod, Grade, ProviderSubjectAverage } from '../../../src/domain/model.js';
import { currentPeriod } from '../../../src/domain/periods.js';
import { combine, gradedDays, weightedAverage } from '../../../src/graphql/resolvers/averages.js';

const algebra = { id: 'mesh:1', name: 'Алгебра', provider: 'MESH' as const };
const physics = { id: 'mesh:2', name: 'Физика', provider: 'MESH' as const };

function grade(fivePoint: number | null, weight: number, overrides: Partial<Grade> = {}): Grade {
  return {
    id: `g${Math.random()}`,
    subject: algebra,
    date: '2026-11-02',
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
    ...overrides,
  };
}

const period = (id: string, start: string, end: string, isCurrent = false): AcademicPeriod => ({
  id,
  title: id,
  start,
  end,
  isCurrent,
  provider: 'MESH',
});

describe('weightedAverage', () => {
  it.each([
    ['no marks', [], null, 0],
    ['equal weights', [grade(5, 1), grade(4, 1)], 4.5, 2],
    ['a weight-3 test pulls harder', [grade(5, 1), grade(3, 3)], 3.5, 2],
    ['rounded to two decimals', [grade(5, 1), grade(4, 1), grade(4, 1)], 4.33, 3],
    ['point marks do not count', [grade(5, 1), grade(2, 1, { isPoint: true, countsTowardAverage: false })], 5, 1],
    ['marks without a five-point value do not count', [grade(4, 1), grade(null, 1)], 4, 1],
    ['a zero weight does not count', [grade(4, 1), grade(2, 0)], 4, 1],
  ])('should average %s', (_name, grades, average, count) => {
    expect(weightedAverage(grades)).toEqual({ average, count });
  });
});

describe('currentPeriod', () => {
  const periods = [period('q2', '2026-11-10', '2026-12-28'), period('q1', '2026-09-01', '2026-10-26')];

  it('should prefer the period the adapter marks current', () => {
    expect(currentPeriod([...periods, period('q3', '2027-01-09', '2027-03-20', true)], '2026-11-23')?.id).toBe('q3');
  });

  it('should take the latest started period in a vacation', () => {
    expect(currentPeriod(periods, '2026-11-03')?.id).toBe('q1');
  });

  it('should take the first period before the year starts, and none of none', () => {
    expect(currentPeriod(periods, '2026-08-20')?.id).toBe('q1');
    expect(currentPeriod([], '2026-08-20')).toBeUndefined();
  });
});

describe('combine', () => {
  it('should join the diary figures with the gateway average per subject, including subjects only one side knows', () => {
    const q2 = { ...period('q2', '2026-11-10', '2026-12-28', true), enrollments: [] };
    const provided: ProviderSubjectAverage[] = [
      { subject: physics, periodId: 'q2', providerAverage: 4.2, finalGrade: null, trend: 'UP' },
    ];
    const result = combine(q2, provided, [grade(5, 2), grade(4, 1)]);
    expect(result).toEqual([
      {
        subject: physics,
        period: q2,
        average: null,
        gradeCount: 0,
        providerAverage: 4.2,
        finalGrade: null,
        trend: 'UP',
      },
      {
        subject: algebra,
        period: q2,
        average: 4.67,
        gradeCount: 2,
        providerAverage: null,
        finalGrade: null,
        trend: null,
      },
    ]);
  });
});

describe('gradedDays', () => {
  const term: AcademicPeriod = {
    id: 'mesh:2026-11-09_2027-01-10',
    title: '2 триместр',
    start: '2026-11-09',
    end: '2027-01-10',
    isCurrent: true,
    provider: 'MESH',
  };

  it('ends a period that is not over at today: no grade exists for a lesson not yet held', () => {
    expect(gradedDays(term, '2026-11-23')).toEqual({ from: '2026-11-09', to: '2026-11-23' });
  });

  it('keeps an ended period whole, and a period starting today as today', () => {
    expect(gradedDays(term, '2027-02-01')).toEqual({ from: '2026-11-09', to: '2027-01-10' });
    expect(gradedDays(term, '2026-11-09')).toEqual({ from: '2026-11-09', to: '2026-11-09' });
  });

  it('gives no days for a period that has not started', () => {
    expect(gradedDays(term, '2026-11-08')).toBeNull();
  });
});
