/** `Student`: identity from the primary enrollment, lists merged from every enrollment. */
import { toZonedIso } from '../../domain/dates.js';
import type { StudentRecord } from '../../domain/model.js';
import { toEnrollment } from '../../domain/model.js';
import type { StudentResolvers } from '../resolvers.generated.js';
import { enrollmentKey, fromEveryEnrollment } from './access.js';
import { averagesOf } from './averages.js';
import { checkRange, MAX_RANGE_DAYS } from './ranges.js';

const primary = (student: StudentRecord) => student.enrollments[0]!.student;
const byString =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b), 'ru');
/**
 * Keeps the first of items with the same content key, in enrollment order (the primary enrollment first).
 * A child merged across diaries often gets the same term or holiday from each school's diary; shown twice
 * it reads as two terms. Items that differ in any keyed field stay, told apart by `provider`.
 */
function onceEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
const bySubject = (subjectId: string | null | undefined) => (item: { subject: { id: string } }) =>
  !subjectId || item.subject.id === subjectId;

export const Student: StudentResolvers = {
  fullName: (student) => {
    const { lastName, firstName, middleName } = primary(student);
    return [lastName, firstName, middleName].filter(Boolean).join(' ');
  },
  firstName: (student) => primary(student).firstName,
  lastName: (student) => primary(student).lastName,
  middleName: (student) => primary(student).middleName,
  birthDate: (student) => primary(student).birthDate,
  school: (student) => primary(student).school,
  className: (student) => primary(student).className,
  enrollments: (student) => student.enrollments.map((enrollment) => toEnrollment(enrollment.student)),
  access: (student) => student.access,

  async subjects(student, _args, context, info) {
    const subjects = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.subjects.load(await enrollmentKey(context, enrollment)),
    );
    return subjects.sort(byString((subject) => subject.name));
  },

  async periods(student, _args, context, info) {
    const periods = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.periods.load(await enrollmentKey(context, enrollment)),
    );
    return onceEach(periods, (period) => `${period.start}|${period.end}|${period.title}`).sort(
      byString((period) => period.start),
    );
  },

  async grades(student, { from, to, subjectId }, context, info) {
    const range = checkRange(from, to);
    const grades = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.grades.load(await enrollmentKey(context, enrollment, range)),
    );
    return grades.filter(bySubject(subjectId)).sort(byString((grade) => `${grade.date} ${grade.createdAt ?? ''}`));
  },

  async homework(student, { from, to, subjectId }, context, info) {
    const range = checkRange(from, to);
    const homework = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.homework.load(await enrollmentKey(context, enrollment, range)),
    );
    return homework.filter(bySubject(subjectId)).sort(byString((item) => item.dueOn));
  },

  async schedule(student, { from, to }, context, info) {
    const range = checkRange(from, to, MAX_RANGE_DAYS.schedule);
    const lessons = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.schedule.load(await enrollmentKey(context, enrollment, range)),
    );
    return lessons.sort(byString((lesson) => lesson.startsAt ?? lesson.date));
  },

  async attendance(student, { from, to }, context, info) {
    const range = checkRange(from, to);
    const records = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.attendance.load(await enrollmentKey(context, enrollment, range)),
    );
    return records.sort(byString((record) => `${record.date} ${record.lesson?.startsAt ?? ''}`));
  },

  async nonSchoolDays(student, { from, to }, context, info) {
    const range = checkRange(from, to);
    const days = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.nonSchoolDays.load(await enrollmentKey(context, enrollment, range)),
    );
    return onceEach(days, (day) => `${day.date}|${day.kind}|${day.title ?? ''}`).sort(byString((day) => day.date));
  },

  averages: (student, { periodId }, context, info) => averagesOf(student, periodId ?? null, context, info),

  async freshness(student, _args, context) {
    await context.freshness.settled();
    return student.enrollments.map(({ accountId, student: child }) => {
      const known = context.freshness.of(accountId);
      return {
        provider: child.provider,
        fetchedAt: known?.oldestFetchedAt != null ? toZonedIso(new Date(known.oldestFetchedAt), child.timeZone) : null,
        isStale: known?.isStale ?? false,
        error: known?.error ? { code: known.error.code, message: known.error.message } : null,
      };
    });
  },
};
