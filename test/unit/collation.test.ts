import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRussian } from '../../src/domain/collation.js';

describe('compareRussian', () => {
  const letters = fc.constantFrom(...'аАбБеЕёЁжЖзЗиИйЙьЪъяЯ aAzZ-.0912'.split(''));
  const names = fc.array(letters, { maxLength: 8 }).map((chars) => chars.join(''));

  it('should order names exactly as localeCompare with the ru locale', () => {
    fc.assert(
      fc.property(fc.oneof(names, fc.string()), fc.oneof(names, fc.string()), (a, b) => {
        expect(Math.sign(compareRussian(a, b))).toBe(Math.sign(a.localeCompare(b, 'ru')));
      }),
      { numRuns: 5_000 },
    );
  });

  it('should put ё right after е, as Russian dictionaries do', () => {
    expect(['Ершов', 'Ёлкин', 'Жуков', 'Егоров'].sort(compareRussian)).toEqual(['Егоров', 'Ёлкин', 'Ершов', 'Жуков']);
  });
});
