/**
 * Numbers, days and counted words of the progress section in the page's language: a decimal comma in
 * Russian (4,52), a point in English (4.52); Russian's three plural forms (1 оценка, 2 оценки, 5 оценок).
 */
import type { IsoDate } from '../dates.js';
import { localeOf, type Language } from '../i18n.js';

/** An average as the table shows it: always two decimals (4,50), as the gateway rounds it. */
export function formatAverage(value: number, language: Language): string {
  return new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    value,
  );
}

/** A threshold or a mark's value, with as few decimals as it needs (4,5; 4,6; 5). */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 2 }).format(value);
}

/** A lesson day, short (`12 нояб.`, `12 Nov`). */
export function formatDay(date: IsoDate, language: Language): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  // The date is a calendar day, not an instant: read and write it in UTC so no time zone moves it.
  return new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** A word's forms by plural category: `one`, `few`, `many` for Russian; `one`, `other` for English. */
export interface WordForms {
  readonly one: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** The form of a word that goes with `count` in `language` (21 оценка, 22 оценки, 25 оценок). */
export function wordFor(count: number, forms: WordForms, language: Language): string {
  const category = new Intl.PluralRules(localeOf(language)).select(count);
  switch (category) {
    case 'one':
      return forms.one;
    case 'few':
      return forms.few ?? forms.other;
    case 'many':
      return forms.many ?? forms.other;
    default:
      return forms.other;
  }
}

/** `count` and its word: `3 оценки`, `1 mark`. */
export function countOf(count: number, forms: WordForms, language: Language): string {
  return `${count} ${wordFor(count, forms, language)}`;
}
