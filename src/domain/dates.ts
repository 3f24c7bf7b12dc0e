/**
 * Calendar-date and time-zone helpers. Schools live in their own zone (Moscow, Yekaterinburg,
 * Vladivostok…), so "today" and naive provider datetimes are always read in the school's zone, never in
 * the server's. Built on `Intl` only: the zone database ships with Node (read through `zone-clock.ts`).
 */
import { offsetMinutes, wallClock } from './zone-clock.js';

export { offsetMinutes } from './zone-clock.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DASH = 45;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The number written by `count` ASCII digits of `text` from `from`, or -1 if any is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * True when `value` is a real calendar date written `YYYY-MM-DD`. Read digit by digit and checked with a
 * month table, neither a regular expression nor a `Date` per value: it runs for every date the gateway
 * reads or writes. Years 0000–0099 are refused, as they always were (the `Date` check this replaces read
 * them as 1900–1999); no diary dates anything before the year 1000.
 */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= monthDays;
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const base = new Date(`${date}T00:00:00Z`);
  base.setUTCDate(base.getUTCDate() + days);
  return base.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** True when `date` lies within the inclusive range. */
export function isWithin(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}

/** The calendar date of an instant in a zone: "today" at a school. */
export function dateInZone(instant: Date, timeZone: string): string {
  return wallClock(instant, timeZone).date;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Writes an instant as ISO 8601 with the zone's offset, to the second: `2026-09-01T08:30:00+03:00`. */
export function toZonedIso(instant: Date, timeZone: string): string {
  const { date, time, asUtcMs } = wallClock(instant, timeZone);
  // The wall clock is to the second, so its distance from the instant's whole second is the offset.
  const offset = Math.round((asUtcMs - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  return `${date}T${time}${formatOffset(offset)}`;
}

/**
 * Reads a naive school-local datetime (`YYYY-MM-DDTHH:MM[:SS]` or with a space) in a zone and returns
 * the instant, or `null` when it is not such a datetime.
 */
export function zonedToInstant(naive: string, timeZone: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(naive.trim());
  if (!match || !isIsoDate(match[1]!)) return null;
  const asUtc = Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4] ?? '00'}Z`);
  // An impossible time (25:61, 23:59:60) parses as NaN; it is unreadable, not an instant.
  if (Number.isNaN(asUtc)) return null;
  // The offset at the guessed instant is right except within an hour of a DST change; one correction
  // step settles those cases, which Russian zones (no DST since 2014) never reach.
  let instant = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000;
  instant = asUtc - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** Reads a naive school-local datetime and writes it as ISO with offset, or `null` if unreadable. */
export function naiveLocalToIso(naive: string, timeZone: string): string | null {
  const instant = zonedToInstant(naive, timeZone);
  return instant ? toZonedIso(instant, timeZone) : null;
}

/** Reads an ISO datetime that carries an offset (or `Z`) and rewrites it in the school's zone. */
export function offsetIsoToZoned(value: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : toZonedIso(new Date(ms), timeZone);
}

/**
 * Reads a datetime a diary may send either as naive school-local time (`2025-09-15T10:02:00`) or with an
 * offset (`…+03:00`, `…Z`), and writes it as ISO with the school's offset; `null` when it is neither, or
 * names a time of day no clock shows (`25:61`).
 */
export function localOrOffsetToIso(value: string, timeZone: string): string | null {
  return naiveLocalToIso(value, timeZone) ?? offsetIsoToZoned(value, timeZone);
}

/** Reads `DD.MM.YYYY` (web and legacy routes of Russian diaries) as `YYYY-MM-DD`, or `null`. */
export function dottedToIsoDate(value: string): string | null {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value.trim());
  if (!match) return null;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  return isIsoDate(iso) ? iso : null;
}

/** Reads a date written either `YYYY-MM-DD` (optionally followed by a time) or `DD.MM.YYYY`, or `null`. */
export function readDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const head = trimmed.slice(0, 10);
  if (isIsoDate(head)) return head;
  return dottedToIsoDate(trimmed);
}
