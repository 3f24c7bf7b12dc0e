import { describe, expect, it } from 'vitest';
import { mailHash, mailRouteOf } from '../../web/src/mail/mail-route.js';

describe('the mail view’s place in the address', () => {
  it('reads each folder, and the inbox for plain #mail', () => {
    expect(mailRouteOf('#mail')).toEqual({ folder: 'inbox', openId: null });
    expect(mailRouteOf('#mail/sent')).toEqual({ folder: 'sent', openId: null });
    expect(mailRouteOf('#mail/notices')).toEqual({ folder: 'notices', openId: null });
  });

  it('keeps an opened item’s id through the hash, whatever characters it holds', () => {
    const id = 'msg1.WyJhY2Mi/LCJJTkJPWCJd==';
    const hash = mailHash({ folder: 'inbox', openId: id });
    expect(hash).toBe(`#mail/inbox/${encodeURIComponent(id)}`);
    expect(mailRouteOf(hash)).toEqual({ folder: 'inbox', openId: id });
    expect(mailHash({ folder: 'inbox', openId: null })).toBe('#mail');
    expect(mailHash({ folder: 'sent', openId: null })).toBe('#mail/sent');
  });

  it('falls back to the inbox’s list for what it cannot read', () => {
    expect(mailRouteOf('#mail/trash')).toEqual({ folder: 'inbox', openId: null });
    expect(mailRouteOf('#manage')).toEqual({ folder: 'inbox', openId: null });
    expect(mailRouteOf('#mail/inbox/%E0%A4%A')).toEqual({ folder: 'inbox', openId: null });
    expect(mailRouteOf(`#mail/notices/${'x'.repeat(513)}`)).toEqual({ folder: 'notices', openId: null });
  });
});
