/**
 * Dates and school time zones as the simulators write them. Deliberately not `src/domain/dates.ts`: a
 * simulator is the diary's side of every test, so a mistake in the gateway's date reading must not be
 * repeated here, where it would make both sides agree. These helpers are written for the simulators'
 * needs (well-formed demo data in, diary wire formats out) and on another footing: the zone's offset comes
 * from `Intl`'s own offset name (`GMT+03:00`), not from comparing wall clocks.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** True for a real calendar day written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The `YYYY-MM-DD` day `days` after `date` (before it when negative). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const offsetNames = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `instant`, in minutes (Moscow: 180, St John's in summer: −150). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  let format = offsetNames.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetNames.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  if (name === 'GMT') return 0; // some ICU versions name UTC itself without an offset
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) throw new RangeError(`unexpected offset name ${name} for ${timeZone}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The wall clock at `instant` in the zone, as `YYYY-MM-DDTHH:MM:SS`. */
function wallClockAt(instant: Date, timeZone: string): string {
  const shifted = instant.getTime() + zoneOffsetMinutes(instant, timeZone) * MINUTE_MS;
  return new Date(shifted).toISOString().slice(0, 19);
}

/** The school's calendar day at `instant`: what "today" is there. */
export function schoolToday(instant: Date, timeZone: string): string {
  return wallClockAt(instant, timeZone).slice(0, 10);
}

/** `instant` as ISO 8601 with the zone's offset, to the second: `2026-09-01T08:30:00+03:00`. */
export function zonedTimestamp(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${wallClockAt(instant, timeZone)}${sign}${hours}:${minutes}`;
}

/**
 * The instant a school-local wall-clock time (`date` `YYYY-MM-DD`, `time` `HH:MM`) stands for. Throws a
 * `RangeError` for a day or time that does not exist: the seed data is generated, so that is a bug.
 */
export function instantAt(date: string, time: string, timeZone: string): Date {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  if (!isCalendarDate(date) || !/^\d{2}:\d{2}$/.test(time) || Number.isNaN(asUtc)) {
    throw new RangeError(`${date} ${time} is not a school-local date and time`);
  }
  // Take the offset at the wall clock read as UTC, then once more at the instant that gives: the second
  // reading settles the hour around a daylight-saving change (Russian zones have none since 2014).
  const first = asUtc - zoneOffsetMinutes(new Date(asUtc), timeZone) * MINUTE_MS;
  return new Date(asUtc - zoneOffsetMinutes(new Date(first), timeZone) * MINUTE_MS);
}
