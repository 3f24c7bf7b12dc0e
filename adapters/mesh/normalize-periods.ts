/**
 * МЭШ `subject_marks` → grading periods, subjects and the diary's own averages; `periods_schedules` →
 * non-school days.
 */
import { isWithin, readDate } from '../../src/domain/dates.js';
import type {
  AcademicPeriod,
  DateRange,
  NonSchoolDay,
  NonSchoolDayKind,
  ProviderSubjectAverage,
  Subject,
  Trend,
} from '../../src/domain/model.js';
import type { PeriodSchedule, SubjectMarks } from './payloads.js';
import { MESH, meshPeriodId, meshSubject, requireDate, textOrNull } from './normalize-common.js';
import { meshFinalGradeValue } from './normalize-grades.js';
import { compareRussian } from '../../src/domain/collation.js';

type PeriodMarks = NonNullable<SubjectMarks['periods']>[number];

/** A period's inclusive dates: `start_iso`/`end_iso` when sent, else the `DD.MM.YYYY` `start`/`end`. */
function periodDates(period: PeriodMarks): { start: string; end: string } | null {
  const start = readDate(period.start_iso) ?? readDate(period.start);
  const end = readDate(period.end_iso) ?? readDate(period.end);
  // The schema lets МЭШ omit both forms; a period without dates cannot be placed, so it is left out.
  return start !== null && end !== null ? { start, end } : null;
}

/**
 * The grading periods: every subject lists the same terms, so they are de-duplicated by their dates
 * (the first subject's title wins), flagged current when `today` (school-local) falls within, and sorted.
 */
export function normalizePeriods(subjects: readonly SubjectMarks[], today: string): AcademicPeriod[] {
  const byId = new Map<string, AcademicPeriod>();
  for (const subject of subjects) {
    for (const period of subject.periods ?? []) {
      const dates = periodDates(period);
      if (dates === null) continue;
      const id = meshPeriodId(dates.start, dates.end);
      if (byId.has(id)) continue;
      byId.set(id, {
        id,
        title: period.title,
        ...dates,
        isCurrent: isWithin(today, dates.start, dates.end),
        provider: MESH,
      });
    }
  }
  return [...byId.values()].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

/** The subjects the child has marks records for, once each, by name in Russian collation. */
export function normalizeSubjects(subjects: readonly SubjectMarks[]): Subject[] {
  const byId = new Map<string, Subject>();
  for (const entry of subjects) {
    const subject = meshSubject(entry.subject_id, entry.subject_name);
    if (!byId.has(subject.id)) byId.set(subject.id, subject);
  }
  return [...byId.values()].sort((a, b) => compareRussian(a.name, b.name) || a.id.localeCompare(b.id));
}

/** Reads МЭШ's averages, sent as strings with a dot or a comma (`"4.50"`, `"4,5"`); `null` when not a number. */
export function parseMeshDecimal(value: string | null | undefined): number | null {
  const match = /^\s*(-?\d+(?:[.,]\d+)?)\s*$/.exec(value ?? '');
  return match ? Number(match[1]!.replace(',', '.')) : null;
}

const TRENDS: Readonly<Record<string, Trend>> = Object.freeze({ UP: 'UP', DOWN: 'DOWN', NONE: 'STABLE' });

/** МЭШ `dynamic` → trend: UP, DOWN, NONE (unchanged) → STABLE; anything else is unknown, so `null`. */
export function meshTrend(dynamic: string | null | undefined): Trend | null {
  return dynamic ? (TRENDS[dynamic.trim().toUpperCase()] ?? null) : null;
}

/**
 * The diary's own average, final mark and trend for every subject × period. The trend is the period's
 * own `dynamic`; the subject-level `dynamic` is not copied into periods, because it is not said which
 * period it describes.
 */
export function normalizeSubjectAverages(subjects: readonly SubjectMarks[]): ProviderSubjectAverage[] {
  return subjects.flatMap((entry) => {
    const subject = meshSubject(entry.subject_id, entry.subject_name);
    return (entry.periods ?? []).flatMap((period): ProviderSubjectAverage[] => {
      const dates = periodDates(period);
      if (dates === null) return [];
      return [
        {
          subject,
          periodId: meshPeriodId(dates.start, dates.end),
          providerAverage: parseMeshDecimal(period.value),
          finalGrade: meshFinalGradeValue(period.fixed_value),
          trend: meshTrend(period.dynamic),
        },
      ];
    });
  });
}

const NON_SCHOOL_DAY_KINDS: Readonly<Record<string, NonSchoolDayKind>> = Object.freeze({
  holiday: 'HOLIDAY',
  holidays: 'HOLIDAY',
  vacation: 'VACATION',
  vacations: 'VACATION',
});

/**
 * The kind of an announced day. МЭШ's real `type` values are unknown (providers.md §6), so the guessed
 * ones are read case-insensitively and the title decides otherwise: "каникулы" is a vacation,
 * "праздник"/"праздничный" a holiday, anything else OTHER.
 */
export function meshNonSchoolDayKind(
  type: string | null | undefined,
  title: string | null | undefined,
): NonSchoolDayKind {
  const byType = type ? NON_SCHOOL_DAY_KINDS[type.trim().toLowerCase()] : undefined;
  if (byType) return byType;
  const lowerTitle = (title ?? '').toLowerCase();
  if (lowerTitle.includes('каникул')) return 'VACATION';
  if (lowerTitle.includes('праздн')) return 'HOLIDAY';
  return 'OTHER';
}

/** Normalises `periods_schedules` into the range's non-school days, one per date, by date. */
export function normalizeNonSchoolDays(days: readonly PeriodSchedule[], range: DateRange): NonSchoolDay[] {
  const byDate = new Map<string, NonSchoolDay>();
  days.forEach((day, index) => {
    const date = requireDate(day.date, `periods_schedules: [${index}].date`);
    if (!isWithin(date, range.from, range.to) || byDate.has(date)) return;
    byDate.set(date, {
      date,
      kind: meshNonSchoolDayKind(day.type, day.title),
      title: textOrNull(day.title),
      provider: MESH,
    });
  });
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
