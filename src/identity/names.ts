/**
 * Russian personal names: one normal form for comparing them, and the comparisons matching and
 * invitations need. Diaries, the issuer and parents type one name many ways (caps, `ё`/`е`, Latin letters
 * that look Cyrillic, odd dashes and spaces); all of those compare equal here.
 *
 * What we deliberately do NOT do: guess diminutives or spelling variants (`Мария` ≠ `Марья`,
 * `Наталья` ≠ `Наталия`, `Саша` ≠ `Александр`), transliterate (`Ivanova` ≠ `Иванова`), or tolerate typos.
 * A false "same child" merges two children's diaries, which is far worse than a missed match: a missed
 * match is one suggestion or one confirmation away, a false one shows a stranger's marks.
 */
import type { PersonName } from '../domain/person.js';

/**
 * Latin letters that are drawn like Cyrillic ones, as keyboards and OCR mix them in (`Ивaнова` with a
 * Latin `a`, `Cоня` with a Latin `C`). Case-sensitive on purpose, applied before lower-casing: capital
 * `B`, `H`, `M`, `T` look like `В`, `Н`, `М`, `Т`, but small `b`, `h`, `m`, `t` look like nothing Cyrillic
 * (`b` is not `ь`, `m` is italic `т` only), so they stay. `Ë`/`ë` look exactly like `Ё`/`ё` and go
 * straight to `е` (see `ё` below).
 *
 * | Latin | A a | B | C c | E e | Ë ë | H | K k | M | O o | P p | T | X x | Y y |
 * |-------|-----|---|-----|-----|-----|---|-----|---|-----|-----|---|-----|-----|
 * | Cyr.  | а а | в | с с | е е | е е | н | к к | м | о о | р р | т | х х | у у |
 */
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = Object.freeze({
  A: 'а', a: 'а', B: 'в', C: 'с', c: 'с', E: 'е', e: 'е', Ë: 'е', ë: 'е', H: 'н', K: 'к', k: 'к',
  M: 'м', O: 'о', o: 'о', P: 'р', p: 'р', T: 'т', X: 'х', x: 'х', Y: 'у', y: 'у',
});
const LOOKALIKE_CHARS = /[AaBCcEeËëHKkMOoPpTXxYy]/g;
const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Every dash people type between the parts of a double surname; NFKC has already folded `‑` and `﹣`. */
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
/** Invisible characters that sneak in from copy-paste and would make equal names differ. */
const INVISIBLES = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** Dots, quotes and apostrophes: initials' dots, `«…»` from documents, `Д'Артаньян`/`Д’Артаньян`. */
const PUNCTUATION = /[.'"`´ʹʻʼʽ‘’‚‛“”„‟«»‹›]/g;

/**
 * A run of whitespace and hyphens. Nothing follows the `+`, so a match that starts always succeeds and the
 * scan never starts again inside a run: linear in the text's length.
 */
const SPACES_AND_HYPHENS = /[\s-]+/g;

/**
 * Lays out whitespace and dashes the same way for every spelling, keeping letters and case: NFKC, no
 * invisible characters, one kind of hyphen with no spaces around it, single spaces, trimmed.
 *
 * Every step is one linear pass, because names come from anyone (an invitation's `fullName`). Each run
 * of spaces and hyphens becomes one hyphen when it holds one, else one space. The pattern this replaced,
 * a global `\s*-[\s-]*`, retried its `\s*` from every space of a long run without a hyphen: quadratic, and
 * 120,000 spaces in a name held the event loop for 15 s (issue 10, finding 2).
 */
function tidy(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLES, '')
    .replace(DASHES, '-')
    .replace(SPACES_AND_HYPHENS, (run) => (run.includes('-') ? '-' : ' '))
    .trim();
}

/**
 * The text without hyphens at either end. A loop rather than `/^-+|-+$/g`: that pattern tries `-+$`
 * from every hyphen of a run in the middle of the text, quadratic in the run's length.
 */
function trimHyphens(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '-') start += 1;
  while (end > start && text[end - 1] === '-') end -= 1;
  return text.slice(start, end);
}

/**
 * Maps look-alike Latin letters to Cyrillic, but only in a word that already holds a Cyrillic letter.
 * A word written wholly in Latin (`Smith`, `BOB`) is kept as Latin: mapping it would make `BOB` (all
 * look-alikes) and `Bob` (small `b` is not one) differ, breaking case-insensitivity for Latin names.
 */
function mapLookalikes(word: string): string {
  return CYRILLIC.test(word) ? word.replace(LOOKALIKE_CHARS, (char) => LATIN_LOOKALIKES[char] ?? char) : word;
}

