/**
 * The marks of a date range (for grades and attendance), read in the pieces of `mark-pieces.ts`: whole
 * started periods, shared with the averages and subjects, which read the same calls in the same request.
 *
 * The periods come from the dates remembered between requests when there are some, else from this
 * request's `getperiods`. A failed or unreadable `getperiods` costs the marks nothing: with no periods,
 * each range is one call over its own days, as before periods were used. Its drift is not reported on
 * the marks either, since they lost nothing by it (the periods and averages built from it report it).
 */
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import { isWithin } from '../../src/domain/dates.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { marksPieces } from './mark-pieces.js';
import type { SubjectMarksReading } from './normalize-grades.js';
import type { PeriodBounds } from './period-bounds.js';
import { structureOf } from '../../src/upstream/structure.js';

/** Where the marks of a range come from: the adapter's memoised calls. */
export interface RangeMarksSources {
  /** `getmarks` over exactly `days`, read (once per request for the same days). */
  marks(
    account: ProviderAccount,
    student: ProviderStudent,
    days: DateRange,
    scope: UpstreamScope,
  ): Promise<SubjectMarksReading[]>;
  /** The started periods' dates from `getperiods` (once per request); remembers them in `bounds`. */
  startedPeriods(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope): Promise<DateRange[]>;
  /** Dates remembered between requests. */
  bounds: PeriodBounds;
  /** The key of a child in `bounds`. */
  boundsKey(account: ProviderAccount, student: ProviderStudent): string;
}

/** The marks of a range: every subject's grades and attendance on the range's days. */
export type RangeMarks = (
  account: ProviderAccount,
  student: ProviderStudent,
  range: DateRange,
  scope: UpstreamScope,
) => Promise<SubjectMarksReading[]>;

/** The same scope without drift reports: a periods answer only chooses the pieces, it feeds no data. */
function unreported(scope: UpstreamScope): UpstreamScope {
  return {
    signal: scope.signal,
    once: (key, load) => scope.once(key, load),
    ...structureOf(scope),
  };
}

/** A reading cut to `days`. Its average is over the call's days, not the range's: left out. */
function cut(reading: SubjectMarksReading, days: DateRange): SubjectMarksReading {
  return {
    subject: reading.subject,
    providerAverage: null,
    grades: reading.grades.filter((grade) => isWithin(grade.date, days.from, days.to)),
    attendance: reading.attendance.filter((mark) => isWithin(mark.date, days.from, days.to)),
  };
}

/** Creates the reader of a range's marks over the adapter's calls. */
export function createRangeMarks(sources: RangeMarksSources): RangeMarks {
  async function started(account: ProviderAccount, student: ProviderStudent, scope: UpstreamScope) {
    const remembered = sources.bounds.get(sources.boundsKey(account, student));
    if (remembered !== undefined) return remembered;
    try {
      return await sources.startedPeriods(account, student, unreported(scope));
    } catch (error) {
      // Any diary failure (down, unreadable, refused): the pieces fall back to the range's own days, and
      // the marks call meets the same failure if it was the diary's, not only this route's.
      if (error instanceof GatewayError) return [];
      throw error;
    }
  }

  return async (account, student, range, scope) => {
    const pieces = marksPieces(range, await started(account, student, scope));
    const answers = await Promise.all(
      pieces.map(async (piece) =>
        (await sources.marks(account, student, piece.call, scope)).map((reading) => cut(reading, piece.days)),
      ),
    );
    return answers.flat();
  };
}
