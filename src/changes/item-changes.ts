/**
 * The changes of marks, homework, absences and final marks: what of each is compared, and which change
 * each transition makes. (Lessons, which change in several ways at once, are `lesson-changes.ts`.)
 *
 * Only what a family would call a change is compared. Left out are what the diary recomputes or restates
 * on every read — a mark's numeric readings (derived from `raw` and `scale`), its entry time and
 * teacher's name, attachment links (often signed anew on each read) — and what the family sets itself
 * (homework's `isDone`).
 */
import type {
  AbsenceChangeModel,
  FinalGradeChangeModel,
  GradeChangeModel,
  HomeworkChangeModel,
} from '../domain/changes.js';
import type { AttendanceRecord, Grade, GradeValue, Homework, ProviderSubjectAverage } from '../domain/model.js';
import { digestOf, type Comparable } from './change-ids.js';
import { changeBase, judge, type ChangeContext, type FoundChange, type Verdict } from './found-change.js';
import type { Transition } from './pair-items.js';

function gradeFields(grade: Grade): Comparable {
  return {
    raw: grade.value.raw,
    scale: grade.value.scale,
    weight: grade.weight,
    comment: grade.comment,
    workType: grade.workType,
    isPoint: grade.isPoint,
    isExam: grade.isExam,
    countsTowardAverage: grade.countsTowardAverage,
    date: grade.date,
    subjectId: grade.subject.id,
  };
}

function homeworkFields(homework: Homework): Comparable {
  // Sorted: the same attachments listed in another order are the same homework.
  const attachments = homework.attachments.map((attachment) => attachment.title).sort();
  return { text: homework.text, dueOn: homework.dueOn, subjectId: homework.subject.id, attachments };
}

const GRADE_KINDS = {
  ADDED: 'GRADE_ADDED',
  CHANGED: 'GRADE_CHANGED',
  REMOVED: 'GRADE_REMOVED',
} as const satisfies Record<Verdict, GradeChangeModel['kind']>;

const HOMEWORK_KINDS = {
  ADDED: 'HOMEWORK_ADDED',
  CHANGED: 'HOMEWORK_CHANGED',
  REMOVED: 'HOMEWORK_REMOVED',
} as const satisfies Record<Verdict, HomeworkChangeModel['kind']>;

/** Marks added, changed or removed. */
export function gradeChanges(context: ChangeContext, transitions: readonly Transition<Grade>[]): FoundChange[] {
  return transitions.flatMap((transition) => {
    const judged = judge(transition, gradeFields);
    if (judged === null) return [];
    const base = changeBase(context, GRADE_KINDS[judged.verdict], transition.key, judged.digests);
    const change: GradeChangeModel = { ...base, type: 'grade', grade: judged.item, previous: judged.previous };
    return [{ change, date: judged.item.date, key: transition.key }];
  });
}

/** Homework added, changed or removed. */
export function homeworkChanges(context: ChangeContext, transitions: readonly Transition<Homework>[]): FoundChange[] {
  return transitions.flatMap((transition) => {
    const judged = judge(transition, homeworkFields);
    if (judged === null) return [];
    const base = changeBase(context, HOMEWORK_KINDS[judged.verdict], transition.key, judged.digests);
    const change: HomeworkChangeModel = { ...base, type: 'homework', homework: judged.item, previous: judged.previous };
    return [{ change, date: judged.item.dueOn, key: transition.key }];
  });
}

/** Absences recorded or taken back. A record is all key (`item-keys.ts`): one seen in both is unchanged. */
export function absenceChanges(
  context: ChangeContext,
  transitions: readonly Transition<AttendanceRecord>[],
): FoundChange[] {
  return transitions.flatMap((transition) => {
    const judged = judge(transition, () => ({}));
    if (judged === null || judged.verdict === 'CHANGED') return [];
    const kind = judged.verdict === 'ADDED' ? 'ABSENCE_RECORDED' : 'ABSENCE_REMOVED';
    const base = changeBase(context, kind, transition.key, judged.digests);
    const change: AbsenceChangeModel = { ...base, type: 'absence', absence: judged.item };
    return [{ change, date: judged.item.date, key: transition.key }];
  });
}

const finalFields = (value: GradeValue | null): Comparable =>
  value === null ? null : { raw: value.raw, scale: value.scale };

/**
 * Final marks set (none before, or none known: a subject not listed before) or changed. A final mark taken
 * away is not a change (the feed has no kind for it).
 */
export function finalChanges(
  context: ChangeContext,
  periodTitle: string,
  transitions: readonly Transition<ProviderSubjectAverage>[],
): FoundChange[] {
  return transitions.flatMap(({ key, before, after }) => {
    if (after === null || after.finalGrade === null) return [];
    const { subject, finalGrade } = after;
    const previous = before?.finalGrade ?? null;
    const digests = { before: digestOf(finalFields(previous)), after: digestOf(finalFields(finalGrade)) };
    if (digests.before === digests.after) return [];
    const base = changeBase(context, 'FINAL_GRADE_SET', key, digests);
    const change: FinalGradeChangeModel = { ...base, type: 'finalGrade', subject, periodTitle, finalGrade, previous };
    return [{ change, date: '', key }];
  });
}
