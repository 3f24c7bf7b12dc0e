/**
 * New mail of one account: the first page of its inbox and of its notices, compared with what that page held
 * at the last poll. An item not seen before is new when it is newer than the oldest item seen then (an older
 * one only moved up from the second page, because something was deleted), or when that page held the whole
 * list. The first poll of an account is its baseline: nothing is told of mail that was there before.
 *
 * Changes keep no text (the gateway keeps mail text only as the upstream cache keeps diary answers): who, when,
 * and the diary's id, from which the feed reads the rest from the diary when asked.
 */
import { z } from 'zod';
import type { MessageChangeModel, NoticeChangeModel } from '../domain/changes.js';
import type { ProviderMessageSummary, ProviderNotice } from '../domain/messaging.js';
import { changeId } from './change-ids.js';

/** What one list's first page held at the last poll. */
export interface SeenPage {
  /** The diary's ids of its items. */
  ids: string[];
  /** Epoch ms of its oldest item (`null`: the page was empty). */
  oldestAt: number | null;
  /** Whether the page held the whole list. */
  complete: boolean;
}

/** An account's mail as its last poll saw it; a list the diary does not offer is `null`. */
export interface MailSnapshot {
  messages: SeenPage | null;
  notices: SeenPage | null;
}

const seenPageSchema = z.object({
  ids: z.array(z.string()).max(500),
  oldestAt: z.number().nullable(),
  complete: z.boolean(),
});

/** Reads a stored mail snapshot liberally: anything unreadable is no snapshot (a new baseline). */
export function readMailSnapshot(value: unknown): MailSnapshot | undefined {
  const parsed = z.object({ messages: seenPageSchema.nullable(), notices: seenPageSchema.nullable() }).safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** One first page as read now. */
export interface ReadPage<T> {
  items: T[];
  hasMore: boolean;
}

/** The items of `page` that are new since `seen`, and what to remember of `page`. */
export function newItems<T>(
  seen: SeenPage | null | undefined,
  page: ReadPage<T>,
  idOf: (item: T) => string,
  timeOf: (item: T) => number,
): { fresh: T[]; seen: SeenPage } {
  const times = page.items.map(timeOf).filter(Number.isFinite);
  const now: SeenPage = {
    ids: page.items.map(idOf),
    oldestAt: times.length > 0 ? Math.min(...times) : null,
    complete: !page.hasMore,
  };
  if (!seen) return { fresh: [], seen: now };
  const known = new Set(seen.ids);
  const fresh = page.items.filter(
    (item) => !known.has(idOf(item)) && (seen.complete || seen.oldestAt === null || timeOf(item) > seen.oldestAt),
  );
  return { fresh, seen: now };
}

/** The change telling a new inbox message. */
export function messageChange(
  logId: string,
  accountId: string,
  message: ProviderMessageSummary,
  provider: MessageChangeModel['provider'],
  detectedAt: string,
): MessageChangeModel {
  return {
    id: changeId({ childId: logId, kind: 'MESSAGE_RECEIVED', key: message.externalId, before: null, after: accountId }),
    type: 'message',
    kind: 'MESSAGE_RECEIVED',
    childId: logId,
    provider,
    detectedAt,
    accountId,
    messageExternalId: message.externalId,
    sentAt: message.sentAt,
    sender: { name: message.sender.name, role: message.sender.role },
  };
}

/** The change telling a new notice. */
export function noticeChange(
  logId: string,
  accountId: string,
  notice: ProviderNotice,
  provider: NoticeChangeModel['provider'],
  detectedAt: string,
): NoticeChangeModel {
  return {
    id: changeId({ childId: logId, kind: 'NOTICE_POSTED', key: notice.externalId, before: null, after: accountId }),
    type: 'notice',
    kind: 'NOTICE_POSTED',
    childId: logId,
    provider,
    detectedAt,
    accountId,
    noticeExternalId: notice.externalId,
    publishedAt: notice.publishedAt,
    author: notice.author,
    isImportant: notice.isImportant,
  };
}
