/**
 * Dnevnik.ru homework → `Homework`. Homework is a work of type `Homework` in the day schedules: its
 * `text` is the assignment, `targetDate` the day it is due, `sentDate` the day it was set, and the
 * child's own task says whether it was done. The API lists attachments as file ids only.
 */
import type { Attachment, DateRange, Homework } from '../../src/domain/model.js';
import { isWithin } from '../../src/domain/dates.js';
import type { Work } from './payloads-diary.js';
import { isOtherPerson, type DiaryIndex, type IndexedHomework } from './normalize-index.js';
import { subjectFromIndex } from './normalize-grades.js';
import { compareIds, dateOf, DNEVNIK, dnevnikId, preferTwin, reference } from './normalize-common.js';

/** What an attachment is called: the schedules list files by id only, without a name or link. */
export const UNTITLED_ATTACHMENT = 'Вложение';

/**
 * Task statuses that mean "done". The vocabulary is not published; the simulator sends `Done` and
 * `NotDone`. Any other status reads as not done; no task at all as "not tracked" (`null`).
 */
const DONE_STATUSES: ReadonlySet<string> = new Set([
  'done',
  'completed',
  'complete',
  'checked',
  'accepted',
  'выполнено',
]);

/** Whether the child did the homework, from the child's task; `null` when the work has no task for the child. */
export function homeworkDone(work: Pick<Work, 'tasks'>, personId: string): boolean | null {
  const task = (work.tasks ?? []).find(
    (candidate) => reference(candidate.person_str, candidate.person) !== null && !isOtherPerson(candidate, personId),
  );
  if (!task) return null;
  return DONE_STATUSES.has((task.status ?? '').trim().toLowerCase());
}

/** One placeholder per attached file id: the parent learns there is an attachment to open in the diary. */
export function fileAttachments(work: Pick<Work, 'files'>): Attachment[] {
  return (work.files ?? []).map(() => ({ title: UNTITLED_ATTACHMENT, url: null }));
}

/**
 * The day a homework is due: its `targetDate`, else the day of the lesson it belongs to, else the day
 * whose schedule listed it. `Work.lesson` is read as the lesson the homework is due at [a guess: the
 * API does not say], which is how the simulator sends it.
 */
function dueDateOf(entry: IndexedHomework, index: DiaryIndex): string | null {
  const lessonId = reference(entry.work.lesson_str, entry.work.lesson);
  const lesson = lessonId === null ? undefined : index.lessons.get(lessonId);
  return dateOf(entry.work.targetDate) ?? lesson?.date ?? entry.listedOn;
}

/** Builds a `Homework`, or `null` when no due date can be found for it. */
export function dnevnikHomework(entry: IndexedHomework, index: DiaryIndex): Homework | null {
  const dueOn = dueDateOf(entry, index);
  if (dueOn === null) return null;
  const { work } = entry;
  const lessonId = reference(work.lesson_str, work.lesson);
  const subjectId =
    reference(null, work.subjectId) ?? (lessonId === null ? null : (index.lessons.get(lessonId)?.subjectId ?? null));
  return {
    id: dnevnikId(preferTwin(work.id_str, work.id)),
    subject: subjectFromIndex(subjectId, index),
    text: work.text ?? '',
    dueOn,
    assignedOn: dateOf(work.sentDate),
    attachments: fileAttachments(work),
    isDone: homeworkDone(work, index.personId),
    provider: DNEVNIK,
  };
}

/** The homework due within the range, by due date (then id). */
export function normalizeHomework(index: DiaryIndex, range: DateRange): Homework[] {
  return index.homework
    .flatMap((entry) => {
      const homework = dnevnikHomework(entry, index);
      return homework && isWithin(homework.dueOn, range.from, range.to) ? [homework] : [];
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || compareIds(a.id, b.id));
}

/** The homework due at one lesson (see {@link dueDateOf} for how a homework names its lesson). */
export function homeworkOfLesson(lessonId: string, index: DiaryIndex): Homework[] {
  return (index.homeworkByLesson.get(lessonId) ?? []).flatMap((entry) => {
    const homework = dnevnikHomework(entry, index);
    return homework ? [homework] : [];
  });
}
