/** Every child on one screen (placeholder until the child cards land). */
import type { DashboardState } from '../data/use-dashboard.js';

/** The children view. */
export function ChildrenView(props: {
  state: Extract<DashboardState, { kind: 'ready' }>;
  reload: () => void;
  reloading: boolean;
}) {
  return (
    <ul>
      {props.state.data.viewer.students.map((student) => (
        <li key={student.id}>{student.fullName}</li>
      ))}
    </ul>
  );
}
