/**
 * Which `getmarks` calls serve grades or attendance over a range. Eljur's averages and the subjects need
 * `getmarks` over each whole started period (the diary's `average` is over the asked days), so grades
 * and attendance are read in the same pieces: a range is served by the whole periods it overlaps, each
 * the very call the averages make (same days, so one request makes it once), and cut to the range. Days
 * outside every started period (the summer, a holiday between two periods, or every day when
 * `getperiods` failed) are read as their own piece, so the marks never depend on the periods.
 *
 * Any set of pieces that covers the range gives the same marks: the periods only choose how the range is
 * cut. So periods that are out of date, drifted or missing cost calls, never marks.
 */
import { addDays } from '../../src/domain/dates.js';
import type { DateRange } from '../../src/domain/model.js';

/** One `getmarks` call and the days of the asked range its marks are taken for. */
export interface MarksPiece {
  /** The days asked of Eljur: a whole started period, a whole gap between two, or days of the range. */
  call: DateRange;
  /** The days of the range this piece answers for: within `call`, and no two pieces share a day. */
  days: DateRange;
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** The period covering `day` that reaches furthest, read whole. */
function periodPiece(day: string, range: DateRange, covering: readonly DateRange[]): MarksPiece {
  const widest = covering.reduce((a, b) => (b.to > a.to ? b : a));
  return { call: { from: widest.from, to: widest.to }, days: { from: day, to: earlier(widest.to, range.to) } };
}

/**
 * The days around `day`, which no period covers, up to the neighbouring periods. Between two periods
 * (a holiday) the whole gap is one call, so the months on either side share it; open on one side (before
 * the first period, after the last, or with no periods at all), the call keeps to the range, as a month
 * call always did.
 */
function gapPiece(day: string, range: DateRange, periods: readonly DateRange[]): MarksPiece {
  const before = periods.filter((period) => period.to < day).map((period) => period.to);
  const after = periods.filter((period) => period.from > day).map((period) => period.from);
  const gapFrom = before.length > 0 ? addDays(before.reduce(later), 1) : null;
  const gapTo = after.length > 0 ? addDays(after.reduce(earlier), -1) : null;
  const days = { from: day, to: gapTo === null ? range.to : earlier(gapTo, range.to) };
  const call = gapFrom !== null && gapTo !== null ? { from: gapFrom, to: gapTo } : days;
  return { call, days };
}

/**
 * The pieces that read `range` given the started periods, in date order. Every day of the range belongs
 * to exactly one piece: a day inside periods goes to the one reaching furthest (periods may overlap, a
 * half-year over its quarters), so fewer calls cover the range and no mark is read for it twice.
 *
 * @example
 * marksPieces({ from: '2026-11-01', to: '2026-11-30' }, [
 *   { from: '2026-09-01', to: '2026-10-24' },
 *   { from: '2026-11-05', to: '2026-12-28' },
 * ]);
 * // [{ call: 2026-10-25…2026-11-04, days: 2026-11-01…2026-11-04 }, { call: 2026-11-05…2026-12-28, days: 2026-11-05…2026-11-30 }]
 */
export function marksPieces(range: DateRange, started: readonly DateRange[]): MarksPiece[] {
  const periods = started.filter((period) => period.from <= period.to);
  const pieces: MarksPiece[] = [];
  for (let day = range.from; day <= range.to;) {
    const covering = periods.filter((period) => period.from <= day && day <= period.to);
    const piece = covering.length > 0 ? periodPiece(day, range, covering) : gapPiece(day, range, periods);
    pieces.push(piece);
    day = addDays(piece.days.to, 1);
  }
  return pieces;
}
