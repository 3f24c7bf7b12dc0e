/**
 * Teachers' remarks on a child's diary (`Student.remarks`) and parents' signatures of its weeks
 * (`Student.diarySignatures`, `signDiaryWeek`), from each of the child's diaries that has them. Remarks and
 * signatures are part of the diary itself, so a trusted person reads them; only a parent signs.
 */
import { isParentView, requireParentView } from '../access/access-rule.js';
import type { ProviderAccount } from '../domain/adapter.js';
import { addDays, daysBetween, isoWeekday, dateInZone } from '../domain/dates.js';
import type { ProviderMessaging } from '../domain/messaging.js';
import type { DateRange, StudentEnrollment, StudentRecord } from '../domain/model.js';
import type { DiaryWeekSignature, ProviderKind, TeacherRemark } from '../domain/schema-types.generated.js';
import { BadUserInputError, NotSupportedByProviderError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import type { MailDeps } from './mail-deps.js';
import { encodeMailId } from '../domain/mail-ids.js';

/** Longest range of `Student.remarks`, in days. */
export const MAX_REMARK_DAYS = 92;
/** Longest range of `Student.diarySignatures`, in days (26 weeks). */
export const MAX_SIGNATURE_DAYS = 182;

/** One enrollment's reads failed: the rest is served, this is reported beside it. */
export interface EnrollmentFailure {
  provider: ProviderKind;
  error: unknown;
}

/** A list gathered from a child's enrollments, and the enrollments whose diary failed. */
export interface Gathered<T> {
  items: T[];
  failures: EnrollmentFailure[];
}

/** The child's remarks between two days, newest first. */
export async function studentRemarks(
  deps: MailDeps,
  student: StudentRecord,
  range: DateRange,
): Promise<Gathered<TeacherRemark>> {
  checkRange(range, MAX_REMARK_DAYS);
  const gathered = await gather(
    deps,
    student,
    (m) => m.features.remarks,
    async (enrollment, account, messaging) => {
      const params = [enrollment.student.externalId, range.from, range.to];
      const served = await deps.loaders.read('remarks', account, params, (adapter, scope) =>
        (adapter.messaging ?? messaging).fetchRemarks(account, enrollment.student, range, scope),
      );
      return served.value.map((remark) => ({
        id: encodeMailId('remark', [account.id, enrollment.student.externalId, remark.externalId]),
        provider: account.provider,
        date: remark.date,
        kind: remark.kind,
        text: remark.text,
        subjectName: remark.subjectName,
        teacherName: remark.teacherName,
      }));
    },
  );
  gathered.items.sort((a, b) => (a.date === b.date ? (a.id < b.id ? 1 : -1) : a.date < b.date ? 1 : -1));
  return gathered;
}

/** Whether each week overlapping the range is signed, per diary that keeps signatures. */
export async function studentSignatures(
  deps: MailDeps,
  student: StudentRecord,
  range: DateRange,
): Promise<Gathered<DiaryWeekSignature>> {
  checkRange(range, MAX_SIGNATURE_DAYS);
  const weeks = { from: mondayOf(range.from), to: addDays(mondayOf(range.to), 6) };
  const gathered = await gather(
    deps,
    student,
    (m) => m.features.signatures !== 'none',
    (enrollment, account, messaging) => signaturesOf(deps, student, enrollment, account, messaging, weeks),
  );
  gathered.items.sort((a, b) => (a.weekStart < b.weekStart ? -1 : a.weekStart > b.weekStart ? 1 : 0));
  return gathered;
}

/** Signs the week of `week` in each of the child's diaries that takes signatures (or the one named). */
export async function signDiaryWeek(
  deps: MailDeps,
  student: StudentRecord,
  input: { week: string; provider?: ProviderKind | null },
): Promise<DiaryWeekSignature[]> {
  requireParentView(student, "Only a parent may sign a child's diary.", phrase('mail.parentOnly'));
  const weekStart = mondayOf(input.week);
  const targets = (await enrollmentsWith(deps, student, (m) => m.features.signatures === 'read-write')).filter(
    ({ account }) => !input.provider || account.provider === input.provider,
  );
  if (targets.length === 0) {
    if (input.provider)
      throw new NotSupportedByProviderError(
        input.provider,
        'it takes no signatures from the gateway',
        phrase('signing.noDiary'),
      );
    throw new BadUserInputError(
      "None of the child's diaries takes signatures.",
      'studentId',
      phrase('signing.noDiary'),
    );
  }
  const signed: DiaryWeekSignature[] = [];
  for (const { enrollment, account, messaging } of targets) {
    const today = dateInZone(new Date(deps.now()), enrollment.student.timeZone);
    if (weekStart > today)
      throw new BadUserInputError('Only a week that has begun can be signed.', 'week', phrase('signing.futureWeek'));
    await messaging.signWeek(account, enrollment.student, weekStart, deps.scope);
    await deps.forget(account.id, ['signatures']);
    const week = { from: weekStart, to: addDays(weekStart, 6) };
    signed.push(...(await signaturesOf(deps, student, enrollment, account, messaging, week)));
  }
  return signed;
}

async function signaturesOf(
  deps: MailDeps,
  student: StudentRecord,
  enrollment: StudentEnrollment,
  account: ProviderAccount,
  messaging: ProviderMessaging,
  weeks: DateRange,
): Promise<DiaryWeekSignature[]> {
  const params = [enrollment.student.externalId, weeks.from, weeks.to];
  const served = await deps.loaders.read('signatures', account, params, (adapter, scope) =>
    (adapter.messaging ?? messaging).fetchWeekSignatures(account, enrollment.student, weeks, scope),
  );
  const today = dateInZone(new Date(deps.now()), enrollment.student.timeZone);
  const writable = messaging.features.signatures === 'read-write' && isParentView(student);
  return served.value
    .filter((week) => week.weekStart >= weeks.from && week.weekStart <= weeks.to)
    .map((week) => ({
      provider: account.provider,
      weekStart: week.weekStart,
      signed: week.signed,
      signedAt: week.signedAt,
      canSign: writable && !week.signed && week.weekStart <= today,
    }));
}

type EnrollmentRead<T> = (
  enrollment: StudentEnrollment,
  account: ProviderAccount,
  messaging: ProviderMessaging,
) => Promise<T[]>;

/** Runs `read` for each enrollment whose diary has the feature; a failing diary costs only its own items. */
async function gather<T>(
  deps: MailDeps,
  student: StudentRecord,
  has: (messaging: ProviderMessaging) => boolean,
  read: EnrollmentRead<T>,
): Promise<Gathered<T>> {
  const targets = await enrollmentsWith(deps, student, has);
  const results = await Promise.allSettled(targets.map((t) => read(t.enrollment, t.account, t.messaging)));
  const gathered: Gathered<T> = { items: [], failures: [] };
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') gathered.items.push(...result.value);
    else gathered.failures.push({ provider: targets[index]!.account.provider, error: result.reason });
  });
  return gathered;
}

async function enrollmentsWith(deps: MailDeps, student: StudentRecord, has: (messaging: ProviderMessaging) => boolean) {
  const targets = [];
  for (const enrollment of student.enrollments) {
    const account = await deps.directory.account(enrollment.accountId);
    const messaging = deps.adapters.forAccount(account)?.messaging;
    if (messaging && has(messaging)) targets.push({ enrollment, account, messaging });
  }
  return targets;
}

function checkRange(range: DateRange, maxDays: number): void {
  if (range.to < range.from) throw new BadUserInputError('`to` is before `from`.', 'to', phrase('dates.toBeforeFrom'));
  if (daysBetween(range.from, range.to) + 1 > maxDays)
    throw new BadUserInputError(
      `The range may span at most ${maxDays} days.`,
      'to',
      phrase('dates.rangeTooLong', { maxDays }),
    );
}

/** The Monday of the week `date` is in. */
function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}
