/** The `Date` and `DateTime` scalars: strict on input, so a bad date is a clear `BAD_USER_INPUT`. */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isIsoDate } from '../domain/dates.js';

const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Longer than any date or instant; a longer value is not repeated in the error (the answer stays small). */
const MAX_QUOTED_LENGTH = 64;

/** The wrong value as the message shows it: quoted when short, else only its length. */
function shown(value: unknown): string {
  const quoted = JSON.stringify(value) ?? String(value);
  return quoted.length <= MAX_QUOTED_LENGTH ? quoted : `a value of ${quoted.length} characters`;
}

function checkDate(value: unknown): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw badInput(`Date must be a calendar date written YYYY-MM-DD, such as "2026-09-01"; got ${shown(value)}.`);
}

function checkDateTime(value: unknown): string {
  if (typeof value === 'string' && DATE_TIME_PATTERN.test(value) && isIsoDate(value.slice(0, 10))) return value;
  throw badInput(`DateTime must be ISO 8601 with an offset, such as "2026-09-01T08:30:00+03:00"; got ${shown(value)}.`);
}

/** A string scalar whose every value, in and out, passes `check`; a non-string literal is refused with `literalError`. */
function stringScalar(name: string, check: (value: unknown) => string, literalError: string): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    serialize: check,
    parseValue: check,
    parseLiteral(ast) {
      if (ast.kind !== Kind.STRING) throw badInput(literalError);
      return check(ast.value);
    },
  });
}

/** `YYYY-MM-DD`, school-local. */
export const DateScalar = stringScalar('Date', checkDate, 'Date must be a string written YYYY-MM-DD.');

/** ISO 8601 with offset. */
export const DateTimeScalar = stringScalar(
  'DateTime',
  checkDateTime,
  'DateTime must be an ISO 8601 string with an offset.',
);
