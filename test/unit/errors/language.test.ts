import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ACCEPT_LANGUAGE_LENGTH,
  MAX_LANGUAGE_RANGES,
  negotiateLanguage,
  type Language,
} from '../../../src/errors/language.js';

describe('negotiateLanguage', () => {
  it('should answer in the fallback when the request does not say: English for API clients unless told', () => {
    expect(negotiateLanguage(undefined)).toBe('en');
    expect(negotiateLanguage('')).toBe('en');
    expect(negotiateLanguage(undefined, 'ru')).toBe('ru');
    expect(negotiateLanguage('*')).toBe('en');
    expect(negotiateLanguage('*', 'ru')).toBe('ru');
  });

  it.each<[string, Language]>([
    ['ru', 'ru'],
    ['RU', 'ru'],
    ['ru-RU', 'ru'],
    ['ru_RU', 'en'], // not a language range: skipped
    ['en', 'en'],
    ['en-US', 'en'],
    ['en-GB, ru;q=0.5', 'en'],
    // What browsers send.
    ['ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7', 'ru'],
    ['ru,en;q=0.9', 'ru'],
    ['en-US,en;q=0.9,ru;q=0.8', 'en'],
    ['de-DE,de;q=0.9,ru;q=0.8,en;q=0.7', 'ru'],
    // Weights, not order, decide; the earlier entry on a tie.
    ['en;q=0.5, ru;q=0.8', 'ru'],
    ['en;q=0.8, ru;q=0.5', 'en'],
    ['ru, en', 'ru'],
    ['en, ru', 'en'],
    ['ru;q=1.000, en;q=0.999', 'ru'],
    ['en;q=0.999, ru;q=1.', 'ru'],
    // `*` stands for the languages the header does not name.
    ['ru;q=0.5, *', 'en'],
    ['*, ru', 'en'],
    ['*;q=0.1, ru;q=0.2', 'ru'],
    // Refusals.
    ['ru;q=0', 'en'],
    ['en;q=0', 'ru'],
    ['en;q=0, *;q=0', 'en'],
    ['ru;q=0, en;q=0', 'en'],
    // Unknown languages are skipped, not fatal.
    ['de, fr;q=0.9', 'en'],
    ['de, ru;q=0.1', 'ru'],
    ['  RU-ru ; Q = 0.4 ,, ;, de', 'ru'],
  ])('should read %j as %s (fallback en)', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it.each<[string, Language]>([
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['ru', 'ru'],
    ['de', 'ru'],
    ['ru;q=0', 'en'],
    ['en;q=0.5, *', 'ru'],
  ])('should read %j as %s when the fallback is Russian (pages)', (header, expected) => {
    expect(negotiateLanguage(header, 'ru')).toBe(expected);
  });

  it.each(['ru;q=2', 'ru;q=1.5', 'ru;q=-1', 'ru;q=0.1234', 'ru;q=abc', 'ru;q=', 'r@u', 'ru-', '-ru', 'русский'])(
    'should skip the malformed entry %j',
    (header) => {
      expect(negotiateLanguage(header)).toBe('en');
      expect(negotiateLanguage(`${header}, ru;q=0.1`)).toBe('ru');
    },
  );

  it('should read a repeated header, as Node hands it over', () => {
    expect(negotiateLanguage(['de', 'ru;q=0.5'])).toBe('ru');
    expect(negotiateLanguage([])).toBe('en');
  });

  it(`should weigh only the first ${MAX_LANGUAGE_RANGES} entries`, () => {
    const others = (count: number) => Array.from({ length: count }, () => 'de').join(',');
    expect(negotiateLanguage(`${others(MAX_LANGUAGE_RANGES - 1)},ru`)).toBe('ru');
    expect(negotiateLanguage(`${others(MAX_LANGUAGE_RANGES)},ru`)).toBe('en');
  });

  it(`should read only the first ${MAX_ACCEPT_LANGUAGE_LENGTH} characters, and never half an entry`, () => {
    // `ru` ending right at the bound is read; one character later it is cut, and left out rather than read as `r`.
    expect(negotiateLanguage(`${' '.repeat(MAX_ACCEPT_LANGUAGE_LENGTH - 2)}ru,de`)).toBe('ru');
    expect(negotiateLanguage(`${' '.repeat(MAX_ACCEPT_LANGUAGE_LENGTH - 1)}ru,de`)).toBe('en');
    expect(negotiateLanguage(`${' '.repeat(MAX_ACCEPT_LANGUAGE_LENGTH - 3)}ru-RU,de`)).toBe('en');
  });

  it('should answer a hostile header of a megabyte at once', () => {
    const hostile = [
      'ru'.repeat(500_000),
      ';'.repeat(1_000_000),
      `${'a-'.repeat(500_000)}ru`,
      `${','.repeat(1_000_000)}ru`,
      `ru;q=0.${'9'.repeat(1_000_000)}`,
    ];
    const started = performance.now();
    for (const header of hostile) expect(['ru', 'en']).toContain(negotiateLanguage(header));
    expect(negotiateLanguage(`${','.repeat(1_000_000)}ru`)).toBe('en');
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('should answer ru or en for any text, without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.constantFrom<Language>('ru', 'en'), (header, fallback) => {
        expect(['ru', 'en']).toContain(negotiateLanguage(header, fallback));
      }),
    );
  });
});
