/**
 * The JSON body of a webhook delivery (docs/webhooks.md, "The body"): one change, with the same fields and
 * names as the schema's `Change` types (`schema/changes.graphql`), rendered from the same normalised model
 * the feed serves. Fields are picked one by one, so nothing the model carries for the gateway's own use
 * reaches a receiver, and a new model field appears in deliveries only when it is added here (and to the
 * documented format).
 *
 * Versioned: `"version": 1`. A field may be added within a version; a field removed or changed in meaning
 * makes version 2.
 */
import { encodeMailId } from '../domain/mail-ids.js';
import type { ListedChange } from '../domain/changes.js';
import type { AttendanceRecord, Grade, GradeValue, Homework, Lesson, Subject } from '../domain/model.js';

/** The format's version, in every body and in the `Webhook-Version` header… */
export const WEBHOOK_BODY_VERSION = 1;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const subject = (value: Subject): Json => ({ id: value.id, name: value.name });

const gradeValue = (value: GradeValue): Json => ({
  raw: value.raw,
  numeric: value.numeric,
  fivePoint: value.fivePoint,
  scale: value.scale,
});

const grade = (value: Grade): Json => ({
  id: value.id,
  date: value.date,
  subject: subject(value.subject),
  value: gradeValue(value.value),
  weight: value.weight,
  workType: value.workType,
  comment: value.comment,
  isPoint: value.isPoint,
  pointDeadline: value.pointDeadline,
  isExam: value.isExam,
  countsTowardAverage: value.countsTowardAverage,
  createdAt: value.createdAt,
  teacher: value.teacher ? { fullName: value.teacher.fullName } : null,
});

const homework = (value: Homework): Json => ({
  id: value.id,
  subject: subject(value.subject),
  text: value.text,
  assignedOn: value.assignedOn,
  dueOn: value.dueOn,
  attachments: value.attachments.map((attachment) => ({ title: attachment.title, url: attachment.url })),
});

const lesson = (value: Lesson): Json => ({
  id: value.id,
  date: value.date,
  number: value.number,
  startsAt: value.startsAt,
  endsAt: value.endsAt,
  subject: subject(value.subject),
  teacher: value.teacher ? { fullName: value.teacher.fullName } : null,
  room: value.room,
  topic: value.topic,
  isCancelled: value.isCancelled,
  isReplaced: value.isReplaced,
});

const absence = (value: AttendanceRecord): Json => ({
  date: value.date,
  kind: value.kind,
  reason: value.reason,
  lesson: value.lesson ? lesson(value.lesson) : null,
});

/** What a change of each type adds to the common fields. */
function details(change: ListedChange): Record<string, Json> {
  switch (change.type) {
    case 'grade':
      return { grade: grade(change.grade), previous: change.previous ? grade(change.previous) : null };
    case 'homework':
      return { homework: homework(change.homework), previous: change.previous ? homework(change.previous) : null };
    case 'lesson':
      return { lesson: lesson(change.lesson), previous: change.previous ? lesson(change.previous) : null };
    case 'absence':
      return { absence: absence(change.absence) };
    case 'finalGrade':
      return {
        subject: subject(change.subject),
        periodTitle: change.periodTitle,
        finalGrade: gradeValue(change.finalGrade),
        previous: change.previous ? gradeValue(change.previous) : null,
      };
    // Mail is sent without its text (the gateway keeps none); the receiver reads it through `Viewer.message`.
    case 'message':
      return {
        messageId: encodeMailId('message', [change.accountId, 'INBOX', change.messageExternalId]),
        sender: { name: change.sender.name, role: change.sender.role },
        sentAt: change.sentAt,
      };
    case 'notice':
      return {
        noticeId: encodeMailId('notice', [change.accountId, change.noticeExternalId]),
        author: change.author,
        publishedAt: change.publishedAt,
        isImportant: change.isImportant,
      };
  }
}

/** The body of the delivery of one change, as the JSON text that is sent and signed. */
export function renderWebhookBody(change: ListedChange): string {
  const body: Json = {
    version: WEBHOOK_BODY_VERSION,
    change: {
      id: change.id,
      kind: change.kind,
      studentId: change.studentId,
      provider: change.provider,
      detectedAt: change.detectedAt,
      ...details(change),
    },
  };
  return JSON.stringify(body);
}
