/**
 * Joins the whole-month pieces of a ranged resource back into the answer for the range a field asked.
 */
import { isWithin } from '../domain/dates.js';
import type { DateRange, SchemaDrift, SideAnswerFailure } from '../domain/model.js';
import type { Served } from '../cache/upstream-cache.js';
import { mergeSideFailures } from '../upstream/side-answers.js';

/** A month's result with its drift (the shape the request loaders serve). */
export interface MonthPiece<T> extends Served<T[]> {
  drift: readonly SchemaDrift[];
  /** Side answers the month was built without; absent: none. */
  sideFailures?: readonly SideAnswerFailure[];
}

/**
 * The items of every month that fall inside `range`, in month order. The result is as old as its oldest
 * month and stale when any month is (with the first month's failure as the reason); each drift is kept
 * once, since one drifted field may show in several months, and so is each side route's failure.
 */
export function mergeMonths<T>(
  pieces: readonly MonthPiece<T>[],
  range: DateRange,
  dateOf: (item: T) => string,
): MonthPiece<T> & { sideFailures: readonly SideAnswerFailure[] } {
  const value = pieces.flatMap((piece) => piece.value.filter((item) => isWithin(dateOf(item), range.from, range.to)));
  const drift = new Map<string, SchemaDrift>();
  for (const piece of pieces) for (const each of piece.drift) drift.set(JSON.stringify(each), each);
  return {
    value,
    fetchedAt: pieces.length === 0 ? Date.now() : Math.min(...pieces.map((piece) => piece.fetchedAt)),
    isStale: pieces.some((piece) => piece.isStale),
    staleBecause: pieces.find((piece) => piece.staleBecause !== null)?.staleBecause ?? null,
    drift: [...drift.values()],
    sideFailures: mergeSideFailures(pieces.flatMap((piece) => piece.sideFailures ?? [])),
  };
}
