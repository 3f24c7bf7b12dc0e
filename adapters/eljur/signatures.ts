/**
 * Whether a parent signed a week of a child's Eljur diary: `getdiary` answers a child's part with
 * `parent_signed` (a flag for the days asked; clients ask a week at a time, as the diary page shows one), so
 * each week is read on its own, Monday to Sunday. Eljur says nothing of when it was signed (`signedAt: null`)
 * and has no route to sign. Weeks not yet begun at the school are left out, as are weeks whose answer carries
 * no flag (the diary keeps none for them).
 */
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import { addDays, dateInZone, isoWeekday } from '../../src/domain/dates.js';
import type { ProviderWeekSignature } from '../../src/domain/messaging.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import { fetchDiary } from './client.js';
import type { EljurCalls } from './eljur-calls.js';
import { formatDays } from './endpoints.js';
import { isTruthyFlag, studentPart } from './normalize.js';
import type { DiaryAnswer } from './payloads.js';
import { studentIdOf } from './student-reads.js';

/** Weeks read at once: a half-year of weeks is 26 calls, so they go a few at a time. */
const WEEKS_AT_ONCE = 4;

/** The Monday of a date's week. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The Mondays of the weeks overlapping a range, up to the week of `today`. */
export function weekStarts(range: DateRange, today: string): string[] {
  const last = mondayOf(range.to < today ? range.to : today);
  const starts: string[] = [];
  for (let monday = mondayOf(range.from); monday <= last; monday = addDays(monday, 7)) starts.push(monday);
  return starts;
}

/** The child's `parent_signed` in one week's answer, or `null` when the answer has none. */
export function readParentSigned(answer: DiaryAnswer, studentId: string): boolean | null {
  const part = studentPart(answer.students, studentId);
  return part === null || part.parent_signed === undefined || part.parent_signed === null
    ? null
    : isTruthyFlag(part.parent_signed);
}

/** Runs `each` over `items`, at most `limit` at a time, keeping their order. */
async function inBatches<T, R>(items: readonly T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit)
    results.push(...(await Promise.all(items.slice(start, start + limit).map(each))));
  return results;
}

/** Creates the signature reads over the adapter's calls; `now` says which weeks have begun. */
export function createSignatureReads({ read }: EljurCalls, now: () => Date) {
  async function weeks(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<ProviderWeekSignature[]> {
    const id = studentIdOf(student);
    const starts = weekStarts(range, dateInZone(now(), student.timeZone));
    const signed = await inBatches(starts, WEEKS_AT_ONCE, async (weekStart) => {
      const week = { from: weekStart, to: addDays(weekStart, 6) };
      const answer = await read(account, scope, `getdiary:${id}:${formatDays(week)}`, (context) =>
        fetchDiary(context, id, week),
      );
      return readParentSigned(answer, id);
    });
    return starts.flatMap((weekStart, index) =>
      signed[index] === null ? [] : [{ weekStart, signed: signed[index]!, signedAt: null }],
    );
  }

  return { weeks };
}
