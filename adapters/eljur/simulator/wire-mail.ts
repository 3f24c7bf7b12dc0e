/**
 * What the Eljur simulator writes for mail and notices, typed on its own side from the public clients'
 * descriptions (docs/providers/eljur.md, "Messages and notices") — not from the adapter's schemas.
 * People are named by `name` (their id, a string), `firstname`, `lastname`, `middlename`; the address book
 * adds `info`. Dates of messages are `YYYY-MM-DD HH:MM:SS`, of notices `YYYY-MM-DD`, school-local.
 */

/** The mail's methods (`mail-routes.ts`), by their Eljur names. */
export const MAIL_METHOD_NAMES = Object.freeze([
  'getmessages',
  'getmessageinfo',
  'getmessagereceivers',
  'sendmessage',
  'sendreplymessage',
  'getboardnotices',
  'getboardnoticeinfo',
] as const);

/** A mail method's name. */
export type MailMethod = (typeof MAIL_METHOD_NAMES)[number];

/** A person as mail and notices name them. */
export interface MailPersonWire {
  name: string;
  firstname: string;
  lastname: string;
  middlename: string;
}

/** A person of the address book: what the book adds about them (a teacher's subjects, a post). */
export interface ReceiverWire extends MailPersonWire {
  info: string;
}

/** A file of a message or notice. */
export interface MailFileWire {
  filename: string;
  link: string;
}

/** A message as `getmessages` lists it: inbox items name `user_from`, sent ones `users_to`. */
export interface MessageItemWire {
  id: string;
  subject: string;
  short_text: string;
  date: string;
  unread: boolean;
  with_files: boolean;
  with_resources: boolean;
  user_from?: MailPersonWire;
  users_to?: MailPersonWire[];
}

/** `getmessages` → a page, its size and the folder's (`total` a string, as some hosts write it). */
export interface MessagesWire {
  messages: MessageItemWire[];
  count: number;
  total: string;
}

/** `getmessageinfo` → the message whole. */
export interface MessageInfoWire {
  message: {
    id: string;
    subject: string;
    short_text: string;
    text: string;
    date: string;
    user_from: MailPersonWire;
    user_to: MailPersonWire[];
    files: MailFileWire[];
  };
}

/** A subgroup of the address book (a class). */
export interface ReceiverSubgroupWire {
  key: string;
  name: string;
  users: ReceiverWire[];
}

/** A group of the address book: its people, or subgroups of them. */
export interface ReceiverGroupWire {
  key: string;
  name: string;
  users: ReceiverWire[];
  subgroups?: ReceiverSubgroupWire[];
}

/** `getmessagereceivers` → the groups. */
export interface ReceiversWire {
  groups: ReceiverGroupWire[];
}

/** A notice as `getboardnotices` lists it. */
export interface NoticeItemWire {
  id: string;
  date: string;
  date_actual_before: string;
  subject: string;
  short_text: string;
  unread: boolean;
  with_files: boolean;
  with_resources: boolean;
  user_from: MailPersonWire;
  user_from_string: string;
  users_to: string;
}

/** `getboardnotices` → a page, its size, every notice's count and the unread ones'. */
export interface NoticesWire {
  notices: NoticeItemWire[];
  count: number;
  total: number;
  total_unread: number;
}

/** `getboardnoticeinfo` → the notice whole. */
export interface NoticeInfoWire {
  notice: NoticeItemWire & { text: string; files: MailFileWire[] };
}

/** The storage's answer to an upload: the file's id (for `fid[]`), name and link. */
export interface UploadWire {
  id: string;
  name: string;
  url: string;
}
