/**
 * The demo school year: four четверти, vacations and public holidays of the Russian school year that
 * contains a given day, built from rules rather than a per-year table so the demo works in any year.
 *
 * Two deliberate departures from a real school calendar keep the demo looking current on every day:
 *
 * - The четверти tile the year without gaps: each one runs until the day before the next starts, so the
 *   vacation that follows it belongs to it. A real calendar leaves the vacations out, but then the
 *   demo would have no current term during the holidays (31 December, for example).
 * - From the day after the last regular school day (about 26 May) until 31 August the fourth term and
 *   its timetable are stretched to `today + 14 days`. Summer would otherwise leave the demo with no
 *   current term and no lessons near today; the first of June looks like any other school day.
 */
import type { DemoNonSchoolDay, DemoPeriod } from '../demo-family.js';
import { addDays, isoWeekday } from '../../domain/dates.js';

/** The calendar of one demo school year. */
export interface SchoolCalendar {
  /** 1 September of the school year, `YYYY-MM-DD`. */
  yearStart: string;
  /** The four четверти, in order, tiling `yearStart … fourth term end`. */
  periods: DemoPeriod[];
  /** Announced days without lessons, one entry per calendar day, in date order. */
  nonSchoolDays: DemoNonSchoolDay[];
  /** The last day on which lessons may take place (the end of the fourth term). */
  lastLessonDay: string;
  /** True when the fourth term was stretched into the summer (see the module comment). */
  extendedIntoSummer: boolean;
}

/** How many days past `today` the demo timetable reaches; the summer stretch uses the same horizon. */
export const TIMETABLE_HORIZON_DAYS = 14;

const AUTUMN_VACATION_DAYS = 9;
const SPRING_VACATION_DAYS = 9;

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first Monday…Friday on or after `date`. */
function weekdayOnOrAfter(date: string): string {
  let day = date;
  while (isoWeekday(day) > 5) day = addDays(day, 1);
  return day;
}

/** The last Monday…Friday on or before `date`. */
function weekdayOnOrBefore(date: string): string {
  let day = date;
  while (isoWeekday(day) > 5) day = addDays(day, -1);
  return day;
}

/** The first Saturday on or after `date`. */
function saturdayOnOrAfter(date: string): string {
  let day = date;
  while (isoWeekday(day) !== 6) day = addDays(day, 1);
  return day;
}

/** The calendar year in which the school year containing `today` began. */
function schoolYearStartYear(today: string): number {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month >= 9 ? year : year - 1;
}

interface Span {
  from: string;
  to: string;
  title: string;
}

function* daysOf(from: string, to: string): Generator<string> {
  for (let day = from; day <= to; day = addDays(day, 1)) yield day;
}

/** Builds the calendar of the school year containing `today` (see the module comment for the rules). */
export function buildSchoolCalendar(today: string): SchoolCalendar {
  const startYear = schoolYearStartYear(today);
  const endYear = startYear + 1;
  const yearStart = isoDate(startYear, 9, 1);

  // Autumn vacation: the nine days from the last Saturday of October (late October – early November).
  const autumnFrom = saturdayOnOrAfter(isoDate(startYear, 10, 25));
  const autumnTo = addDays(autumnFrom, AUTUMN_VACATION_DAYS - 1);
  // Winter vacation: 29 December until the first weekday on or after 9 January.
  const thirdTermStart = weekdayOnOrAfter(isoDate(endYear, 1, 9));
  // Spring vacation: the nine days from the Saturday in 21–27 March.
  const springFrom = saturdayOnOrAfter(isoDate(endYear, 3, 21));
  const springTo = addDays(springFrom, SPRING_VACATION_DAYS - 1);
  const regularLastDay = weekdayOnOrBefore(isoDate(endYear, 5, 26));

  const extendedIntoSummer = today > regularLastDay;
  const lastLessonDay = extendedIntoSummer ? addDays(today, TIMETABLE_HORIZON_DAYS) : regularLastDay;
  const termStarts = [yearStart, addDays(autumnTo, 1), thirdTermStart, addDays(springTo, 1)];
  const periods = termStarts.map((start, index) => ({
    title: `${index + 1} четверть`,
    start,
    end: index + 1 < termStarts.length ? addDays(termStarts[index + 1]!, -1) : lastLessonDay,
  }));

  const vacations: Span[] = [
    { from: autumnFrom, to: autumnTo, title: 'Осенние каникулы' },
    { from: isoDate(startYear, 12, 29), to: addDays(thirdTermStart, -1), title: 'Зимние каникулы' },
    { from: springFrom, to: springTo, title: 'Весенние каникулы' },
    { from: addDays(lastLessonDay, 1), to: isoDate(endYear, 8, 31), title: 'Летние каникулы' },
  ];
  const holidays: Span[] = [
    { from: isoDate(startYear, 11, 4), to: isoDate(startYear, 11, 4), title: 'День народного единства' },
    { from: isoDate(endYear, 2, 23), to: isoDate(endYear, 2, 23), title: 'День защитника Отечества' },
    { from: isoDate(endYear, 3, 8), to: isoDate(endYear, 3, 8), title: 'Международный женский день' },
    { from: isoDate(endYear, 5, 1), to: isoDate(endYear, 5, 1), title: 'Праздник Весны и Труда' },
    { from: isoDate(endYear, 5, 9), to: isoDate(endYear, 5, 9), title: 'День Победы' },
  ];
  // Only a stretched fourth term reaches 12 June; a regular year is already on vacation then.
  if (extendedIntoSummer)
    holidays.push({ from: isoDate(endYear, 6, 12), to: isoDate(endYear, 6, 12), title: 'День России' });

  return {
    yearStart,
    periods,
    nonSchoolDays: listNonSchoolDays(vacations, holidays),
    lastLessonDay,
    extendedIntoSummer,
  };
}

/** One entry per day; a holiday inside a vacation is listed as the vacation. */
function listNonSchoolDays(vacations: readonly Span[], holidays: readonly Span[]): DemoNonSchoolDay[] {
  const byDate = new Map<string, DemoNonSchoolDay>();
  for (const span of vacations) {
    for (const date of daysOf(span.from, span.to)) byDate.set(date, { date, kind: 'vacation', title: span.title });
  }
  for (const span of holidays) {
    for (const date of daysOf(span.from, span.to)) {
      if (!byDate.has(date)) byDate.set(date, { date, kind: 'holiday', title: span.title });
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** True when lessons take place on `date`: a weekday inside the terms that is not an announced day off. */
export function isSchoolDay(calendar: SchoolCalendar, date: string): boolean {
  if (date < calendar.yearStart || date > calendar.lastLessonDay || isoWeekday(date) > 5) return false;
  return !calendar.nonSchoolDays.some((day) => day.date === date);
}

/** The period containing `date`, if any. */
export function periodOf(calendar: SchoolCalendar, date: string): DemoPeriod | undefined {
  return calendar.periods.find((period) => date >= period.start && date <= period.end);
}
