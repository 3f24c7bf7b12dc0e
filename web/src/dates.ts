/**
 * Calendar dates as the page asks for them. The page runs on the family's phone, so "today" is the
 * phone's calendar day; times of lessons come from the gateway with the school's own offset and are shown
 * as the school's wall clock (see {@link wallClockOf}).
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** `date`'s calendar day in the browser's time zone. */
export function isoDateOf(date: Date): IsoDate {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** The numbers of calendar date `iso`: its year, month (1 to 12) and day. */
export function dateParts(iso: IsoDate): [year: number, month: number, day: number] {
  const [year = NaN, month = NaN, day = NaN] = iso.split('-').map(Number);
  return [year, month, day];
}

/** `iso` moved by `days` calendar days (negative: back). */
export function addDays(iso: IsoDate, days: number): IsoDate {
  const [year, month, day] = dateParts(iso);
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return moved.toISOString().slice(0, 10);
}

/** 1 September of the school year that `today` is in (a school year runs September to August). */
export function schoolYearStart(today: IsoDate): IsoDate {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return `${month >= 9 ? year : year - 1}-09-01`;
}

/** The dates of the dashboard's lists, all from one `today`. */
export interface DashboardRange {
  readonly today: IsoDate;
  readonly tomorrow: IsoDate;
  /** Homework due from today up to this day: a week ahead. */
  readonly homeworkUntil: IsoDate;
  /**
   * Grades from this day: the school year's start (at most 366 days back), so the progress chart and the
   * "5 / 4" calculator see the whole year; the "recent grades" list shows the last two weeks of them.
   */
  readonly gradesSince: IsoDate;
  /** Attendance from this day: the last 30 days. */
  readonly attendanceSince: IsoDate;
}

/** The dashboard's dates around `now`. */
export function dashboardRange(now: Date): DashboardRange {
  const today = isoDateOf(now);
  return {
    today,
    tomorrow: addDays(today, 1),
    homeworkUntil: addDays(today, 7),
    gradesSince: schoolYearStart(today),
    attendanceSince: addDays(today, -30),
  };
}

/**
 * The school's wall-clock time of a gateway `DateTime` (`2026-09-01T08:30:00+03:00` → `08:30`): the
 * gateway writes each instant with the school's offset, so the digits are the school's clock whatever the
 * phone's zone. `null` for anything else.
 */
export function wallClockOf(dateTime: string | null | undefined): string | null {
  const match = /^\d{4}-\d{2}-\d{2}T(\d{2}:\d{2})/.exec(dateTime ?? '');
  return match ? (match[1] ?? null) : null;
}
