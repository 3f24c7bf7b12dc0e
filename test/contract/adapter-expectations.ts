/**
 * What the adapter contract expects of an adapter over its simulator, worked out from the seed family the
 * simulator serves (never from the adapter's own code): rows of the fields every diary carries, in a
 * stable order, so a scenario compares the whole list at once. What a diary does not carry is named per
 * diary ({@link Unsupported}) and expected as `null` (or left out), so the differences between diaries are
 * written down instead of loosened.
 */
import { expect } from 'vitest';
import { instantAt, zonedTimestamp } from '../../adapters/simulation/calendar.js';
import type { SeedChild, SeedFamily, SeedLesson, SeedPerson } from '../../adapters/simulation/seed.js';
import type { ProviderAccountProfile, ProviderKind, ProviderStudent } from '../../src/domain/model.js';
import { isContainer, modelProblems } from '../support/fuzz/index.js';

/**
 * What a diary does not carry, so the contract expects `null` (or nothing) there:
 * - `holder.birthDate`, `holder.snils`, `student.birthDate`, `student.snils`: not in its profile answers;
 * - `grade.comment`: marks come without the teacher's comment;
 * - `homework.assignedOn`, `homework.isDone`: not in its homework answers;
 * - `homework.attachmentLinks`: attachments come as files without a title or link of their own;
 * - `lesson.replacement`: no "another teacher stands in" flag;
 * - `lesson.cancelled`: a cancelled lesson is not listed at all;
 * - `absence.reason`: absences carry no reason, so none is excused;
 * - `nonSchoolDays`: no route for days without lessons;
 * - `period.upcoming`: only the periods that have begun are listed.
 */
export type Unsupported =
  | 'holder.birthDate'
  | 'holder.snils'
  | 'student.birthDate'
  | 'student.snils'
  | 'grade.comment'
  | 'homework.assignedOn'
  | 'homework.isDone'
  | 'homework.attachmentLinks'
  | 'lesson.replacement'
  | 'lesson.cancelled'
  | 'absence.reason'
  | 'nonSchoolDays'
  | 'period.upcoming';

/** Expectations for one diary's child, over one range. */
export interface Expect {
  provider: ProviderKind;
  lacks(what: Unsupported): boolean;
  /** The day the simulators' clock says it is. */
  today: string;
}

const digits = (snils: string | null | undefined): string | null => (snils ? snils.replace(/\D/g, '') : null);
const within = (date: string, range: { from: string; to: string }) => date >= range.from && date <= range.to;
/** Rows as JSON text, sorted: lists compare whole, whatever order a diary gives. */
const sorted = (rows: readonly unknown[]): string[] => rows.map((row) => JSON.stringify(row)).sort();
const subjectName = (child: SeedChild, id: number) => child.subjects.find((subject) => subject.id === id)?.name;

/**
 * Every result must be well formed: nothing the schema's scalars would refuse, every `provider` the
 * diary's, every `id` the diary's own (`mesh:…`, `dnevnik:…`, `eljur:…`).
 */
export function expectWellFormed(result: unknown, provider: ProviderKind): void {
  expect(modelProblems(result)).toEqual([]);
  const prefix = `${provider.toLowerCase()}:`;
  const strangers: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (!isContainer(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'provider' && value !== provider) strangers.push(`${path}.${key}: ${String(value)}`);
      if (key === 'id' && !(typeof value === 'string' && value.startsWith(prefix) && value.length > prefix.length))
        strangers.push(`${path}.${key}: ${String(value)}`);
      walk(value, `${path}.${key}`);
    }
  };
  walk(result, '(result)');
  expect(strangers).toEqual([]);
}

/** The account holder as the diary should show the family's parent. */
export function holderRow(parent: SeedPerson, on: Expect): ProviderAccountProfile['holder'] {
  return {
    firstName: parent.firstName,
    lastName: parent.lastName,
    middleName: parent.middleName,
    birthDate: on.lacks('holder.birthDate') ? null : parent.birthDate,
    snils: on.lacks('holder.snils') ? null : digits(parent.snils),
  };
}

/** A profile's holder as a row, its SNILS compared by digits (diaries write it differently). */
export function holderOf(profile: ProviderAccountProfile): ProviderAccountProfile['holder'] {
  return { ...profile.holder, snils: digits(profile.holder.snils) };
}

/** The children an account shows, as rows sorted by id. */
export function studentRows(children: readonly SeedChild[], on: Expect): string[] {
  return sorted(
    children.map((child) => ({
      externalId: String(child.studentId),
      name: [child.lastName, child.firstName, child.middleName],
      birthDate: on.lacks('student.birthDate') || child.hideBirthDate ? null : child.birthDate,
      snils: on.lacks('student.snils') ? null : digits(child.snils),
      school: child.school.name,
      className: child.className,
      timeZone: child.timeZone,
    })),
  );
}

/** An adapter's students as {@link studentRows}. */
export function studentsOf(students: readonly ProviderStudent[]): string[] {
  return sorted(
    students.map((student) => ({
      externalId: student.externalId,
      name: [student.lastName, student.firstName, student.middleName],
      birthDate: student.birthDate,
      snils: digits(student.snils),
      school: student.school?.name ?? null,
      className: student.className,
      timeZone: student.timeZone,
    })),
  );
}

