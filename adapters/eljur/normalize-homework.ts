/**
 * Eljur homework → `Homework`, from `gethomework` (keyed by subject **name**) and from the lessons of
 * `getdiary`. A day's key is the lesson the homework is for, so it is the due date; Eljur does not say
 * when it was set (`assignedOn: null`) or whether it was done (`isDone: null`).
 *
 * Homework ids are "relative to the day" (providers.md §2.5), so the id is the day plus Eljur's id:
 * `eljur:homework:2026-11-24:9001`, the same from either method.
 */
import type { Attachment, Homework, Subject } from '../../src/domain/model.js';
import type { HomeworkAnswer, HomeworkEntry, HomeworkFile } from './payloads.js';
import {
  dayKeyToIso,
  ELJUR,
  eljurId,
  eljurSubject,
  entriesOf,
  studentPart,
  textOrNull,
  valuesOf,
} from './normalize-common.js';
import { compareRussian } from '../../src/domain/collation.js';

/** What an attachment is called when Eljur gives it no file name. */
export const UNTITLED_ATTACHMENT = 'Вложение';

/** An Eljur file (`{filename, link}`, of homework, mail and notices) as an attachment. */
export function attachmentOf(file: Pick<HomeworkFile, 'filename' | 'link'>): Attachment {
  return { title: textOrNull(file.filename) ?? UNTITLED_ATTACHMENT, url: textOrNull(file.link) };
}

/**
 * The homework of one subject on one day. A file belongs to the homework its `toid` names; a file whose
 * `toid` names none of them (or is missing) goes with the first, so no attachment is lost.
 */
export function homeworkFrom(
  entries: readonly HomeworkEntry[],
  files: readonly HomeworkFile[],
  dueOn: string,
  subject: Subject,
): Homework[] {
  const texts = entries.filter((entry) => textOrNull(entry.value) !== null);
  const ids = texts.map((entry, index) => textOrNull(entry.id) ?? String(index + 1));
  const orphanFiles = files.filter((file) => !ids.includes(String(file.toid ?? '')));
  return texts.map((entry, index) => ({
    id: eljurId('homework', dueOn, ids[index]!),
    subject,
    text: entry.value,
    dueOn,
    assignedOn: null,
    attachments: [
      ...files.filter((file) => String(file.toid ?? '') === ids[index]),
      ...(index === 0 ? orphanFiles : []),
    ].map(attachmentOf),
    isDone: null,
    provider: ELJUR,
  }));
}

/**
 * Normalises a `gethomework` answer, by due date. Subjects come by name only; `subjectsByName` (from the
 * marks, which carry `lesson_id`) gives them the same ids as everywhere else, and a name it lacks keeps a
 * `name:` id.
 */
export function normalizeHomework(
  answer: HomeworkAnswer,
  studentId: string,
  subjectsByName: ReadonlyMap<string, Subject>,
): Homework[] {
  const homework = entriesOf(studentPart(answer.students, studentId)?.days).flatMap(({ key, value: day }) => {
    const dueOn = dayKeyToIso(key) ?? dayKeyToIso(day.name);
    if (dueOn === null) return [];
    return entriesOf(day.items).flatMap(({ key: subjectName, value: item }) => {
      const name = textOrNull(item.name) ?? subjectName;
      if (name === null) return [];
      const subject = subjectsByName.get(name) ?? eljurSubject(null, name);
      return homeworkFrom(valuesOf(item.homework), valuesOf(item.files), dueOn, subject);
    });
  });
  return homework.sort(
    (a, b) =>
      a.dueOn.localeCompare(b.dueOn) || compareRussian(a.subject.name, b.subject.name) || a.id.localeCompare(b.id),
  );
}
