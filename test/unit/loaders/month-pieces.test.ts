import { describe, expect, it } from 'vitest';
import { calendarMonths, endOfMonth, monthsWithin } from '../../../src/domain/calendar-months.js';
import { mergeMonths, type MonthPiece } from '../../../src/loaders/month-pieces.js';
import { ProviderUnavailableError } from '../../../src/errors/gateway-error.js';

describe('calendarMonths', () => {
  it.each([
    [{ from: '2026-11-23', to: '2026-11-23' }, [['2026-11-01', '2026-11-30']]],
    [
      { from: '2026-09-15', to: '2026-10-03' },
      [
        ['2026-09-01', '2026-09-30'],
        ['2026-10-01', '2026-10-31'],
      ],
    ],
    [
      { from: '2026-12-20', to: '2027-02-02' },
      [
        ['2026-12-01', '2026-12-31'],
        ['2027-01-01', '2027-01-31'],
        ['2027-02-01', '2027-02-28'],
      ],
    ],
    [{ from: '2028-02-29', to: '2028-02-29' }, [['2028-02-01', '2028-02-29']]],
  ])('%j → whole months %j', (range, expected) => {
    expect(calendarMonths(range).map((month) => [month.from, month.to])).toEqual(expected);
  });

  it('gives overlapping ranges the same pieces wherever they start', () => {
    const recent = calendarMonths({ from: '2026-11-10', to: '2026-11-23' });
    const period = calendarMonths({ from: '2026-11-01', to: '2026-12-27' });
    expect(period).toContainEqual(recent[0]);
  });

  it('knows month lengths', () => {
    expect(['2026-01-15', '2026-02-01', '2026-04-30', '2026-12-31'].map(endOfMonth)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-04-30',
      '2026-12-31',
    ]);
  });
});

describe('monthsWithin', () => {
  it('should clip the calendar months to the range, across a year end and a leap February', () => {
    expect(monthsWithin({ from: '2027-12-15', to: '2028-03-03' })).toEqual([
      { from: '2027-12-15', to: '2027-12-31' },
      { from: '2028-01-01', to: '2028-01-31' },
      { from: '2028-02-01', to: '2028-02-29' },
      { from: '2028-03-01', to: '2028-03-03' },
    ]);
    expect(monthsWithin({ from: '2026-11-05', to: '2026-11-05' })).toEqual([{ from: '2026-11-05', to: '2026-11-05' }]);
  });
});

describe('mergeMonths', () => {
  const piece = (dates: string[], extra: Partial<MonthPiece<{ date: string }>> = {}): MonthPiece<{ date: string }> => ({
    value: dates.map((date) => ({ date })),
    fetchedAt: 1000,
    isStale: false,
    staleBecause: null,
    drift: [],
    ...extra,
  });

  it('keeps only the asked range, in month order', () => {
    const merged = mergeMonths(
      [piece(['2026-10-02', '2026-10-30']), piece(['2026-11-01', '2026-11-20'])],
      { from: '2026-10-24', to: '2026-11-10' },
      (item) => item.date,
    );
    expect(merged.value.map((item) => item.date)).toEqual(['2026-10-30', '2026-11-01']);
  });

  it('is as old and as stale as its oldest, stale month, and reports each drift once', () => {
    const failure = new ProviderUnavailableError('MESH', 'down');
    const drift = { provider: 'MESH', route: 'marks', path: 'payload[].value' } as never;
    const merged = mergeMonths(
      [
        piece([], { fetchedAt: 500, drift: [drift] }),
        piece([], { isStale: true, staleBecause: failure, drift: [drift] }),
      ],
      { from: '2026-10-01', to: '2026-11-30' },
      (item) => item.date,
    );
    expect(merged).toMatchObject({ fetchedAt: 500, isStale: true, staleBecause: failure });
    expect(merged.drift).toHaveLength(1);
  });
});