/** The child's marks dated within the range, as grade rows. */
export function gradeRows(child: SeedChild, range: { from: string; to: string }, on: Expect): string[] {
  return sorted(
    child.marks
      .filter((mark) => within(mark.date, range))
      .map((mark) => [
        mark.date,
        subjectName(child, mark.subjectId),
        mark.value,
        mark.scale === 'five' ? 'FIVE_POINT' : 'HUNDRED_POINT',
        mark.scale === 'five' ? mark.five : mark.hundred,
        mark.five,
        mark.weight,
        mark.workType,
        mark.isExam,
        mark.isPoint,
        mark.pointDeadline,
        on.lacks('grade.comment') ? null : mark.comment,
        // A МЭШ "точка" is a debt to settle, not a mark of the average.
        !mark.isPoint,
      ]),
  );
}

/** The child's homework due within the range, as homework rows. */
export function homeworkRows(child: SeedChild, range: { from: string; to: string }, on: Expect): string[] {
  return sorted(
    child.homework
      .filter((entry) => within(entry.dueOn, range))
      .map((entry) => [
        entry.dueOn,
        subjectName(child, entry.subjectId),
        entry.text,
        on.lacks('homework.assignedOn') ? null : entry.assignedOn,
        on.lacks('homework.isDone') ? null : entry.isDone,
        on.lacks('homework.attachmentLinks')
          ? entry.attachments.length
          : entry.attachments.map((attachment) => [attachment.title, attachment.url]),
      ]),
  );
}

/** How the diary should show a missed lesson: late, excused with its reason, or a plain absence. */
export function absenceOf(lesson: SeedLesson, on: Expect): { kind: string; reason: string | null } | null {
  if (!lesson.missed) return null;
  if (lesson.missed.late) return { kind: 'TARDY', reason: on.lacks('absence.reason') ? null : lesson.missed.reason };
  if (on.lacks('absence.reason') || lesson.missed.reasonId === null) return { kind: 'ABSENCE', reason: null };
  return { kind: 'EXCUSED_ABSENCE', reason: lesson.missed.reason };
}

/** The child's lessons within the range, as lesson rows (a substitute's name is left out: diaries differ). */
export function lessonRows(child: SeedChild, range: { from: string; to: string }, on: Expect): string[] {
  const at = (date: string, time: string) => zonedTimestamp(instantAt(date, time, child.timeZone), child.timeZone);
  const teacher = (id: number) => child.subjects.find((subject) => subject.id === id)?.teacher;
  return sorted(
    child.lessons
      .filter((lesson) => within(lesson.date, range) && !(lesson.cancelled && on.lacks('lesson.cancelled')))
      .map((lesson) => [
        lesson.date,
        lesson.number,
        at(lesson.date, lesson.start),
        at(lesson.date, lesson.end),
        subjectName(child, lesson.subjectId),
        lesson.replaced && !on.lacks('lesson.replacement') ? 'substitute' : teacher(lesson.subjectId),
        lesson.room,
        lesson.topic,
        lesson.cancelled,
        lesson.replaced && !on.lacks('lesson.replacement'),
        child.homework.filter((entry) => entry.lessonId === lesson.id).length,
        child.marks.filter((mark) => mark.lessonId === lesson.id).length,
        absenceOf(lesson, on)?.kind ?? null,
      ]),
  );
}

/** The child's missed lessons within the range, as attendance rows. */
export function attendanceRows(child: SeedChild, range: { from: string; to: string }, on: Expect): string[] {
  return sorted(
    child.lessons
      .filter((lesson) => lesson.missed && within(lesson.date, range))
      .map((lesson) => ({ date: lesson.date, lesson: lesson.number, ...absenceOf(lesson, on) })),
  );
}

/** The announced days without lessons within the range, as rows. */
export function nonSchoolDayRows(child: SeedChild, range: { from: string; to: string }, on: Expect): string[] {
  if (on.lacks('nonSchoolDays')) return [];
  return sorted(
    child.nonSchoolDays
      .filter((day) => within(day.date, range))
      .map((day) => [day.date, day.kind.toUpperCase(), day.title]),
  );
}

/** The child's periods as the diary should list them, in order. */
export function periodRows(child: SeedChild, on: Expect): { title: string; start: string; end: string }[] {
  return child.periods
    .filter((period) => !on.lacks('period.upcoming') || period.start <= on.today)
    .map(({ title, start, end }) => ({ title, start, end }))
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** The diary's average of a subject in a period: the weighted mean of the marks so far, to two places. */
export function providerAverage(child: SeedChild, subject: string, period: { start: string; end: string }, on: Expect) {
  const marks = child.marks.filter(
    (mark) =>
      subjectName(child, mark.subjectId) === subject &&
      within(mark.date, { from: period.start, to: period.end }) &&
      mark.date <= on.today,
  );
  const weight = marks.reduce((sum, mark) => sum + mark.weight, 0);
  return weight === 0
    ? null
    : Number((marks.reduce((sum, mark) => sum + mark.five * mark.weight, 0) / weight).toFixed(2));
}

/** The final marks set in the periods the diary lists, as `[subject, period title, value]` rows. */
export function finalRows(child: SeedChild, periodTitles: readonly string[]): string[] {
  return sorted(
    child.finalMarks
      .filter((final) => periodTitles.includes(final.periodTitle))
      .map((final) => [subjectName(child, final.subjectId), final.periodTitle, final.value]),
  );
}

/** The children a seed account shows. */
export function childrenOf(family: SeedFamily, provider: ProviderKind, childKeys: readonly string[]): SeedChild[] {
  return family.children.filter((child) => child.provider === provider && childKeys.includes(child.key));
}

/** Rows of an adapter's list, sorted as the expected rows are. */
export const rowsOf = sorted;
