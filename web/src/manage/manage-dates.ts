/**
 * Dates of the settings view: how days and instants are written, and the bounds the gateway sets on
 * invitations (at most 366 days ahead) and absence notices (at most 31 days, from 30 days back).
 */
import { addDays, type IsoDate } from '../dates.js';
import { localeOf, type Language } from '../i18n.js';

/** Longest access a parent can grant ahead, in days: one less than the gateway's 366, since access ends at day's end. */
export const MAX_GRANT_DAYS_AHEAD = 365;
/** Longest absence notice, in days (inclusive), as the gateway allows. */
export const MAX_NOTICE_DAYS = 31;
/** How far back a notice may start, in days, as the gateway allows. */
export const MAX_NOTICE_DAYS_BACK = 30;

/** The page's day format in `language`, in `timeZone` (the phone's zone when `undefined`). */
function dayFormat(language: Language, timeZone: 'UTC' | undefined): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone });
}

/** A calendar date in words (`2026-12-08` → «8 декабря 2026 г.»); anything unreadable is shown as sent. */
export function formatDay(iso: IsoDate, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  // Read as UTC and written as UTC: a calendar date must not move a day with the phone's time zone.
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dayFormat(language, 'UTC').format(date);
}

/** Days `from`–`to` in words; one day when they are the same. */
export function formatDayRange(from: IsoDate, to: IsoDate, language: Language): string {
  return from === to ? formatDay(from, language) : `${formatDay(from, language)} – ${formatDay(to, language)}`;
}

/** The phone's calendar day of a gateway `DateTime`, in words; anything unreadable is shown as sent. */
export function formatInstantDay(dateTime: string, language: Language): string {
  const date = new Date(dateTime);
  return Number.isNaN(date.getTime()) ? dateTime : dayFormat(language, undefined).format(date);
}

/** A UTC offset in minutes east of Greenwich as ISO 8601 writes it (`180` → `+03:00`). */
export function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const minutes = Math.abs(minutesEast);
  const hours = String(Math.floor(minutes / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The last second of calendar day `iso` on the phone's clock, as a gateway `DateTime`
 * (`2027-03-01` in Moscow → `2027-03-01T23:59:59+03:00`): "until 1 March" means through that day.
 */
export function endOfDayInstant(iso: IsoDate): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  // The offset of that evening, not of today: a zone may change its clock in between.
  const evening = new Date(year, month - 1, day, 23, 59, 59);
  return `${iso}T23:59:59${offsetText(-evening.getTimezoneOffset())}`;
}

/** The days an invitation may end on: from today to {@link MAX_GRANT_DAYS_AHEAD} days ahead. */
export function grantEndBounds(today: IsoDate): { min: IsoDate; max: IsoDate } {
  return { min: today, max: addDays(today, MAX_GRANT_DAYS_AHEAD) };
}

/** The days a notice may start on, and (given its start) end on, as the gateway allows. */
export function noticeBounds(today: IsoDate, from: IsoDate): { fromMin: IsoDate; toMin: IsoDate; toMax: IsoDate } {
  return {
    fromMin: addDays(today, -MAX_NOTICE_DAYS_BACK),
    toMin: from,
    toMax: addDays(from, MAX_NOTICE_DAYS - 1),
  };
}

/**
 * The days of a notice that can still be withdrawn: from today on (the school has recorded the days
 * before). `null` when the notice ended before today.
 */
export function withdrawableRange(
  notice: { from: IsoDate; to: IsoDate },
  today: IsoDate,
): { from: IsoDate; to: IsoDate } | null {
  if (notice.to < today) return null;
  return { from: notice.from < today ? today : notice.from, to: notice.to };
}
