/** Validation of the `from`/`to` arguments of list fields. */
import { daysBetween } from '../../domain/dates.js';
import type { DateRange } from '../../domain/model.js';
import { BadUserInputError } from '../../errors/gateway-error.js';

/** Longest ranges served, in days (inclusive of both ends), per field. */
export const MAX_RANGE_DAYS = Object.freeze({ default: 366, schedule: 62 });

/** Checks that `to` is not before `from` and that the range is at most `maxDays` long. */
export function checkRange(from: string, to: string, maxDays: number = MAX_RANGE_DAYS.default): DateRange {
  const span = daysBetween(from, to) + 1;
  if (span < 1) throw new BadUserInputError(`\`to\` (${to}) is before \`from\` (${from}).`, 'to');
  if (span > maxDays) {
    throw new BadUserInputError(
      `The range ${from}…${to} spans ${span} days; at most ${maxDays} are served. Ask in smaller ranges.`,
      'to',
    );
  }
  return { from, to };
}
