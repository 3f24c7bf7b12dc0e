/**
 * Mail and notices as Eljur writes them: people by id and name parts, inbox items with `user_from` and sent
 * ones with `users_to`, `short_text` the start of the text without its markup, files as `{filename, link}`
 * (links to the simulator's storage), `total` of a mailbox as a string, the address book's groups with
 * class subgroups, the board with `total_unread`.
 */
import type { AddressGroup, MailPerson } from './mail-people.js';
import { shortNameOf } from './mail-people.js';
import type { BoardNotice, MailboxEntry, MailMessage, StoredFile } from './mail-state.js';
import type {
  MailFileWire,
  MailPersonWire,
  MessageInfoWire,
  MessageItemWire,
  NoticeInfoWire,
  NoticeItemWire,
  ReceiversWire,
  ReceiverWire,
} from './wire-mail.js';

/** Where the storage serves a file. */
export const FILE_PATH = '/storage/file';

/** How long `short_text` is: the start of the text. */
const SHORT_TEXT_LENGTH = 100;

/** A person as the mail names them. */
export function personWire(person: MailPerson): MailPersonWire {
  return { name: person.id, firstname: person.firstName, lastname: person.lastName, middlename: person.middleName };
}

function receiverWire(person: MailPerson): ReceiverWire {
  return { ...personWire(person), info: person.info };
}

/** The text without its markup, its first characters (what Eljur's lists show). */
export function shortText(html: string): string {
  const text = html
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&[a-z]+;/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return [...text].slice(0, SHORT_TEXT_LENGTH).join('');
}

/** A file's link at the simulator's storage. */
export function fileWire(file: StoredFile, origin: string): MailFileWire {
  return { filename: file.name, link: `${origin}${FILE_PATH}/${file.id}` };
}

/** A message of a mailbox page. */
export function messageItemWire(entry: MailboxEntry, folder: 'inbox' | 'sent'): MessageItemWire {
  const { message } = entry;
  const base = {
    id: String(message.id),
    subject: message.subject,
    short_text: shortText(message.text),
    date: message.date,
    unread: entry.unread,
    with_files: message.files.length > 0,
    with_resources: false,
  };
  return folder === 'inbox'
    ? { ...base, user_from: personWire(message.from) }
    : { ...base, users_to: message.to.map(personWire) };
}

/** `getmessageinfo`: the message whole. */
export function messageInfoWire(message: MailMessage, origin: string): MessageInfoWire {
  return {
    message: {
      id: String(message.id),
      subject: message.subject,
      short_text: shortText(message.text),
      text: message.text,
      date: message.date,
      user_from: personWire(message.from),
      user_to: message.to.map(personWire),
      files: message.files.map((file) => fileWire(file, origin)),
    },
  };
}

/** `getmessagereceivers`: the account's address book. */
export function receiversWire(groups: readonly AddressGroup[]): ReceiversWire {
  return {
    groups: groups.map((group) => ({
      key: group.key,
      name: group.name,
      users: group.users.map(receiverWire),
      ...(group.subgroups
        ? {
            subgroups: group.subgroups.map((subgroup) => ({
              key: subgroup.key,
              name: subgroup.name,
              users: subgroup.users.map(receiverWire),
            })),
          }
        : {}),
    })),
  };
}

/** A notice of the board as an account sees it. */
export function noticeItemWire(notice: BoardNotice, accountId: number): NoticeItemWire {
  return {
    id: String(notice.id),
    date: notice.date,
    date_actual_before: notice.actualBefore,
    subject: notice.subject,
    short_text: shortText(notice.text),
    unread: !notice.readBy.has(accountId),
    with_files: notice.files.length > 0,
    with_resources: false,
    user_from: personWire(notice.author),
    user_from_string: shortNameOf(notice.author),
    users_to: notice.audience,
  };
}

/** `getboardnoticeinfo`: the notice whole. */
export function noticeInfoWire(notice: BoardNotice, accountId: number, origin: string): NoticeInfoWire {
  return {
    notice: {
      ...noticeItemWire(notice, accountId),
      text: notice.text,
      files: notice.files.map((file) => fileWire(file, origin)),
    },
  };
}
