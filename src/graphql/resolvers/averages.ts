/**
 * `Student.averages`: the diary's own figures side by side with the gateway's weighted average, computed
 * the same way for every diary (sum of five-point value × weight over the sum of weights, counting only
 * marks the diary counts), so families can compare subjects across schools.
 */
import { currentPeriod } from '../../domain/periods.js';
import type { GraphQLResolveInfo } from 'graphql';
import { dateInZone } from '../../domain/dates.js';
import type {
  AcademicPeriod,
  DateRange,
  Grade,
  ListedPeriod,
  ProviderSubjectAverage,
  StudentEnrollment,
  StudentRecord,
  Subject,
  SubjectAverage,
} from '../../domain/model.js';
import { BadUserInputError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../context.js';
import { enrollmentKey, fromEveryEnrollment, unwrap } from './enrollment-loads.js';
import { listPeriods, periodKey, periodsGiven, type Given } from './calendar.js';
import { compareRussian } from '../../domain/collation.js';

/**
 * Resolves the averages of a student for one period id, or for each enrollment's current period. A period
 * several enrollments give is one period in `Student.periods`, shown with the first enrollment's id; that id
 * (or any enrollment's own id of it) brings the averages of every enrollment that gives it.
 */
export async function averagesOf(
  student: StudentRecord,
  periodId: string | null,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<SubjectAverage[]> {
  let periodsFailed = false;
  const given = await periodsGiven(student, context, info, () => {
    periodsFailed = true;
  });
  // The current period is read off the school's date, which changes only at a midnight of its zone: on a
  // quarter hour of UTC, where every cached answer ends anyway (src/answers), so no clock bound is needed.
  const chosen = chosenPeriods(given, periodId, context.services.now());
  // An id no enrollment knows is the caller's mistake, unless it may belong to a diary that failed.
  if (periodId !== null && chosen.size === 0 && !periodsFailed) {
    throw new BadUserInputError(
      `No grading period with id "${periodId}" belongs to this student; take an id from \`periods\`.`,
      'periodId',
    );
  }
  const shown = new Map(listPeriods(given).map((period) => [periodKey(period), period]));
  const averages = await fromEveryEnrollment<SubjectAverage>(student, context, info, async (enrollment) => {
    const period = chosen.get(enrollment);
    return period ? enrollmentAverages(enrollment, period, shown.get(periodKey(period))!, context, info) : [];
  });
  return averages.sort((a, b) => compareRussian(a.subject.name, b.subject.name));
}

/**
 * The period of each enrollment the averages are for: its current one when no id is given; else its own
 * period with that id, else its copy of a period another enrollment gave that id (same title and dates).
 * Without the copy, a merged period's id would bring only the averages of the enrollment it was shown for.
 */
function chosenPeriods(
  given: readonly Given<AcademicPeriod>[],
  periodId: string | null,
  now: Date,
): Map<StudentEnrollment, AcademicPeriod> {
  const own = new Map<StudentEnrollment, AcademicPeriod[]>();
  for (const { item, enrollment } of given) own.set(enrollment, [...(own.get(enrollment) ?? []), item]);
  const requested = new Set(given.filter(({ item }) => item.id === periodId).map(({ item }) => periodKey(item)));
  const chosen = new Map<StudentEnrollment, AcademicPeriod>();
  for (const [enrollment, periods] of own) {
    const period =
      periodId === null
        ? currentPeriod(periods, dateInZone(now, enrollment.student.timeZone))
        : (periods.find((p) => p.id === periodId) ?? periods.find((p) => requested.has(periodKey(p))));
    if (period) chosen.set(enrollment, period);
  }
  return chosen;
}

/** Averages of one enrollment over its own copy of a period, reported against the period as listed. */
async function enrollmentAverages(
  enrollment: StudentEnrollment,
  period: AcademicPeriod,
  listed: ListedPeriod,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<SubjectAverage[]> {
  const key = await enrollmentKey(context, enrollment);
  const graded = gradedDays(period, dateInZone(context.services.now(), enrollment.student.timeZone));
  const [providerAverages, grades] = (
    await Promise.all([
      context.loaders.subjectAverages.load(key),
      graded ? context.loaders.grades.load({ ...key, range: graded }) : null,
    ])
  ).map((served) => (served ? unwrap<unknown>(served, context, info) : [])) as [ProviderSubjectAverage[], Grade[]];
  // The diary's figures name its own period id, whichever copy is listed.
  return combine(
    listed,
    providerAverages.filter((average) => average.periodId === period.id),
    grades,
  );
}

/**
 * The days of `period` that can hold grades: from its start to `today` (the school's), `null` when it has
 * not started. A grade is dated by the lesson it was given in, and no diary takes a mark for a lesson not
 * yet held, so the days after today hold none: asking for them would only fetch empty months (a whole
 * term reaches weeks into the future).
 */
export function gradedDays(period: AcademicPeriod, today: string): DateRange | null {
  if (period.start > today) return null;
  return { from: period.start, to: period.end < today ? period.end : today };
}

/** Joins the diary's figures with the gateway's weighted average per subject. */
export function combine(period: ListedPeriod, provided: ProviderSubjectAverage[], grades: Grade[]): SubjectAverage[] {
  const subjects = new Map<string, Subject>();
  for (const item of [...provided, ...grades]) subjects.set(item.subject.id, item.subject);
  return [...subjects.values()].map((subject) => {
    const own = weightedAverage(grades.filter((grade) => grade.subject.id === subject.id));
    const theirs = provided.find((average) => average.subject.id === subject.id);
    return {
      subject,
      period,
      average: own.average,
      gradeCount: own.count,
      providerAverage: theirs?.providerAverage ?? null,
      finalGrade: theirs?.finalGrade ?? null,
      trend: theirs?.trend ?? null,
    };
  });
}

/** Weighted five-point average of the marks that count, rounded to two decimals. */
export function weightedAverage(grades: Grade[]): { average: number | null; count: number } {
  const counted = grades.filter(
    (grade) => grade.countsTowardAverage && grade.value.fivePoint !== null && grade.weight > 0,
  );
  const totalWeight = counted.reduce((sum, grade) => sum + grade.weight, 0);
  if (totalWeight === 0) return { average: null, count: 0 };
  const total = counted.reduce((sum, grade) => sum + grade.value.fivePoint! * grade.weight, 0);
  return { average: Math.round((total / totalWeight) * 100) / 100, count: counted.length };
}
