/**
 * Changes in a child's diary data, as the change detector finds them (`src/changes`) and the feed,
 * subscriptions and deliveries hand them on. The public shape is `schema/changes.graphql`; these are the
 * models behind it.
 *
 * A change belongs to one diary child (`childId`: the gateway id that child has on its own,
 * `deriveStudentId`), not to a viewer's student: a child merged across diaries has several child ids, and
 * which student id a viewer sees depends on the viewer's family. The feed maps `childId` to the viewer's
 * `Student.id` when it lists a change ({@link ListedChange}).
 */
import type { AttendanceRecord, Grade, GradeValue, Homework, Lesson, ProviderKind, Subject } from './model.js';
import { createHash } from 'node:crypto';
import type { ChangeKind, MessagePersonRole } from './schema-types.generated.js';

export type { ChangeKind } from './schema-types.generated.js';

/** What every change carries. */
interface ChangeBase {
  /**
   * Stable id (`chg_` + 22 base64url characters), derived from what changed and how, so the same change
   * detected twice (two parents' accounts show the same child, a replica retried a poll) has one id.
   */
  id: string;
  kind: ChangeKind;
  /** The diary child it concerns (`deriveStudentId` of that child alone). */
  childId: string;
  provider: ProviderKind;
  /** When it was detected: ISO 8601 with the school's offset at that instant. */
  detectedAt: string;
}

/** A mark added, changed or removed. */
export interface GradeChangeModel extends ChangeBase {
  type: 'grade';
  kind: 'GRADE_ADDED' | 'GRADE_CHANGED' | 'GRADE_REMOVED';
  /** Now; for a removal, as last seen. */
  grade: Grade;
  /** Before, for `GRADE_CHANGED`. */
  previous: Grade | null;
}

/** Homework added, changed or removed. */
export interface HomeworkChangeModel extends ChangeBase {
  type: 'homework';
  kind: 'HOMEWORK_ADDED' | 'HOMEWORK_CHANGED' | 'HOMEWORK_REMOVED';
  homework: Homework;
  previous: Homework | null;
}

/** A lesson cancelled, replaced, moved or taken out of the timetable. */
export interface LessonChangeModel extends ChangeBase {
  type: 'lesson';
  kind: 'LESSON_CANCELLED' | 'LESSON_REPLACED' | 'LESSON_MOVED' | 'LESSON_REMOVED';
  lesson: Lesson;
  previous: Lesson | null;
}

/** An absence recorded or taken back. */
export interface AbsenceChangeModel extends ChangeBase {
  type: 'absence';
  kind: 'ABSENCE_RECORDED' | 'ABSENCE_REMOVED';
  absence: AttendanceRecord;
}

/** A final (period) mark set or changed. */
export interface FinalGradeChangeModel extends ChangeBase {
  type: 'finalGrade';
  kind: 'FINAL_GRADE_SET';
  subject: Subject;
  periodTitle: string;
  finalGrade: GradeValue;
  previous: GradeValue | null;
}

/**
 * A message that arrived in a diary account's inbox. Kept without its text (the gateway keeps mail text only
 * as the upstream cache keeps diary answers): the feed reads subject and text from the mailbox when asked.
 * `childId` is the account's mail log ({@link mailLogId}), not a child.
 */
export interface MessageChangeModel extends ChangeBase {
  type: 'message';
  kind: 'MESSAGE_RECEIVED';
  accountId: string;
  /** The diary's id of the message in the account's inbox. */
  messageExternalId: string;
  /** ISO 8601 instant. */
  sentAt: string;
  sender: { name: string; role: MessagePersonRole | null };
}

/** A notice posted to a diary account's school or class (without its text, as {@link MessageChangeModel}). */
export interface NoticeChangeModel extends ChangeBase {
  type: 'notice';
  kind: 'NOTICE_POSTED';
  accountId: string;
  noticeExternalId: string;
  /** ISO 8601 instant. */
  publishedAt: string;
  author: string | null;
  isImportant: boolean;
}

/** A change as detected: not yet in any feed. */
export type DetectedChange =
  | GradeChangeModel
  | HomeworkChangeModel
  | LessonChangeModel
  | AbsenceChangeModel
  | FinalGradeChangeModel
  | MessageChangeModel
  | NoticeChangeModel;

/**
 * The log an account's mail changes are kept in, beside its children's logs: mail is about the whole account,
 * not one child. `mlg_` and 12 base64url characters of the account id's SHA-256 (a change-feed cursor names a
 * log by its first 16 characters), so a log id tells nothing of the account.
 */
export function mailLogId(accountId: string): string {
  return `mlg_${createHash('sha256').update(accountId).digest('base64url').slice(0, 12)}`;
}

/** Whether a log id is an account's mail log rather than a child's. */
export function isMailLog(logId: string): boolean {
  return logId.startsWith('mlg_');
}

/**
 * A change as a child's change log keeps it: with its position in that log, an opaque string that sorts
 * as the log does (`<milliseconds>-<sequence>`, as Redis stream ids are).
 */
export type LoggedChange = DetectedChange & { position: string };

/** A change as one viewer's feed lists it (the model behind GraphQL `Change`). */
export type ListedChange = LoggedChange & {
  /** The viewer's `Student.id` for `childId`. */
  studentId: string;
  /** The viewer's feed position just after this change. */
  cursor: string;
};

/** One page of a viewer's feed (the model behind GraphQL `ChangeFeed`). */
export interface ChangeFeedPage {
  changes: ListedChange[];
  cursor: string;
  hasMore: boolean;
  isComplete: boolean;
}
