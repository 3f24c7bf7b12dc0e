import { describe, expect, it } from 'vitest';
import type { PersonName } from '../../../src/domain/person.js';
import {
  displayName,
  fullNameMatches,
  namesMatch,
  normalizeNamePart,
  parsePersonName,
} from '../../../src/identity/names.js';

/** A name, surname first. */
function n(lastName: string, firstName: string, middleName: string | null = null): PersonName {
  return { lastName, firstName, middleName };
}

// Latin look-alikes are written as escapes so no editor or reviewer can "fix" them into Cyrillic unseen.
const LATIN = {
  a: '\u0061', // a
  B: '\u0042', // B
  C: '\u0043', // C
  e: '\u0065', // e
  H: '\u0048', // H
  K: '\u004b', // K
  o: '\u006f', // o
  P: '\u0050', // P
  T: '\u0054', // T
  X: '\u0058', // X
  y: '\u0079', // y
};

describe('normalizeNamePart', () => {
  it.each([
    ['ИВАНОВА', 'иванова', 'capitals'],
    ['иванова', 'иванова', 'already normal'],
    ['Артём', 'артем', 'ё'],
    ['СЕМЁНОВ', 'семенов', 'capital Ё'],
    ['Семе\u0308нов', 'семенов', 'ё as е plus a combining diaeresis'],
    ['Андреи\u0306', 'андрей', 'й as и plus a combining breve (NFKC composes it)'],
    [`Ив${LATIN.a}нова`, 'иванова', 'Latin a'],
    [`${LATIN.C}оня`, 'соня', 'Latin C'],
    [`${LATIN.P}омашкина`, 'ромашкина', 'Latin P'],
    [`${LATIN.B}асильев`, 'васильев', 'Latin capital B → в'],
    [`${LATIN.X}арламов`, 'харламов', 'Latin X'],
    [`${LATIN.H}${LATIN.a}т${LATIN.a}лья`, 'наталья', 'Latin H and a'],
    [`${LATIN.K}ирилл`, 'кирилл', 'Latin K'],
    [`${LATIN.T}им${LATIN.o}фей`, 'тимофей', 'Latin T and o'],
    [`Сем${LATIN.e}н`, 'семен', 'Latin e'],
    [`Юрь${LATIN.e}вна`, 'юрьевна', 'Latin e in a patronymic'],
    [`Кр${LATIN.y}гл${LATIN.o}в`, 'круглов', 'Latin y and o'],
    ['Сëмин', 'семин', 'Latin ë looks like ё'],
    ['Наtалья', 'наtалья', 'small Latin t looks like no Cyrillic letter: kept'],
    ['Ａнна', 'анна', 'a full-width Latin A (NFKC makes it A, then а)'],
    ['Smith', 'smith', 'a word wholly in Latin stays Latin'],
    ['BOB', 'bob', 'an all-look-alike Latin word stays Latin, so it equals Bob'],
    ['  Анна\t', 'анна', 'stray spaces and a tab'],
    ['Анна\u00a0Мария', 'анна мария', 'a no-break space'],
    ['Анна   Мария', 'анна мария', 'several spaces'],
    ['Ан\u200bна', 'анна', 'a zero-width space'],
    ['Ан\u00adна', 'анна', 'a soft hyphen'],
    ['Петрова\u2010Водкина', 'петрова-водкина', 'U+2010 hyphen'],
    ['Петрова\u2011Водкина', 'петрова-водкина', 'U+2011 non-breaking hyphen'],
    ['Петрова\u2012Водкина', 'петрова-водкина', 'U+2012 figure dash'],
    ['Петрова\u2013Водкина', 'петрова-водкина', 'U+2013 en dash'],
    ['Петрова\u2014Водкина', 'петрова-водкина', 'U+2014 em dash'],
    ['Петрова\u2212Водкина', 'петрова-водкина', 'U+2212 minus'],
    ['Петрова - Водкина', 'петрова-водкина', 'a hyphen with spaces around'],
    ['Петрова -Водкина', 'петрова-водкина', 'a hyphen with a space before'],
    ['Петрова — Водкина', 'петрова-водкина', 'an em dash with spaces around'],
    ['Петрова--Водкина', 'петрова-водкина', 'a doubled hyphen'],
    ['Петрова-', 'петрова', 'a dangling hyphen'],
    ["Д'Артаньян", 'дартаньян', 'an apostrophe'],
    ['Д’Артаньян', 'дартаньян', 'a typographic apostrophe'],
    ['«Анна»', 'анна', 'guillemets'],
    ['"Анна"', 'анна', 'straight quotes'],
    ['А.С.', 'ас', 'initials with dots'],
    ['', '', 'nothing'],
    [' - ', '', 'only a hyphen'],
  ])('should normalise %j to %j (%s)', (input, expected) => {
    expect(normalizeNamePart(input)).toBe(expected);
  });

  it('should really be testing Latin letters (the escapes are not Cyrillic)', () => {
    for (const letter of Object.values(LATIN)) expect(letter).toMatch(/^[A-Za-z]$/);
    expect('Сëмин'.charCodeAt(1)).toBe(0xeb);
  });

  it('should be idempotent', () => {
    for (const input of ['ИВ\u0061НОВА', 'Петрова — Водкина', 'Д’Артаньян', 'Семе\u0308нов']) {
      const once = normalizeNamePart(input);
      expect(normalizeNamePart(once)).toBe(once);
    }
  });
});

