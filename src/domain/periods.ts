/** Which grading period is "now" for a school: one rule, for the averages and the change detector alike. */
import type { AcademicPeriod } from './model.js';

/** The period containing today; else the latest that has started; else the first. */
export function currentPeriod<P extends Pick<AcademicPeriod, 'start' | 'isCurrent'>>(
  periods: readonly P[],
  today: string,
): P | undefined {
  const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start));
  return sorted.find((p) => p.isCurrent) ?? sorted.filter((p) => p.start <= today).at(-1) ?? sorted[0];
}
