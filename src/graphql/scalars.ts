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

/** `YYYY-MM-DD`, school-local. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: checkDate,
  parseValue: checkDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Date must be a string written YYYY-MM-DD.');
    return checkDate(ast.value);
  },
});

/** ISO 8601 with offset. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: checkDateTime,
  parseValue: checkDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be an ISO 8601 string with an offset.');
    return checkDateTime(ast.value);
  },
});
