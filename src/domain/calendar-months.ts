/**
 * The one place that splits date ranges into calendar months. The request loaders ask every diary for
 * whole calendar months and cut the answer to the range a field asked for: overlapping ranges of one
 * query (recent grades and the current period, say) then name the same pieces, so they share one
 * upstream call and one cache entry per month instead of fetching the same month twice.
 */
import { addDays } from './dates.js';
import type { DateRange } from './model.js';

/** The first day of the month `date` (YYYY-MM-DD) lies in. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The last day of the month `date` (YYYY-MM-DD) lies in. */
export function endOfMonth(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const firstOfNext = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return addDays(firstOfNext, -1);
}

/**
 * The whole calendar months an inclusive range touches, in order. Not clipped to the range: the pieces
 * must not depend on where a range starts, or two overlapping ranges would again name different pieces.
 *
 * @example
 * calendarMonths({ from: '2026-09-15', to: '2026-10-03' });
 * // [{ from: '2026-09-01', to: '2026-09-30' }, { from: '2026-10-01', to: '2026-10-31' }]
 */
export function calendarMonths(range: DateRange): DateRange[] {
  const months: DateRange[] = [];
  for (let from = startOfMonth(range.from); from <= range.to; from = addDays(endOfMonth(from), 1)) {
    months.push({ from, to: endOfMonth(from) });
  }
  return months;
}

/**
 * The calendar months an inclusive range touches, each clipped to the range: for diaries that must not
 * be asked beyond it (a month at a time at most, as the loaders' whole-month pieces already are).
 *
 * @example
 * monthsWithin({ from: '2026-09-15', to: '2026-10-03' });
 * // [{ from: '2026-09-15', to: '2026-09-30' }, { from: '2026-10-01', to: '2026-10-03' }]
 */
export function monthsWithin(range: DateRange): DateRange[] {
  return calendarMonths(range).map((month) => ({
    from: month.from < range.from ? range.from : month.from,
    to: month.to > range.to ? range.to : month.to,
  }));
}
