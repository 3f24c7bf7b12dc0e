/**
 * The merged mail list (`Viewer.messages`) and one conversation (`Viewer.messageThread`): each account's
 * mailbox read page by page through the upstream cache, merged newest first.
 */
import type { ProviderMessageSummary } from '../domain/messaging.js';
import type { MessageFilter } from '../domain/schema-types.generated.js';
import type { MailDeps } from './mail-deps.js';
import { readCached } from './mail-deps.js';
import { isParentSource, type MailSource } from './mail-sources.js';
import { decodeCursor, encodeCursor, mergePages, type MergedPage, type MergeRequest } from './merged-list.js';
import { sourceModel, type ConnectionModel, type MessageModel, type ThreadModel } from './models.js';
import { decodeMailId, encodeMailId, MAIL_PAGE_SIZE, mailboxPageParams } from '../domain/mail-ids.js';
import { baseSubject, threadKey } from './threading.js';

export { MAIL_PAGE_SIZE } from '../domain/mail-ids.js';
/** How far back into one mailbox a list or a conversation reads. */
export const MAIL_DEPTH = 500;
/** Largest `first`. */
export const MAX_MAIL_FIRST = 50;

/** A source's failure, for the resolver to report beside the list. */
export interface SourceFailure {
  source: MailSource;
  error: unknown;
}

/** A page of the merged list and the sources that failed. */
export interface ListResult<T> {
  connection: ConnectionModel<T>;
  failures: SourceFailure[];
}

/** The page of `Viewer.messages` after `after`. `sources` are the viewer's, already filtered by child and diary. */
export async function listMessages(
  deps: MailDeps,
  sources: readonly MailSource[],
  args: { filter: MessageFilter; first: number; after: string | null },
): Promise<ListResult<MessageModel>> {
  const folder = args.filter.folder ?? 'INBOX';
  const unreadOnly = args.filter.unreadOnly ?? false;
  const readable = sources.filter((source) => source.messaging?.features.readMessages);
  const merged = await mergeMail<MessageModel>(readable, args, {
    loadPage: async (source, page) => {
      const { messages, hasMore } = await mailboxPage(deps, source, folder, unreadOnly, page);
      return { items: messages.map((message) => messageModel(source, message)), hasMore };
    },
    positionOf: (message) => ({ at: Date.parse(message.sentAt), id: message.id }),
  });
  return connectionOf(merged, sources, readable);
}

/**
 * One page of a mail list merged from `readable` sources after `after`: pages of {@link MAIL_PAGE_SIZE}, at most
 * {@link MAIL_DEPTH} deep into one source.
 */
export function mergeMail<T>(
  readable: readonly MailSource[],
  args: { first: number; after: string | null },
  read: Pick<MergeRequest<MailSource, T>, 'loadPage' | 'positionOf'>,
): Promise<MergedPage<T>> {
  return mergePages<MailSource, T>({
    sources: readable,
    first: args.first,
    after: args.after ? decodeCursor(args.after) : null,
    pageSize: MAIL_PAGE_SIZE,
    maxDepth: MAIL_DEPTH,
    ...read,
  });
}

/** One page of a source's mailbox, through the cache. */
export async function mailboxPage(
  deps: MailDeps,
  source: MailSource,
  folder: 'INBOX' | 'SENT',
  unreadOnly: boolean,
  page: number,
): Promise<{ messages: ProviderMessageSummary[]; hasMore: boolean }> {
  const params = mailboxPageParams(folder, unreadOnly, page, source.timeZone);
  const served = await readCached(deps, source, 'messages', params, (messaging, scope) =>
    messaging.listMessages(
      source.account,
      { folder, unreadOnly, page, pageSize: MAIL_PAGE_SIZE, timeZone: source.timeZone },
      scope,
    ),
  );
  return served.value;
}

/** The conversation `id` names, oldest first; `null` when it is not one of the viewer's. */
export async function messageThread(
  deps: MailDeps,
  sources: readonly MailSource[],
  id: string,
): Promise<ThreadModel | null> {
  const parts = decodeMailId('thread', id, 2);
  const source = parts && sources.find((candidate) => candidate.account.id === parts[0]);
  if (!parts || !source?.messaging?.features.readMessages) return null;
  const key = parts[1]!;
  const subjectOnly = key.startsWith('s:') ? key.slice(key.indexOf('|') + 1) : null;
  const belongs = (message: ProviderMessageSummary) =>
    threadKey(message) === key ||
    // A sent message whose list names no recipient joins the conversation of its subject.
    (subjectOnly !== null &&
      message.folder === 'SENT' &&
      message.recipients.length === 0 &&
      baseSubject(message.subject).toLowerCase() === subjectOnly);
  const found: MessageModel[] = [];
  for (const folder of ['INBOX', 'SENT'] as const) {
    for (let page = 1; page * MAIL_PAGE_SIZE <= MAIL_DEPTH; page += 1) {
      const { messages, hasMore } = await mailboxPage(deps, source, folder, false, page);
      for (const message of messages) if (belongs(message)) found.push(messageModel(source, message));
      if (!hasMore || messages.length === 0) break;
    }
  }
  if (found.length === 0) return null;
  found.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt) || (a.id < b.id ? -1 : 1));
  return { id, provider: source.provider, subject: baseSubject(found[0]!.subject), messages: found };
}

/** The schema's message for a diary's one, as the viewer sees it through `source`. */
export function messageModel(
  source: MailSource,
  message: ProviderMessageSummary & { text?: string; attachments?: MessageModel['attachments'] },
): MessageModel {
  const accountId = source.account.id;
  const features = source.messaging?.features;
  return {
    id: encodeMailId('message', [accountId, message.folder, message.externalId]),
    provider: source.provider,
    folder: message.folder,
    threadId: encodeMailId('thread', [accountId, threadKey(message)]),
    subject: message.subject,
    preview: message.preview,
    text: message.text ?? null,
    sender: { name: message.sender.name, role: message.sender.role },
    recipients: message.recipients.map((person) => ({ name: person.name, role: person.role })),
    sentAt: message.sentAt,
    isRead: message.isRead,
    hasAttachments: message.hasAttachments,
    attachments: message.attachments ?? [],
    students: source.students,
    canReply: isParentSource(source) && message.folder === 'INBOX' && (features?.sendMessages ?? false),
  };
}

/** The connection of a merged page, with every source's status. */
export function connectionOf<T extends { id: string }>(
  merged: MergedPage<T>,
  sources: readonly MailSource[],
  read: readonly MailSource[],
): ListResult<T> {
  const failures: SourceFailure[] = [];
  const outcome = new Map(read.map((source, index) => [source, merged.outcomes[index]!]));
  const statuses = sources.map((source) => {
    const result = outcome.get(source);
    if (!result) return sourceModel(source, 'NOT_SUPPORTED');
    if (result.ok) return sourceModel(source, 'OK');
    failures.push({ source, error: result.error });
    return sourceModel(source, 'UNAVAILABLE');
  });
  const edges = merged.items.map(({ item, position }) => ({ cursor: encodeCursor(position), node: item }));
  return {
    connection: {
      edges,
      pageInfo: { hasNextPage: merged.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      sources: statuses,
    },
    failures,
  };
}
