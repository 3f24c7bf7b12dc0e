/**
 * МЭШ homework → `Homework`, from the homeworks route and from the event calendar. One homework has one
 * id in both: `mesh:<homework_entry_id>` (the route also sends `homework_entry_student_id`, the
 * per-student copy, which is used only when `homework_entry_id` is missing).
 */
import { readDate } from '../../src/domain/dates.js';
import type { Attachment, Homework, Subject } from '../../src/domain/model.js';
import type { Event, HomeworkEntry } from './payloads.js';
import { MESH, meshId, meshSubject, requireDate, textOrNull } from './normalize-common.js';

type AttachmentPayload = NonNullable<HomeworkEntry['attachments']>[number];

/** What an attachment is called when МЭШ gives it neither a title nor a name. */
export const UNTITLED_ATTACHMENT = 'Вложение';

/** Attachments as `{title, url}`: the route sends `{title, link}`, other clients have seen `{name, url}`. */
export function normalizeAttachments(attachments: readonly AttachmentPayload[] | null | undefined): Attachment[] {
  return (attachments ?? []).map((attachment) => ({
    title: textOrNull(attachment.title) ?? textOrNull(attachment.name) ?? UNTITLED_ATTACHMENT,
    url: textOrNull(attachment.link) ?? textOrNull(attachment.url),
  }));
}

/** Normalises the homeworks route's payload, by due date. */
export function normalizeHomeworks(entries: readonly HomeworkEntry[]): Homework[] {
  const homework = entries.map((entry, index): Homework => ({
    id: meshId(entry.homework_entry_id ?? entry.homework_entry_student_id),
    subject: meshSubject(entry.subject_id, entry.subject_name),
    text: entry.description,
    dueOn: requireDate(entry.date, `homeworks: payload[${index}].date`),
    assignedOn: readDate(entry.date_assigned_on),
    attachments: normalizeAttachments(entry.attachments),
    isDone: entry.is_done ?? null,
    provider: MESH,
  }));
  return homework.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/**
 * The homework an event carries, due on that lesson. `isDone` is `null`: the calendar does not say
 * whether this child did it. When an event has descriptions but no entries (seen in real answers), each
 * description becomes homework with an id derived from the event, since the text is what a parent needs;
 * such ids cannot match the homeworks route, which the entries' ids do.
 */
export function homeworkFromEvent(event: Event, lessonDate: string, subject: Subject): Homework[] {
  const descriptions = event.homework?.descriptions ?? [];
  const entries = event.homework?.entries ?? [];
  if (entries.length > 0) {
    return entries.map((entry, index) => ({
      id: meshId(entry.homework_entry_id),
      subject,
      text: textOrNull(entry.description) ?? descriptions[index] ?? '',
      dueOn: readDate(entry.date_prepared_for) ?? lessonDate,
      assignedOn: readDate(entry.date_assigned_on),
      attachments: normalizeAttachments(entry.attachments),
      isDone: null,
      provider: MESH,
    }));
  }
  return descriptions
    .filter((text) => textOrNull(text) !== null)
    .map((text, index) => ({
      id: meshId(`${event.id}-homework-${index + 1}`),
      subject,
      text,
      dueOn: lessonDate,
      assignedOn: null,
      attachments: [],
      isDone: null,
      provider: MESH,
    }));
}
