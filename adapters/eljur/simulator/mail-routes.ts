/**
 * The mail and notice methods: `getmessages` (a folder's page, `unreadonly`), `getmessageinfo` (opening an
 * inbox message marks it read), `getmessagereceivers`, `sendmessage` and `sendreplymessage` (what lands in
 * the sent folder, with their refusals: a recipient not in the account's address book, an empty or too long
 * text, a file not the account's), `getboardnotices` (with `total_unread`) and `getboardnoticeinfo` (marks
 * the notice read for the account). They run behind the same gates as every data method (`routes.ts`).
 */
import type { SeedAccount } from '../../simulation/seed.js';
import { zonedTimestamp } from '../../simulation/calendar.js';
import { pass, refuse, type Gate } from '../../simulation/gates.js';
import type { Reply } from '../../simulation/replies.js';
import type { Directory } from './mail-people.js';
import type { MailState, StoredFile } from './mail-state.js';
import { envelope, failure } from './replies.js';
import { messageInfoWire, messageItemWire, noticeInfoWire, noticeItemWire, receiversWire } from './render-mail.js';
import type { MailMethod } from './wire-mail.js';

/** The longest text the simulated Eljur takes, in characters (the adapter's documented bound). */
export const MAX_TEXT_LENGTH = 5_000;

/** Eljur's texts for the mail's refusals, as the simulator words them. */
export const MAIL_ERRORS = Object.freeze({
  folder: 'неизвестная папка сообщений',
  paging: 'неверные параметры limit или page',
  id: 'не указан id',
  messageNotFound: 'сообщение не найдено',
  noticeNotFound: 'объявление не найдено',
  recipient: 'получатель недоступен для отправки сообщений',
  noRecipients: 'не выбраны получатели',
  subject: 'не указана тема сообщения',
  text: 'не указан текст сообщения',
  textLength: `превышена допустимая длина текста сообщения (не более ${MAX_TEXT_LENGTH} символов)`,
  file: 'файл не найден',
});

/** The school's mail: its state, its people, and the zone its times are written in. */
export interface SchoolMail {
  state: MailState;
  directory: Directory;
  zone: string;
}

/** What a mail method sees once the gates passed. */
export interface MailContext {
  mail: SchoolMail;
  account: SeedAccount;
  params: URLSearchParams;
  now: Date;
  /** The simulator's origin, for file links. */
  origin: string;
}

const isTrue = (value: string | null) => ['true', '1', '__yes', 'yes'].includes((value ?? '').toLowerCase());

/** `limit` (absent: everything) and `page` (from 1). */
function paging(params: URLSearchParams): Gate<{ page: number; limit: number | null }> {
  const read = (name: string) => (params.has(name) ? Number(params.get(name)) : null);
  const [limit, page] = [read('limit'), read('page') ?? 1];
  const valid = (value: number | null) => value === null || (Number.isInteger(value) && value >= 1);
  return valid(limit) && valid(page) ? pass({ page, limit }) : refuse(failure(400, MAIL_ERRORS.paging));
}

function pageOf<T>(items: readonly T[], { page, limit }: { page: number; limit: number | null }): T[] {
  return limit === null ? [...items] : items.slice((page - 1) * limit, page * limit);
}

/** Now, as Eljur writes a message's date: `YYYY-MM-DD HH:MM:SS`, school-local. */
function localNow(now: Date, zone: string): string {
  return zonedTimestamp(now, zone).slice(0, 19).replace('T', ' ');
}

function getMessages({ mail, account, params }: MailContext): Reply {
  const folder = params.get('folder') ?? 'inbox';
  if (folder !== 'inbox' && folder !== 'sent') return failure(400, MAIL_ERRORS.folder);
  const page = paging(params);
  if (!page.ok) return page.reply;
  const entries = mail.state
    .folderOf(account.profileId, folder)
    .filter((entry) => !isTrue(params.get('unreadonly')) || entry.unread);
  const shown = pageOf(entries, page.value);
  return envelope({
    messages: shown.map((entry) => messageItemWire(entry, folder)),
    count: shown.length,
    total: String(entries.length),
  });
}

function getMessageInfo({ mail, account, params, origin }: MailContext): Reply {
  const id = (params.get('id') ?? '').trim();
  if (id === '') return failure(400, MAIL_ERRORS.id);
  const found = mail.state.find(account.profileId, id);
  if (!found) return failure(400, MAIL_ERRORS.messageNotFound);
  // Opening is reading: the one way Eljur's API marks a message read.
  if (found.folder === 'inbox') found.entry.unread = false;
  return envelope(messageInfoWire(found.entry.message, origin));
}

