/**
 * Dates and times of the child cards in the page's language. Calendar dates (`YYYY-MM-DD`) are the
 * school's days and are formatted as such (never shifted by a time zone); instants (`fetchedAt`, the page's
 * load) are shown on the phone's clock, since "data as of 08:40" is read against the phone's own time.
 */
import type { IsoDate } from '../dates.js';
import { localeOf, type Language } from '../i18n.js';

/** A calendar date as a `Date` at UTC midnight, formatted with `timeZone: 'UTC'` so the day never moves. */
function utcDay(iso: IsoDate): Date {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

function formatDay(iso: IsoDate, language: Language, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(localeOf(language), { ...options, timeZone: 'UTC' }).format(utcDay(iso));
}

/** `7 дек.` / `7 Dec`: a day in a list where the month is enough context. */
export function dayMonth(iso: IsoDate, language: Language): string {
  return formatDay(iso, language, { day: 'numeric', month: 'short' });
}

/** `пн, 7 дек.` / `Mon 7 Dec`: a day a parent plans by (homework due, a lesson day). */
export function weekdayDay(iso: IsoDate, language: Language): string {
  return formatDay(iso, language, { weekday: 'short', day: 'numeric', month: 'short' });
}

/** `09.12`: the short form the diaries themselves print for deadlines («долг до 09.12»). */
export function dotted(iso: IsoDate): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
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

/** The Russian plural form of `count` (1 пропуск, 2 пропуска, 5 пропусков) or the English one. */
export function countText(
  count: number,
  language: Language,
  forms: { readonly ru: readonly [one: string, few: string, many: string]; readonly en: readonly [string, string] },
): string {
  if (language === 'en') return `${count} ${count === 1 ? forms.en[0] : forms.en[1]}`;
  const rule = new Intl.PluralRules('ru-RU').select(count);
  const word = rule === 'one' ? forms.ru[0] : rule === 'few' ? forms.ru[1] : forms.ru[2];
  return `${count} ${word}`;
}
