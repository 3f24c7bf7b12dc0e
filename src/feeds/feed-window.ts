/**
 * Which days a calendar feed shows: two weeks back (what a phone still shows of the recent past) to eight
 * weeks ahead (the rest of a term), counted in the school's own time zone, and the ranges it is read in.
 */
import { endOfMonth, startOfMonth } from '../domain/calendar-months.js';
import { addDays, daysBetween, dateInZone } from '../domain/dates.js';
import type { DateRange } from '../domain/model.js';

/** Days before today a feed shows. */
export const FEED_DAYS_BACK = 14;
/** Days after today a feed shows: eight weeks. */
export const FEED_DAYS_AHEAD = 56;
/**
 * The longest schedule range read at once: the schedule's own limit (`Student.schedule`, 62 days), which
 * the feed keeps too, though the loaders go upstream a calendar month at a time anyway.
 */
export const MAX_SCHEDULE_RANGE_DAYS = 62;

/** The days of one fetch of a feed. */
export interface FeedWindow {
  /** Today at the school. */
  today: string;
  /** The first and last day shown (inclusive). */
  shown: DateRange;
  /** `shown`, cut into ranges of at most {@link MAX_SCHEDULE_RANGE_DAYS} days, for the lessons. */
  lessonRanges: DateRange[];
  /**
   * The range days off are read over: `shown` widened to whole months. Non-school days are cached by the
   * exact range asked, so a range that moves only at a month's turn is read from the cache for weeks,
   * where one that moved every day would ask the diary anew each morning.
   */
  daysOffRange: DateRange;
}

/** The window of a fetch at `now`, for a school in `timeZone`. */
export function feedWindow(now: Date, timeZone: string): FeedWindow {
  const today = dateInZone(now, timeZone);
  const shown = { from: addDays(today, -FEED_DAYS_BACK), to: addDays(today, FEED_DAYS_AHEAD) };
  return {
    today,
    shown,
    lessonRanges: splitRange(shown, MAX_SCHEDULE_RANGE_DAYS),
    daysOffRange: { from: startOfMonth(shown.from), to: endOfMonth(shown.to) },
  };
}

/** `range` cut into consecutive ranges of at most `maxDays` days each. */
export function splitRange(range: DateRange, maxDays: number): DateRange[] {
  const pieces: DateRange[] = [];
  for (let from = range.from; daysBetween(from, range.to) >= 0; from = addDays(from, maxDays)) {
    const to = addDays(from, maxDays - 1);
    pieces.push({ from, to: to < range.to ? to : range.to });
  }
  return pieces;
}
