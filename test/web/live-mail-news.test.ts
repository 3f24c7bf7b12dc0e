import { describe, expect, it } from 'vitest';
import { mailNewsAfter, NO_MAIL_NEWS } from '../../web/src/live/mail-news.js';

describe('mailNewsAfter', () => {
  it('counts a batch with a new message for the inbox and one with a new notice for the notices', () => {
    const once = mailNewsAfter(NO_MAIL_NEWS, ['GRADE_ADDED', 'MESSAGE_RECEIVED', 'MESSAGE_RECEIVED']);
    expect(once).toEqual({ messages: 1, notices: 0 });
    expect(mailNewsAfter(once, ['NOTICE_POSTED'])).toEqual({ messages: 1, notices: 1 });
    expect(mailNewsAfter(once, ['NOTICE_POSTED', 'MESSAGE_RECEIVED'])).toEqual({ messages: 2, notices: 1 });
  });

  it('leaves the counts as they are (the same object: nothing renders) for a batch without mail', () => {
    const news = { messages: 3, notices: 1 };
    expect(mailNewsAfter(news, ['GRADE_ADDED', 'LESSON_CANCELLED'])).toBe(news);
    expect(mailNewsAfter(news, [])).toBe(news);
  });
});