/**
 * The normal form of one part of a name (a surname, a first name or a patronymic) for comparing:
 * Unicode NFKC; Latin look-alikes in Cyrillic words mapped to Cyrillic (table at `LATIN_LOOKALIKES`);
 * lower case; `ё` → `е`; every dash and hyphen (`‐ ‑ ‒ – — −`, with or without spaces around) → `-`;
 * invisible characters, dots, quotes and apostrophes removed; whitespace collapsed; trimmed, with no
 * dangling hyphen at either end.
 * @example normalizeNamePart(' ПЕТРОВА — Bодкина ') // 'петрова-водкина'
 * @example normalizeNamePart('Артём') // 'артем'
 */
export function normalizeNamePart(text: string): string {
  // NFKC before removing punctuation: it folds full-width quotes and dots (`＇`, `．`) into the plain ones.
  const normal = tidy(text.normalize('NFKC').replace(PUNCTUATION, ''))
    .split(/([ -])/)
    .map(mapLookalikes)
    .join('')
    .toLowerCase()
    .replace(/ё/g, 'е');
  return trimHyphens(normal).trim();
}

/** The words of a name part in normal form, for comparing words in any order. */
function nameWords(text: string | null): string[] {
  if (text === null) return [];
  const normal = normalizeNamePart(text);
  return normal === '' ? [] : normal.split(' ');
}

/**
 * Reads a full name written the common Russian way, surname first: `Иванова Анна Сергеевна`. The first
 * word is the surname, the second the first name, and everything after is the patronymic (so Turkic
 * patronymics stay whole: `Алиев Руслан Рашид оглы`). Letters and case are kept (only spaces and dashes
 * are tidied), so the result can be shown. `null` for fewer than two words.
 */
export function parsePersonName(fullName: string): PersonName | null {
  const words = tidy(fullName)
    .split(' ')
    .map(trimHyphens)
    .filter((word) => normalizeNamePart(word) !== '');
  const [lastName, firstName, ...rest] = words;
  if (lastName === undefined || firstName === undefined) return null;
  return { lastName, firstName, middleName: rest.length > 0 ? rest.join(' ') : null };
}

/** A name in normal form; an empty patronymic counts as none. */
interface NormalName {
  last: string;
  first: string;
  middle: string | null;
}

function normalName(name: PersonName): NormalName {
  const middle = name.middleName === null ? '' : normalizeNamePart(name.middleName);
  return { last: normalizeNamePart(name.lastName), first: normalizeNamePart(name.firstName), middle: middle || null };
}

/**
 * Whether two names are one person's, after {@link normalizeNamePart}: surname and first name equal, or
 * swapped (one source wrote the given name first); patronymics equal, or missing on at least one side.
 * Two different patronymics never match. A double surname (`Петрова-Водкина`) equals only itself, never
 * `Петрова`. Names with an empty surname or first name match nothing: there is nothing to compare.
 */
export function namesMatch(a: PersonName, b: PersonName): boolean {
  const x = normalName(a);
  const y = normalName(b);
  if (!x.last || !x.first || !y.last || !y.first) return false;
  const sameOrder = x.last === y.last && x.first === y.first;
  const swapped = x.last === y.first && x.first === y.last;
  if (!sameOrder && !swapped) return false;
  return x.middle === null || y.middle === null || x.middle === y.middle;
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort();
  const right = [...b].sort();
  return left.every((word, index) => word === right[index]);
}

/**
 * Whether a full name as someone typed it (an invitation "by full name") names this person: its words,
 * in any order, must be exactly the person's surname and first name, or those plus the patronymic.
 * So `Анна Иванова` and `Иванова Анна Сергеевна` both name Иванова Анна Сергеевна, while `Иванова`,
 * `Иванова Анна Петровна` and `Иванова Анна Сергеевна Мария` do not. A patronymic in the text needs one
 * on the person: without it we cannot tell whether the text names someone else.
 */
export function fullNameMatches(fullName: string, person: PersonName): boolean {
  const [last, first] = [nameWords(person.lastName), nameWords(person.firstName)];
  if (last.length === 0 || first.length === 0) return false;
  const text = nameWords(fullName);
  const core = [...last, ...first];
  if (sameWords(text, core)) return true;
  const middle = nameWords(person.middleName);
  return middle.length > 0 && sameWords(text, [...core, ...middle]);
}

/**
 * The name for showing: `Фамилия Имя Отчество` as the source spelled it, with spaces and dashes tidied
 * and no patronymic when there is none.
 * @example displayName({ lastName: 'Иванова', firstName: ' Анна', middleName: null }) // 'Иванова Анна'
 */
export function displayName(person: PersonName): string {
  return tidy([person.lastName, person.firstName, person.middleName ?? ''].join(' '));
}
