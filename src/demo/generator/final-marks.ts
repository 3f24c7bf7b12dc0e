/**
 * Final term marks: for every term that ended before today, each subject with marks in it gets the
 * weighted average of its five-point equivalents, rounded half up (4.5 → 5), as teachers usually do.
 */
import type { DemoChild, DemoMark, DemoPeriod } from '../demo-family.js';

/** Weighted average of the marks' five-point equivalents, or `null` without marks. */
function weightedFiveAverage(marks: readonly DemoMark[]): number | null {
  const totalWeight = marks.reduce((sum, mark) => sum + mark.weight, 0);
  if (totalWeight === 0) return null;
  return marks.reduce((sum, mark) => sum + mark.five * mark.weight, 0) / totalWeight;
}

/** Final marks of the terms that ended before `today`. */
export function buildFinalMarks(
  marks: readonly DemoMark[],
  periods: readonly DemoPeriod[],
  today: string,
): DemoChild['finalMarks'] {
  const finals: DemoChild['finalMarks'] = [];
  for (const period of periods.filter((candidate) => candidate.end < today)) {
    const inPeriod = marks.filter((mark) => mark.date >= period.start && mark.date <= period.end);
    for (const subjectId of [...new Set(inPeriod.map((mark) => mark.subjectId))].sort((a, b) => a - b)) {
      const average = weightedFiveAverage(inPeriod.filter((mark) => mark.subjectId === subjectId));
      if (average !== null)
        finals.push({ subjectId, periodTitle: period.title, value: String(Math.floor(average + 0.5)) });
    }
  }
  return finals;
}
