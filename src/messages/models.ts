/**
 * The models behind the schema's mail types (codegen maps `Message`, `Notice`, `MessageSource`… to these):
 * the schema's fields, with students as the viewer's `StudentRecord`s for the `Student` resolvers.
 */
import type { Attachment, ProviderKind, StudentRecord } from '../domain/model.js';
import type {
  MessageFolder,
  MessagePerson,
  MessageSourceStatus,
  PageInfo,
  DiaryWeekSignature,
  TeacherRemark,
} from '../domain/schema-types.generated.js';
import type { MailSource } from './mail-sources.js';

/** GraphQL `Message`. */
export interface MessageModel {
  id: string;
  provider: ProviderKind;
  folder: MessageFolder;
  threadId: string;
  subject: string;
  preview: string;
  text: string | null;
  sender: MessagePerson;
  recipients: MessagePerson[];
  sentAt: string;
  isRead: boolean;
  hasAttachments: boolean;
  attachments: Attachment[];
  students: StudentRecord[];
  canReply: boolean;
}

/** GraphQL `Notice`. */
export interface NoticeModel {
  id: string;
  provider: ProviderKind;
  title: string;
  preview: string;
  text: string | null;
  author: string | null;
  audience: string | null;
  publishedAt: string;
  validUntil: string | null;
  isRead: boolean | null;
  isImportant: boolean;
  attachments: Attachment[];
  students: StudentRecord[];
}

/** GraphQL `MessageSource`. */
export interface SourceModel {
  provider: ProviderKind;
  students: StudentRecord[];
  status: MessageSourceStatus;
}

/** An edge of a mail list. */
export interface EdgeModel<T> {
  cursor: string;
  node: T;
}

/** GraphQL `MessageConnection` and `NoticeConnection`. */
export interface ConnectionModel<T> {
  edges: EdgeModel<T>[];
  pageInfo: PageInfo;
  sources: SourceModel[];
}

/** GraphQL `MessageThread`. */
export interface ThreadModel {
  id: string;
  provider: ProviderKind;
  subject: string;
  messages: MessageModel[];
}

/** GraphQL `TeacherRemark` (plain) and `DiaryWeekSignature` (plain), re-exported for the resolvers. */
export type { DiaryWeekSignature, TeacherRemark };

/** A source's model with a status. */
export function sourceModel(source: MailSource, status: MessageSourceStatus): SourceModel {
  return { provider: source.provider, students: source.students, status };
}

/** GraphQL `MessageEdge`. */
export type MessageEdgeModel = EdgeModel<MessageModel>;
/** GraphQL `NoticeEdge`. */
export type NoticeEdgeModel = EdgeModel<NoticeModel>;
/** GraphQL `MessageConnection`. */
export type MessageConnectionModel = ConnectionModel<MessageModel>;
/** GraphQL `NoticeConnection`. */
export type NoticeConnectionModel = ConnectionModel<NoticeModel>;
