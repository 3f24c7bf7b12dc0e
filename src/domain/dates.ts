/**
 * Calendar-date and time-zone helpers. Schools live in their own zone (Moscow, Yekaterinburg,
 * Vladivostok…), so "today" and naive provider datetimes are always read in the school's zone, never in
 * the server's. Built on `Intl` only: the zone database ships with Node.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
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

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock parts of an instant in a zone. */
function wallClock(instant: Date, timeZone: string): { date: string; time: string; asUtcMs: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return { date, time, asUtcMs: Date.parse(`${date}T${time}Z`) };
}

/** The calendar date of an instant in a zone: "today" at a school. */
export function dateInZone(instant: Date, timeZone: string): string {
  return wallClock(instant, timeZone).date;
}

/** The zone's UTC offset at an instant, in minutes (Moscow: 180). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wholeSeconds = new Date(Math.floor(instant.getTime() / 1000) * 1000);
  return Math.round((wallClock(wholeSeconds, timeZone).asUtcMs - wholeSeconds.getTime()) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Writes an instant as ISO 8601 with the zone's offset, to the second: `2026-09-01T08:30:00+03:00`. */
export function toZonedIso(instant: Date, timeZone: string): string {
  const { date, time } = wallClock(instant, timeZone);
  return `${date}T${time}${formatOffset(offsetMinutes(instant, timeZone))}`;
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
