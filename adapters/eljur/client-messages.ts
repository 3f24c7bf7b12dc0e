/**
 * The Eljur HTTP client's mail and notice methods (see `client.ts` for how every call is built and read).
 * Reads are GETs; sends are POSTs with a form body (`formCall`), and their refusals leave as
 * `PROVIDER_REFUSED` (`refusals.ts`), as do a message's or notice's "not found" when it is opened.
 */
import type { z } from 'zod';
import type { Decoded } from '../../src/upstream/tolerant-decode.js';
import { dataCall, formCall, type EljurClientContext, type Query } from './client.js';
import { TRUE_PARAMETER } from './endpoints.js';
import {
  messageInfoResultSchema,
  messagesResultSchema,
  noticeInfoResultSchema,
  noticesResultSchema,
  receiversResultSchema,
  sendResultSchema,
} from './payloads-messages.js';
import { refusing } from './refusals.js';

/** Which mailbox page to read: Eljur's own folder names and 1-based paging. */
export interface MailboxPage {
  folder: 'inbox' | 'sent';
  unreadOnly: boolean;
  page: number;
  limit: number;
}

/** `getmessages?folder&page&limit[&unreadonly=true]`: one page of a mailbox, newest first. */
export function fetchMessages(
  context: EljurClientContext,
  request: MailboxPage,
): Promise<Decoded<z.output<typeof messagesResultSchema>>> {
  // `unreadonly` is sent only when it filters, as the clients that page through mail do.
  const query: Query = {
    folder: request.folder,
    page: String(request.page),
    limit: String(request.limit),
    ...(request.unreadOnly ? { unreadonly: TRUE_PARAMETER } : {}),
  };
  return dataCall(context, 'getmessages', query, messagesResultSchema);
}

/** `getmessageinfo?id`: one message whole. Eljur marks an unread inbox message read by answering this. */
export function fetchMessageInfo(
  context: EljurClientContext,
  id: string,
): Promise<Decoded<z.output<typeof messageInfoResultSchema>>> {
  return refusing('getmessageinfo', () => dataCall(context, 'getmessageinfo', { id }, messageInfoResultSchema));
}

/** `getmessagereceivers`: the address book of the account (every child's teachers alike; no `student`). */
export function fetchMessageReceivers(
  context: EljurClientContext,
): Promise<Decoded<z.output<typeof receiversResultSchema>>> {
  return dataCall(context, 'getmessagereceivers', {}, receiversResultSchema);
}

/** `sendmessage` (POST): `users_to` comma-separated ids, `subject`, `text`. Eljur's answer names no message. */
export async function postMessage(
  context: EljurClientContext,
  message: { recipientIds: readonly string[]; subject: string; text: string },
): Promise<void> {
  const form = [
    ['users_to', message.recipientIds.join(',')],
    ['subject', message.subject],
    ['text', message.text],
  ] as const;
  await refusing('sendmessage', () => formCall(context, 'sendmessage', form, sendResultSchema));
}

/**
 * `sendreplymessage` (POST): `replyto` the message answered, `text`. Eljur takes the subject and recipient
 * from the message answered. (BetterJournal's OpenAPI text spells it `reply_to`; its code, and the older
 * clients, send `replyto`, which is what is sent here.)
 */
export async function postReply(
  context: EljurClientContext,
  reply: { messageId: string; text: string },
): Promise<void> {
  const form = [
    ['replyto', reply.messageId],
    ['text', reply.text],
  ] as const;
  await refusing('sendreplymessage', () => formCall(context, 'sendreplymessage', form, sendResultSchema));
}

/** `getboardnotices?page&limit`: one page of the school's notices, newest first. */
export function fetchNotices(
  context: EljurClientContext,
  request: { page: number; limit: number },
): Promise<Decoded<z.output<typeof noticesResultSchema>>> {
  const query = { page: String(request.page), limit: String(request.limit) };
  return dataCall(context, 'getboardnotices', query, noticesResultSchema);
}

/** `getboardnoticeinfo?id`: one notice whole. */
export function fetchNoticeInfo(
  context: EljurClientContext,
  id: string,
): Promise<Decoded<z.output<typeof noticeInfoResultSchema>>> {
  return refusing('getboardnoticeinfo', () => dataCall(context, 'getboardnoticeinfo', { id }, noticeInfoResultSchema));
}
