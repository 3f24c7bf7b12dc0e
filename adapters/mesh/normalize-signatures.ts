/**
 * «Ознакомлен с дневником»: the weeks a range covers (Mondays), and МЭШ's signed weeks
 * (`ej/core/family/v1/aware_journals`) → the port's week signatures. МЭШ keeps a record per signed week; a
 * week without one is a week nobody signed, so every week of the range is answered, signed or not.
 */
import { addDays, isIsoDate, isoWeekday, readDate } from '../../src/domain/dates.js';
import type { ProviderWeekSignature } from '../../src/domain/messaging.js';
import type { DateRange } from '../../src/domain/model.js';
import { BadUserInputError } from '../../src/errors/gateway-error.js';
import { readInstant } from './normalize-common.js';
import type { AwareJournal } from './payloads-messaging.js';

/** Most weeks one read covers: the schema's 26, with room for a range that starts and ends mid-week. */
export const MAX_SIGNATURE_WEEKS = 28;

/** The Monday of the week `date` (`YYYY-MM-DD`) falls in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * The Mondays of the weeks an inclusive range overlaps.
 *
 * @throws {BadUserInputError} when a bound is not a `YYYY-MM-DD` date, `from` is after `to`, or the range
 * covers more than {@link MAX_SIGNATURE_WEEKS} weeks.
 */
export function weeksOf(range: DateRange): string[] {
  if (!isIsoDate(range.from)) throw new BadUserInputError('`from` must be a date written YYYY-MM-DD.', 'from');
  if (!isIsoDate(range.to)) throw new BadUserInputError('`to` must be a date written YYYY-MM-DD.', 'to');
  if (range.from > range.to) throw new BadUserInputError('`to` must not be before `from`.', 'to');
  const weeks: string[] = [];
  for (let monday = mondayOf(range.from); monday <= range.to; monday = addDays(monday, 7)) {
    if (weeks.length === MAX_SIGNATURE_WEEKS)
      throw new BadUserInputError(`A range may cover at most ${MAX_SIGNATURE_WEEKS} weeks.`, 'to');
    weeks.push(monday);
  }
  return weeks;
}

/** When a record says the week was signed: `created_at`, else `updated_at`, in the school's zone. */
function signedAtOf(record: AwareJournal, timeZone: string): string | null {
  return readInstant(record.created_at, timeZone) ?? readInstant(record.updated_at, timeZone);
}

/**
 * Each of `weeks` (Mondays) signed or not for the child `studentId`: a week is signed when a record of
 * that child names any day of it (a record naming another child is not this child's, one naming none is
 * taken as this child's, since only this child was asked for). Of two records of one week, the earlier
 * signing time is kept.
 */
export function normalizeWeekSignatures(
  records: readonly AwareJournal[],
  studentId: string,
  weeks: readonly string[],
  timeZone: string,
): ProviderWeekSignature[] {
  const signed = new Map<string, string | null>();
  for (const record of records) {
    if (record.student_profile_id != null && String(record.student_profile_id) !== studentId) continue;
    const day = readDate(record.week);
    if (day === null) continue;
    const week = mondayOf(day);
    const at = signedAtOf(record, timeZone);
    const earlier = signed.get(week);
    signed.set(week, earlier == null || (at !== null && Date.parse(at) < Date.parse(earlier)) ? at : earlier);
  }
  return weeks.map((weekStart) => ({
    weekStart,
    signed: signed.has(weekStart),
    signedAt: signed.get(weekStart) ?? null,
  }));
}
