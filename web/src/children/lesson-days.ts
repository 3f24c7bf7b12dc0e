/** Today's and tomorrow's lessons of one child, each day in the order the child sits them. */
import type { DashboardLessonFragment } from '@diary-gateway/client';
import { wallClockOf, type DashboardRange, type IsoDate } from '../dates.js';

/** One day of lessons. */
export interface LessonDay {
  readonly which: 'today' | 'tomorrow';
  readonly date: IsoDate;
  readonly lessons: readonly DashboardLessonFragment[];
}

/**
 * Orders a day's lessons by the school's wall clock, then by number: a child in two diaries (a school and
 * a music school) gets both merged, and a diary without times keeps its numbered order after the timed
 * lessons. Equal lessons keep the gateway's order.
 */
function byClockThenNumber(a: DashboardLessonFragment, b: DashboardLessonFragment): number {
  const clockA = wallClockOf(a.startsAt);
  const clockB = wallClockOf(b.startsAt);
  if (clockA !== clockB) {
    if (clockA === null) return 1;
    if (clockB === null) return -1;
    return clockA < clockB ? -1 : 1;
  }
  return (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER);
}

/** The lessons of today and of tomorrow (two groups, always both, possibly empty: a holiday). */
export function lessonDays(
  schedule: readonly DashboardLessonFragment[],
  range: Pick<DashboardRange, 'today' | 'tomorrow'>,
): [LessonDay, LessonDay] {
  const of = (date: IsoDate) => schedule.filter((lesson) => lesson.date === date).sort(byClockThenNumber);
  return [
    { which: 'today', date: range.today, lessons: of(range.today) },
    { which: 'tomorrow', date: range.tomorrow, lessons: of(range.tomorrow) },
  ];
}

/** `08:30–09:15`, `08:30` when the end is unknown, `null` when the start is. */
export function lessonTime(lesson: Pick<DashboardLessonFragment, 'startsAt' | 'endsAt'>): string | null {
  const start = wallClockOf(lesson.startsAt);
  if (start === null) return null;
  const end = wallClockOf(lesson.endsAt);
  return end === null ? start : `${start}–${end}`;
}
