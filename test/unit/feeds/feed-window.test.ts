/** The days a calendar feed shows: counted in the school's zone, read in ranges the loaders accept. */
import { describe, expect, it } from 'vitest';
import { daysBetween, addDays } from '../../../src/domain/dates.js';
import {
  FEED_DAYS_AHEAD,
  FEED_DAYS_BACK,
  feedWindow,
  MAX_SCHEDULE_RANGE_DAYS,
  splitRange,
} from '../../../src/feeds/feed-window.js';

describe('feedWindow', () => {
  // 20:30 UTC on the 22nd: still the 22nd in Moscow (23:30), already the 23rd in Yekaterinburg (01:30).
  const evening = new Date('2026-11-22T20:30:00Z');

  it.each([
    ['Europe/Moscow', '2026-11-22'],
    ['Asia/Yekaterinburg', '2026-11-23'],
  ])('should count today in the school’s zone (%s)', (timeZone, today) => {
    const window = feedWindow(evening, timeZone);
    expect(window.today).toBe(today);
    expect(window.shown).toEqual({ from: addDays(today, -FEED_DAYS_BACK), to: addDays(today, FEED_DAYS_AHEAD) });
  });

  it('should read lessons in consecutive ranges of at most 62 days that cover the window exactly', () => {
    const { shown, lessonRanges } = feedWindow(evening, 'Europe/Moscow');
    expect(lessonRanges[0]!.from).toBe(shown.from);
    expect(lessonRanges.at(-1)!.to).toBe(shown.to);
    for (const [index, range] of lessonRanges.entries()) {
      expect(daysBetween(range.from, range.to) + 1).toBeLessThanOrEqual(MAX_SCHEDULE_RANGE_DAYS);
      if (index > 0) expect(range.from).toBe(addDays(lessonRanges[index - 1]!.to, 1));
    }
    expect(lessonRanges.length).toBeGreaterThan(1);
  });

  it('should read days off over whole months, so the range (and its cache entry) moves only monthly', () => {
    expect(feedWindow(evening, 'Europe/Moscow').daysOffRange).toEqual({ from: '2026-11-01', to: '2027-01-31' });
    expect(feedWindow(new Date('2026-11-25T09:00:00Z'), 'Europe/Moscow').daysOffRange).toEqual({
      from: '2026-11-01',
      to: '2027-01-31',
    });
  });
});

describe('splitRange', () => {
  it.each([
    [{ from: '2026-01-01', to: '2026-01-01' }, 62, [{ from: '2026-01-01', to: '2026-01-01' }]],
    [
      { from: '2026-01-01', to: '2026-03-04' },
      62,
      [
        { from: '2026-01-01', to: '2026-03-03' },
        { from: '2026-03-04', to: '2026-03-04' },
      ],
    ],
    [
      { from: '2026-01-01', to: '2026-01-10' },
      5,
      [
        { from: '2026-01-01', to: '2026-01-05' },
        { from: '2026-01-06', to: '2026-01-10' },
      ],
    ],
  ])('should cut %j into ranges of at most %i days', (range, maxDays, pieces) => {
    expect(splitRange(range, maxDays)).toEqual(pieces);
  });
});