describe('namesMatch', () => {
  const anna = n('Иванова', 'Анна', 'Сергеевна');

  it.each([
    // Same spelling, different typing.
    [anna, n('Иванова', 'Анна', 'Сергеевна'), true, 'identical'],
    [anna, n('ИВАНОВА', 'АННА', 'СЕРГЕЕВНА'), true, 'capitals'],
    [anna, n('иванова', 'анна', 'сергеевна'), true, 'lower case'],
    [anna, n(`Ив${LATIN.a}нова`, 'Анна', 'Сергеевна'), true, 'Latin a in the surname'],
    [anna, n('Иванова', `Анн${LATIN.a}`, `Серг${LATIN.e}${LATIN.e}вна`), true, 'Latin a and e elsewhere'],
    [n('Петрова', 'Соня', null), n('Петрова', `${LATIN.C}оня`, null), true, 'Latin C in Соня'],
    [n('Ромашкина', 'Вера', null), n(`${LATIN.P}омашкина`, 'Вера', null), true, 'Latin P in Ромашкина'],
    [n('Семенов', 'Артем', 'Петрович'), n('Семёнов', 'Артём', 'Петрович'), true, 'ё/е in surname and first name'],
    [n('Елкина', 'Алена', 'Федоровна'), n('Ёлкина', 'Алёна', 'Фёдоровна'), true, 'ё/е everywhere'],
    [anna, n('  Иванова ', '\tАнна', 'Сергеевна  '), true, 'stray spaces and tabs'],
    [
      n('Иванова', 'Анна Мария', null),
      n('Иванова', 'Анна\u00a0Мария', null),
      true,
      'a no-break space in a double first name',
    ],
    [n('Иванова', 'Анна', 'Сергеевна.'), anna, true, 'a stray dot'],
    [n('Д’Артаньян', 'Шарль', null), n("Д'Артаньян", 'Шарль', null), true, 'apostrophe variants'],
    // Double surnames.
    [n('Петрова-Водкина', 'Анна', null), n('Петрова\u2010Водкина', 'Анна', null), true, 'U+2010 hyphen'],
    [n('Петрова-Водкина', 'Анна', null), n('Петрова\u2013Водкина', 'Анна', null), true, 'en dash'],
    [n('Петрова-Водкина', 'Анна', null), n('Петрова\u2014Водкина', 'Анна', null), true, 'em dash'],
    [n('Петрова-Водкина', 'Анна', null), n('Петрова\u2212Водкина', 'Анна', null), true, 'minus sign'],
    [n('Петрова-Водкина', 'Анна', null), n('Петрова - Водкина', 'Анна', null), true, 'spaces around the hyphen'],
    [n('Петрова-Водкина', 'Анна', null), n('ПЕТРОВА-ВОДКИНА', 'АННА', null), true, 'capitals'],
    [n('Петрова-Водкина', 'Анна', null), n('Петрова', 'Анна', null), false, 'a double surname is not its first half'],
    [n('Петрова-Водкина', 'Анна', null), n('Водкина', 'Анна', null), false, 'nor its second half'],
    [n('Петрова-Водкина', 'Анна', null), n('Водкина-Петрова', 'Анна', null), false, 'nor its halves swapped'],
    [n('Петрова-Водкина', 'Анна', null), n('Петрова Водкина', 'Анна', null), false, 'a space is not a hyphen'],
    // Order.
    [anna, n('Анна', 'Иванова', 'Сергеевна'), true, 'first name and surname swapped'],
    [n('Иванова', 'Анна', null), n('Анна', 'Иванова', null), true, 'swapped, no patronymics'],
    [n('Иванова', 'Анна', null), n('АННА', `Ив${LATIN.a}нова`, null), true, 'swapped, capitals and a Latin a'],
    [anna, n('Анна', 'Иванова', 'Петровна'), false, 'swapped, but another patronymic'],
    [anna, n('Анна', 'Анна', 'Сергеевна'), false, 'half a swap'],
    // Patronymics.
    [anna, n('Иванова', 'Анна', null), true, 'patronymic missing on the right'],
    [n('Иванова', 'Анна', null), anna, true, 'patronymic missing on the left'],
    [n('Иванова', 'Анна', null), n('Иванова', 'Анна', null), true, 'no patronymic on either side'],
    [anna, n('Иванова', 'Анна', '  '), true, 'a blank patronymic counts as none'],
    [anna, n('Иванова', 'Анна', 'Петровна'), false, 'different patronymics'],
    [anna, n('Иванова', 'Анна', 'Сергеевич'), false, 'a patronymic of the other gender'],
    [n('Алиев', 'Руслан', 'Рашид оглы'), n('Алиев', 'Руслан', 'Рашид  оглы'), true, 'a Turkic patronymic with spaces'],
    // Different people: no guessing.
    [n('Иванова', 'Мария', null), n('Иванова', 'Марья', null), false, 'Мария is not Марья (no variant guessing)'],
    [n('Иванова', 'Наталья', null), n('Иванова', 'Наталия', null), false, 'Наталья is not Наталия'],
    [n('Иванов', 'Александр', null), n('Иванов', 'Саша', null), false, 'no diminutives'],
    [anna, n('Иванов', 'Анна', 'Сергеевна'), false, 'another surname (masculine form)'],
    [anna, n('Иваннова', 'Анна', 'Сергеевна'), false, 'one letter more'],
    [anna, n('Иванова', 'Алла', 'Сергеевна'), false, 'another first name'],
    [anna, n('Ivanova', 'Anna', 'Sergeevna'), false, 'no transliteration'],
    [n('Иванова', 'Наtалья', null), n('Иванова', 'Наталья', null), false, 'small Latin t is not т'],
    [n('', 'Анна', null), n('', 'Анна', null), false, 'no surname on either side'],
    [n('Иванова', ' ', null), n('Иванова', '', null), false, 'no first name on either side'],
  ])('%#: should compare %j with %j as %s (%s)', (a, b, expected) => {
    expect(namesMatch(a, b)).toBe(expected);
    expect(namesMatch(b, a)).toBe(expected);
  });
});

