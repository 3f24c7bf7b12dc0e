/**
 * Absence notices: a parent tells the school that a child will be (or was) absent on whole days, through
 * each of the child's diaries that accepts notices (МЭШ does; the others answer `NOT_SUPPORTED_BY_PROVIDER`).
 * Only parents may send them; days before today cannot be withdrawn, because the school has already
 * recorded them.
 */
import { requireParentView } from '../access/access-rule.js';
import type { AbsenceNoticeRequest, UpstreamScope } from '../domain/adapter.js';
import { addDays, dateInZone, daysBetween } from '../domain/dates.js';
import type { AbsenceReason, DateRange, ProviderKind, StudentEnrollment, StudentRecord } from '../domain/model.js';
import { BadUserInputError, NotSupportedByProviderError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import type { AdapterRegistry } from '../loaders/request-loaders.js';
import type { ProviderAccount, ProviderAdapter } from '../domain/adapter.js';

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
  /**
   * Drops what the gateway keeps of an account's attendance and schedule, called right after a notice
   * went through that account: the diary now shows the days differently, and the parent reading them
   * next must not get the copy from before.
   */
  forget: (accountId: string) => Promise<void>;
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
    throw new BadUserInputError(
      `The comment is longer than ${MAX_COMMENT_LENGTH} characters.`,
      'comment',
      phrase('absence.commentTooLong', { max: MAX_COMMENT_LENGTH }),
    );
  }
  const enrollments = await noticeEnrollments(student, deps);
  for (const { enrollment } of enrollments) {
    const earliest = addDays(schoolToday(enrollment, deps.now()), -MAX_DAYS_IN_PAST);
    if (range.from < earliest)
      throw new BadUserInputError(
        `A notice may start at most ${MAX_DAYS_IN_PAST} days ago.`,
        'from',
        phrase('absence.startsTooEarly', { maxDaysInPast: MAX_DAYS_IN_PAST }),
      );
  }
  const notice: AbsenceNoticeRequest = { range, reason: input.reason, comment };
  const providers = await throughEveryDiary(enrollments, deps, (adapter, account, enrollment) =>
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
  const enrollments = await noticeEnrollments(student, deps);
  // "Today" is the school's: a diary without notices (another time zone) has no say.
  for (const { enrollment } of enrollments) {
    const today = schoolToday(enrollment, deps.now());
    if (range.from < today) {
      throw new BadUserInputError(
        `Days before today (${today}, school time) cannot be withdrawn: the school has recorded them.`,
        'from',
        phrase('absence.pastDaysRecorded', { today }),
      );
    }
  }
  const providers = await throughEveryDiary(enrollments, deps, (adapter, account, enrollment) =>
    adapter.withdrawAbsenceNotice(account, enrollment.student, range, deps.scope),
  );
  return { range, providers };
}

function requireParent(student: StudentRecord): void {
  requireParentView(
    student,
    'Only a parent can send or withdraw absence notices; trusted persons can read only.',
    phrase('absence.parentOnly'),
  );
}

function checkNoticeRange(from: string, to: string): DateRange {
  const span = daysBetween(from, to) + 1;
  if (span < 1)
    throw new BadUserInputError(`\`to\` (${to}) is before \`from\` (${from}).`, 'to', phrase('dates.toBeforeFrom'));
  if (span > MAX_NOTICE_DAYS)
    throw new BadUserInputError(
      `One notice covers at most ${MAX_NOTICE_DAYS} days; this one covers ${span}.`,
      'to',
      phrase('absence.tooManyDays', { maxDays: MAX_NOTICE_DAYS, days: span }),
    );
  return { from, to };
}

function schoolToday(enrollment: StudentEnrollment, now: Date): string {
  return dateInZone(now, enrollment.student.timeZone);
}

/** An enrollment whose account's adapter takes absence notices. */
interface NoticeEnrollment {
  enrollment: StudentEnrollment;
  account: ProviderAccount;
  adapter: ProviderAdapter;
}

/**
 * The student's enrollments in diaries that take absence notices; `NOT_SUPPORTED_BY_PROVIDER` (naming the
 * primary enrollment's diary) when there is none.
 */
async function noticeEnrollments(student: StudentRecord, deps: AbsenceNoticeDeps): Promise<NoticeEnrollment[]> {
  // Each through its own account's tenant: two МЭШ-platform regions may differ in what they accept.
  const opened = await Promise.all(
    student.enrollments.map(async (enrollment) => {
      const account = await deps.account(enrollment.accountId);
      return { enrollment, account, adapter: deps.adapters.forAccount(account) };
    }),
  );
  const enrollments = opened.filter((entry): entry is NoticeEnrollment => !!entry.adapter?.acceptsAbsenceNotices);
  if (enrollments.length === 0) {
    const provider = student.enrollments[0]?.student.provider;
    if (!provider)
      throw new BadUserInputError(
        'The student has no diary to send the notice to.',
        'studentId',
        phrase('absence.noDiary'),
      );
    throw new NotSupportedByProviderError(
      provider,
      'it does not take absence notices from parents through its API',
      phrase('absence.notAccepted', { provider }),
    );
  }
  return enrollments;
}

/** Runs the action through every given enrollment, in turn; a failure is thrown as it came (a half-sent notice must not look sent). */
async function throughEveryDiary(
  enrollments: NoticeEnrollment[],
  deps: AbsenceNoticeDeps,
  action: (adapter: ProviderAdapter, account: ProviderAccount, enrollment: StudentEnrollment) => Promise<void>,
): Promise<ProviderKind[]> {
  const sentThrough: ProviderKind[] = [];
  for (const { enrollment, account, adapter } of enrollments) {
    const provider = enrollment.student.provider;
    await action(adapter, account, enrollment);
    // At once, before the next diary: should that one fail, this diary has the notice and must show it.
    await deps.forget(enrollment.accountId);
    if (!sentThrough.includes(provider)) sentThrough.push(provider);
  }
  return sentThrough;
}