/** The text of a message being sent: present, and not longer than Eljur takes. */
function checkedText(params: URLSearchParams): Gate<string> {
  const text = params.get('text') ?? '';
  if (text.trim() === '') return refuse(failure(400, MAIL_ERRORS.text));
  return [...text].length > MAX_TEXT_LENGTH ? refuse(failure(400, MAIL_ERRORS.textLength)) : pass(text);
}

/** The files sent with a message (`fid[]` with `filename[]`): each uploaded by this account. */
function attachedFiles(mail: SchoolMail, account: SeedAccount, params: URLSearchParams): Gate<StoredFile[]> {
  const ids = params.getAll('fid[]');
  const names = params.getAll('filename[]');
  const files = ids.map((id) => mail.state.files.get(id));
  if (ids.length !== names.length || files.some((file) => !file || file.ownerId !== account.profileId))
    return refuse(failure(400, MAIL_ERRORS.file));
  return pass(files.map((file, index) => ({ ...file!, name: names[index] || file!.name })));
}

function sendMessage({ mail, account, params, now }: MailContext): Reply {
  const ids = (params.get('users_to') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) return failure(400, MAIL_ERRORS.noRecipients);
  const book = mail.directory.writableBy(account);
  const to = ids.map((id) => book.get(id));
  if (to.some((person) => person === undefined)) return failure(400, MAIL_ERRORS.recipient);
  const subject = (params.get('subject') ?? '').trim();
  if (subject === '') return failure(400, MAIL_ERRORS.subject);
  const text = checkedText(params);
  if (!text.ok) return text.reply;
  const files = attachedFiles(mail, account, params);
  if (!files.ok) return files.reply;
  const from = mail.directory.holder(account);
  mail.state.post(
    {
      date: localNow(now, mail.zone),
      subject,
      text: text.value,
      from,
      to: to.map((person) => person!),
      files: files.value,
    },
    { sentBy: account.profileId },
  );
  return envelope({});
}

function sendReply({ mail, account, params, now }: MailContext): Reply {
  const found = mail.state.find(account.profileId, (params.get('replyto') ?? '').trim());
  if (!found || found.folder !== 'inbox') return failure(400, MAIL_ERRORS.messageNotFound);
  const text = checkedText(params);
  if (!text.ok) return text.reply;
  const files = attachedFiles(mail, account, params);
  if (!files.ok) return files.reply;
  const original = found.entry.message;
  const subject = /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`;
  mail.state.post(
    {
      date: localNow(now, mail.zone),
      subject,
      text: text.value,
      from: mail.directory.holder(account),
      to: [original.from],
      files: files.value,
    },
    { sentBy: account.profileId },
  );
  return envelope({});
}

function getBoardNotices({ mail, account, params }: MailContext): Reply {
  const page = paging(params);
  if (!page.ok) return page.reply;
  const board = mail.state.board();
  const shown = pageOf(board, page.value);
  return envelope({
    notices: shown.map((notice) => noticeItemWire(notice, account.profileId)),
    count: shown.length,
    total: board.length,
    total_unread: board.filter((notice) => !notice.readBy.has(account.profileId)).length,
  });
}

function getBoardNoticeInfo({ mail, account, params, origin }: MailContext): Reply {
  const id = (params.get('id') ?? '').trim();
  if (id === '') return failure(400, MAIL_ERRORS.id);
  const notice = mail.state.notices.find((candidate) => String(candidate.id) === id);
  if (!notice) return failure(400, MAIL_ERRORS.noticeNotFound);
  notice.readBy.add(account.profileId);
  return envelope(noticeInfoWire(notice, account.profileId, origin));
}

/** The handlers of the mail's methods. */
export const MAIL_METHODS: ReadonlyMap<MailMethod, (context: MailContext) => Reply> = new Map<
  MailMethod,
  (context: MailContext) => Reply
>([
  ['getmessages', getMessages],
  ['getmessageinfo', getMessageInfo],
  ['getmessagereceivers', ({ mail, account }) => envelope(receiversWire(mail.directory.addressBook(account)))],
  ['sendmessage', sendMessage],
  ['sendreplymessage', sendReply],
  ['getboardnotices', getBoardNotices],
  ['getboardnoticeinfo', getBoardNoticeInfo],
]);
