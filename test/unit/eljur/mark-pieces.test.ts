/**
 * How the Eljur adapter cuts a range of grades into `getmarks` calls (`adapters/eljur/mark-pieces.ts`)
 * and how long it remembers a child's period dates (`adapters/eljur/period-bounds.ts`).
 */
import { describe, expect, it } from 'vitest';
import { marksPieces, type MarksPiece } from '../../../adapters/eljur/mark-pieces.js';
import { createPeriodBounds } from '../../../adapters/eljur/period-bounds.js';
import { addDays } from '../../../src/domain/dates.js';
import type { DateRange } from '../../../src/domain/model.js';

const Q1 = { from: '2026-09-01', to: '2026-10-24' };
const Q2 = { from: '2026-11-05', to: '2026-12-28' };
const AUTUMN_GAP = { from: '2026-10-25', to: '2026-11-04' };

const piece = (call: DateRange, days: DateRange): MarksPiece => ({ call, days });

/** Every day of the range, each once, across the pieces' own days, and each inside its call. */
function daysOf(pieces: readonly MarksPiece[]): string[] {
  const days: string[] = [];
  for (const { call, days: own } of pieces) {
    expect(call.from <= own.from && own.to <= call.to).toBe(true);
    for (let day = own.from; day <= own.to; day = addDays(day, 1)) days.push(day);
  }
  return days;
}

function everyDay(range: DateRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

describe('marksPieces', () => {
  it('reads a month inside a started period as the whole period, the call the averages make', () => {
    expect(marksPieces({ from: '2026-12-01', to: '2026-12-28' }, [Q1, Q2])).toEqual([
      piece(Q2, { from: '2026-12-01', to: '2026-12-28' }),
    ]);
  });

  it('cuts a range crossing a period boundary at the boundary, each side its own period', () => {
    const tiled = [
      { from: '2026-09-01', to: '2026-11-08' },
      { from: '2026-11-09', to: '2027-01-10' },
    ];
    expect(marksPieces({ from: '2026-11-01', to: '2026-11-30' }, tiled)).toEqual([
      piece(tiled[0]!, { from: '2026-11-01', to: '2026-11-08' }),
      piece(tiled[1]!, { from: '2026-11-09', to: '2026-11-30' }),
    ]);
  });

  it('reads a holiday between two periods whole, so the months on both sides share the call', () => {
    expect(marksPieces({ from: '2026-10-01', to: '2026-10-31' }, [Q1, Q2])).toEqual([
      piece(Q1, { from: '2026-10-01', to: '2026-10-24' }),
      piece(AUTUMN_GAP, { from: '2026-10-25', to: '2026-10-31' }),
    ]);
    expect(marksPieces({ from: '2026-11-01', to: '2026-11-30' }, [Q1, Q2])).toEqual([
      piece(AUTUMN_GAP, { from: '2026-11-01', to: '2026-11-04' }),
      piece(Q2, { from: '2026-11-05', to: '2026-11-30' }),
    ]);
  });

  it('keeps days before the first or after the last period to the range, as the month call did', () => {
    expect(marksPieces({ from: '2026-08-01', to: '2026-09-30' }, [Q1, Q2])).toEqual([
      piece({ from: '2026-08-01', to: '2026-08-31' }, { from: '2026-08-01', to: '2026-08-31' }),
      piece(Q1, { from: '2026-09-01', to: '2026-09-30' }),
    ]);
    expect(marksPieces({ from: '2026-12-01', to: '2026-12-31' }, [Q1, Q2])).toEqual([
      piece(Q2, { from: '2026-12-01', to: '2026-12-28' }),
      piece({ from: '2026-12-29', to: '2026-12-31' }, { from: '2026-12-29', to: '2026-12-31' }),
    ]);
  });

  it('reads the range as one call over its own days when there are no periods (getperiods failed)', () => {
    const month = { from: '2026-11-01', to: '2026-11-30' };
    expect(marksPieces(month, [])).toEqual([piece(month, month)]);
  });

  it('gives each day to one period when periods overlap, the one reaching furthest', () => {
    const half = { from: '2026-09-01', to: '2026-12-28' };
    const pieces = marksPieces({ from: '2026-10-01', to: '2026-11-30' }, [Q1, half, Q2]);
    expect(pieces).toEqual([piece(half, { from: '2026-10-01', to: '2026-11-30' })]);
  });

  it('ignores a period whose dates are reversed', () => {
    const month = { from: '2026-11-01', to: '2026-11-30' };
    expect(marksPieces(month, [{ from: '2026-11-30', to: '2026-11-01' }])).toEqual([piece(month, month)]);
  });

  it.each([
    [{ from: '2026-08-20', to: '2027-01-15' }, [Q1, Q2]],
    [{ from: '2026-10-20', to: '2026-11-10' }, [Q2, Q1]],
    [{ from: '2026-11-04', to: '2026-11-05' }, [Q1, Q2]],
    [{ from: '2026-09-10', to: '2026-09-10' }, [Q1]],
    [{ from: '2026-10-01', to: '2026-12-31' }, [Q1, { from: '2026-09-01', to: '2026-12-28' }, Q2]],
  ])('covers every day of %j exactly once', (range, periods) => {
    expect(daysOf(marksPieces(range, periods))).toEqual(everyDay(range));
  });
});

describe('createPeriodBounds', () => {
  it('remembers a child’s started periods until they are older than the maximum age', () => {
    let now = 0;
    const bounds = createPeriodBounds({ now: () => now, maxAgeMs: 1000 });
    expect(bounds.get('account-1:42')).toBeUndefined();
    bounds.set('account-1:42', [Q1, Q2]);
    now = 1000;
    expect(bounds.get('account-1:42')).toEqual([Q1, Q2]);
    expect(bounds.get('account-2:42')).toBeUndefined();
    now = 1001;
    expect(bounds.get('account-1:42')).toBeUndefined();
  });

  it('forgets the least recently learnt child beyond the maximum number', () => {
    const bounds = createPeriodBounds({ now: () => 0, maxEntries: 2 });
    bounds.set('a', [Q1]);
    bounds.set('b', [Q1]);
    bounds.set('a', [Q2]);
    bounds.set('c', [Q1]);
    expect(bounds.get('b')).toBeUndefined();
    expect(bounds.get('a')).toEqual([Q2]);
    expect(bounds.get('c')).toEqual([Q1]);
  });
});
