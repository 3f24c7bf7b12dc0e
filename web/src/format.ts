/**
 * How the page writes values in its language — calendar days, instants, numbers, counted words and the
 * schema's codes — in one module, so the children's cards, the progress section and the settings write a
 * day or a count the same way.
 *
 * Calendar days (`YYYY-MM-DD`) are the school's days: they are read and written in UTC, so no time zone
 * moves them. Instants (`fetchedAt`, an invitation's end) are shown on the phone's clock, since "data as of
 * 08:40" is read against the phone's own time.
 */
import { dateParts, type IsoDate } from './dates.js';
import { localeOf, type Bilingual, type Language } from './i18n.js';

/** `7 дек.` / `7 Dec`: a day in a list where the month is enough context. */
export const DAY_MONTH: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };

/** `пн, 7 дек.` / `Mon 7 Dec`: a day a parent plans by (homework due, a lesson day). */
export const WEEKDAY_DAY_MONTH: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };

/** `8 декабря 2026 г.` / `8 December 2026`: a day that may be far off (a birth date, a notice, an end of access). */
export const FULL_DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Calendar day `iso` written with `options` (say {@link DAY_MONTH}) in `language`, on no time zone's clock;
 * anything that is not a `YYYY-MM-DD` is shown as sent.
 */
export function formatDay(iso: IsoDate, language: Language, options: Intl.DateTimeFormatOptions): string {
  if (!CALENDAR_DAY.test(iso)) return iso;
  const [year, month, day] = dateParts(iso);
  // Midnight UTC, written in UTC: the day stays the same whatever the phone's zone.
  return new Intl.DateTimeFormat(localeOf(language), { ...options, timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** Days `from`–`to` written with `options`; one day when they are the same. */
export function formatDayRange(
  from: IsoDate,
  to: IsoDate,
  language: Language,
  options: Intl.DateTimeFormatOptions,
): string {
  const first = formatDay(from, language, options);
  return from === to ? first : `${first} – ${formatDay(to, language, options)}`;
}

/** `09.12`: the short form the diaries themselves print for deadlines («долг до 09.12»). */
export function dotted(iso: IsoDate): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}

/** The phone's calendar day of a gateway `DateTime`, in {@link FULL_DATE} words; anything unreadable is shown as sent. */
export function formatInstantDay(dateTime: string, language: Language): string {
  const date = new Date(dateTime);
  return Number.isNaN(date.getTime()) ? dateTime : new Intl.DateTimeFormat(localeOf(language), FULL_DATE).format(date);
}

/**
 * An instant on the phone's clock: `08:40` when it is on the same day as `now`, else with its day
 * (`5 декабря, 08:40`). `timeZone` is for tests; the page leaves it out and gets the phone's zone.
 */
export function clockText(instant: Date, now: Date, language: Language, timeZone?: string): string {
  const locale = localeOf(language);
  const zone = timeZone === undefined ? {} : { timeZone };
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone });
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', ...zone });
  if (day.format(instant) === day.format(now)) return time.format(instant);
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', ...zone });
  return `${date.format(instant)}, ${time.format(instant)}`;
}

/** An average as the table shows it: always two decimals (4,50; 4.50), as the gateway rounds it. */
export function formatAverage(value: number, language: Language): string {
  return new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    value,
  );
}

/** A threshold or a mark's value, with as few decimals as it needs (4,5; 4,6; 5). */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 2 }).format(value);
}

/**
 * A word's forms by plural category: `one`, `few`, `many` for Russian (оценка, оценки, оценок); `one`,
 * `other` for English. `other` also stands in for a category left out (Russian's `other` is for fractions).
 */
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

/** The words for each value of a schema enum (or another code the gateway sends), in both languages. */
export type CodeWords<K extends string> = Readonly<Record<K, Bilingual<string>>>;

/** The words for `code` in `language`; a code the page has no words for (a newer gateway's) is shown as sent. */
export function codeText<K extends string>(words: CodeWords<K>, code: string, language: Language): string {
  return words[code as K]?.[language] ?? code;
}
