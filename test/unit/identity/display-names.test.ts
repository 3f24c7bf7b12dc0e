/**
 * Issue 11 §3: names are compared as people read them, and the name shown for a child known from several
 * sources is the cleanest one, without losing any part another source knows. Real-world variants: Latin
 * look-alikes inside Cyrillic words, `ё`/`е`, decomposed letters (NFD), stress marks, double surnames,
 * a missing patronymic, initials only.
 */
import { describe, expect, it } from 'vitest';
import type { PersonName } from '../../../src/domain/person.js';
import {
  chooseDisplayName,
  displayName,
  isInitial,
  isOneScript,
  namePartsAgree,
  namesMatch,
  normalizeNamePart,
  preferCleanSpelling,
} from '../../../src/identity/names.js';
import { compareHolder } from '../../../src/identity/matching.js';

function n(lastName: string, firstName: string, middleName: string | null = null): PersonName {
  return { lastName, firstName, middleName };
}

// Latin look-alikes and combining marks as escapes, so no editor or reviewer can "fix" them unseen.
const a = '\u0061'; // Latin a
const e = '\u0065'; // Latin e
const o = '\u006f'; // Latin o
const C = '\u0043'; // Latin C
const DIAERESIS = '\u0308'; // combining: е + U+0308 is ё
const BREVE = '\u0306'; // combining: и + U+0306 is й
const ACUTE = '\u0301'; // combining acute: a stress mark

const PETROVA_MIXED = `П${e}трова`;

describe('the test data', () => {
  it('really holds Latin letters and combining marks', () => {
    expect(/\p{Script=Latin}/u.test(PETROVA_MIXED)).toBe(true);
    expect(`Сем${'е'}${DIAERESIS}нов`).not.toBe('Семёнов');
    expect(`Сем${'е'}${DIAERESIS}нов`.normalize('NFC')).toBe('Семёнов');
  });
});

describe('normalizeNamePart: spellings that read the same compare equal', () => {
  it.each([
    [PETROVA_MIXED, 'Петрова', 'a Latin e inside a Cyrillic word'],
    [`ПЕТР${o}ВА`, 'петрова', 'a Latin o, in capitals'],
    [`${C}офья`, 'Софья', 'a Latin capital C'],
    ['Семёнов', 'Семенов', 'ё/е'],
    [`Сем${'е'}${DIAERESIS}нов`, 'Семёнов', 'ё decomposed (NFD) and composed'],
    [`Андре${'и'}${BREVE}`, 'Андрей', 'й decomposed (NFD) and composed'],
    [`Мари${ACUTE}я`, 'Мария', 'a stress mark'],
    ['Петрова–Водкина', 'Петрова-Водкина', 'an en dash in a double surname'],
    ['Петрова - Водкина', 'ПЕТРОВА-водкина', 'spaces around the hyphen, and case'],
    ['Анна\u00a0Мария', 'Анна Мария', 'a no-break space'],
    ['Ａнна'.replace('Ａ', 'А'), 'Анна', 'a plain control'],
  ])('%j reads as %j (%s)', (left, right) => {
    expect(normalizeNamePart(left)).toBe(normalizeNamePart(right));
  });

  it.each([
    ['Петрова-Водкина', 'Петрова', 'a double surname is not its first half'],
    ['Мария', 'Марья', 'a spelling variant is another name'],
    ['Jose\u0301', 'Jose', 'an accented Latin letter stays (no transliteration)'],
    ['Ivanova', 'Иванова', 'Latin transliteration stays Latin'],
  ])('%j does not read as %j (%s)', (left, right) => {
    expect(normalizeNamePart(left)).not.toBe(normalizeNamePart(right));
  });

  it('matches a child whose diary mixed scripts with the clean name from another source', () => {
    expect(namesMatch(n(PETROVA_MIXED, 'Анна'), n('Петрова', 'Анна', 'Сергеевна'))).toBe(true);
    expect(namesMatch(n(`Сем${'е'}${DIAERESIS}нова`, `Ал${'е'}${DIAERESIS}на`), n('Семенова', 'Алена'))).toBe(true);
  });
});

