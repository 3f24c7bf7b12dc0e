import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';
import { checkRange, MAX_RANGE_DAYS } from '../../../src/graphql/resolvers/ranges.js';
import { DateScalar, DateTimeScalar } from '../../../src/graphql/scalars.js';

describe('checkRange', () => {
  it('should accept a one-day range and the longest allowed one', () => {
    expect(checkRange('2026-09-01', '2026-09-01')).toEqual({ from: '2026-09-01', to: '2026-09-01' });
    expect(checkRange('2026-09-01', '2027-09-01')).toEqual({ from: '2026-09-01', to: '2027-09-01' });
  });

  it('should refuse `to` before `from`, naming the argument', () => {
    const error = (() => {
      try {
        checkRange('2026-09-02', '2026-09-01');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).toExtensions()).toEqual({ code: 'BAD_USER_INPUT', argument: 'to' });
    expect((error as Error).message).toBe('`to` (2026-09-01) is before `from` (2026-09-02).');
  });

  it('should refuse a range longer than the field allows, saying the limit', () => {
    expect(() => checkRange('2026-09-01', '2026-11-30', MAX_RANGE_DAYS.schedule)).toThrow(
      'The range 2026-09-01…2026-11-30 spans 91 days; at most 62 are served. Ask in smaller ranges.',
    );
  });
});

describe('Date and DateTime scalars', () => {
  it('should accept proper values', () => {
    expect(DateScalar.parseValue('2026-09-01')).toBe('2026-09-01');
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2026-09-01' })).toBe('2026-09-01');
    expect(DateTimeScalar.parseValue('2026-09-01T08:30:00+03:00')).toBe('2026-09-01T08:30:00+03:00');
    expect(DateTimeScalar.serialize('2026-09-01T05:30:00Z')).toBe('2026-09-01T05:30:00Z');
  });

  it.each(['01.09.2026', '2026-02-30', '2026-09-01T08:30:00', 20260901])(
    'should refuse %j as a Date with BAD_USER_INPUT',
    (value) => {
      try {
        DateScalar.parseValue(value);
        expect.unreachable('a bad date was accepted');
      } catch (error) {
        expect((error as { extensions: unknown }).extensions).toEqual({ code: 'BAD_USER_INPUT' });
        expect((error as Error).message).toMatch(/^Date must be a calendar date written YYYY-MM-DD/);
      }
    },
  );

  it.each(['2026-09-01', '2026-09-01T08:30:00', '2026-09-01 08:30:00+03:00'])(
    'should refuse %j as a DateTime',
    (value) => {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(/DateTime must be ISO 8601 with an offset/);
    },
  );

  it('should refuse a non-string literal', () => {
    expect(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '20260901' })).toThrow(
      'Date must be a string written YYYY-MM-DD.',
    );
  });
});
