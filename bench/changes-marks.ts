/**
 * A mark entered in a simulator's diary the way a teacher would (issue 16's change scenarios): pushed into
 * the seed child the simulator reads on every request, so the diary's next answer shows it. The mark's
 * comment carries a tag, so the subscriber that receives the change can tell which entry it was.
 */
import type { SeedMark } from '../adapters/simulation/seed.js';
import type { DemoFamily } from '../src/demo/demo-family.js';
import { dateInZone } from '../src/domain/dates.js';

/** Where a mark was entered, and when (epoch ms on this machine's clock). */
export interface EnteredMark {
  tag: string;
  enteredAt: number;
}

/** Mark ids of the bench's entries: above every generated one. */
let serial = 980_000;

/**
 * Enters a "5" for the child `childKey`, dated today in the child's zone (inside the grades' window), in its
 * first subject, with `tag` as the teacher's comment.
 */
export function enterTaggedMark(family: DemoFamily, childKey: string, tag: string): EnteredMark {
  const child = family.children.find((each) => each.key === childKey);
  if (!child) throw new Error(`the demo family has no child ${childKey}`);
  const date = dateInZone(new Date(), child.timeZone);
  serial += 1;
  const mark: SeedMark = {
    id: serial,
    lessonId: null,
    date,
    subjectId: child.subjects[0]!.id,
    value: '5',
    scale: 'five',
    five: 5,
    hundred: 100,
    weight: 1,
    workType: 'Контрольная работа',
    comment: tag,
    isExam: false,
    isPoint: false,
    pointDeadline: null,
    createdAt: `${date}T10:00:00`,
  };
  child.marks.push(mark);
  return { tag, enteredAt: Date.now() };
}