describe('isOneScript', () => {
  it.each([
    ['Петрова', true],
    ['Smith', true],
    ['Петрова-Водкина', true],
    ['Смит-Smith', true],
    ['Анна Мария', true],
    [PETROVA_MIXED, false],
    [`Петрова-В${o}дкина`, false],
    ['', true],
  ])('%j → %j', (text, expected) => {
    expect(isOneScript(text)).toBe(expected);
  });
});

describe('isInitial and namePartsAgree', () => {
  it.each([
    ['А.', true],
    ['А', true],
    ['А. М.', true],
    ['Анна', false],
    ['', false],
  ])('isInitial(%j) → %j', (text, expected) => {
    expect(isInitial(text)).toBe(expected);
  });

  it.each([
    ['Анна', 'анна', true],
    ['А.', 'Анна', true],
    ['Анна', 'А.', true],
    ['А. М.', 'Анна Мария', true],
    ['Б.', 'Анна', false],
    [PETROVA_MIXED, 'Петрова', true],
    ['Петрова', 'Петрова-Водкина', false],
    ['', 'Анна', false],
  ])('namePartsAgree(%j, %j) → %j', (left, right, expected) => {
    expect(namePartsAgree(left, right)).toBe(expected);
  });
});

describe('chooseDisplayName', () => {
  it.each<[string, PersonName[], PersonName]>([
    [
      'issue 11: a Latin e and no patronymic in the primary source, the clean full name in another',
      [n(PETROVA_MIXED, 'Анна'), n('Петрова', 'Анна', 'Сергеевна')],
      n('Петрова', 'Анна', 'Сергеевна'),
    ],
    [
      'the clean source lacks the patronymic: it is taken from the mixed-script one, never dropped',
      [n('Петрова', 'Анна'), n(PETROVA_MIXED, 'Анна', 'Сергеевна')],
      n('Петрова', 'Анна', 'Сергеевна'),
    ],
    [
      'the mixed-script source is complete, the clean one is not: the clean spelling of each part',
      [n(PETROVA_MIXED, 'Анна', 'Сергеевна'), n('Петрова', 'Анна')],
      n('Петрова', 'Анна', 'Сергеевна'),
    ],
    [
      'initials only in the primary source (`Иванова А. С.`) are never shown over a full source',
      [n('Иванова', 'А.', 'С.'), n('Иванова', 'Анна', 'Сергеевна')],
      n('Иванова', 'Анна', 'Сергеевна'),
    ],
    [
      'initials, with the full name only in a mixed-script source: the full parts still win over initials',
      [n('Иванова', 'А.', 'С.'), n(`Ив${a}нова`, 'Анна', 'Сергеевна')],
      n('Иванова', 'Анна', 'Сергеевна'),
    ],
    [
      'ё/е: the earliest source wins between two clean spellings of equal completeness',
      [n('Семёнов', 'Артём', 'Олегович'), n('Семенов', 'Артем', 'Олегович')],
      n('Семёнов', 'Артём', 'Олегович'),
    ],
    [
      'ё/е with a missing patronymic: the parts merge',
      [n('Иванов', 'Артем'), n('Иванов', 'Артём', 'Олегович')],
      n('Иванов', 'Артём', 'Олегович'),
    ],
    [
      'a double surname spelled with a dash and spaces in one source',
      [n('Петрова – Водкина', 'Анна'), n('Петрова-Водкина', 'Анна', 'Сергеевна')],
      n('Петрова-Водкина', 'Анна', 'Сергеевна'),
    ],
    [
      'a Turkic patronymic of two words stays whole',
      [n('Алиев', 'Руслан'), n('Алиев', 'Руслан', 'Рашид оглы')],
      n('Алиев', 'Руслан', 'Рашид оглы'),
    ],
    [
      'a source naming someone else (another surname) lends no part: the initial stays an initial',
      [n('Петрова', 'А.', 'Сергеевна'), n('Сидорова', 'Анна')],
      n('Петрова', 'А.', 'Сергеевна'),
    ],
    [
      'of two surnames (one changed), the more complete source is shown whole, never a mix of the two',
      [n('Петрова', 'Анна'), n('Сидорова', 'Анна', 'Сергеевна')],
      n('Сидорова', 'Анна', 'Сергеевна'),
    ],
    [
      'two different patronymics: the best source’s is shown, the other is not glued to it',
      [n('Петрова', 'Анна', 'Сергеевна'), n('Петрова', 'Анна', 'Петровна')],
      n('Петрова', 'Анна', 'Сергеевна'),
    ],
    ['one source is shown as it is', [n('Петрова', 'Анна')], n('Петрова', 'Анна', null)],
    ['a name with no clean source is still shown', [n(PETROVA_MIXED, 'Анна')], n(PETROVA_MIXED, 'Анна', null)],
  ])('%s', (_what, sources, expected) => {
    expect(chooseDisplayName(sources)).toEqual(expected);
  });

  it('gives null without a source', () => {
    expect(chooseDisplayName([])).toBeNull();
  });

  it('never loses a part any agreeing source knows, whatever the order of the sources', () => {
    const sources = [n(PETROVA_MIXED, 'А.'), n('Петрова', 'Анна'), n(`П${e}трова`, 'Анна', 'Сергеевна')];
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      expect(chooseDisplayName(order.map((index) => sources[index]!))).toEqual(n('Петрова', 'Анна', 'Сергеевна'));
    }
  });
});

