/** The homework sub-section: what is due from today for a week, grouped by due day. */
import type { DashboardHomeworkFragment } from '@diary-gateway/client';
import type { DashboardRange, IsoDate } from '../dates.js';

/** The homework due on one day. */
export interface HomeworkDay {
  readonly date: IsoDate;
  readonly items: readonly DashboardHomeworkFragment[];
}

/**
 * Homework due between today and `homeworkUntil` inclusive, by due day; a day's items keep the gateway's
 * order (its diaries list them lesson by lesson).
 */
export function homeworkDays(
  homework: readonly DashboardHomeworkFragment[],
  range: Pick<DashboardRange, 'today' | 'homeworkUntil'>,
): HomeworkDay[] {
  const due = homework
    .filter((item) => item.dueOn >= range.today && item.dueOn <= range.homeworkUntil)
    .sort((a, b) => (a.dueOn === b.dueOn ? 0 : a.dueOn < b.dueOn ? -1 : 1));
  const days: { date: IsoDate; items: DashboardHomeworkFragment[] }[] = [];
  for (const item of due) {
    const last = days[days.length - 1];
    if (last?.date === item.dueOn) last.items.push(item);
    else days.push({ date: item.dueOn, items: [item] });
  }
  return days;
}

/** Lines and characters past which a homework text is clamped behind «ещё». */
export const CLAMP = { lines: 4, characters: 220 } as const;

/** Whether `text` is long enough to clamp: more than {@link CLAMP} lines or characters. */
export function isLongText(text: string): boolean {
  return text.length > CLAMP.characters || text.split('\n').length > CLAMP.lines;
}

/**
 * `url` when it is a web link (`http:` or `https:`), else `null`: attachments come from the school's
 * diary, and a `javascript:` or `data:` address must never become a link on the family's page.
 */
export function webLink(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
