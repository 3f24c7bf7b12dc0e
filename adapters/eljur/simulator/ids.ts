/**
 * What the Eljur simulator needs that the provider-neutral demo family does not carry: the tenant's
 * developer key and vendor, Eljur-style ids and names (string ids, roman period names, work-type codes).
 * Everything is derived from the family, so every method agrees and every start gives the same answers.
 */
import type { SeedChild, SeedLesson } from '../../simulation/seed.js';

/** The developer key the simulator accepts (demo data, not a secret). */
export const ELJUR_SIMULATOR_DEVKEY = 'd3m0e1ju7k3y0000a5b6c7d8e9f01234';
/** The vendor (school subdomain) the simulator serves. */
export const ELJUR_SIMULATOR_VENDOR = 'samara132';
/** `vendor_id` of that vendor. */
export const ELJUR_SIMULATOR_VENDOR_ID = 4132;
/** How long an issued token lives: about three months, as Eljur's do. */
export const TOKEN_LIFETIME_DAYS = 90;

/** Eljur names periods briefly (`I`…`IV`) and gives the long title in `fullname`. */
export function periodNameOf(index: number): string {
  return ['I', 'II', 'III', 'IV', 'V', 'VI'][index] ?? String(index + 1);
}

/** Work types as Eljur's `mtype` (`{id, short, type}`), by the demo's work-type names. */
const WORK_TYPES: Readonly<Record<string, { id: number; short: string }>> = Object.freeze({
  'Работа на уроке': { id: 1, short: 'РнУ' },
  'Домашняя работа': { id: 2, short: 'ДР' },
  'Самостоятельная работа': { id: 3, short: 'СР' },
  'Проверочная работа': { id: 4, short: 'ПвР' },
  'Контрольная работа': { id: 5, short: 'КР' },
  Экзамен: { id: 6, short: 'Экз' },
});

/** The `mtype` of a work type. */
export function mtypeOf(workType: string): { id: number; short: string; type: string } {
  const known = WORK_TYPES[workType] ?? { id: 99, short: workType.slice(0, 3) };
  return { ...known, type: workType };
}

/** Russian weekday names, the `title` of a diary day (Monday first). */
const WEEKDAYS = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'];

/** The weekday title of a `YYYY-MM-DD` date. */
export function weekdayTitle(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(day + 6) % 7]!;
}

/**
 * Lessons that carry a phantom mark (a mark with an empty value that Eljur leaves behind when a teacher
 * clears a cell): about one past attended lesson in seven, chosen by id so it is stable.
 */
export function hasPhantomMark(lesson: SeedLesson, today: string): boolean {
  return lesson.date < today && !lesson.cancelled && lesson.missed === null && lesson.id % 7 === 0;
}

/** The child's full name as Eljur titles it: `Фамилия Имя Отчество`. */
export function titleOf(person: { lastName: string; firstName: string; middleName: string | null }): string {
  return [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' ');
}

/** The subject's name. */
export function subjectNameOf(child: SeedChild, subjectId: number): string {
  return child.subjects.find((subject) => subject.id === subjectId)?.name ?? '';
}
