/** Resolver helpers: who is asking, and gathering a student's data from every enrollment. */
import type { GraphQLResolveInfo } from 'graphql';
import type { SchemaDrift, SideAnswerFailure, StudentEnrollment, StudentRecord } from '../../domain/model.js';
import {
  BadUserInputError,
  GatewayError,
  ProviderSchemaDriftError,
  UnauthenticatedError,
} from '../../errors/gateway-error.js';
import { ProviderSideAnswerError } from '../../errors/side-answer-error.js';
import type { EnrollmentKey, Served } from '../../loaders/request-loaders.js';
import type { ViewerDirectory } from '../../students/directory.js';
import type { GatewayContext } from '../context.js';

/** The request's directory; throws `UNAUTHENTICATED` when the request has no valid session. */
export function requireDirectory(context: GatewayContext): ViewerDirectory {
  if (!context.directory) throw new UnauthenticatedError();
  return context.directory;
}

/** The signed-in user's id; throws `UNAUTHENTICATED` when the request has no valid session. */
export function requireUser(context: GatewayContext): string {
  if (!context.userId) throw new UnauthenticatedError();
  return context.userId;
}

/** The refusal of a student id the viewer does not see: another family's child and a made-up id alike. */
export function unknownStudent(): BadUserInputError {
  return new BadUserInputError('No student with this id is visible to you.', 'studentId');
}

/** A student the viewer sees; anything else (another family's child, a made-up id) gets the same refusal. */
export async function requireStudent(context: GatewayContext, id: string): Promise<StudentRecord> {
  const { student } = await requireDirectory(context).findStudent(id);
  if (!student) throw unknownStudent();
  return student;
}

/** The loader key of one enrollment. */
export async function enrollmentKey(
  context: GatewayContext,
  enrollment: StudentEnrollment,
  range?: EnrollmentKey['range'],
): Promise<EnrollmentKey> {
  const account = await requireDirectory(context).account(enrollment.accountId);
  return range ? { account, student: enrollment.student, range } : { account, student: enrollment.student };
}

/** A served load with the warnings its result was built with. */
type Warned<T> = Served<T> & { drift?: readonly SchemaDrift[]; sideFailures?: readonly SideAnswerFailure[] };

/**
 * The value of a served load. A stale copy served because the diary failed is reported on the field, and
 * so is every part of the diary's answers left out because its shape drifted (`PROVIDER_SCHEMA_DRIFT`), and
 * every side route whose failure left some of its fields null (the failure's code, with `route`, `missing`).
 */
export function unwrap<T>(served: Warned<T>, context: GatewayContext, info: GraphQLResolveInfo): T {
  if (served.staleBecause) context.partialErrors.report(served.staleBecause, info, { staleDataServed: true });
  for (const drift of served.drift ?? []) context.partialErrors.report(new ProviderSchemaDriftError(drift), info);
  for (const failure of served.sideFailures ?? [])
    context.partialErrors.report(new ProviderSideAnswerError(failure), info);
  return served.value;
}

/**
 * Loads a list from every enrollment of a student and concatenates the results. An enrollment whose diary
 * fails contributes its last good copy when the cache has one, else nothing; either way the failure is
 * reported as a partial error on the field being resolved. A failure that is not a `GatewayError` is a
 * bug and fails the field.
 */
export async function fromEveryEnrollment<T>(
  student: StudentRecord,
  context: GatewayContext,
  info: GraphQLResolveInfo,
  load: (enrollment: StudentEnrollment) => Promise<Warned<T[]> | T[]>,
): Promise<T[]> {
  const settled = await Promise.allSettled(student.enrollments.map(load));
  const items: T[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') {
      const value = outcome.value;
      items.push(...(Array.isArray(value) ? value : unwrap(value, context, info)));
    } else if (outcome.reason instanceof GatewayError) context.partialErrors.report(outcome.reason, info);
    else throw outcome.reason;
  }
  return items;
}
