/** `Student`: identity from the primary enrollment (what it lacks from the others), lists merged from every enrollment. */
import { toZonedIso } from '../../domain/dates.js';
import type { ProviderStudent, StudentRecord } from '../../domain/model.js';
import { messageIn } from '../../errors/messages-ru.js';
import type { DataFreshnessResolvers, StudentResolvers } from '../resolvers.generated.js';
import { enrollmentKey, fromEveryEnrollment } from './enrollment-loads.js';
import { averagesOf } from './averages.js';
import { dayKey, givenByEveryEnrollment, listOnce, listPeriods, periodsGiven } from './calendar.js';
import { checkRange, MAX_RANGE_DAYS } from './ranges.js';
import { compareRussian } from '../../domain/collation.js';

const primary = (student: StudentRecord) => student.enrollments[0]!.student;
/**
 * The first value an enrollment gives, in enrollment order (the primary first): a child first linked
 * through a diary that has no birth date still shows the one a merged МЭШ enrollment gives.
 */
const firstGiven = <T>(student: StudentRecord, pick: (child: ProviderStudent) => T | null): T | null =>
  student.enrollments.map((enrollment) => pick(enrollment.student)).find((value) => value !== null) ?? null;
/**
 * The enrollment whose school `Student.school` shows: the first naming one. Its class goes with it, so the
 * two always describe the same school (a merged child's other diary may be another school's: an art school).
 */
const schoolGiver = (student: StudentRecord): ProviderStudent | null =>
  student.enrollments.find((enrollment) => enrollment.student.school !== null)?.student ?? null;
const byString =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    compareRussian(key(a), key(b));
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
  birthDate: (student) => firstGiven(student, (child) => child.birthDate),
  school: (student) => schoolGiver(student)?.school ?? null,
  className: (student) => {
    const giver = schoolGiver(student);
    return giver ? giver.className : firstGiven(student, (child) => child.className);
  },
  enrollments: (student) => student.enrollments,
  access: (student) => student.access,

  async subjects(student, _args, context, info) {
    const subjects = await fromEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.subjects.load(await enrollmentKey(context, enrollment)),
    );
    return subjects.sort(byString((subject) => subject.name));
  },

  periods: async (student, _args, context, info) => listPeriods(await periodsGiven(student, context, info)),

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
    const days = await givenByEveryEnrollment(student, context, info, async (enrollment) =>
      context.loaders.nonSchoolDays.load(await enrollmentKey(context, enrollment, range)),
    );
    return listOnce(days, dayKey).sort(byString((day) => day.date));
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
        // The family reads this message too: in the request's language, like the errors beside the data.
        error: known?.error ? { code: known.error.code, message: messageIn(known.error, context.language) } : null,
      };
    });
  },
};

/**
 * `DataFreshness` resolves by property name but for its fetch time, which tells the answer cache that the answer
 * shows one (a kept answer is then never served again after a renewal, which gives its copies new fetch times).
 */
export const DataFreshness: DataFreshnessResolvers = {
  fetchedAt(freshness, _args, context) {
    context.answerShowsFetchTimes();
    return freshness.fetchedAt ?? null;
  },
};
