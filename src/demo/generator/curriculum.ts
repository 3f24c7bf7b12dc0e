/**
 * What the demo children study: subjects with their teachers, rooms, lesson topics and homework
 * templates, and a weekly Monday–Friday timetable. Subject ids look like МЭШ subject ids (about 3·10⁴)
 * and are unique within each child's school. Besides the four schools there are two out-of-school
 * enrollments (an art school and a chess club) with a few afternoon lessons a week and their own bells.
 * This module holds the shape and the school bells; each child's plan is a data table in `./curricula/`.
 */

/** One subject of a child's curriculum. */
export interface SubjectPlan {
  id: number;
  name: string;
  /** `Фамилия Имя Отчество`. */
  teacher: string;
  room: string;
  /** Topics in teaching order; each lasts about a week of this subject's lessons. */
  topics: readonly string[];
  /** Homework texts; `{a}` and `{b}` become page, paragraph or exercise numbers. */
  homework: readonly string[];
}

/** A child's curriculum: subjects and the weekly timetable (subject names per lesson, Monday first). */
export interface CurriculumPlan {
  subjects: readonly SubjectPlan[];
  /** Subject names per lesson, Monday first; an empty day has no lessons. */
  week: readonly (readonly string[])[];
  /**
   * Bell times (start, end) by lesson number − 1, when they are not the school {@link BELLS}: afternoon
   * classes of an art school or a club start after the school day.
   * @default BELLS
   */
  bells?: readonly (readonly [string, string])[];
  /**
   * Whether homework links to the e-library (uchebnik.mos.ru): a school's does, an art school's or a
   * club's does not.
   * @default true
   */
  libraryLinks?: boolean;
}

/** Bell times (start, end) by lesson number − 1. */
export const BELLS: readonly (readonly [string, string])[] = [
  ['08:30', '09:15'],
  ['09:25', '10:10'],
  ['10:25', '11:10'],
  ['11:30', '12:15'],
  ['12:35', '13:20'],
  ['13:30', '14:15'],
  ['14:25', '15:10'],
];

/** The subject plan with a given name; the timetables only name subjects of their own curriculum. */
export function subjectNamed(plan: CurriculumPlan, name: string): SubjectPlan {
  const subject = plan.subjects.find((candidate) => candidate.name === name);
  if (!subject) throw new RangeError(`the curriculum has no subject named ${name}`);
  return subject;
}
