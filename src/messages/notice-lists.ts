/** The merged notice list (`Viewer.notices`): each account's notices through the upstream cache, newest first. */
import type { ProviderNotice, ProviderNoticeDetails } from '../domain/messaging.js';
import type { StudentRecord } from '../domain/model.js';
import type { NoticeFilter } from '../domain/schema-types.generated.js';
import type { MailDeps } from './mail-deps.js';
import { readCached } from './mail-deps.js';
import { studentsNamed, type MailSource } from './mail-sources.js';
import { connectionOf, MAIL_PAGE_SIZE, mergeMail, type ListResult } from './message-lists.js';
import type { NoticeModel } from './models.js';
import { encodeMailId, noticePageParams } from '../domain/mail-ids.js';

/** The page of `Viewer.notices` after `after`; `student`: only notices concerning that child. */
export async function listNotices(
  deps: MailDeps,
  sources: readonly MailSource[],
  args: { filter: NoticeFilter; student: StudentRecord | null; first: number; after: string | null },
): Promise<ListResult<NoticeModel>> {
  const unreadOnly = args.filter.unreadOnly ?? false;
  const readable = sources.filter((source) => source.messaging?.features.readNotices);
  const merged = await mergeMail<NoticeModel>(readable, args, {
    loadPage: async (source, page) => {
      const { notices, hasMore } = await noticePage(deps, source, unreadOnly, page);
      const items = notices
        .map((notice) => noticeModel(source, notice))
        // A diary without read state for notices adds none to an unread-only list.
        .filter((notice) => !unreadOnly || notice.isRead === false)
        .filter((notice) => !args.student || notice.students.some((s) => s.id === args.student!.id));
      return { items, hasMore };
    },
    positionOf: (notice) => ({ at: Date.parse(notice.publishedAt), id: notice.id }),
  });
  return connectionOf(merged, sources, readable);
}

/** One page of a source's notices, through the cache. */
export async function noticePage(
  deps: MailDeps,
  source: MailSource,
  unreadOnly: boolean,
  page: number,
): Promise<{ notices: ProviderNotice[]; hasMore: boolean }> {
  const children = source.children.map((child) => child.externalId);
  const params = noticePageParams(unreadOnly, page, source.timeZone, children);
  const served = await readCached(deps, source, 'notices', params, (messaging, scope) =>
    messaging.listNotices(
      source.account,
      { students: source.children, unreadOnly, page, pageSize: MAIL_PAGE_SIZE, timeZone: source.timeZone },
      scope,
    ),
  );
  return served.value;
}

/** The schema's notice for a diary's one, as the viewer sees it through `source`. */
export function noticeModel(source: MailSource, notice: ProviderNotice | ProviderNoticeDetails): NoticeModel {
  return {
    id: encodeMailId('notice', [source.account.id, notice.externalId]),
    provider: source.provider,
    title: notice.title,
    preview: notice.preview,
    text: 'text' in notice ? notice.text : null,
    author: notice.author,
    audience: notice.audience,
    publishedAt: notice.publishedAt,
    validUntil: notice.validUntil,
    isRead: notice.isRead,
    isImportant: notice.isImportant,
    attachments: 'attachments' in notice ? notice.attachments : [],
    students: studentsNamed(source, notice.studentExternalIds),
  };
}
