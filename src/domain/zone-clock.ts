/**
 * The wall clock of an instant in a time zone, read from `Intl` about once per zone and hour instead of
 * once per instant. `Intl.DateTimeFormat#formatToParts` costs microseconds and a dozen objects; a
 * revalidated dashboard writes thousands of timestamps (every lesson's start and end, every grade's
 * time), which made it the gateway's single most expensive function.
 *
 * Exactness: a zone's UTC offset is constant between its transitions (DST changes, law changes), and no
 * zone has two transitions within one hour. So the offset read at the first and the last whole second
 * of a UTC hour, when equal, is the offset of every second of that hour; when they differ, the hour
 * holds a transition and each instant in it is read from `Intl` as before. Russian zones have had no
 * transition since 2014, but nothing here assumes it.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Hours remembered per zone before the memo starts over: over a year of hours, under 1 MiB per zone. */
const MAX_HOURS_PER_ZONE = 10_000;

/** The wall-clock parts of an instant in a zone. */
export interface WallClock {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM:SS`. */
  time: string;
  /** The wall-clock time read as if it were UTC, in ms (whole seconds). */
  asUtcMs: number;
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

/** The wall clock as `Intl` formats it: the reference every shortcut below must equal. */
function intlWallClock(instant: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return { date, time, asUtcMs: Date.parse(`${date}T${time}Z`) };
}

/** The zone's offset at a whole second, in ms, as `Intl` reads it. */
function intlOffsetMs(wholeSecondMs: number, timeZone: string): number {
  return intlWallClock(new Date(wholeSecondMs), timeZone).asUtcMs - wholeSecondMs;
}

/** Per zone: UTC hour number → the offset in ms through that whole hour, or `null` when it holds a transition. */
const hourOffsets = new Map<string, Map<number, number | null>>();

/** The zone's offset at a whole second when constant over its UTC hour, else `null`. */
function hourOffsetMs(wholeSecondMs: number, timeZone: string): number | null {
  let hours = hourOffsets.get(timeZone);
  if (!hours) {
    hours = new Map();
    hourOffsets.set(timeZone, hours);
  }
  const hour = Math.floor(wholeSecondMs / HOUR_MS);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const first = intlOffsetMs(start, timeZone);
    const last = intlOffsetMs(start + HOUR_MS - 1000, timeZone);
    offset = first === last ? first : null;
    // Bounded: an unusual spread of instants costs a re-read, never unbounded memory.
    if (hours.size >= MAX_HOURS_PER_ZONE) hours.clear();
    hours.set(hour, offset);
  }
  return offset;
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

/** Wall clocks `Intl` writes as this module does: years 1000–9999 (outside, it skips padding or adds eras). */
const FIRST_PLAIN_MS = Date.UTC(1000, 0, 1);
const LAST_PLAIN_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * The wall clock of a whole second as ms read as UTC, when the hour's offset is known and the year is
 * one `Intl` writes plainly; else `null` (then `Intl` is asked).
 */
function fastWallMs(wholeSecondMs: number, timeZone: string): number | null {
  // Far outside those years (no zone is a day off UTC) the memo is not asked: its hour could reach past
  // the last instant a `Date` holds.
  if (wholeSecondMs < FIRST_PLAIN_MS - DAY_MS || wholeSecondMs > LAST_PLAIN_MS + DAY_MS) return null;
  const offset = hourOffsetMs(wholeSecondMs, timeZone);
  if (offset === null) return null;
  const wallMs = wholeSecondMs + offset;
  return wallMs >= FIRST_PLAIN_MS && wallMs <= LAST_PLAIN_MS ? wallMs : null;
}

/**
 * Wall-clock parts of an instant in a zone, to the second (milliseconds dropped, as `Intl` drops them).
 * Throws `RangeError` for an invalid instant or an unknown zone, as `Intl` does.
 */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  const asUtcMs = Number.isFinite(ms) ? fastWallMs(Math.floor(ms / 1000) * 1000, timeZone) : null;
  if (asUtcMs === null) return intlWallClock(instant, timeZone);
  const wall = new Date(asUtcMs);
  const date = `${wall.getUTCFullYear()}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
  const time = `${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:${pad2(wall.getUTCSeconds())}`;
  return { date, time, asUtcMs };
}

/** The zone's UTC offset at an instant, in whole minutes (Moscow: 180). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wholeSecondMs = Math.floor(instant.getTime() / 1000) * 1000;
  const wallMs = Number.isFinite(wholeSecondMs) ? fastWallMs(wholeSecondMs, timeZone) : null;
  const asUtcMs = wallMs ?? intlWallClock(new Date(wholeSecondMs), timeZone).asUtcMs;
  return Math.round((asUtcMs - wholeSecondMs) / 60_000);
}
