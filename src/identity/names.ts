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
  A: 'а',
  a: 'а',
  B: 'в',
  C: 'с',
  c: 'с',
  E: 'е',
  e: 'е',
  Ë: 'е',
  ë: 'е',
  H: 'н',
  K: 'к',
  k: 'к',
  M: 'м',
  O: 'о',
  o: 'о',
  P: 'р',
  p: 'р',
  T: 'т',
  X: 'х',
  x: 'х',
  Y: 'у',
  y: 'у',
});
const LOOKALIKE_CHARS = /[AaBCcEeËëHKkMOoPpTXxYy]/g;
const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Every dash people type between the parts of a double surname (`‑` and `﹣` too, which only NFKC folds). */
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
/** Invisible characters that sneak in from copy-paste and would make equal names differ. */
const INVISIBLES = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** Dots, quotes and apostrophes: initials' dots, `«…»` from documents, `Д'Артаньян`/`Д’Артаньян`. */
const PUNCTUATION = /[.'"`´ʹʻʼʽ‘’‚‛“”„‟«»‹›]/g;
/**
 * Combining acute and grave accents: stress marks (`Мари́я`), which no one reads as another name. They are
 * left only where no composed letter exists (Cyrillic vowels), since NFKC first composes `e` + U+0301
 * into `é`; so Latin `José` stays unlike `Jose`, as the module promises no transliteration.
 */
const STRESS_MARKS = /[\u0300\u0301]/g;

/**
 * A run of whitespace and hyphens. Nothing follows the `+`, so a match that starts always succeeds and the
 * scan never starts again inside a run: linear in the text's length.
 */
const SPACES_AND_HYPHENS = /[\s-]+/g;

/**
 * Lays out whitespace and dashes the same way for every spelling, keeping letters and case: Unicode `form`
 * (NFKC for comparing; NFC for showing, which composes `е` + U+0308 into `ё` but keeps the letters the
 * source chose, where NFKC would turn a full-width `Ａ` or a ligature into plain letters), no invisible
 * characters, one kind of hyphen with no spaces around it, single spaces, trimmed.
 *
 * Every step is one linear pass, because names come from anyone (an invitation's `fullName`). Each run
 * of spaces and hyphens becomes one hyphen when it holds one, else one space. The pattern this replaced,
 * a global `\s*-[\s-]*`, retried its `\s*` from every space of a long run without a hyphen: quadratic, and
 * 120,000 spaces in a name held the event loop for 15 s (issue 10, finding 2).
 */