describe('preferCleanSpelling', () => {
  it.each([
    [PETROVA_MIXED, 'Петрова', 'Петрова', 'the clean spelling of the same part'],
    ['Петрова', PETROVA_MIXED, 'Петрова', 'the first when it is clean'],
    ['Сидорова', 'Петрова', 'Сидорова', 'a real change of name wins'],
    [`С${a}дорова`, 'Петрова', `С${a}дорова`, 'another name, even mixed, is a change'],
    ['  ', 'Петрова', 'Петрова', 'a blank keeps the other'],
  ])('(%j, %j) → %j: %s', (first, second, expected) => {
    expect(preferCleanSpelling(first, second)).toBe(expected);
  });
});

describe('showing a name', () => {
  it('composes decomposed letters (NFC) for display', () => {
    expect(displayName(n(`Сем${'е'}${DIAERESIS}нова`, 'Анна'))).toBe('Семёнова Анна');
  });

  it('reads a name with 120,000 spaces and hyphens inside its parts (the new steps are linear too)', () => {
    const long = n(`Петрова${' -'.repeat(60_000)}Водкина`, `Анна${' '.repeat(120_000)}Мария`);
    expect(chooseDisplayName([long, n('Петрова-Водкина', 'Анна Мария', 'Сергеевна')])).toEqual(
      n('Петрова-Водкина', 'Анна Мария', 'Сергеевна'),
    );
    expect(isOneScript(long.lastName)).toBe(true);
  });
});

describe('compareHolder on names with nothing to compare', () => {
  const person = { lastName: 'Иванова', firstName: 'Анна', middleName: null, birthDate: null, snilsHash: null };

  it('calls a name of dots and dashes not comparable, rather than another person', () => {
    expect(compareHolder({ ...person, lastName: ' . ', firstName: '—' }, person)).toBe('NOT_COMPARABLE');
  });

  it('calls a mixed-script spelling of the same name the same person', () => {
    expect(compareHolder({ ...person, lastName: `Ив${a}нова` }, person)).toBe('PROBABLY_SAME_PERSON');
  });
});
