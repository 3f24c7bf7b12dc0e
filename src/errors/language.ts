/**
 * The language a person reads an error in, chosen from the request's `Accept-Language` (RFC 9110 §12.5.4).
 * The gateway speaks Russian (families) and English (API clients, and every message's original). Which one
 * wins when the header leaves it open differs by audience, so the caller gives the fallback: English for
 * GraphQL answers (API clients and their tests keep what they always got), Russian for pages a family opens.
 *
 * Liberal in what it reads: `ru`, `ru-RU`, `RU`, `en-US`, `*`, any q-value spelling, stray spaces and empty
 * entries; a malformed entry is skipped, never an error. Bounded: only the first
 * {@link MAX_ACCEPT_LANGUAGE_LENGTH} characters and {@link MAX_LANGUAGE_RANGES} entries are looked at, so a
 * hostile header costs no more than a browser's.
 */

/** A language the gateway writes messages in. */
export type Language = 'ru' | 'en';

/** The languages the gateway writes, Russian first. */
export const LANGUAGES: readonly Language[] = Object.freeze(['ru', 'en']);

/** How much of an `Accept-Language` header is read; browsers send well under 200 characters. */
export const MAX_ACCEPT_LANGUAGE_LENGTH = 512;

/** How many of its entries are weighed. */
export const MAX_LANGUAGE_RANGES = 32;

/** One entry: `ru-RU;q=0.8` as `{ primary: 'ru', q: 0.8 }`, `*` as `{ primary: '*', … }`. */
interface LanguageRange {
  primary: string;
  q: number;
}

// A language range (RFC 4647 §2.1): `*`, or 1–8 letters then `-` subtags of 1–8 letters or digits.
const RANGE = /^(?:\*|[a-z]{1,8}(?:-[a-z\d]{1,8})*)$/i;
// A weight: 0 to 1 with up to three decimals (RFC 9110 §12.4.2).
const WEIGHT = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The language to answer in. `header` is the request's `Accept-Language` (a repeated header as Node gives
 * it, joined or as an array). The best-weighted language the gateway writes wins, the earlier entry on a
 * tie; `ru-RU` counts as `ru`; `*` stands for every language the header does not name, the fallback first.
 * No header, nothing the gateway writes, or only refusals (`q=0`): the fallback, unless the header refused
 * the fallback by name and the other not at all.
 * @example negotiateLanguage('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7') // 'ru'
 * @example negotiateLanguage(undefined) // 'en'
 * @example negotiateLanguage('*', 'ru') // 'ru'
 */
export function negotiateLanguage(header: string | readonly string[] | undefined, fallback: Language = 'en'): Language {
  const ranges = parseRanges(typeof header === 'string' || header === undefined ? header : header.join(','));
  const other: Language = fallback === 'ru' ? 'en' : 'ru';
  const fallbackWeight = weightOf(ranges, fallback);
  const otherWeight = weightOf(ranges, other);
  if (otherWeight.q > fallbackWeight.q) return other;
  if (otherWeight.q === fallbackWeight.q && otherWeight.q > 0 && otherWeight.position < fallbackWeight.position)
    return other;
  // "Anything but the fallback" (`en;q=0`) with the other language not refused (by name or by `*;q=0`).
  if (fallbackWeight.q === 0 && fallbackWeight.source === 'named' && otherWeight.source === 'none') return other;
  return fallback;
}

/** The entries of a header, at most {@link MAX_LANGUAGE_RANGES}, malformed ones left out. */
function parseRanges(header: string | undefined): LanguageRange[] {
  if (!header) return [];
  let text = header;
  if (text.length > MAX_ACCEPT_LANGUAGE_LENGTH) {
    // Cut after the last whole entry within the bound (one ending right at it included): half an entry
    // (`ru-R` of `ru-RU`) must not count as one.
    text = text.slice(0, MAX_ACCEPT_LANGUAGE_LENGTH + 1);
    text = text.slice(0, Math.max(0, text.lastIndexOf(',')));
  }
  const ranges: LanguageRange[] = [];
  for (const entry of text.split(',', MAX_LANGUAGE_RANGES)) {
    const range = parseRange(entry);
    if (range) ranges.push(range);
  }
  return ranges;
}

/** `ru-RU;q=0.8` → `{ primary: 'ru', q: 0.8 }`; `null` when malformed. */
function parseRange(entry: string): LanguageRange | null {
  const [tag = '', ...parameters] = entry.split(';');
  const range = tag.trim();
  if (!RANGE.test(range)) return null;
  let q = 1;
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=', 2).map((part) => part.trim());
    if (name.toLowerCase() !== 'q') continue;
    if (!WEIGHT.test(value)) return null;
    q = Number(value);
  }
  return { primary: range.split('-', 1)[0]!.toLowerCase(), q };
}

/** How much a header wants a language, and which entry said so (`none`: no entry, weight 0). */
interface Weight {
  q: number;
  /** Index of the entry that gave the weight. */
  position: number;
  source: 'named' | 'wildcard' | 'none';
}

/** The best weight among the entries naming `language`, else the weight of `*`. */
function weightOf(ranges: readonly LanguageRange[], language: Language): Weight {
  let best: Weight = { q: 0, position: Number.POSITIVE_INFINITY, source: 'none' };
  ranges.forEach((range, position) => {
    if (range.primary === language && (best.source === 'none' || range.q > best.q))
      best = { q: range.q, position, source: 'named' };
  });
  if (best.source === 'named') return best;
  const wildcard = ranges.findIndex((range) => range.primary === '*');
  if (wildcard === -1) return best;
  return { q: ranges[wildcard]!.q, position: wildcard, source: 'wildcard' };
}