function tidy(text: string, form: 'NFC' | 'NFKC' = 'NFKC'): string {
  return text
    .normalize(form)
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
 * Unicode NFKC (which includes NFC's composition: `е` + U+0308 is `ё`); stress marks removed; Latin look-alikes in Cyrillic words mapped to Cyrillic (table at `LATIN_LOOKALIKES`);
 * lower case; `ё` → `е`; every dash and hyphen (`‐ ‑ ‒ – — −`, with or without spaces around) → `-`;
 * invisible characters, dots, quotes and apostrophes removed; whitespace collapsed; trimmed, with no
 * dangling hyphen at either end.
 * @example normalizeNamePart(' ПЕТРОВА — Bодкина ') // 'петрова-водкина'
 * @example normalizeNamePart('Артём') // 'артем'
 */
export function normalizeNamePart(text: string): string {
  // NFKC before removing punctuation: it folds full-width quotes and dots (`＇`, `．`) into the plain ones.
  // NFKC, not only NFC: names equal under NFC stay equal, and compatibility forms (full-width letters,
  // ligatures) that people read as the plain letters compare equal too.
  const normal = tidy(text.normalize('NFKC').replace(PUNCTUATION, '').replace(STRESS_MARKS, ''))
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
  const words = tidy(fullName, 'NFC')
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
  return tidy([person.lastName, person.firstName, person.middleName ?? ''].join(' '), 'NFC');
}

const LATIN = /\p{Script=Latin}/u;
/** Separators between the words of a name part, once {@link tidy} has laid them out. */
const WORD_SEPARATOR = /[ -]/;

/**
 * Whether every word of a name part is written in one script: all Cyrillic or all Latin. `Пeтрова`
 * with a Latin `e` is not; `Smith` and `Петрова-Водкина` are. A double-barrelled `Смит-Петрова` is,
 * word by word: a foreign surname beside a Russian one is a real spelling, a Latin letter inside a
 * Cyrillic word is a typing accident.
 */
export function isOneScript(text: string): boolean {
  return tidy(text)
    .split(WORD_SEPARATOR)
    .every((word) => !(CYRILLIC.test(word) && LATIN.test(word)));
}

/**
 * Whether a name part is only initials (`А.`, `А. С.`, `Анна-М.` is not): every word of its normal
 * form is one letter. Such a part can stand for a full one but must never be shown instead of it.
 */
export function isInitial(text: string): boolean {
  const words = nameWords(text);
  return words.length > 0 && words.every((word) => [...word].length === 1);
}

/**
 * Whether two spellings of one name part can be the same part: equal after {@link normalizeNamePart}, or
 * one is initials of the other (`А.` and `Анна`, `А. М.` and `Анна Мария`). An empty part fits nothing.
 */
export function namePartsAgree(a: string, b: string): boolean {
  const [left, right] = [nameWords(a), nameWords(b)];
  if (left.length === 0 || right.length === 0) return false;
  if (left.join(' ') === right.join(' ')) return true;
  if (left.length !== right.length) return false;
  const initials = (words: string[]) => words.every((word) => [...word].length === 1);
  const [short, long] = initials(left) ? [left, right] : initials(right) ? [right, left] : [null, null];
  return short !== null && long !== null && short.every((letter, index) => long[index]!.startsWith(letter));
}

/** A part worth showing: present, not initials only. */
function isFull(part: string | null): part is string {
  return part !== null && normalizeNamePart(part) !== '' && !isInitial(part);
}

/** A source's rank for showing: written in one script first, then the most full parts. Smaller is better. */
function displayRank(name: PersonName): [number, number] {
  const parts = [name.lastName, name.firstName, name.middleName].filter((part): part is string => part !== null);
  const oneScript = parts.every(isOneScript);
  return [oneScript ? 0 : 1, -parts.filter(isFull).length];
}

/**
 * The spelling of one name part to show, among the parts of sources that agree with the chosen one: the
 * first (in rank order) that is full and in one script, else the first full one, else the first at all.
 */
function bestPart(values: readonly (string | null)[]): string | null {
  const present = values.filter((value): value is string => value !== null && normalizeNamePart(value) !== '');
  return present.find((value) => isFull(value) && isOneScript(value)) ?? present.find(isFull) ?? present[0] ?? null;
}

/**
 * The name to show for one child known from several sources (enrollments in several diaries, calls of
 * one diary), as people read it. The base is the cleanest source: written in one script (no Latin
 * look-alike inside a Cyrillic word), then the most complete (a patronymic, no initials), then the
 * earliest in `sources`. Then no part is lost because the sources spell it differently: each part is
 * taken, in that order of sources, from the first source whose surname and first name agree with the
 * base's ({@link namePartsAgree}) and that spells it in full and in one script. So `Пeтрова Анна` (a
 * Latin `e`) beside `Петрова Анна Сергеевна` shows `Петрова Анна Сергеевна`, and `Иванова А. С.` beside
 * `Иванова Анна Сергеевна` shows the full name. A source that names someone else (a surname changed
 * since) lends no part. `null` when there is no source.
 * @example chooseDisplayName([{ lastName: 'Пeтрова', firstName: 'Анна', middleName: 'Сергеевна' },
 *   { lastName: 'Петрова', firstName: 'Анна', middleName: null }]) // Петрова Анна Сергеевна
 */
export function chooseDisplayName(sources: readonly PersonName[]): PersonName | null {
  const ranked = sources
    .map((name, index) => ({ name, index, rank: displayRank(name) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index)
    .map(({ name }) => name);
  const base = ranked[0];
  if (base === undefined) return null;
  const agreeing = ranked.filter(
    (name) =>
      name === base || (namePartsAgree(name.lastName, base.lastName) && namePartsAgree(name.firstName, base.firstName)),
  );
  // Two different patronymics (one diary wrong) are not merged: only those agreeing with the first one known.
  const firstMiddle = agreeing
    .map((name) => name.middleName)
    .find((middle): middle is string => middle !== null && normalizeNamePart(middle) !== '');
  const middles = agreeing.map(({ middleName }) =>
    middleName !== null && firstMiddle !== undefined && namePartsAgree(middleName, firstMiddle) ? middleName : null,
  );
  return {
    lastName: bestPart(agreeing.map((name) => name.lastName)) ?? base.lastName,
    firstName: bestPart(agreeing.map((name) => name.firstName)) ?? base.firstName,
    middleName: bestPart(middles),
  };
}

/**
 * Of two spellings of one name part, the one to keep: the other when the first is blank; the cleaner
 * (written in one script) when both spell the same part ({@link normalizeNamePart}); else the first.
 * So a diary that once wrote `Пeтрова` with a Latin `e` does not replace a known `Петрова`, while a real
 * change of name (`Петрова` → `Сидорова`) still wins.
 */
export function preferCleanSpelling(first: string, second: string): string {
  if (first.trim() === '') return second;
  if (normalizeNamePart(first) === normalizeNamePart(second) && !isOneScript(first) && isOneScript(second))
    return second;
  return first;
}
