/**
 * Opening one message or notice (`Viewer.message`, `Viewer.notice`). A parent's opening marks the item read
 * where the diary does so on opening, and the account's cached lists are forgotten so they show it read. A
 * trusted person's never marks anything: a message still unread shows them its list preview only.
 */
import type { ProviderMessageSummary, ProviderNotice } from '../domain/messaging.js';
import { GatewayError, NotSupportedByProviderError, ProviderRefusedError } from '../errors/gateway-error.js';
import type { MailDeps } from './mail-deps.js';
import { readCached } from './mail-deps.js';
import { isParentSource, type MailSource } from './mail-sources.js';
import { MAIL_DEPTH, MAIL_PAGE_SIZE, mailboxPage, messageModel } from './message-lists.js';
import type { MessageModel, NoticeModel } from './models.js';
import { noticeModel, noticePage } from './notice-lists.js';
import { decodeMailId } from '../domain/mail-ids.js';

/** The message `id` names, whole; `null` when it is not one the viewer may read. */
export async function openMessage(
  deps: MailDeps,
  sources: readonly MailSource[],
  id: string,
): Promise<MessageModel | null> {
  const parts = decodeMailId('message', id, 3);
  if (!parts || (parts[1] !== 'INBOX' && parts[1] !== 'SENT')) return null;
  const [accountId, folder, externalId] = parts as [string, 'INBOX' | 'SENT', string];
  const source = sources.find((candidate) => candidate.account.id === accountId);
  if (!source?.messaging?.features.readMessages) return null;
  const parent = isParentSource(source);
  if (!parent) {
    const summary = await findInMailbox(deps, source, folder, externalId);
    if (!summary) return null;
    // Opening an unread message would mark it read for the parent in diaries that mark on opening.
    if (!summary.isRead) return messageModel(source, summary);
  }
  const open = () =>
    readCached(
      deps,
      source,
      'messages',
      ['open', folder, externalId, parent ? 'mark' : 'peek', source.timeZone],
      (m, s) => m.openMessage(source.account, { externalId, folder, timeZone: source.timeZone, markRead: parent }, s),
    );
  try {
    const message = (await open()).value;
    if (parent && folder === 'INBOX') await deps.forget(accountId, ['messages']);
    return messageModel(source, message);
  } catch (error) {
    if (isGone(error)) return null;
    if (parent || !(error instanceof NotSupportedByProviderError)) throw error;
    const summary = await findInMailbox(deps, source, folder, externalId);
    return summary ? messageModel(source, summary) : null;
  }
}

/** The notice `id` names, whole; `null` when it is not one the viewer may read. */
export async function openNotice(
  deps: MailDeps,
  sources: readonly MailSource[],
  id: string,
): Promise<NoticeModel | null> {
  const parts = decodeMailId('notice', id, 2);
  const source = parts && sources.find((candidate) => candidate.account.id === parts[0]);
  if (!parts || !source?.messaging?.features.readNotices) return null;
  const externalId = parts[1]!;
  const parent = isParentSource(source);
  try {
    const served = await readCached(
      deps,
      source,
      'notices',
      ['open', externalId, parent ? 'mark' : 'peek', source.timeZone],
      (m, s) => m.openNotice(source.account, { externalId, timeZone: source.timeZone, markRead: parent }, s),
    );
    if (parent) await deps.forget(source.account.id, ['notices']);
    return noticeModel(source, served.value);
  } catch (error) {
    if (isGone(error)) return null;
    if (parent || !(error instanceof NotSupportedByProviderError)) throw error;
    const summary = await findNotice(deps, source, externalId);
    return summary ? noticeModel(source, summary) : null;
  }
}

/**
 * A message as its mailbox lists it now (a change's `message`): `null` when the viewer may not read the
 * account's mail, the diary no longer lists it, or the diary does not answer (the change itself still stands).
 */
export async function listedMessage(
  deps: MailDeps,
  sources: readonly MailSource[],
  accountId: string,
  externalId: string,
): Promise<MessageModel | null> {
  const source = sources.find((candidate) => candidate.account.id === accountId);
  if (!source?.messaging?.features.readMessages) return null;
  const summary = await findInMailbox(deps, source, 'INBOX', externalId).catch(nullOnDiaryFailure);
  return summary ? messageModel(source, summary) : null;
}

/** A notice as the diary lists it now (a change's `notice`); `null` as for {@link listedMessage}. */
export async function listedNotice(
  deps: MailDeps,
  sources: readonly MailSource[],
  accountId: string,
  externalId: string,
): Promise<NoticeModel | null> {
  const source = sources.find((candidate) => candidate.account.id === accountId);
  if (!source?.messaging?.features.readNotices) return null;
  const notice = await findNotice(deps, source, externalId).catch(nullOnDiaryFailure);
  return notice ? noticeModel(source, notice) : null;
}

function nullOnDiaryFailure(error: unknown): null {
  if (error instanceof GatewayError) return null;
  throw error;
}

/** The diary says it has no such item: the id is unknown (or gone), which the schema answers with `null`. */
function isGone(error: unknown): boolean {
  return error instanceof ProviderRefusedError && error.reason === 'MESSAGE_NOT_FOUND';
}

/** A message of a source's mailbox by its diary id, as its list shows it. */
export async function findInMailbox(
  deps: MailDeps,
  source: MailSource,
  folder: 'INBOX' | 'SENT',
  externalId: string,
): Promise<ProviderMessageSummary | null> {
  for (let page = 1; page * MAIL_PAGE_SIZE <= MAIL_DEPTH; page += 1) {
    const { messages, hasMore } = await mailboxPage(deps, source, folder, false, page);
    const found = messages.find((message) => message.externalId === externalId);
    if (found) return found;
    if (!hasMore || messages.length === 0) return null;
  }
  return null;
}

/** A notice of a source by its diary id, as its list shows it. */
async function findNotice(deps: MailDeps, source: MailSource, externalId: string): Promise<ProviderNotice | null> {
  for (let page = 1; page * MAIL_PAGE_SIZE <= MAIL_DEPTH; page += 1) {
    const { notices, hasMore } = await noticePage(deps, source, false, page);
    const found = notices.find((notice) => notice.externalId === externalId);
    if (found) return found;
    if (!hasMore || notices.length === 0) return null;
  }
  return null;
}
