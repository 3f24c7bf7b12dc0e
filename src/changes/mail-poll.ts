/**
 * The mail part of one account's poll: the first page of its inbox and of its notices, read fresh through the
 * loaders (the same cache entries families read, `src/domain/mail-ids.ts`), compared with the account's mail
 * snapshot (`mail-changes.ts`). A diary without messages or notices is not asked for them.
 */
import type { ProviderAccount } from '../domain/adapter.js';
import type { DetectedChange } from '../domain/changes.js';
import { mailLogId } from '../domain/changes.js';
import { MAIL_PAGE_SIZE, mailboxPageParams, noticePageParams } from '../domain/mail-ids.js';
import type { ProviderMessagePage, ProviderNoticePage } from '../domain/messaging.js';
import type { ProviderStudent } from '../domain/model.js';
import type { RequestLoaders } from '../loaders/request-loaders.js';
import { messageChange, newItems, noticeChange, type MailSnapshot } from './mail-changes.js';

/** What reading an account's mail found. */
export interface MailPollResult {
  snapshot: MailSnapshot;
  /** The account's mail log (`mailLogId`). */
  logId: string;
  changes: DetectedChange[];
}

/** Reads the account's first pages and compares them; throws what the diary's failure was. */
export async function pollMail(
  account: ProviderAccount,
  students: readonly ProviderStudent[],
  previous: MailSnapshot | undefined,
  loaders: RequestLoaders,
  detectedAt: string,
): Promise<MailPollResult> {
  const timeZone = students[0]?.timeZone ?? 'Europe/Moscow';
  const logId = mailLogId(account.id);
  const [messages, notices] = await Promise.all([
    readInbox(account, loaders, timeZone),
    readNotices(account, students, loaders, timeZone),
  ]);
  const changes: DetectedChange[] = [];
  const snapshot: MailSnapshot = { messages: null, notices: null };
  if (messages) {
    const { fresh, seen } = newItems(
      previous?.messages,
      { items: messages.messages, hasMore: messages.hasMore },
      (message) => message.externalId,
      (message) => Date.parse(message.sentAt),
    );
    snapshot.messages = seen;
    for (const message of fresh) changes.push(messageChange(logId, account.id, message, account.provider, detectedAt));
  }
  if (notices) {
    const { fresh, seen } = newItems(
      previous?.notices,
      { items: notices.notices, hasMore: notices.hasMore },
      (notice) => notice.externalId,
      (notice) => Date.parse(notice.publishedAt),
    );
    snapshot.notices = seen;
    for (const notice of fresh) changes.push(noticeChange(logId, account.id, notice, account.provider, detectedAt));
  }
  // Oldest first, as a child's changes are logged.
  changes.reverse();
  return { snapshot, logId, changes };
}

async function readInbox(
  account: ProviderAccount,
  loaders: RequestLoaders,
  timeZone: string,
): Promise<ProviderMessagePage | null> {
  const served = await loaders.read(
    'messages',
    account,
    mailboxPageParams('INBOX', false, 1, timeZone),
    (adapter, scope) =>
      adapter.messaging?.features.readMessages
        ? adapter.messaging.listMessages(
            account,
            { folder: 'INBOX', unreadOnly: false, page: 1, pageSize: MAIL_PAGE_SIZE, timeZone },
            scope,
          )
        : Promise.resolve(null),
  );
  if (served.staleBecause) throw served.staleBecause;
  return served.value;
}

async function readNotices(
  account: ProviderAccount,
  students: readonly ProviderStudent[],
  loaders: RequestLoaders,
  timeZone: string,
): Promise<ProviderNoticePage | null> {
  const ids = students.map((student) => student.externalId);
  const served = await loaders.read('notices', account, noticePageParams(false, 1, timeZone, ids), (adapter, scope) =>
    adapter.messaging?.features.readNotices
      ? adapter.messaging.listNotices(
          account,
          { students: [...students], unreadOnly: false, page: 1, pageSize: MAIL_PAGE_SIZE, timeZone },
          scope,
        )
      : Promise.resolve(null),
  );
  if (served.staleBecause) throw served.staleBecause;
  return served.value;
}