describe('fullNameMatches', () => {
  const anna = n('Иванова', 'Анна', 'Сергеевна');

  it.each([
    ['Иванова Анна Сергеевна', anna, true, 'surname first, with patronymic'],
    ['Анна Сергеевна Иванова', anna, true, 'given name first, with patronymic'],
    ['Анна Иванова', anna, true, 'two words, given name first'],
    ['Иванова Анна', anna, true, 'two words, surname first'],
    ['ИВАНОВА АННА', anna, true, 'capitals'],
    [`  Ив${LATIN.a}нова\tАнна  `, anna, true, 'a Latin a, a tab and stray spaces'],
    ['Иванова', anna, false, 'the surname alone'],
    ['Анна Сергеевна', anna, false, 'no surname'],
    ['Иванова Анна Петровна', anna, false, 'another patronymic'],
    ['Иванова Анна Сергеевна Мария', anna, false, 'a word too many'],
    ['Иванова Иванова', anna, false, 'the surname twice'],
    ['', anna, false, 'nothing'],
    ['Иванова Анна Сергеевна', n('Иванова', 'Анна'), false, 'a patronymic the person does not have'],
    ['Анна Иванова', n('Иванова', 'Анна'), true, 'no patronymic on either'],
    ['Петрова-Водкина Анна', n('Петрова-Водкина', 'Анна'), true, 'a double surname'],
    ['Анна Петрова — Водкина', n('Петрова-Водкина', 'Анна'), true, 'a double surname with a spaced dash'],
    ['Петрова Водкина Анна', n('Петрова-Водкина', 'Анна'), false, 'a double surname written as two words'],
    ['Петрова Анна', n('Петрова-Водкина', 'Анна'), false, 'half a double surname'],
    ['Иванова Мария', n('Иванова', 'Марья'), false, 'no variant guessing'],
    ['Иванова Анна', n('', 'Анна'), false, 'a person without a surname'],
  ])('%#: should say whether %j names %j: %s (%s)', (text, person, expected) => {
    expect(fullNameMatches(text, person)).toBe(expected);
  });
});

