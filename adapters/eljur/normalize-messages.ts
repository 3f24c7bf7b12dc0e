/**
 * Eljur's mail → the messaging port's messages: a `getmessages` page and a `getmessageinfo` message. Eljur
 * writes times naive and school-local (`YYYY-MM-DD HH:MM:SS`, read in the request's zone), texts as HTML
 * (reduced to plain text, `html-text.ts`), and names people without roles (given from the address book,
 * `normalize-recipients.ts`). An inbox item names its sender (`user_from`), a sent one its recipients
 * (`users_to`) — its sender is the account's holder. Eljur has no conversation ids: `threadExternalId` is
 * `null` and the gateway threads by people and subject.
 */
import type {
  MessageFolder,
  MessagePersonRole,
  ProviderMessage,
  ProviderMessagePage,
  ProviderMessagePerson,
  ProviderMessageSummary,
  ProviderRecipient,
} from '../../src/domain/messaging.js';
import { htmlToText } from '../../src/upstream/html-text.js';
import { isTruthyFlag, readEljurDateTime, readNumber, textOrNull, valuesOf } from './normalize-common.js';
import { attachmentOf } from './normalize-homework.js';
import { NO_NAME, personId, personName } from './normalize-recipients.js';
import type { MessageInfo, MessageItem, MessagePerson, MessagesAnswer } from './payloads-messages.js';

/** What a message is read with beyond its payload. */
export interface MessageReading {
  folder: MessageFolder;
  /** The zone Eljur's naive times are read in. */
  timeZone: string;
  /** The address book by person id: the roles of the people named. */
  book: ReadonlyMap<string, ProviderRecipient>;
  /** The account's holder: the sender of everything in `SENT`. */
  holder: ProviderMessagePerson;
}

/** A person of the mail, with the role the address book gives them (`null` when it does not name them). */
export function messagePerson(
  person: MessagePerson | null | undefined,
  book: ReadonlyMap<string, ProviderRecipient>,
): ProviderMessagePerson {
  const externalId = personId(person);
  const role: MessagePersonRole | null = externalId === null ? null : (book.get(externalId)?.role ?? null);
  return { externalId, name: personName(person), role };
}

/**
 * Who sent a message: in `SENT` the account's holder (named as `getrules` names them, else as the message
 * does), always a parent; in `INBOX` the message's `user_from`.
 */
function senderOf(userFrom: MessagePerson | null | undefined, reading: MessageReading): ProviderMessagePerson {
  if (reading.folder === 'INBOX') return messagePerson(userFrom, reading.book);
  if (reading.holder.name !== NO_NAME || !userFrom) return reading.holder;
  return { ...messagePerson(userFrom, reading.book), role: reading.holder.role };
}

/** Plain text of an Eljur HTML field; `''` when absent. */
function plain(value: string | null | undefined): string {
  const text = textOrNull(value);
  return text === null ? '' : htmlToText(text);
}

function summaryOf(item: MessageItem, reading: MessageReading): ProviderMessageSummary | null {
  const sentAt = readEljurDateTime(item.date, reading.timeZone);
  if (sentAt === null) return null;
  const sent = reading.folder === 'SENT';
  return {
    externalId: String(item.id),
    folder: reading.folder,
    threadExternalId: null,
    sentAt,
    subject: plain(item.subject),
    preview: plain(item.short_text),
    sender: senderOf(item.user_from, reading),
    recipients: sent ? valuesOf(item.users_to).map((person) => messagePerson(person, reading.book)) : [],
    // Sent messages are read; Eljur's `unread` on a sent item is the recipient's, not the holder's.
    isRead: sent || !isTruthyFlag(item.unread),
    hasAttachments: isTruthyFlag(item.with_files),
  };
}

/**
 * One page of a mailbox, newest first as Eljur lists it. `hasMore` from Eljur's `total` (the folder's size,
 * a string on some hosts); without it, a full page is taken to have more after it.
 */
export function normalizeMessagePage(
  answer: MessagesAnswer,
  page: { page: number; pageSize: number },
  reading: MessageReading,
): ProviderMessagePage {
  const items = valuesOf(answer.messages);
  const messages = items.flatMap((item) => summaryOf(item, reading) ?? []);
  const total = readNumber(answer.total);
  const hasMore = total === null ? items.length >= page.pageSize : page.page * page.pageSize < total;
  return { messages, hasMore };
}

/**
 * An opened message. It is read now (Eljur marked it so on opening, or it already was); its recipients are
 * `user_to` (`users_to` on some hosts), its attachments `files` with their links.
 */
export function normalizeMessage(info: MessageInfo, reading: MessageReading): ProviderMessage | null {
  const sentAt = readEljurDateTime(info.date, reading.timeZone);
  if (sentAt === null) return null;
  const attachments = valuesOf(info.files).map(attachmentOf);
  const text = plain(info.text);
  return {
    externalId: String(info.id),
    folder: reading.folder,
    threadExternalId: null,
    sentAt,
    subject: plain(info.subject),
    preview: plain(info.short_text) || text.slice(0, 200),
    sender: senderOf(info.user_from, reading),
    recipients: valuesOf(info.user_to ?? info.users_to).map((person) => messagePerson(person, reading.book)),
    isRead: true,
    hasAttachments: attachments.length > 0,
    text,
    attachments,
  };
}
