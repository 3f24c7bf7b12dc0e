/**
 * Messages, school notices, teacher remarks and diary signatures as adapters give them (issue 17): the part of
 * the adapter contract (`ProviderAdapter.messaging`) the gateway's `src/messages` room reads. Adapters produce
 * these in the diary's own ids; the room turns them into the schema's opaque ids and merges accounts.
 *
 * Every method throws only `GatewayError`s. A feature a diary lacks is `false` in {@link MessagingFeatures},
 * and its methods throw `NOT_SUPPORTED_BY_PROVIDER`: the room asks the features first and never calls them.
 */
import type { ProviderAccount, UpstreamScope } from './adapter.js';
import type { Attachment, DateRange, ProviderStudent } from './model.js';
import type { MessageFolder, MessagePersonRole, RemarkKind } from './schema-types.generated.js';

export type { MessageFolder, MessagePersonRole, RemarkKind } from './schema-types.generated.js';

/** A sender or recipient as the diary names them. */
export interface ProviderMessagePerson {
  /** The diary's own id of the person when it gives one (writing to them needs it); `null` when it names them only. */
  externalId: string | null;
  /** Full name as the diary writes it («Иванова Мария Петровна»); never empty (adapters fall back to «—»). */
  name: string;
  role: MessagePersonRole | null;
}

/** A message as a diary's list shows it. */
export interface ProviderMessageSummary {
  /** The diary's id of the message, unique within the account and folder. */
  externalId: string;
  folder: MessageFolder;
  /** The diary's own conversation id, when it has one; the room otherwise threads by people and subject. */
  threadExternalId: string | null;
  /** ISO 8601 instant with an offset (a naive diary time is read in the request's `timeZone`). */
  sentAt: string;
  /** Empty when none. */
  subject: string;
  /** Plain text (adapters reduce HTML: tags dropped, entities decoded, `<br>` as a newline). */
  preview: string;
  sender: ProviderMessagePerson;
  /** As far as the list names them; may be empty. */
  recipients: ProviderMessagePerson[];
  /** Sent messages are read. */
  isRead: boolean;
  hasAttachments: boolean;
}

/** An opened message: the summary with the whole text and attachments. */
export interface ProviderMessage extends ProviderMessageSummary {
  /** Plain text, as {@link ProviderMessageSummary.preview}. */
  text: string;
  attachments: Attachment[];
}

/** What to list of an account's mail: one page as the diary pages it. */
export interface MessageListRequest {
  folder: MessageFolder;
  unreadOnly: boolean;
  /** 1-based page of the diary's own paging. */
  page: number;
  /** Messages per page, 1–100 (adapters pass it on when the diary takes a size, else page as the diary does). */
  pageSize: number;
  /** IANA zone to read the diary's naive times in: the account's children's school zone. */
  timeZone: string;
}

/** One page of a mailbox, newest first. */
export interface ProviderMessagePage {
  messages: ProviderMessageSummary[];
  /** Whether the diary has messages after this page. */
  hasMore: boolean;
}

/** A group of a diary's address book. */
export interface ProviderRecipientGroup {
  /** The group's name as the diary gives it («Учителя», «Администрация»). */
  name: string;
  recipients: ProviderRecipient[];
}

/** A person one may write to. */
export interface ProviderRecipient {
  externalId: string;
  name: string;
  role: MessagePersonRole | null;
  /** What the diary adds (a teacher's subjects), or `null`. */
  description: string | null;
}

