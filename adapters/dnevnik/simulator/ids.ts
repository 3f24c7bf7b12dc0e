/**
 * Dnevnik.ru-style ids for the demo family. The neutral family's ids are small JS numbers; Dnevnik.ru
 * ids are 64-bit and, for groups, lessons, works and marks, far above 2^53 (providers.md §1.6). Each is
 * derived from the family's own ids as a `bigint`, so every route agrees on it, it is the same on every
 * start, and it reaches the wire as a bare integer literal that `JSON.parse` would round.
 *
 * Persons and schools keep the family's ids (about 10^12, as real Dnevnik.ru persons and schools are).
 */
import type { SeedAccount, SeedChild, SeedHomework, SeedLesson, SeedMark } from '../../simulation/seed.js';

/**
 * The class of the demo's Dnevnik.ru child (Софья, 9-А) gets the edu-group id seen in the wild,
 * `2421882773904846063` (providers.md §1.6); other children's classes are spaced from it by their ids.
 */
const ANCHOR_CLASS_ID = 2_421_882_773_904_846_063n;
const ANCHOR_STUDENT_ID = 1_000_021_734_115n;

const LESSONS = 1_925_000_000_000_000_000n;
const LESSON_WORKS = 1_926_000_000_000_000_000n;
const HOMEWORKS = 1_927_000_000_000_000_000n;
const MARKS = 1_928_000_000_000_000_000n;
const FINAL_MARKS = 1_929_000_000_000_000_000n;
const FINAL_WORKS = 1_930_000_000_000_000_000n;
const PERIODS = 1_931_000_000_000_000_000n;
const TIMETABLE_ITEMS = 1_932_000_000_000_000_000n;
const FILES = 1_933_000_000_000_000_000n;
const NOTICES = 1_934_000_000_000_000_000n;
const SUBJECTS = 1_942_000_000_000_000_000n;
const TEACHERS = 1_000_100_000_000n;

/** A child's person id. */
export function personIdOf(child: SeedChild): bigint {
  return BigInt(child.studentId);
}

/** The account holder's person id: the account's profile id. */
export function holderPersonIdOf(account: SeedAccount): bigint {
  return BigInt(account.profileId);
}

/** The user id of a person (users and persons are numbered apart in Dnevnik.ru). */
export function userIdOf(personId: bigint): bigint {
  return personId + 7_000_000_000n;
}

/** A child's school. */
export function schoolIdOf(child: SeedChild): bigint {
  return BigInt(child.school.id);
}

/** A child's class (edu-group of type `Group`). */
export function classIdOf(child: SeedChild): bigint {
  return ANCHOR_CLASS_ID + (BigInt(child.studentId) - ANCHOR_STUDENT_ID) * 100n;
}

/** The subgroup of the class that learns the foreign language (a `Subgroup` with the class as parent). */
export function subgroupIdOf(child: SeedChild): bigint {
  return classIdOf(child) + 1n;
}

/** A subject (unique within the school, as the family's subject ids are). */
export function subjectIdOf(subjectId: number): bigint {
  return SUBJECTS + BigInt(subjectId);
}

/** A timetable lesson. */
export function lessonIdOf(lesson: Pick<SeedLesson, 'id'>): bigint {
  return LESSONS + BigInt(lesson.id);
}

/** The work a mark was given for: one per lesson and work type. */
export function lessonWorkIdOf(lessonId: number, workTypeIndex: number): bigint {
  return LESSON_WORKS + BigInt(lessonId) * 16n + BigInt(workTypeIndex);
}

/** A homework (a work of type `Homework`). */
export function homeworkIdOf(homework: Pick<SeedHomework, 'id'>): bigint {
  return HOMEWORKS + BigInt(homework.id);
}

/** The `index`-th file attached to a homework. */
export function fileIdOf(homework: Pick<SeedHomework, 'id'>, index: number): bigint {
  return FILES + BigInt(homework.id) * 10n + BigInt(index);
}

/** A mark. */
export function markIdOf(mark: Pick<SeedMark, 'id'>): bigint {
  return MARKS + BigInt(mark.id);
}

/** The `PeriodMark` work of a subject in a period, and the final mark given for it. */
export function finalWorkIdOf(child: SeedChild, periodIndex: number, subjectId: number): bigint {
  return (
    FINAL_WORKS +
    BigInt(child.studentId % 1_000_000) * 100_000_000n +
    BigInt(periodIndex) * 1_000_000n +
    BigInt(subjectId)
  );
}

/** The final mark given for a `PeriodMark` work. */
export function finalMarkIdOf(child: SeedChild, periodIndex: number, subjectId: number): bigint {
  return FINAL_MARKS + (finalWorkIdOf(child, periodIndex, subjectId) - FINAL_WORKS);
}

/** A reporting period of a child's class. */
export function periodIdOf(child: SeedChild, periodIndex: number): bigint {
  return PERIODS + BigInt(child.studentId % 1_000_000) * 10n + BigInt(periodIndex + 1);
}

/** An item (one lesson's bells) of the class's timetable. */
export function timetableItemIdOf(child: SeedChild, lessonNumber: number): bigint {
  return TIMETABLE_ITEMS + BigInt(child.studentId % 1_000_000) * 100n + BigInt(lessonNumber);
}

/** A teacher's person id, by the teacher's place among the distinct teachers of the child's subjects. */
export function teacherIdOf(child: SeedChild, teacher: string): bigint {
  const teachers = [...new Set(child.subjects.map((subject) => subject.teacher))];
  return TEACHERS + BigInt(child.studentId % 1_000_000) * 100n + BigInt(Math.max(teachers.indexOf(teacher), 0));
}

/** The `index`-th notice posted on a school's board (64-bit, above 2^53, as the app's ids are). */
export function noticeIdOf(schoolId: bigint, index: number): bigint {
  return NOTICES + (schoolId % 1_000_000n) * 10_000n + BigInt(index);
}

/** A work type of the school (small ids: work types travel on marks without a `_str` twin). */
export function workTypeIdOf(index: number): bigint {
  return 1_234_000n + BigInt(index);
}

/** The `_str` twin of an id. */
export function twin(id: bigint): string {
  return id.toString();
}