describe('parsePersonName', () => {
  it.each([
    ['Иванова Анна Сергеевна', n('Иванова', 'Анна', 'Сергеевна')],
    ['Иванова Анна', n('Иванова', 'Анна')],
    ['  Иванова\tАнна\u00a0 Сергеевна ', n('Иванова', 'Анна', 'Сергеевна')],
    ['Петрова — Водкина Анна', n('Петрова-Водкина', 'Анна')],
    ['Алиев Руслан Рашид оглы', n('Алиев', 'Руслан', 'Рашид оглы')],
    ['Иванова . Анна', n('Иванова', 'Анна')],
    ['Иванова Анна -', n('Иванова', 'Анна')],
    ['ИВАНОВА анна', n('ИВАНОВА', 'анна')],
  ])('should read %j', (text, expected) => {
    expect(parsePersonName(text)).toEqual(expected);
  });

  it.each(['', '   ', 'Иванова', ' Иванова . ', '- -'])('should give null for %j (fewer than two words)', (text) => {
    expect(parsePersonName(text)).toBeNull();
  });

  it('should give names that match the text they came from', () => {
    const parsed = parsePersonName('Семёнова Алёна Петровна')!;
    expect(fullNameMatches('Семенова Алена Петровна', parsed)).toBe(true);
    expect(namesMatch(parsed, n('Семенова', 'Алена', null))).toBe(true);
  });
});

describe('displayName', () => {
  it.each([
    [n('Иванова', 'Анна', 'Сергеевна'), 'Иванова Анна Сергеевна'],
    [n('Иванова', 'Анна'), 'Иванова Анна'],
    [n(' Иванова ', '\tАнна', '  '), 'Иванова Анна'],
    [n('Петрова – Водкина', 'Анна', null), 'Петрова-Водкина Анна'],
    [n('Иванова', 'Анна\u00a0 Мария', null), 'Иванова Анна Мария'],
  ])('should show %j as %j', (person, expected) => {
    expect(displayName(person)).toBe(expected);
  });
});
