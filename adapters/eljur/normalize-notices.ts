/**
 * Eljur's board notices («объявления», `getboardnotices` / `getboardnoticeinfo`) → the port's notices. A
 * notice is dated by day (`date`, published at the school's midnight) and may say until when it is current
 * (`date_actual_before`); its author comes as a short string («Иванов И. И.», `user_from_string`) beside the
 * person; its audience (`users_to`) is an HTML string («Всей школе»). Eljur lists notices per account, not
 * per child (`studentExternalIds: null`), keeps their read state (`unread`) and marks none important.
 */
import type { ProviderNotice, ProviderNoticeDetails, ProviderNoticePage } from '../../src/domain/messaging.js';
import { htmlToText } from '../../src/upstream/html-text.js';
import {
  isTruthyFlag,
  readEljurDate,
  readEljurDateTime,
  readNumber,
  textOrNull,
  valuesOf,
} from './normalize-common.js';
import { attachmentOf } from './normalize-homework.js';
import { personName } from './normalize-recipients.js';
import type { NoticeInfo, NoticeItem, NoticesAnswer } from './payloads-messages.js';

/** Plain text of an HTML field, or `null` when it is absent or blank. */
function plainOrNull(value: string | null | undefined): string | null {
  const text = textOrNull(value);
  return text === null ? null : textOrNull(htmlToText(text));
}

/** When a notice was posted: its time when Eljur gives one, else its day's start at the school. */
function publishedAtOf(date: string, timeZone: string): string | null {
  const day = readEljurDate(date);
  if (day === null) return null;
  return readEljurDateTime(date, timeZone) ?? readEljurDateTime(`${day} 00:00:00`, timeZone);
}

function noticeOf(item: NoticeItem, timeZone: string): ProviderNotice | null {
  const publishedAt = publishedAtOf(item.date, timeZone);
  if (publishedAt === null) return null;
  const author = plainOrNull(item.user_from_string) ?? (item.user_from ? personName(item.user_from) : null);
  return {
    externalId: String(item.id),
    title: plainOrNull(item.subject) ?? '',
    preview: plainOrNull(item.short_text) ?? '',
    author: author === '—' ? null : author,
    audience: plainOrNull(item.users_to),
    publishedAt,
    validUntil: readEljurDate(item.date_actual_before),
    isRead: item.unread === undefined ? null : !isTruthyFlag(item.unread),
    isImportant: false,
    studentExternalIds: null,
  };
}

/**
 * One page of notices as Eljur pages them. With `unreadOnly` the read ones are left out here (Eljur's
 * `getboardnotices` has no such filter), so a page may hold fewer than asked; there are more pages while
 * Eljur has more notices and some of them are unread (`total_unread`).
 */
export function normalizeNoticePage(
  answer: NoticesAnswer,
  page: { page: number; pageSize: number; unreadOnly: boolean },
  timeZone: string,
): ProviderNoticePage {
  const items = valuesOf(answer.notices);
  const all = items.flatMap((item) => noticeOf(item, timeZone) ?? []);
  const notices = page.unreadOnly ? all.filter((notice) => notice.isRead === false) : all;
  const total = readNumber(answer.total);
  const more = total === null ? items.length >= page.pageSize : page.page * page.pageSize < total;
  const unread = readNumber(answer.total_unread);
  return { notices, hasMore: more && !(page.unreadOnly && unread === 0) };
}

/** An opened notice: read now, with its whole text and files. */
export function normalizeNotice(info: NoticeInfo, timeZone: string): ProviderNoticeDetails | null {
  const notice = noticeOf(info, timeZone);
  if (notice === null) return null;
  return {
    ...notice,
    isRead: true,
    text: plainOrNull(info.text) ?? notice.preview,
    attachments: valuesOf(info.files).map(attachmentOf),
  };
}
