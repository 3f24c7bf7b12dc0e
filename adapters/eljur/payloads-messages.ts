/**
 * The payloads of Eljur's mail and notices (`getmessages`, `getmessageinfo`, `getmessagereceivers`,
 * `getboardnotices`, `getboardnoticeinfo`, and the empty `result` of `sendmessage`/`sendreplymessage`), as
 * public clients read them (docs/providers/eljur.md, "Messages and notices", says which client showed what).
 * Decoded like every Eljur payload (`payloads.ts`): liberal in types, each list the answer's core, and an
 * item that fails its schema is left out alone (a message without an id or a readable date cannot be served).
 */
import { z } from 'zod';
import { localOrOffsetToIso } from '../../src/domain/dates.js';
import { coreList, recognized } from '../../src/upstream/tolerant-decode.js';
import { readEljurDate } from './normalize-common.js';
import { flag, idLike, keyed, numberLike, text } from './payload-fields.js';

/** A person of Eljur's mail: `name` is the user's id (as in `getrules`), the rest their name and a note. */
const personSchema = recognized(
  z.looseObject({
    name: idLike.nullish(),
    firstname: text,
    lastname: text,
    middlename: text,
    /** What the address book adds: a teacher's subjects, a post («Директор»). */
    info: text,
    /** A search string some hosts add (the name again). */
    search: text,
  }),
);

/** A message's date, `YYYY-MM-DD HH:MM:SS` school-local: checked here so an unreadable one costs its item only. */
const messageDate = z
  .string()
  .refine((value) => localOrOffsetToIso(value, 'UTC') !== null, { error: 'expected YYYY-MM-DD HH:MM:SS' });

/** A notice's date: `YYYY-MM-DD` (a time after it is read too). */
const noticeDate = z
  .string()
  .refine((value) => readEljurDate(value) !== null, { error: 'expected a date (YYYY-MM-DD)' });

const fileSchema = recognized(z.looseObject({ filename: text, link: text }));

/** A message of a mailbox list: inbox items name `user_from`, sent ones `users_to`. */
const messageItemSchema = z.looseObject({
  id: idLike,
  date: messageDate,
  subject: text,
  short_text: text,
  unread: flag,
  with_files: flag,
  with_resources: flag,
  user_from: personSchema.nullish(),
  users_to: keyed(personSchema).nullish(),
});

/** `getmessages?folder&unreadonly&limit&page` → `{messages, count, total}` (`total` a string on some hosts). */
export const messagesResultSchema = z.looseObject({
  messages: coreList(keyed(messageItemSchema).nullish()),
  count: numberLike,
  total: numberLike,
});

/** `getmessageinfo?id` → `{message}` with the whole `text`, every recipient (`user_to`) and `files`. */
export const messageInfoResultSchema = z.looseObject({
  message: z.looseObject({
    id: idLike,
    date: messageDate,
    subject: text,
    short_text: text,
    text: text,
    user_from: personSchema.nullish(),
    user_to: keyed(personSchema).nullish(),
    users_to: keyed(personSchema).nullish(),
    files: keyed(fileSchema).nullish(),
    resources: z.unknown().optional(),
  }),
});

/** A subgroup of the address book (a class of a group: `5-В`): its people. */
const receiverSubgroupSchema = recognized(
  z.looseObject({ key: idLike.nullish(), name: text, users: keyed(personSchema).nullish() }),
);

/**
 * A group of the address book: its people (`users`) or, in some groups, `subgroups` of them by class. One
 * level of subgroups is all any client reads; deeper ones would be opaque here and so are written out.
 */
const receiverGroupSchema = recognized(
  z.looseObject({
    key: idLike.nullish(),
    name: text,
    users: keyed(personSchema).nullish(),
    subgroups: keyed(receiverSubgroupSchema).nullish(),
  }),
);

/** `getmessagereceivers` → `{groups: [{key, name, users[], subgroups[]}]}`: whom the account may write to. */
export const receiversResultSchema = z.looseObject({ groups: coreList(keyed(receiverGroupSchema).nullish()) });

/** A notice of `getboardnotices`: `date` a day, `users_to` its audience as an HTML string. */
const noticeItemSchema = z.looseObject({
  id: idLike,
  date: noticeDate,
  date_actual_before: text,
  subject: text,
  short_text: text,
  unread: flag,
  with_files: flag,
  user_from: personSchema.nullish(),
  user_from_string: text,
  users_to: text,
});

/** `getboardnotices?limit&page` → `{notices, count, total, total_unread}`. */
export const noticesResultSchema = z.looseObject({
  notices: coreList(keyed(noticeItemSchema).nullish()),
  count: numberLike,
  total: numberLike,
  total_unread: numberLike,
});

/** `getboardnoticeinfo?id` → `{notice}` with its `text` and `files`. */
export const noticeInfoResultSchema = z.looseObject({
  notice: noticeItemSchema.safeExtend({ text: text, files: keyed(fileSchema).nullish() }),
});

/** `sendmessage`/`sendreplymessage` → an empty `result` (`{}`, or `[]` as PHP writes an empty map): no id. */
export const sendResultSchema = z.unknown();

export type MessagePersonPayload = z.input<typeof personSchema>;
export type MessageItemPayload = z.input<typeof messageItemSchema>;
export type MessagesPayload = z.input<typeof messagesResultSchema>;
export type MessageInfoPayload = z.input<typeof messageInfoResultSchema>;
export type ReceiverGroupPayload = z.input<typeof receiverGroupSchema>;
export type ReceiversPayload = z.input<typeof receiversResultSchema>;
export type NoticeItemPayload = z.input<typeof noticeItemSchema>;
export type NoticesPayload = z.input<typeof noticesResultSchema>;
export type NoticeInfoPayload = z.input<typeof noticeInfoResultSchema>;

export type MessagePerson = z.output<typeof personSchema>;
export type MessageItem = z.output<typeof messageItemSchema>;
export type MessagesAnswer = z.output<typeof messagesResultSchema>;
export type MessageInfo = z.output<typeof messageInfoResultSchema>['message'];
export type ReceiverGroup = z.output<typeof receiverGroupSchema>;
export type ReceiverSubgroup = z.output<typeof receiverSubgroupSchema>;
export type ReceiversAnswer = z.output<typeof receiversResultSchema>;
export type NoticeItem = z.output<typeof noticeItemSchema>;
export type NoticesAnswer = z.output<typeof noticesResultSchema>;
export type NoticeInfo = z.output<typeof noticeInfoResultSchema>['notice'];
