/**
 * What the generator needs to build one enrollment of a demo child: who the child is, the diary and
 * school, and the plans for the timetable, absences and marks. The table of enrollments lives in
 * `../family-members.ts`.
 */
import type { DemoPerson } from '../demo-family.js';
import type { ProviderKind } from '../../domain/model.js';
import type { CurriculumPlan } from './curriculum.js';
import type { AbsencePlan } from './disruptions.js';
import type { SpecialMarksPlan } from './marks.js';

/** One enrollment of a child: the diary, the school and what the generator builds for it. */
export interface ChildSpec {
  person: DemoPerson;
  key: string;
  provider: ProviderKind;
  /** The diary shows no birth date (see {@link DemoChild.hideBirthDate}). */
  hideBirthDate?: boolean;
  /**
   * The key of the same child's first enrollment, listed earlier: its sick days are missed here too, so
   * the two diaries never disagree about where the child was.
   */
  sameChildAs?: string;
  /** IANA zone of the school. */
  timeZone: string;
  /** Separates the children's record ids (see `./ids.ts`); never reused, so ids stay stable. */
  slot: number;
  studentId: number;
  school: { id: number; name: string };
  className: string;
  plan: CurriculumPlan;
  absences: AbsencePlan;
  specialMarks: SpecialMarksPlan;
}
