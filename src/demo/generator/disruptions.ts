/**
 * What makes the demo timetable look lived-in: one replaced and one cancelled lesson on the next school
 * days, single missed lessons in the past, and one whole day the parent reported as a sick day. Every
 * choice is counted in school days from `today`, so the disruptions stay near today whatever the date.
 */
import type { DemoAbsenceNotice, DemoLesson } from '../demo-family.js';
import { addDays } from '../../domain/dates.js';
import { lessonDates } from './lessons.js';

/** МЭШ absence reason 6, the only one seen in the wild. */
export const SICKNESS = Object.freeze({ reasonId: 6, reason: 'болезнь' });

/** How long ago the parent's sick-day notice may lie. */
const NOTICE_WINDOW_DAYS = 14;

/** Where a child's absences fall. */
export interface AbsencePlan {
  /**
   * The n-th school day before today (1 = the last one) the parent reported as a sick day; `null` for
   * none (nobody sends a chess club a sick note).
   */
  noticeSchoolDaysBack: number | null;
  /** Single missed lessons (or late arrivals): the n-th school day before today, the lesson number, the reason id. */
  missedLessons: readonly { schoolDaysBack: number; lessonNumber: number; reasonId: number | null; late?: boolean }[];
}

function lessonsOn(lessons: readonly DemoLesson[], date: string): DemoLesson[] {
  return lessons.filter((lesson) => lesson.date === date);
}

/**
 * Marks lesson 2 of the first school day on or after today as `replaced`, and the last lesson of the
 * school day after that (the same day when there is none) as `cancelled`.
 */
export function applyReplacementAndCancellation(lessons: readonly DemoLesson[], today: string): void {
  const upcoming = lessonDates(lessons).filter((date) => date >= today);
  const [firstDay, secondDay] = upcoming;
  if (!firstDay) return;
  const firstDayLessons = lessonsOn(lessons, firstDay);
  const replaced = firstDayLessons[1] ?? firstDayLessons[0];
  if (replaced) replaced.replaced = true;
  const cancellable = lessonsOn(lessons, secondDay ?? firstDay).filter((lesson) => lesson !== replaced);
  const cancelled = cancellable.at(-1);
  if (cancelled) cancelled.cancelled = true;
}

/**
 * Applies the plan: the notice day's lessons are all missed for sickness, then the single missed
 * lessons are placed on other past school days within `rangeStart…today`. Returns the notice (none
 * when no school day lies in the last two weeks, as on the first days of September).
 *
 * `sickDays` are days the same child was off sick according to another enrollment (the parent told the
 * school, not the art school): every lesson on them is missed, without a reason, since this diary was
 * never told why. A child must not be sick at school and present at the art school on the same day.
 */
export function applyAbsences(
  lessons: readonly DemoLesson[],
  today: string,
  rangeStart: string,
  plan: AbsencePlan,
  sickDays: readonly string[] = [],
): DemoAbsenceNotice[] {
  const pastDays = lessonDates(lessons)
    .filter((date) => date < today && date >= rangeStart)
    .reverse();
  const recentDays = pastDays.filter((date) => date >= addDays(today, -NOTICE_WINDOW_DAYS));
  const noticeDay =
    plan.noticeSchoolDaysBack === null
      ? undefined
      : recentDays[Math.min(plan.noticeSchoolDaysBack, recentDays.length) - 1];
  const notices: DemoAbsenceNotice[] = [];
  if (noticeDay) {
    for (const lesson of lessonsOn(lessons, noticeDay)) lesson.missed = { ...SICKNESS };
    notices.push({ date: noticeDay, ...SICKNESS });
  }
  for (const date of sickDays) {
    for (const lesson of lessonsOn(lessons, date)) {
      if (!lesson.missed && !lesson.cancelled) lesson.missed = { reasonId: null, reason: null };
    }
  }
  const otherDays = pastDays.filter((date) => date !== noticeDay && !sickDays.includes(date));
  for (const missed of plan.missedLessons) {
    const date = otherDays[missed.schoolDaysBack - 1];
    if (!date) continue;
    const dayLessons = lessonsOn(lessons, date);
    const lesson = dayLessons[Math.min(missed.lessonNumber, dayLessons.length) - 1];
    if (!lesson || lesson.missed || lesson.cancelled) continue;
    if (missed.late) lesson.missed = { reasonId: null, reason: null, late: true };
    else
      lesson.missed =
        missed.reasonId === SICKNESS.reasonId ? { ...SICKNESS } : { reasonId: missed.reasonId, reason: null };
  }
  return notices;
}
