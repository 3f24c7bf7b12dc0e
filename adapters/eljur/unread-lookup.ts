/**
 * Whether a message or notice is unread, asked before opening it without marking it read (a trusted person
 * reading a parent's mail): Eljur marks an item read by answering its `…info` call, so the adapter looks for
 * it in Eljur's lists first. Messages: the inbox's unread pages (`unreadonly=true`); notices: the notice
 * pages, whose items carry `unread` (and whose `total_unread` says when none is). At most
 * {@link MAX_LOOKUP_PAGES} pages are read; past that the answer is "not known", which callers treat as unread.
 */
import { isTruthyFlag, readNumber, valuesOf } from './normalize-common.js';
import type { MessagesAnswer, NoticesAnswer } from './payloads-messages.js';

/** Pages read at most before giving up: 500 unread messages, 250 notices. */
export const MAX_LOOKUP_PAGES = 5;
const MESSAGE_PAGE = 100;
const NOTICE_PAGE = 50;

/** The reads a lookup makes (through the adapter's calls, so each page is memoised per request). */
export interface UnreadLookup {
  messages(page: number, limit: number): Promise<MessagesAnswer>;
  notices(page: number, limit: number): Promise<NoticesAnswer>;
}

/** Whether a page is the last: fewer items than asked, or the total reached. */
function isLastPage(items: number, page: number, limit: number, total: string | number | null | undefined): boolean {
  const count = readNumber(total);
  return items < limit || (count !== null && page * limit >= count);
}

async function messageUnread(lookup: UnreadLookup, id: string): Promise<boolean | null> {
  for (let page = 1; page <= MAX_LOOKUP_PAGES; page++) {
    const answer = await lookup.messages(page, MESSAGE_PAGE);
    const items = valuesOf(answer.messages);
    if (items.some((item) => String(item.id) === id)) return true;
    if (isLastPage(items.length, page, MESSAGE_PAGE, answer.total)) return false;
  }
  return null;
}

async function noticeUnread(lookup: UnreadLookup, id: string): Promise<boolean | null> {
  for (let page = 1; page <= MAX_LOOKUP_PAGES; page++) {
    const answer = await lookup.notices(page, NOTICE_PAGE);
    if (readNumber(answer.total_unread) === 0) return false;
    const items = valuesOf(answer.notices);
    const item = items.find((candidate) => String(candidate.id) === id);
    if (item) return isTruthyFlag(item.unread);
    // Not listed at all: nothing Eljur shows as unread is opened by asking for it.
    if (isLastPage(items.length, page, NOTICE_PAGE, answer.total)) return false;
  }
  return null;
}

/** `true` unread, `false` not unread, `null` not known (too many to look through). */
export function findUnread(lookup: UnreadLookup, kind: 'message' | 'notice', id: string): Promise<boolean | null> {
  return kind === 'message' ? messageUnread(lookup, id) : noticeUnread(lookup, id);
}
