/**
 * Which children the parent can act for: only a parent (not a trusted person) may invite or send an
 * absence notice, and only МЭШ takes notices today.
 */
import type { ProviderKind } from '@diary-gateway/client';
import type { DashboardStudent } from '../data/types.js';

/** The diaries that take absence notices today (the others answer `NOT_SUPPORTED_BY_PROVIDER`). */
export const NOTICE_PROVIDERS: readonly ProviderKind[] = ['MESH'];

/** The children the viewer is a parent of (seen through their own linked accounts), in the dashboard's order. */
export function parentStudents<T extends Pick<DashboardStudent, 'access'>>(students: readonly T[]): T[] {
  return students.filter((student) => student.access === 'PARENT');
}

/** Whether any of the child's diaries takes absence notices. */
export function takesNotices(student: Pick<DashboardStudent, 'enrollments'>): boolean {
  return student.enrollments.some((enrollment) => NOTICE_PROVIDERS.includes(enrollment.provider));
}

/**
 * The children as choices of a list: each by name, and where two share a name (one child typed by two
 * diaries, not merged yet) with the class and school too, so that they can be told apart.
 */
export function studentChoices(
  students: readonly (Pick<DashboardStudent, 'id' | 'fullName' | 'className'> & {
    readonly school: { readonly name: string } | null;
  })[],
): { id: string; label: string }[] {
  const seen = new Map<string, number>();
  for (const student of students) seen.set(student.fullName, (seen.get(student.fullName) ?? 0) + 1);
  return students.map((student) => {
    if ((seen.get(student.fullName) ?? 0) < 2) return { id: student.id, label: student.fullName };
    const parts = [student.fullName];
    if (student.className) parts.push(student.className);
    if (student.school?.name) parts.push(student.school.name);
    return { id: student.id, label: parts.join(', ') };
  });
}

/** The schools whose diaries will take the child's notice (`ГБОУ Школа № 1535`), once each, in order. */
export function noticeSchools(student: Pick<DashboardStudent, 'enrollments'>): string[] {
  const names = student.enrollments
    .filter((enrollment) => NOTICE_PROVIDERS.includes(enrollment.provider))
    .map((enrollment) => enrollment.school?.name ?? null)
    .filter((name): name is string => name !== null && name !== '');
  return [...new Set(names)];
}
