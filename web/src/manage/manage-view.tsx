/** The parent's settings (placeholder until the managing sections land). */
import type { DashboardStudent } from '../data/types.js';

/** The settings view. */
export function ManageView(props: { students: readonly DashboardStudent[]; onChanged: () => void }) {
  return <p>{props.students.length}</p>;
}
