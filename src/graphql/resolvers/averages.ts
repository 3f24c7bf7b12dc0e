/**
 * `Student.averages`: the diary's own figures side by side with the gateway's weighted average, computed
 * the same way for every diary (sum of five-point value × weight over the sum of weights, counting only
 * marks the diary counts), so families can compare subjects across schools.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { dateInZone } from '../../domain/dates.js';
import type {
  AcademicPeriod,
  Grade,
  ProviderSubjectAverage,
  StudentEnrollment,
  StudentRecord,
  Subject,
  SubjectAverage,
} from '../../domain/model.js';
import { BadUserInputError } from '../../errors/gateway-error.js';
import type { GatewayContext } from '../context.js';
import { enrollmentKey, fromEveryEnrollment, unwrap } from './access.js';

/** Resolves the averages of a student for one period id, or for each enrollment's current period. */
export async function averagesOf(
  student: StudentRecord,
  periodId: string | null,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<SubjectAverage[]> {
  let periodFound = periodId === null;
  let anyFailed = false;
  const averages = await fromEveryEnrollment(student, context, info, async (enrollment) => {
    try {
      const result = await enrollmentAverages(enrollment, periodId, context, info);
      if (result) periodFound = true;
      return result ?? [];
    } catch (error) {
      anyFailed = true;
      throw error;
    }
  });
  if (!periodFound && !anyFailed) {
    throw new BadUserInputError(
      `No grading period with id "${periodId}" belongs to this student; take an id from \`periods\`.`,
      'periodId',
    );
  }
  return averages.sort((a, b) => a.subject.name.localeCompare(b.subject.name, 'ru'));
}

/** Averages of one enrollment, or `null` when the requested period is not one of its periods. */
async function enrollmentAverages(
  enrollment: StudentEnrollment,
  periodId: string | null,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<SubjectAverage[] | null> {
  const key = await enrollmentKey(context, enrollment);
  const periods = unwrap(await context.loaders.periods.load(key), context, info);
  const today = dateInZone(context.services.now(), enrollment.student.timeZone);
  const period = periodId === null ? currentPeriod(periods, today) : periods.find((p) => p.id === periodId);
  if (!period) return periodId === null ? [] : null;
  const [providerAverages, grades] = (
    await Promise.all([
      context.loaders.subjectAverages.load(key),
      context.loaders.grades.load({ ...key, range: { from: period.start, to: period.end } }),
    ])
  ).map((served) => unwrap<unknown>(served, context, info)) as [ProviderSubjectAverage[], Grade[]];
  return combine(
    period,
    providerAverages.filter((average) => average.periodId === period.id),
    grades,
  );
}

/** The period containing today; else the latest that has started; else the first. */
export function currentPeriod(periods: AcademicPeriod[], today: string): AcademicPeriod | undefined {
  const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start));
  return sorted.find((p) => p.isCurrent) ?? sorted.filter((p) => p.start <= today).at(-1) ?? sorted[0];
}

/** Joins the diary's figures with the gateway's weighted average per subject. */
export function combine(period: AcademicPeriod, provided: ProviderSubjectAverage[], grades: Grade[]): SubjectAverage[] {
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