/** A file to send: already bounded and decoded by the gateway. */
export interface OutgoingAttachment {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A new message to send. */
export interface MessageDraft {
  /** {@link ProviderRecipient.externalId}s from the same account's address book. */
  recipientIds: string[];
  subject: string;
  text: string;
  attachments: OutgoingAttachment[];
}

/** A reply to an inbox message. */
export interface ReplyDraft {
  /** The inbox message answered. */
  messageExternalId: string;
  text: string;
  attachments: OutgoingAttachment[];
}

/** What the diary said when it took a message. */
export interface SentMessage {
  /** The diary's id of the sent message, when its answer gives one (Eljur's does not). */
  externalId: string | null;
  /** Whom it went to, as the gateway knew them; the room fills names from the address book. */
  recipients: ProviderMessagePerson[];
  /** ISO 8601 instant (the diary's, or the gateway's clock when the diary says none). */
  sentAt: string;
}

/** A school or class notice. */
export interface ProviderNotice {
  /** The diary's id, unique within the account. */
  externalId: string;
  title: string;
  preview: string;
  author: string | null;
  audience: string | null;
  /** ISO 8601 instant with an offset (a date alone: the school's midnight). */
  publishedAt: string;
  /** YYYY-MM-DD, or `null`. */
  validUntil: string | null;
  /** `null` when the diary keeps no read state for notices. */
  isRead: boolean | null;
  isImportant: boolean;
  /**
   * The account's children it concerns, by {@link ProviderStudent.externalId}; `null` when the diary lists
   * notices per account without saying (the room then shows it for every child of the account).
   */
  studentExternalIds: string[] | null;
}

/** An opened notice. */
export interface ProviderNoticeDetails extends ProviderNotice {
  text: string;
  attachments: Attachment[];
}

/** What to list of an account's notices. */
export interface NoticeListRequest {
  /** The account's children (diaries that list notices per child ask for each; others ignore them). */
  students: ProviderStudent[];
  unreadOnly: boolean;
  page: number;
  pageSize: number;
  timeZone: string;
}

/** One page of notices, newest first. */
export interface ProviderNoticePage {
  notices: ProviderNotice[];
  hasMore: boolean;
}

/** A remark a teacher wrote in a child's diary. */
export interface ProviderRemark {
  /** Stable within the child. */
  externalId: string;
  /** YYYY-MM-DD, school-local. */
  date: string;
  kind: RemarkKind;
  text: string;
  subjectName: string | null;
  teacherName: string | null;
}

/** Whether a week of a child's diary is signed. */
export interface ProviderWeekSignature {
  /** The week's Monday, YYYY-MM-DD. */
  weekStart: string;
  signed: boolean;
  /** ISO 8601 instant, or `null`. */
  signedAt: string | null;
}

/** What a diary lets the gateway do; each `false` one's methods throw `NOT_SUPPORTED_BY_PROVIDER`. */
export interface MessagingFeatures {
  readMessages: boolean;
  sendMessages: boolean;
  sendAttachments: boolean;
  /** Longest text the diary takes, in characters (the gateway refuses longer before sending). */
  maxTextLength: number;
  readNotices: boolean;
  remarks: boolean;
  /** `read-only`: the diary shows signatures but no route to sign was found. */
  signatures: 'read-write' | 'read-only' | 'none';
}

/** The messaging part of a diary adapter. */
export interface ProviderMessaging {
  readonly features: MessagingFeatures;
  listMessages(
    account: ProviderAccount,
    request: MessageListRequest,
    scope: UpstreamScope,
  ): Promise<ProviderMessagePage>;
  /**
   * Reads one message whole. Diaries that mark a message read on opening (Eljur) do so here; pass
   * `markRead: false` when that must not happen (a trusted person reading): the adapter then serves only
   * what it can without the opening call, throwing `NOT_SUPPORTED_BY_PROVIDER` when that is nothing.
   */
  openMessage(
    account: ProviderAccount,
    message: { externalId: string; folder: MessageFolder; timeZone: string; markRead: boolean },
    scope: UpstreamScope,
  ): Promise<ProviderMessage>;
  /** The address book for writing about this child (groups for the child's class where the diary groups so). */
  listRecipients(
    account: ProviderAccount,
    student: ProviderStudent,
    scope: UpstreamScope,
  ): Promise<ProviderRecipientGroup[]>;
  /** Sends a new message. Refusals: `PROVIDER_REFUSED` with its reason (see `ProviderRefusedError`). */
  sendMessage(account: ProviderAccount, draft: MessageDraft, scope: UpstreamScope): Promise<SentMessage>;
  /** Answers an inbox message to its sender. */
  replyToMessage(account: ProviderAccount, draft: ReplyDraft, scope: UpstreamScope): Promise<SentMessage>;
  listNotices(account: ProviderAccount, request: NoticeListRequest, scope: UpstreamScope): Promise<ProviderNoticePage>;
  /** Reads one notice whole (marks it read where the diary does so on opening, unless `markRead` is false). */
  openNotice(
    account: ProviderAccount,
    notice: { externalId: string; timeZone: string; markRead: boolean },
    scope: UpstreamScope,
  ): Promise<ProviderNoticeDetails>;
  fetchRemarks(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<ProviderRemark[]>;
  /** Signatures of the weeks overlapping `range` (weeks the diary keeps none for are left out). */
  fetchWeekSignatures(
    account: ProviderAccount,
    student: ProviderStudent,
    range: DateRange,
    scope: UpstreamScope,
  ): Promise<ProviderWeekSignature[]>;
  /** Signs the week starting on `weekStart` (a Monday); signing a signed week does nothing. */
  signWeek(account: ProviderAccount, student: ProviderStudent, weekStart: string, scope: UpstreamScope): Promise<void>;
}
