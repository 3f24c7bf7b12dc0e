/** Averages, the progress chart and the "5 / 4" calculator of one child (placeholder until they land). */
import type { DashboardRange } from '../dates.js';
import type { DashboardStudent } from '../data/types.js';

/** The progress section of a child's card. */
export function ProgressSection(props: { student: DashboardStudent; range: DashboardRange }) {
  return <p>{props.student.averages.length}</p>;
}
