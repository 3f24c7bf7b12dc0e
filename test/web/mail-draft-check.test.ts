import { describe, expect, it } from 'vitest';
import { SEND_LIMITS } from '../../src/messages/send-input.js';
import {
  DRAFT_LIMITS,
  draftProblem,
  sentLength,
  textLimit,
  textOverLimit,
  type DraftFields,
  type TextFeatures,
} from '../../web/src/mail/draft-check.js';

const file = (name: string, size: number) => ({ name, size, type: 'application/pdf' });

/** A child's diary that takes messages up to `maxTextLength`. */
const sends = (provider: string, maxTextLength: number | null | undefined): TextFeatures => ({
  provider,
  sendMessages: true,
  ...(maxTextLength === undefined ? {} : { maxTextLength }),
});

describe('the page’s bounds', () => {
  it('are the gateway’s own (SEND_LIMITS, the schema’s «at most N characters»)', () => {
    expect(DRAFT_LIMITS).toEqual({
      subject: SEND_LIMITS.subject,
      text: SEND_LIMITS.text,
      recipients: SEND_LIMITS.recipients,
    });
  });
});

describe('textLimit', () => {
  it('takes the diary’s own limit (MessagingFeatures.maxTextLength)', () => {
    expect(textLimit([sends('ELJUR', 2000)], 'ELJUR')).toBe(2000);
    expect(textLimit([sends('MESH', 300), sends('ELJUR', 1200)], 'ELJUR')).toBe(1200);
  });

  it('falls back to the gateway’s bound when the diary says none, or the answer has no such field', () => {
    expect(textLimit([sends('ELJUR', null)], 'ELJUR')).toBe(DRAFT_LIMITS.text);
    expect(textLimit([sends('ELJUR', undefined)], 'ELJUR')).toBe(DRAFT_LIMITS.text);
    expect(textLimit([sends('MESH', 300)], 'ELJUR')).toBe(DRAFT_LIMITS.text);
    expect(textLimit([], 'ELJUR')).toBe(DRAFT_LIMITS.text);
  });

  it('never goes over the gateway’s bound, and reads no limit from a diary that takes no messages', () => {
    expect(textLimit([sends('ELJUR', 20_000)], 'ELJUR')).toBe(DRAFT_LIMITS.text);
    expect(textLimit([sends('ELJUR', 0)], 'ELJUR')).toBe(DRAFT_LIMITS.text);
    expect(textLimit([{ provider: 'ELJUR', sendMessages: false, maxTextLength: 100 }], 'ELJUR')).toBe(
      DRAFT_LIMITS.text,
    );
  });

  it('takes the smallest when two children’s entries for one diary differ', () => {
    expect(textLimit([sends('ELJUR', 3000), sends('ELJUR', 1000), sends('ELJUR', null)], 'ELJUR')).toBe(1000);
  });
});

describe('the text’s length', () => {
  it('is counted as it is sent: without the spaces and lines at its ends', () => {
    expect(sentLength('  Добрый день!\n\n')).toBe(12);
    expect(textOverLimit(`${'т'.repeat(120)}\n  `, 120)).toBe(false);
    expect(textOverLimit('т'.repeat(120), 120)).toBe(false);
    expect(textOverLimit('т'.repeat(121), 120)).toBe(true);
  });
});

describe('draftProblem', () => {
  const draft: DraftFields = {
    provider: 'ELJUR',
    recipients: ['ELJUR'],
    subject: 'Справка',
    text: 'Добрый день!',
    textLimit: DRAFT_LIMITS.text,
    files: [],
  };
  const reply: DraftFields = { ...draft, subject: null };

  it('lets a complete draft go', () => {
    expect(draftProblem(draft)).toBeNull();
    expect(draftProblem({ ...reply, recipients: [] })).toBeNull();
  });

  it('asks for what is missing, in the order of the form', () => {
    expect(draftProblem({ ...draft, recipients: [], text: '' })).toEqual({ kind: 'recipients' });
    expect(draftProblem({ ...draft, recipients: Array<string>(21).fill('ELJUR') })).toEqual({
      kind: 'tooManyRecipients',
    });
    expect(draftProblem({ ...draft, subject: '  ' })).toEqual({ kind: 'subject' });
    expect(draftProblem({ ...draft, subject: 'т'.repeat(201) })).toEqual({ kind: 'subjectLong' });
    expect(draftProblem({ ...draft, text: '\n ' })).toEqual({ kind: 'text' });
    expect(draftProblem({ ...draft, files: [file('x', 0)] })).toEqual({
      kind: 'files',
      problem: { kind: 'empty', name: 'x' },
    });
  });

  it('refuses a text over the diary’s own limit, naming the diary and the limit', () => {
    const short = { ...draft, textLimit: 120 };
    expect(draftProblem({ ...short, text: 'т'.repeat(120) })).toBeNull();
    expect(draftProblem({ ...short, text: 'т'.repeat(121) })).toEqual({
      kind: 'textLong',
      provider: 'ELJUR',
      limit: 120,
    });
    expect(draftProblem({ ...reply, textLimit: 120, text: 'т'.repeat(121) })).toMatchObject({ kind: 'textLong' });
    expect(draftProblem({ ...draft, text: 'т'.repeat(5001) })).toMatchObject({ kind: 'textLong', limit: 5000 });
    expect(draftProblem({ ...draft, text: 'т'.repeat(5000) })).toBeNull();
  });

  it('refuses recipients of another diary than the one the message goes through', () => {
    expect(draftProblem({ ...draft, recipients: ['ELJUR', 'MESH'] })).toEqual({
      kind: 'recipientsDiary',
      provider: 'ELJUR',
    });
    expect(draftProblem({ ...draft, provider: 'MESH' })).toEqual({ kind: 'recipientsDiary', provider: 'MESH' });
  });
});
