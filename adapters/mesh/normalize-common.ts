/**
 * Pieces every МЭШ normaliser shares: the provider tag, id prefixing, subjects, and the readers of the
 * few field formats МЭШ mixes (dates, naive and offset datetimes, optional text).
 */
import { localOrOffsetToIso, readDate } from '../../src/domain/dates.js';
import type { Subject } from '../../src/domain/model.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';

/** The provider tag every МЭШ model carries. */
export const MESH = 'MESH' as const;

/**
 * Prefixes a МЭШ id: `mesh:33623`. The prefix keeps ids from different diaries apart when a student's
 * lists merge several enrollments.
 */
export function meshId(value: string | number): string {
  return `mesh:${value}`;
}

/** Id of a grading period: МЭШ gives periods no id, so their dates are the identity. */
export function meshPeriodId(start: string, end: string): string {
  return meshId(`${start}_${end}`);
}

/** A subject from its МЭШ id and name. */
export function meshSubject(subjectId: string | number, name: string): Subject {
  return { id: meshId(subjectId), name, provider: MESH };
}

/**
 * Reads a date that the payload schema requires. An unreadable one means МЭШ changed a format the
 * gateway depends on, so the answer is refused loudly rather than silently shortened. `where` names the
 * route and field, never the value (it may be personal data).
 */
export function requireDate(value: string, where: string): string {
  const date = readDate(value);
  if (date === null) throw new ProviderBadResponseError(MESH, `${where}: expected a date (YYYY-MM-DD or DD.MM.YYYY)`);
  return date;
}

/**
 * Reads a МЭШ datetime as ISO with the school's offset. The family routes send naive Moscow wall-clock
 * time (`2025-09-15T10:02:00`); the event calendar sends an offset. Both are accepted wherever a
 * datetime appears, since which form a field uses is not documented per field. `null` when unreadable.
 */
export function readInstant(value: string | null | undefined, timeZone: string): string | null {
  if (!value) return null;
  return localOrOffsetToIso(value, timeZone);
}

/** Text that МЭШ may send as `null`, `""` or blanks: blank means absent. */
export function textOrNull(value: string | null | undefined): string | null {
  return value != null && value.trim() !== '' ? value : null;
}

/**
 * A МЭШ id as the JSON number a request body carries. МЭШ ids are numbers; one that is not came from an
 * answer the adapter misread, so it is МЭШ's answer that is at fault, not the parent's input.
 *
 * @throws {ProviderBadResponseError} with `problem` as its message when `value` is no positive integer.
 */
export function numericMeshId(value: string, problem: string): number {
  const number = Number(value);
  if (!/^\d{1,15}$/.test(value) || !Number.isSafeInteger(number) || number <= 0) {
    throw new ProviderBadResponseError(MESH, problem);
  }
  return number;
}
