/** The attendance sub-section's numbers: absences by kind and late arrivals over the last 30 days. */
import type { AttendanceKind, DashboardAttendanceFragment } from '@diary-gateway/client';
import { countOf, type WordForms } from '../format.js';
import type { Bilingual, Language } from '../i18n.js';

/** The kinds that are absences, in the order the summary lists them. */
const ABSENCE_KINDS: readonly AttendanceKind[] = ['EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE', 'ABSENCE'];

/** How many events of each kind. */
export interface AttendanceCounts {
  /** Every absence (each lesson or day missed is one), whatever its kind. */
  readonly absences: number;
  /** Absences by kind, known kinds first in a fixed order, then kinds a newer gateway sends; zeros left out. */
  readonly byKind: readonly { readonly kind: string; readonly count: number }[];
  /** Late arrivals. */
  readonly late: number;
}

/**
 * Counts `records`. Every kind but `TARDY` is an absence, also a kind this page does not know yet: the
 * schema lists late arrivals and absences only, so an unknown departure from attendance is shown as one.
 */
export function attendanceCounts(records: readonly Pick<DashboardAttendanceFragment, 'kind'>[]): AttendanceCounts {
  const counts = new Map<string, number>();
  for (const { kind } of records) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const late = counts.get('TARDY') ?? 0;
  counts.delete('TARDY');
  const known = ABSENCE_KINDS.filter((kind) => counts.has(kind));
  const unknown = [...counts.keys()].filter((kind) => !ABSENCE_KINDS.includes(kind as AttendanceKind));
  const byKind = [...known, ...unknown].map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
  return { absences: byKind.reduce((sum, entry) => sum + entry.count, 0), byKind, late };
}

/** The events newest day first, by lesson number within a day (a whole-day record first). */
export function attendanceNewestFirst<R extends Pick<DashboardAttendanceFragment, 'date' | 'lesson'>>(
  records: readonly R[],
): R[] {
  return [...records].sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? 1 : -1;
    return (a.lesson?.number ?? 0) - (b.lesson?.number ?? 0);
  });
}

const ABSENCES: Bilingual<WordForms> = {
  ru: { one: 'пропуск', few: 'пропуска', many: 'пропусков', other: 'пропуска' },
  en: { one: 'absence', other: 'absences' },
};
const LATE: Bilingual<WordForms> = {
  ru: { one: 'опоздание', few: 'опоздания', many: 'опозданий', other: 'опоздания' },
  en: { one: 'late arrival', other: 'late arrivals' },
};

/** «3 пропуска, 1 опоздание» / "3 absences, 1 late arrival". */
export function countsText(counts: Pick<AttendanceCounts, 'absences' | 'late'>, language: Language): string {
  return `${countOf(counts.absences, ABSENCES[language], language)}, ${countOf(counts.late, LATE[language], language)}`;
}
