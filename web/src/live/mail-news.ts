/**
 * New mail the change feed told of, counted for the mail view (`mail/mail-view.tsx`): a count goes up with each
 * batch of changes that holds a new message (`MESSAGE_RECEIVED`) or a new notice (`NOTICE_POSTED`), and the
 * view's open list reads its first page again when its count moves. Counts rather than calls, so the page need
 * not know whether the view is open: a closed view fetches nothing, and reads its lists anew when opened. Part
 * of the first paint (the page holds the counts), so kept to a few lines; the mail view's code stays lazy.
 */

/** How many batches of changes told of new messages and of new notices since the page opened. */
export interface MailNews {
  readonly messages: number;
  readonly notices: number;
}

/** No news yet. */
export const NO_MAIL_NEWS: MailNews = { messages: 0, notices: 0 };

/** `news` after a batch of changes of `kinds`; the same object when the batch holds no mail (nothing to render). */
export function mailNewsAfter(news: MailNews, kinds: readonly string[]): MailNews {
  const messages = kinds.includes('MESSAGE_RECEIVED');
  const notices = kinds.includes('NOTICE_POSTED');
  if (!messages && !notices) return news;
  return { messages: news.messages + Number(messages), notices: news.notices + Number(notices) };
}
