/**
 * The rows of the averages table: each subject's figures, and what its row must add so the table reads
 * right — the diary's name when two diaries have a subject of that name, the period when the child's
 * diaries are in different ones, and whether the diary's figure differs from the gateway's.
 */
import type { DashboardAverageFragment } from '@diary-gateway/client';
import { roundAverage } from './calculator.js';

/** One row of the table. */
export interface AverageRow {
  readonly average: DashboardAverageFragment;
  /** Another row has a subject of the same name (from another diary): name the diary. */
  readonly nameTheDiary: boolean;
  /** The rows are not all of one period: name this row's. */
  readonly nameThePeriod: boolean;
  /** The diary's own figure and the gateway's, both known, differ at two decimals. */
  readonly differs: boolean;
}

/** The periods the averages are for, each once, in the order they first appear. */
export function periodTitles(averages: readonly DashboardAverageFragment[]): string[] {
  return [...new Set(averages.map((item) => item.period.title))];
}

/** Whether the diary's figure and the gateway's, both known, differ once both are rounded to two decimals. */
export function averagesDiffer(gateway: number | null, diary: number | null): boolean {
  return gateway !== null && diary !== null && roundAverage(gateway) !== roundAverage(diary);
}

/**
 * Whether any subject has its period mark yet. Until then the table leaves out the «Итог» column (a column
 * of dashes would take a phone's width from the subject names) and says so in a line instead.
 */
export function anyFinalGrade(averages: readonly DashboardAverageFragment[]): boolean {
  return averages.some((item) => item.finalGrade !== null);
}

/** The table's rows, in the gateway's order (by subject name). */
export function averageRows(averages: readonly DashboardAverageFragment[]): AverageRow[] {
  const periods = new Set(averages.map((item) => item.period.id));
  return averages.map((average) => ({
    average,
    nameTheDiary: averages.some(
      (other) => other.subject.id !== average.subject.id && other.subject.name === average.subject.name,
    ),
    nameThePeriod: periods.size > 1,
    differs: averagesDiffer(average.average, average.providerAverage),
  }));
}
