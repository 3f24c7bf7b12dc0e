/**
 * Pieces every Dnevnik.ru normaliser shares: the provider tag, ids (prefixing, preferring `_str` twins),
 * subjects, school time zones, and readers of the API's date and time formats.
 */
import { isIsoDate, naiveLocalToIso, readDate } from '../../src/domain/dates.js';
import type { Subject } from '../../src/domain/model.js';

/** The provider tag every Dnevnik.ru model carries. */
export const DNEVNIK = 'DNEVNIK' as const;

/** Subject name when the answer names none: the schema requires one. */
export const UNNAMED_SUBJECT = 'Без названия';

const DIGITS = /^-?\d+$/;

/**
 * Prefixes a Dnevnik.ru id: `dnevnik:2421882773904846063`. The id is a string of digits all the way from
 * the wire (see `json.ts`), so no digit is ever lost to a JS number.
 */
export function dnevnikId(value: string): string {
  return `dnevnik:${value}`;
}

/**
 * The id to use: the `_str` twin when it is a string of digits (typed clients mark it "preferred"),
 * else the number's own digits.
 */
export function preferTwin(twin: string | null | undefined, id: string): string;
/** As above, for an optional id: `null` when neither is given. */
export function preferTwin(twin: string | null | undefined, id: string | null | undefined): string | null;
/** Implementation of both forms. */
export function preferTwin(twin: string | null | undefined, id: string | null | undefined): string | null {
  if (twin && DIGITS.test(twin.trim())) return twin.trim();
  return id ?? null;
}

/** An id reference that Java clients default to `0` when absent: `0` means "none". */
export function reference(twin: string | null | undefined, id: string | null | undefined): string | null {
  const value = preferTwin(twin, id);
  return value === null || /^-?0+$/.test(value) ? null : value;
}

/** A subject from its Dnevnik.ru id and name. */
export function dnevnikSubject(subjectId: string, name: string | null | undefined): Subject {
  return { id: dnevnikId(subjectId), name: textOrNull(name) ?? UNNAMED_SUBJECT, provider: DNEVNIK };
}

/** Text that may come as `null`, `""` or blanks: blank means absent. */
export function textOrNull(value: string | null | undefined): string | null {
  return value != null && value.trim() !== '' ? value : null;
}

/** A person's full name in Russian order, `Фамилия Имя Отчество`, or `null` when there is no name. */
export function fullName(person: {
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
}): string | null {
  const parts = [person.lastName, person.firstName, person.middleName]
    .map((part) => textOrNull(part))
    .filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** The calendar date of a datetime the API sends (naive or with an offset: the date part is the school's day). */
export function dateOf(value: string | null | undefined): string | null {
  return readDate(value);
}

/** `HH:MM` of a time or datetime (`08:30`, `2026-09-01T08:30:00`, `0001-01-01 08:30`), or `null`. */
export function wallClockOf(value: string | null | undefined): string | null {
  const match = /(?:^|[T ])(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec((value ?? '').trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

/** A school-local date and wall-clock time as ISO with the school's offset, or `null`. */
export function zonedDateTime(date: string, time: string, timeZone: string): string | null {
  return isIsoDate(date) ? naiveLocalToIso(`${date}T${time}`, timeZone) : null;
}

/**
 * IANA zones for the whole-hour offsets of Russian regions. Russia has kept fixed offsets without DST
 * since 2014 (2016 for the last moves), so today each offset names one wall clock; the representative
 * zone reads better in logs than `Etc/GMT-3`.
 */
const RUSSIAN_ZONES: Readonly<Record<number, string>> = Object.freeze({
  2: 'Europe/Kaliningrad',
  3: 'Europe/Moscow',
  4: 'Europe/Samara',
  5: 'Asia/Yekaterinburg',
  6: 'Asia/Omsk',
  7: 'Asia/Novosibirsk',
  8: 'Asia/Irkutsk',
  9: 'Asia/Yakutsk',
  10: 'Asia/Vladivostok',
  11: 'Asia/Magadan',
  12: 'Asia/Kamchatka',
});

/**
 * The time zone of a school from `School.timeZone`, an integer offset from UTC in hours (providers.md
 * §1.5). Russian offsets map to the region's IANA zone; other whole-hour offsets (white labels abroad)
 * to the fixed `Etc/GMT∓N` zone (POSIX signs are inverted: UTC+5 is `Etc/GMT-5`). A value that is
 * absent, not a whole number of hours, or outside −12…+14 is not trusted, and `fallback` is used.
 */
export function schoolTimeZone(offsetHours: number | null | undefined, fallback: string): string {
  if (offsetHours == null || !Number.isInteger(offsetHours) || offsetHours < -12 || offsetHours > 14) return fallback;
  const russian = RUSSIAN_ZONES[offsetHours];
  if (russian) return russian;
  if (offsetHours === 0) return 'Etc/UTC';
  return `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
}

/** Orders digit-string ids numerically without converting them to numbers. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
