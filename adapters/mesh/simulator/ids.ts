/**
 * Ids МЭШ sends that the provider-neutral demo family does not carry (user ids, class units, groups,
 * contract ids, per-student homework ids). They are derived from the family's ids, so every route
 * agrees on them and they are the same on every start.
 */
import type { SeedChild, SeedHomework } from '../../simulation/seed.js';

/** `grade_system_id` of the five-point system (the value seen in МЭШ examples). */
export const FIVE_POINT_SYSTEM_ID = 4_139_946;
/** `grade_system_id` the simulator uses for the hundred-point system. */
export const HUNDRED_POINT_SYSTEM_ID = 4_139_950;

/** `user_id` of a parent profile or a student. */
export function userIdOf(profileOrStudentId: number): number {
  return 1_000_000 + (profileOrStudentId % 1_000_000);
}

/** Meals and turnstile account of a student. */
export function contractIdOf(child: SeedChild): number {
  return 9_000_000 + (child.studentId % 1_000_000);
}

/** The numeric grade of a class name such as `7-Б`, or `null`. */
export function classLevelOf(child: SeedChild): number | null {
  const level = Number.parseInt(child.className, 10);
  return Number.isNaN(level) ? null : level;
}

/** The class unit (one class of one school year). */
export function classUnitIdOf(child: SeedChild): number {
  return 400_000 + child.school.id * 20 + (classLevelOf(child) ?? 0);
}

/** The teaching group of a subject in the child's class. */
export function groupIdOf(child: SeedChild, subjectId: number): number {
  const index = child.subjects.findIndex((subject) => subject.id === subjectId);
  return 7_000_000 + (child.studentId % 100_000) * 20 + Math.max(index, 0);
}

/** `homework_entry_student_id`: the student's copy of a homework entry (`homework_entry_id` is the entry). */
export function homeworkEntryStudentIdOf(homework: SeedHomework): number {
  return homework.id + 200_000_000;
}

/** The teacher standing in for a replaced lesson. */
export function replacingTeacherIdOf(subjectId: number): number {
  return 9_100_000 + subjectId;
}
