/**
 * Pieces every Eljur normaliser shares: the provider tag, ids, subjects, PHP-shaped collections, the
 * per-student wrapper, and the readers of Eljur's date and number formats (providers.md §2.7).
 */
import { isIsoDate, localOrOffsetToIso, naiveLocalToIso, readDate } from '../../src/domain/dates.js';
import type { Subject } from '../../src/domain/model.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import type { Keyed } from './payloads.js';

/** The provider tag every Eljur model carries. */
export const ELJUR = 'ELJUR' as const;

/** Prefixes an Eljur id: `eljur:501`. Keeps ids of different diaries apart when lists merge. */
export function eljurId(...parts: readonly (string | number)[]): string {
  return `eljur:${parts.join(':')}`;
}

/**
 * The identity of a subject: its `lesson_id` when Eljur sends one, else its name behind a `name:` infix
 * (`gethomework` and `getfinalassessments` name subjects only; the infix keeps a name from ever
 * colliding with a numeric id).
 */
export function subjectKey(lessonId: string | number | null | undefined, name: string): string {
  const id = lessonId == null ? '' : String(lessonId).trim();
  return id !== '' && id !== '0' ? id : `name:${name}`;
}

/** A subject from its `lesson_id` (if any) and name. */
export function eljurSubject(lessonId: string | number | null | undefined, name: string): Subject {
  return { id: eljurId(subjectKey(lessonId, name)), name, provider: ELJUR };
}

/** An item of a PHP-shaped collection: `key` is the map key, `null` when the map arrived as an array. */
export interface KeyedEntry<T> {
  key: string | null;
  value: T;
}

/** The entries of a map that may have arrived as `[]`, an array, `null` or a map (§2.7 items 2–3). */
export function entriesOf<T>(collection: Keyed<T> | null | undefined): KeyedEntry<T>[] {
  if (collection == null) return [];
  if (Array.isArray(collection)) return collection.map((value) => ({ key: null, value }));
  return Object.entries(collection).map(([key, value]) => ({ key, value }));
}

/** The values of such a collection, in order. */
export function valuesOf<T>(collection: Keyed<T> | null | undefined): T[] {
  return entriesOf(collection).map((entry) => entry.value);
}

/**
 * The requested child's part of a per-student answer (`students`, keyed by id or an array), matched by
 * its key or its `name` (the id). `null` when the child is not in it: Eljur answers for the students the
 * account may see, and a range without data may come back as `students: []`, so absence means "nothing".
 */
export function studentPart<T extends { name?: string | number | null | undefined }>(
  students: Keyed<T> | null | undefined,
  studentId: string,
): T | null {
  const match = entriesOf(students).find(
    ({ key, value }) => key === studentId || (value.name != null && String(value.name) === studentId),
  );
  return match?.value ?? null;
}

/** Text that Eljur may send as `null`, `""` or blanks: blank means absent. */
export function textOrNull(value: string | number | null | undefined): string | null {
  if (value == null) return null;
  const text = String(value);
  return text.trim() !== '' ? text : null;
}

/** Reads a flag PHP may write as `true`, `1`, `"1"`, `"true"` or `"__yes"`. */
export function isTruthyFlag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['1', 'true', '__yes', 'yes'].includes(value.trim().toLowerCase());
  return false;
}

/** Reads a number Eljur may write as a string with a dot or a comma (`"4.25"`, `"4,5"`); `null` otherwise. */
export function readNumber(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const match = /^\s*(-?\d+(?:[.,]\d+)?)\s*$/.exec(value ?? '');
  return match ? Number(match[1]!.replace(',', '.')) : null;
}

/** Reads a day key or period bound, `YYYYMMDD`, as `YYYY-MM-DD`; `null` when it is not such a date. */
export function dayKeyToIso(value: string | number | null | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(String(value ?? '').trim());
  if (!match) return null;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return isIsoDate(iso) ? iso : null;
}

/** Reads any of Eljur's date forms (`YYYYMMDD`, `YYYY-MM-DD`, `DD.MM.YYYY`) as `YYYY-MM-DD`, or `null`. */
export function readEljurDate(value: string | number | null | undefined): string | null {
  return dayKeyToIso(value) ?? readDate(value == null ? null : String(value));
}

/**
 * Reads a date the gateway cannot do without. An unreadable one means Eljur changed a format the adapter
 * depends on, so the answer is refused loudly. `where` names the method and field, never the value.
 */
export function requireEljurDate(value: string | number | null | undefined, where: string): string {
  const date = readEljurDate(value);
  if (date === null) throw new ProviderBadResponseError(ELJUR, `${where}: expected a date (YYYYMMDD or YYYY-MM-DD)`);
  return date;
}

/**
 * A school-local wall-clock time on a day (`08:30:00` or `08:30`) as ISO with the school's offset;
 * `null` when absent or unreadable.
 */
export function readLessonTime(date: string, time: string | null | undefined, timeZone: string): string | null {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(textOrNull(time)?.trim() ?? '');
  if (!match) return null;
  return naiveLocalToIso(`${date} ${match[1]!.padStart(2, '0')}:${match[2]}:${match[3] ?? '00'}`, timeZone);
}

/**
 * Reads an Eljur datetime (`YYYY-MM-DD HH:MM:SS`, school-local, no offset; an offset is honoured if one
 * ever appears) as ISO with the school's offset, or `null`.
 */
export function readEljurDateTime(value: string | null | undefined, timeZone: string): string | null {
  const text = textOrNull(value);
  if (text === null) return null;
  return localOrOffsetToIso(text, timeZone);
}
