import { describe, expect, it } from 'vitest';
import { gradeLabels, gradeTone, recentGrades, RECENT_DAYS } from '../../web/src/children/recent-grades.js';

const TODAY = '2026-12-07';
const mark = (id: string, date: string, createdAt: string | null = null) => ({ id, date, createdAt });

const plain = { weight: 1, isExam: false, isPoint: false, pointDeadline: null, countsTowardAverage: true };

describe('recentGrades', () => {
  it('keeps the last 14 days, today included, and nothing after today', () => {
    expect(RECENT_DAYS).toBe(14);
    const grades = [
      mark('too old', '2026-11-23'),
      mark('first day', '2026-11-24'),
      mark('today', '2026-12-07'),
      mark('tomorrow', '2026-12-08'),
    ];
    expect(recentGrades(grades, TODAY).map((grade) => grade.id)).toEqual(['today', 'first day']);
  });

  it('puts the newest lesson day first', () => {
    const grades = [mark('a', '2026-12-01'), mark('b', '2026-12-04'), mark('c', '2026-12-02')];
    expect(recentGrades(grades, TODAY).map((grade) => grade.id)).toEqual(['b', 'c', 'a']);
  });

  it('orders one day by when the marks were entered, newest first', () => {
    const grades = [
      mark('morning', '2026-12-04', '2026-12-04T09:00:00+03:00'),
      mark('evening', '2026-12-04', '2026-12-04T17:00:00+03:00'),
      // 12:00 in Samara is 11:00 in Moscow: between the two.
      mark('noon', '2026-12-04', '2026-12-04T12:00:00+04:00'),
    ];
    expect(recentGrades(grades, TODAY).map((grade) => grade.id)).toEqual(['evening', 'noon', 'morning']);
  });

  it("reverses the gateway's oldest-first order where entry times are unknown", () => {
    const grades = [mark('first', '2026-12-04'), mark('second', '2026-12-04', '2026-12-04T09:00:00+03:00')];
    expect(recentGrades(grades, TODAY).map((grade) => grade.id)).toEqual(['second', 'first']);
  });

  it('takes another window when asked', () => {
    expect(recentGrades([mark('a', '2026-12-06'), mark('b', '2026-12-05')], TODAY, 2).map((g) => g.id)).toEqual(['a']);
  });
});

describe('gradeLabels', () => {
  it('has none for an ordinary mark', () => {
    expect(gradeLabels(plain, 'ru')).toEqual([]);
  });

  it('writes a weight other than 1 as ×N, in the locale', () => {
    expect(gradeLabels({ ...plain, weight: 2 }, 'ru')).toEqual([{ kind: 'weight', text: '×2' }]);
    expect(gradeLabels({ ...plain, weight: 1.5 }, 'ru')).toEqual([{ kind: 'weight', text: '×1,5' }]);
    expect(gradeLabels({ ...plain, weight: 1.5 }, 'en')).toEqual([{ kind: 'weight', text: '×1.5' }]);
  });

  it('says «контрольная» for an exam', () => {
    expect(gradeLabels({ ...plain, isExam: true, weight: 5 }, 'ru')).toEqual([
      { kind: 'weight', text: '×5' },
      { kind: 'exam', text: 'контрольная' },
    ]);
    expect(gradeLabels({ ...plain, isExam: true }, 'en')).toEqual([{ kind: 'exam', text: 'exam' }]);
  });

  it('says «точка» and the debt deadline for a point mark, not also that it does not count', () => {
    const point = { ...plain, isPoint: true, pointDeadline: '2026-12-12', countsTowardAverage: false };
    expect(gradeLabels(point, 'ru')).toEqual([
      { kind: 'point', text: 'точка' },
      { kind: 'debt', text: 'долг до 12.12' },
    ]);
    expect(gradeLabels(point, 'en').map((label) => label.text)).toEqual(['point mark', 'debt due 12.12']);
    expect(gradeLabels({ ...point, pointDeadline: null }, 'ru')).toEqual([{ kind: 'point', text: 'точка' }]);
  });

  it('says when another mark does not count toward the average', () => {
    expect(gradeLabels({ ...plain, countsTowardAverage: false }, 'ru')).toEqual([
      { kind: 'notCounted', text: 'не в среднем' },
    ]);
  });
});

describe('gradeTone', () => {
  it.each([
    [5, 'top'],
    [4.5, 'top'],
    [4, 'good'],
    [3.5, 'good'],
    [3, 'fair'],
    [2, 'low'],
    [null, 'plain'],
  ] as const)('%s is %s', (fivePoint, tone) => {
    expect(gradeTone(fivePoint)).toBe(tone);
  });
});
