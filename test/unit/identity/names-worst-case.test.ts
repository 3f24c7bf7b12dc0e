/**
 * Issue 10, finding 2: an invitee name of "Иванова" + 120,000 spaces + "Галина Петровна" held the event
 * loop for 15 s, because `tidy()` in names.ts used a pattern that backtracked quadratically. Here the worst
 * inputs go through every public name function and must come back (with the old code they run past the
 * test timeout) with the right answer; and the rewritten steps must read every short text exactly as the
 * old patterns did (checked against them as an oracle). Time bounds live in the benchmark
 * (`bench/scenarios/inputs.ts`), not here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PersonName } from '../../../src/domain/person.js';
import {
  displayName,
  fullNameMatches,
  namesMatch,
  normalizeNamePart,
  parsePersonName,
} from '../../../src/identity/names.js';

const GALINA: PersonName = { lastName: 'Иванова', firstName: 'Галина', middleName: 'Петровна' };
const SPACES = ' '.repeat(120_000);
const DASHES = '-'.repeat(100_000);
const SPACE_DASH = ' -'.repeat(50_000);

describe('name functions on the worst inputs', () => {
  it('should read the name of issue 10 (120,000 spaces inside it)', () => {
    const name = `Иванова${SPACES}Галина Петровна`;
    expect(parsePersonName(name)).toEqual(GALINA);
    expect(fullNameMatches(name, GALINA)).toBe(true);
    expect(normalizeNamePart(name)).toBe('иванова галина петровна');
  });

  it.each([
    ['100,000 hyphens', DASHES, ''],
    ['100,000 hyphens between two letters', `а${DASHES}б`, 'а-б'],
    ['" -" 50,000 times', SPACE_DASH, ''],
    ['" -" 50,000 times inside a double surname', `Петрова${SPACE_DASH}Водкина`, 'петрова-водкина'],
    ['120,000 spaces before a letter', `${SPACES}Я`, 'я'],
    ['120,000 spaces then a hyphen at the very end', `Анна${SPACES}-`, 'анна'],
    ['zero-width spaces between 60,000 spaces', '\u200b '.repeat(60_000), ''],
    ['60,000 no-break spaces and en dashes', '\u00a0\u2013'.repeat(60_000), ''],
    ['60,000 dots and apostrophes', ".'".repeat(60_000), ''],
  ])('should normalise %s', (_what, text, expected) => {
    expect(normalizeNamePart(text)).toBe(expected);
  });

  it.each([
    ['120,000 spaces between the words', `Иванова${SPACES}Галина${SPACES}Петровна`],
    ['" -" 50,000 times before the surname', `${SPACE_DASH} Иванова Галина Петровна`],
    ['100,000 hyphens before the name', `${DASHES} Иванова Галина Петровна`],
    ['tabs, new lines and no-break spaces, 40,000 each', `Иванова${'\t\n\u00a0'.repeat(40_000)}Галина Петровна`],
  ])('should parse and match a full name with %s', (_what, text) => {
    expect(parsePersonName(text)).toEqual(GALINA);
    expect(fullNameMatches(text, GALINA)).toBe(true);
  });

  it.each([
    ['only 120,000 spaces', SPACES],
    ['only 100,000 hyphens', DASHES],
    ['one word and 100,000 hyphens', `Иванова${DASHES}`],
    ['100,000 NUL and control characters', '\u0000\u0007'.repeat(50_000)],
  ])('should find no person in %s', (_what, text) => {
    expect(parsePersonName(text)).toBeNull();
    expect(fullNameMatches(text, GALINA)).toBe(false);
  });

  it('should compare and show names whose parts hold the worst runs', () => {
    const padded: PersonName = {
      lastName: `${SPACE_DASH}Иванова${DASHES}`,
      firstName: `${SPACES}Галина`,
      middleName: SPACES,
    };
    expect(namesMatch(padded, GALINA)).toBe(true);
    expect(displayName(padded)).toBe('-Иванова-Галина');
  });
});

// The patterns the rewrite replaced, as an oracle on short texts (where quadratic costs nothing).
const INVISIBLES = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const ANY_DASH = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
function oldTidy(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(INVISIBLES, '')
      .replace(ANY_DASH, '-')
      // eslint-disable-next-line regexp/no-super-linear-move -- the quadratic pattern of issue 10, run on short texts only
      .replace(/\s*-[\s-]*/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
function oldParsePersonName(fullName: string): PersonName | null {
  const words = oldTidy(fullName)
    .split(' ')
    // eslint-disable-next-line regexp/no-super-linear-move -- the old trimming, run on short texts only
    .map((word) => word.replace(/^-+|-+$/g, ''))
    .filter((word) => normalizeNamePart(word) !== '');
  const [lastName, firstName, ...rest] = words;
  if (lastName === undefined || firstName === undefined) return null;
  return { lastName, firstName, middleName: rest.length > 0 ? rest.join(' ') : null };
}

/** Short texts made of what the patterns treat specially, plus a few letters. */
const nameText = fc
  .array(
    fc.constantFrom(
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\u3000',
      '-',
      '--',
      '\u2013',
      '\u2014',
      '\u200b',
      '\u00ad',
      'а',
      'Б',
      'ё',
      'x',
      '.',
      "'",
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

describe('the linear rewrite against the old patterns', () => {
  it('should lay out spaces and dashes exactly as before', () => {
    fc.assert(
      fc.property(nameText, (text) => {
        expect(displayName({ lastName: text, firstName: '', middleName: null })).toBe(oldTidy(`${text}  `));
      }),
      { numRuns: 2000 },
    );
  });

  it('should split full names exactly as before', () => {
    fc.assert(
      fc.property(nameText, (text) => {
        expect(parsePersonName(text)).toEqual(oldParsePersonName(text));
      }),
      { numRuns: 2000 },
    );
  });
});
