import { describe, expect, it } from 'vitest';
import { hashSnils, hashSnilsIfValid, parseSnils, snilsCheckNumber } from '../../../src/identity/snils.js';

const SECRET = 'test-personal-data-secret';

describe('snilsCheckNumber', () => {
  // Bodies chosen so the weighted sum hits each branch of the rule (providers.md §4.4).
  it.each([
    ['112233445', 95, 'sum 95 < 100 is the check number itself'],
    ['011650257', 99, 'sum 99, the largest kept as is'],
    ['141008408', 0, 'sum 100 gives 00'],
    ['205132059', 0, 'sum 101 gives 00'],
    ['030214885', 1, 'sum 102 gives 102 mod 101 = 1'],
    ['423362239', 49, 'sum 150 gives 49'],
    ['952530077', 0, 'sum 201: remainder 100 gives 00'],
    ['543546369', 0, 'sum 202: remainder 0'],
    ['532971374', 1, 'sum 203: remainder 1'],
  ])('should give %s the check number %i (%s)', (body, expected) => {
    expect(snilsCheckNumber(body)).toBe(expected);
  });
});

describe('parseSnils', () => {
  it.each([
    ['112-233-445 95', 'the ESIA spelling'],
    ['11223344595', 'plain digits'],
    ['112 233 445 95', 'spaces only'],
    ['  112-233-445 95\t', 'stray whitespace around'],
    ['112\u00a0233\u00a0445\u00a095', 'no-break spaces'],
    ['112\u2013233\u2013445\u201495', 'en and em dashes'],
    ['112-233-44595', 'a missing space before the check number'],
  ])('should read %j (%s)', (input) => {
    expect(parseSnils(input)).toEqual({ ok: true, digits: '11223344595' });
  });

  it.each([
    ['011-650-257 99', '01165025799'],
    ['141-008-408 00', '14100840800'],
    ['205-132-059 00', '20513205900'],
    ['030-214-885 01', '03021488501'],
    ['952-530-077 00', '95253007700'],
  ])('should accept %s at an edge of the checksum rule', (input, digits) => {
    expect(parseSnils(input)).toEqual({ ok: true, digits });
  });

  it.each([
    ['001-001-998 12', 'the last legacy number'],
    ['000-000-123 45', 'a low legacy number'],
  ])('should not check the checksum of %s (%s)', (input) => {
    expect(parseSnils(input).ok).toBe(true);
  });

  it.each([
    ['001-001-999 12', 'CHECKSUM', 'the first checked number with a wrong check number'],
    ['112-233-445 96', 'CHECKSUM', 'a check number off by one'],
    ['141-008-408 100', 'LENGTH', 'the sum written instead of 00'],
    ['112-233-445', 'LENGTH', 'no check number'],
    ['', 'LENGTH', 'nothing'],
    ['112-233-445 9S', 'CHARACTERS', 'a letter'],
    ['СНИЛС 112-233-445 95', 'CHARACTERS', 'a label'],
    ['112.233.445 95', 'CHARACTERS', 'dots'],
    ['111-111-111 45', 'REPEATED_DIGITS', 'one digit repeated'],
    ['000-000-000 00', 'REPEATED_DIGITS', 'all zeros'],
  ])('should refuse %j by rule %s (%s)', (input, rule) => {
    const result = parseSnils(input);
    expect(result).toMatchObject({ ok: false, rule });
  });

  it('should never repeat the number in its messages', () => {
    for (const input of ['112-233-445 96', '112-233-4459', '112-233-445 9S', '777-777-777 77']) {
      const result = parseSnils(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toMatch(/\d{3}/);
    }
  });
});

describe('hashSnils', () => {
  it('should hash every spelling of one number alike', () => {
    const hashes = ['112-233-445 95', '11223344595', ' 112 233 445 95 '].map((input) =>
      hashSnilsIfValid(SECRET, input),
    );
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toMatch(/^snils_[A-Za-z0-9_-]{43}$/);
  });

  it('should depend on the secret and the number', () => {
    const base = hashSnils(SECRET, '11223344595');
    expect(hashSnils('another-secret', '11223344595')).not.toBe(base);
    expect(hashSnils(SECRET, '01165025799')).not.toBe(base);
  });

  it('should not contain the digits', () => {
    expect(hashSnils(SECRET, '11223344595')).not.toContain('11223344595');
  });

  it.each(['112-233-445 95', '1122334459', 'abcdefghijk'])('should refuse %j, which is not parsed digits', (input) => {
    expect(() => hashSnils(SECRET, input)).toThrow(TypeError);
  });

  it.each([null, undefined, '', '112-233-445 96', 'не указан'])('should give no hash for %j', (input) => {
    expect(hashSnilsIfValid(SECRET, input)).toBeNull();
  });
});
