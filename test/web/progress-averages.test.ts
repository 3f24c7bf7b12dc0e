import type { DashboardAverageFragment } from '@diary-gateway/client';
import { describe, expect, it } from 'vitest';
import { anyFinalGrade, averageRows, averagesDiffer, periodTitles } from '../../web/src/progress/averages.js';

const q2 = { id: 'mesh:q2', title: '2 четверть', start: '2026-11-09', end: '2027-01-10', isCurrent: true };
const t2 = { id: 'eljur:t2', title: '2 триместр', start: '2026-12-01', end: '2027-02-28', isCurrent: true };

function row(
  id: string,
  name: string,
  average: number | null,
  providerAverage: number | null,
  period = q2,
): DashboardAverageFragment {
  return {
    subject: { id, name, provider: id.startsWith('eljur') ? 'ELJUR' : 'MESH' },
    period,
    average,
    providerAverage,
    finalGrade: null,
    trend: null,
    gradeCount: 3,
  };
}

describe('averagesDiffer', () => {
  it.each([
    [4.5, 3.25, true],
    [4.5, 4.5, false],
    [4.33, 4.333, false],
    [4.33, 4.336, true],
    [null, 4.5, false],
    [4.5, null, false],
  ])('%s and %s: %s', (gateway, diary, expected) => {
    expect(averagesDiffer(gateway, diary)).toBe(expected);
  });
});

describe('averageRows', () => {
  it('flags a differing diary figure', () => {
    const [algebra, english] = averageRows([row('mesh:1', 'Алгебра', 4.5, 3.25), row('mesh:2', 'Английский', 4, 4)]);
    expect(algebra?.differs).toBe(true);
    expect(english?.differs).toBe(false);
  });

  it('names the diary only for subjects of the same name', () => {
    const rows = averageRows([
      row('mesh:2', 'Английский язык', 4, 4),
      row('eljur:2', 'Английский язык', 5, 5),
      row('mesh:1', 'Алгебра', 4, 4),
    ]);
    expect(rows.map((item) => item.nameTheDiary)).toEqual([true, true, false]);
  });

  it('names the period only when the rows are of different ones', () => {
    expect(
      averageRows([row('mesh:1', 'Алгебра', 4, 4), row('mesh:2', 'Физика', 4, 4)]).some((r) => r.nameThePeriod),
    ).toBe(false);
    expect(
      averageRows([row('mesh:1', 'Алгебра', 4, 4), row('eljur:2', 'Физика', 4, 4, t2)]).every((r) => r.nameThePeriod),
    ).toBe(true);
  });
});

describe('periodTitles', () => {
  it('lists each period once', () => {
    expect(periodTitles([row('mesh:1', 'А', 4, 4), row('mesh:2', 'Б', 4, 4), row('eljur:2', 'В', 4, 4, t2)])).toEqual([
      '2 четверть',
      '2 триместр',
    ]);
  });
});

describe('anyFinalGrade', () => {
  it('is true once one subject has its period mark', () => {
    const none = [row('mesh:1', 'Алгебра', 4.5, 4.5), row('mesh:2', 'Физика', 4, 4)];
    expect(anyFinalGrade(none)).toBe(false);
    expect(anyFinalGrade([...none, { ...row('mesh:3', 'Химия', 5, 5), finalGrade: { raw: '5', fivePoint: 5 } }])).toBe(
      true,
    );
    expect(anyFinalGrade([])).toBe(false);
  });
});
