/**
 * Date ranges for Dnevnik.ru's range routes. None of them paginates (providers.md §1.3), so a long range
 * is asked for in month-sized pieces: a year of marks or schedules in one answer is slow to build and
 * large to read, and calendar-month pieces make the same memo keys for overlapping ranges of a request.
 */
import { monthsWithin } from '../../src/domain/calendar-months.js';
import { daysBetween } from '../../src/domain/dates.js';
import type { DateRange } from '../../src/domain/model.js';

/** Ranges up to this many days go in one call. */
export const MAX_SINGLE_CALL_DAYS = 31;

/**
 * Splits an inclusive range into the pieces to request: the range itself when it spans at most
 * {@link MAX_SINGLE_CALL_DAYS} days, else one piece per calendar month, clipped to the range.
 *
 * @example
 * monthChunks({ from: '2026-09-15', to: '2026-11-03' });
 * // [{ from: '2026-09-15', to: '2026-09-30' }, { from: '2026-10-01', to: '2026-10-31' }, { from: '2026-11-01', to: '2026-11-03' }]
 */
export function monthChunks(range: DateRange): DateRange[] {
  if (daysBetween(range.from, range.to) < MAX_SINGLE_CALL_DAYS) return [{ ...range }];
  return monthsWithin(range);
}

/** Concatenates lists and keeps the first item of each id: pieces of a range may overlap at their edges. */
export function uniqueById<T>(lists: readonly (readonly T[])[], idOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  const unique: T[] = [];
  for (const item of lists.flat()) {
    const id = idOf(item);
    if (seen.has(id)) continue;
    seen.add(id);
    unique.push(item);
  }
  return unique;
}
