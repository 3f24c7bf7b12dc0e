/**
 * A child's calendar put together from every enrollment: grading periods and days off that several
 * enrollments give alike are listed once, each saying which enrollments give it. A child merged across
 * diaries often gets the same term or holiday from each school's diary; shown twice it reads as two terms,
 * yet a client must still find "the periods of this enrollment", also when two enrollments are of the same
 * diary (two accounts, two schools) and `provider` cannot tell them apart.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type {
  AcademicPeriod,
  GivenByEnrollments,
  ListedPeriod,
  NonSchoolDay,
  StudentEnrollment,
  StudentRecord,
} from '../../domain/model.js';
import type { Loaded } from '../../loaders/request-loaders.js';
import type { GatewayContext } from '../context.js';
import { enrollmentKey, fromEveryEnrollment, unwrap } from './enrollment-loads.js';
import { compareRussian } from '../../domain/collation.js';

/** One item as one enrollment's diary gave it. */
export interface Given<T> {
  item: T;
  enrollment: StudentEnrollment;
}

/** Two enrollments give "the same" period when its title, first and last day are the same. */
export const periodKey = (period: AcademicPeriod): string => `${period.start}|${period.end}|${period.title}`;

/** Two enrollments give "the same" day off when its date, kind and title are the same. */
export const dayKey = (day: NonSchoolDay): string => `${day.date}|${day.kind}|${day.title ?? ''}`;

/**
 * Loads a list from every enrollment (as {@link fromEveryEnrollment}: a failing diary is reported on the
 * field and gives nothing, or its last good copy), keeping which enrollment gave each item, in enrollment
 * order (the primary enrollment first).
 */
export function givenByEveryEnrollment<T>(
  student: StudentRecord,
  context: GatewayContext,
  info: GraphQLResolveInfo,
  load: (enrollment: StudentEnrollment) => Promise<Loaded<T[]>>,
): Promise<Given<T>[]> {
  return fromEveryEnrollment(student, context, info, async (enrollment) =>
    unwrap(await load(enrollment), context, info).map((item) => ({ item, enrollment })),
  );
}

/**
 * Keeps the first copy of items with the same content key, in the order given, and lists with it every
 * enrollment that gave one (each once, in the order given). Items that differ in any keyed field stay apart.
 */
export function listOnce<T extends object>(
  given: readonly Given<T>[],
  key: (item: T) => string,
): GivenByEnrollments<T>[] {
  const byKey = new Map<string, GivenByEnrollments<T>>();
  for (const { item, enrollment } of given) {
    const k = key(item);
    const listed = byKey.get(k);
    if (!listed) byKey.set(k, { ...item, enrollments: [enrollment] });
    else if (!listed.enrollments.includes(enrollment)) listed.enrollments.push(enrollment);
  }
  return [...byKey.values()];
}

/**
 * Every enrollment's grading periods, each as that enrollment's diary gave it. `onFailure` is told when an
 * enrollment gave none because its diary failed (the failure itself is reported on the field).
 */
export function periodsGiven(
  student: StudentRecord,
  context: GatewayContext,
  info: GraphQLResolveInfo,
  onFailure: () => void = () => {},
): Promise<Given<AcademicPeriod>[]> {
  return givenByEveryEnrollment(student, context, info, async (enrollment) => {
    try {
      return await context.loaders.periods.load(await enrollmentKey(context, enrollment));
    } catch (error) {
      onFailure();
      throw error;
    }
  });
}

/** The periods as `Student.periods` lists them, in date order. */
export function listPeriods(given: readonly Given<AcademicPeriod>[]): ListedPeriod[] {
  return listOnce(given, periodKey).sort((a, b) => compareRussian(a.start, b.start));
}
