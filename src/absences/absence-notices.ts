/**
 * Absence notices: a parent tells the school that a child will be (or was) absent on whole days, through
 * each of the child's diaries that accepts notices (МЭШ does; the others answer `NOT_SUPPORTED_BY_PROVIDER`).
 * Only parents may send them; days before today cannot be withdrawn, because the school has already
 * recorded them.
 */
import type { AbsenceNoticeRequest, UpstreamScope } from '../domain/adapter.js';
import { addDays, dateInZone, daysBetween } from '../domain/dates.js';
import type { AbsenceReason, DateRange, ProviderKind, StudentEnrollment, StudentRecord } from '../domain/model.js';
import { BadUserInputError, ForbiddenError, GatewayError, NotSupportedByProviderError } from '../errors/gateway-error.js';
import type { AdapterRegistry } from '../loaders/request-loaders.js';
import type { ProviderAccount } from '../domain/adapter.js';

/** Longest range one notice covers, in days. */
export const MAX_NOTICE_DAYS = 31;
/** How far back a notice may start (a parent reporting last week's illness). */
export const MAX_DAYS_IN_PAST = 30;
/** Longest comment accepted. */
export const MAX_COMMENT_LENGTH = 500;

/** What sending notices needs. */
export interface AbsenceNoticeDeps {
  adapters: AdapterRegistry;
  account: (accountId: string) => Promise<ProviderAccount>;
  now: () => Date;
  scope: UpstreamScope;
}

/** The days a notice covers and the diaries it went to. */
export interface AbsenceNoticeOutcome {
  range: DateRange;
  providers: ProviderKind[];
}

/** Sends a notice for a student through every diary of theirs that accepts notices. */
export async function reportAbsence(
  student: StudentRecord,
  input: { from: string; to: string; reason: AbsenceReason; comment?: string | null },
  deps: AbsenceNoticeDeps,
): Promise<AbsenceNoticeOutcome> {
  requireParent(student);
  const range = checkNoticeRange(input.from, input.to);
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT_LENGTH) {
    throw new BadUserInputError(`The comment is longer than ${MAX_COMMENT_LENGTH} characters.`, 'comment');
  }
  const earliest = addDays(schoolToday(student.enrollments[0]!, deps.now()), -MAX_DAYS_IN_PAST);
  if (range.from < earliest) throw new BadUserInputError(`A notice may start at most ${MAX_DAYS_IN_PAST} days ago.`, 'from');
  const notice: AbsenceNoticeRequest = { range, reason: input.reason, comment };
  const providers = await throughEveryDiary(student, deps, (adapter, account, enrollment) =>
    adapter.submitAbsenceNotice(account, enrollment.student, notice, deps.scope),
  );
  return { range, providers };
}

/** Withdraws notices from today on; a range starting before today (school time) is refused. */
export async function withdrawAbsence(
  student: StudentRecord,
  input: { from: string; to: string },
  deps: AbsenceNoticeDeps,
): Promise<AbsenceNoticeOutcome> {
  requireParent(student);
  const range = checkNoticeRange(input.from, input.to);
  for (const enrollment of student.enrollments) {
    const today = schoolToday(enrollment, deps.now());
    if (range.from < today) {
      throw new BadUserInputError(`Days before today (${today}, school time) cannot be withdrawn: the school has recorded them.`, 'from');
    }
  }
  const providers = await throughEveryDiary(student, deps, (adapter, account, enrollment) =>
    adapter.withdrawAbsenceNotice(account, enrollment.student, range, deps.scope),
  );
  return { range, providers };
}

function requireParent(student: StudentRecord): void {
  if (student.access !== 'PARENT') throw new ForbiddenError('Only a parent can send or withdraw absence notices; trusted persons can read only.');
}

function checkNoticeRange(from: string, to: string): DateRange {
  const span = daysBetween(from, to) + 1;
  if (span < 1) throw new BadUserInputError(`\`to\` (${to}) is before \`from\` (${from}).`, 'to');
  if (span > MAX_NOTICE_DAYS) throw new BadUserInputError(`One notice covers at most ${MAX_NOTICE_DAYS} days; this one covers ${span}.`, 'to');
  return { from, to };
}

function schoolToday(enrollment: StudentEnrollment, now: Date): string {
  return dateInZone(now, enrollment.student.timeZone);
}

/**
 * Runs the action on every enrollment; diaries without notices are skipped. If none accepts notices the
 * first `NOT_SUPPORTED_BY_PROVIDER` is thrown; any other failure is thrown as it came (a notice half-sent
 * must not look sent).
 */
async function throughEveryDiary(
  student: StudentRecord,
  deps: AbsenceNoticeDeps,
  action: (adapter: NonNullable<AdapterRegistry[ProviderKind]>, account: ProviderAccount, enrollment: StudentEnrollment) => Promise<void>,
): Promise<ProviderKind[]> {
  const sentThrough: ProviderKind[] = [];
  let unsupported: GatewayError | null = null;
  for (const enrollment of student.enrollments) {
    const provider = enrollment.student.provider;
    const adapter = deps.adapters[provider];
    try {
      if (!adapter) throw new NotSupportedByProviderError(provider, 'this gateway is not configured to serve it');
      await action(adapter, await deps.account(enrollment.accountId), enrollment);
      if (!sentThrough.includes(provider)) sentThrough.push(provider);
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'NOT_SUPPORTED_BY_PROVIDER') unsupported ??= error;
      else throw error;
    }
  }
  if (sentThrough.length === 0) throw unsupported ?? new BadUserInputError('The student has no diary to send the notice to.', 'studentId');
  return sentThrough;
}
