import { describe, expect, it } from 'vitest';
import { hashPhone, maskPhone, normalizePhone } from '../../../src/identity/phone.js';

const SECRET = 'test-personal-data-secret';

describe('normalizePhone', () => {
  it.each([
    ['+7 999 123-45-67', 'international with spaces and hyphens'],
    ['8 (999) 123 45 67', 'domestic trunk prefix and parentheses'],
    ['79991234567', 'plain digits with 7'],
    ['89991234567', 'plain digits with 8'],
    ['9991234567', 'ten digits, no prefix'],
    ['+7(999)1234567', 'the ESIA spelling'],
    ['+79991234567', 'already normal'],
    ['  +7 999 123 45 67\t', 'stray whitespace'],
    ['+7\u00a0999\u00a0123\u201145\u201167', 'no-break spaces and non-breaking hyphens'],
    ['8-999-123-45-67', 'hyphens only'],
    ['8.999.123.45.67', 'dots'],
    ['+ 7 (999) 123–45–67', 'a space after the plus and en dashes'],
    ['(999) 123-45-67', 'ten digits in the usual groups'],
  ])('should read %j as +79991234567 (%s)', (input) => {
    expect(normalizePhone(input)).toBe('+79991234567');
  });

  it.each([
    ['', 'nothing'],
    ['123-45-67', 'a city number without code'],
    ['4951234567', 'ten digits not starting with 9'],
    ['+89991234567', 'a plus before the trunk prefix 8'],
    ['+9991234567', 'a plus before ten digits'],
    ['69991234567', '11 digits starting with 6'],
    ['+1 415 555 0100', 'another country'],
    ['+7 999 123-45-6', 'a digit short'],
    ['+7 999 123-45-678', 'a digit too many'],
    ['+7 999 123-45-67 доб. 12', 'an extension'],
    ['+7 999 ABC-45-67', 'letters'],
    ['8+999 123 45 67', 'a plus in the middle'],
    ['++79991234567', 'two pluses'],
  ])('should refuse %j (%s)', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('should keep a Moscow landline as written in the +7 plan', () => {
    expect(normalizePhone('8 (495) 123-45-67')).toBe('+74951234567');
  });
});

describe('hashPhone', () => {
  it('should hash every spelling of one number alike, via normalizePhone', () => {
    const spellings = ['+7 999 123-45-67', '8 (999) 123 45 67', '9991234567'];
    const hashes = spellings.map((spelling) => hashPhone(SECRET, normalizePhone(spelling)!));
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toMatch(/^phone_[A-Za-z0-9_-]{43}$/);
  });

  it('should depend on the secret and the number', () => {
    const base = hashPhone(SECRET, '+79991234567');
    expect(hashPhone('another-secret', '+79991234567')).not.toBe(base);
    expect(hashPhone(SECRET, '+79991234568')).not.toBe(base);
  });

  it.each(['89991234567', '+7 999 123-45-67', '9991234567', ''])(
    'should refuse %j, which is not normalised',
    (input) => {
      expect(() => hashPhone(SECRET, input)).toThrow(TypeError);
      expect(() => hashPhone(SECRET, input)).not.toThrow(/\d{4}/);
    },
  );
});

describe('maskPhone', () => {
  it.each([
    ['+79991234567', '+7 *** ***-45-67'],
    ['+79160000123', '+7 *** ***-01-23'],
  ])('should mask %s as %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('should refuse a number that is not normalised', () => {
    expect(() => maskPhone('8 999 123 45 67')).toThrow(TypeError);
  });
});
