import { describe, expect, it } from 'vitest';
import { remarkKindText, remarkRange, remarksHint, signatureText, weekText } from '../../web/src/notes/notes-words.js';

describe('remarks on a card', () => {
  it('asks for the last 30 days, today included', () => {
    expect(remarkRange('2026-11-23')).toEqual({ from: '2026-10-25', to: '2026-11-23' });
  });

  it('words the kinds and counts them', () => {
    expect(remarkKindText('PRAISE', 'ru')).toBe('Похвала');
    expect(remarkKindText('REMARK', 'en')).toBe('Remark');
    expect(remarkKindText('NEW_KIND', 'ru')).toBe('NEW_KIND');
    expect(remarksHint(1, 'ru')).toBe('1 запись за 30 дней');
    expect(remarksHint(3, 'ru')).toBe('3 записи за 30 дней');
    expect(remarksHint(10, 'ru')).toBe('10 записей за 30 дней');
    expect(remarksHint(2, 'en')).toBe('2 notes in 30 days');
  });
});

describe('a week’s signature', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const week = { provider: 'MESH', signed: false, signedAt: null, canSign: true };

  it('names the week from Monday to Sunday', () => {
    expect(weekText('2026-11-23', 'ru')).toBe('23 ноября – 29 ноября');
    expect(weekText('2026-11-30', 'en')).toBe('30 November – 6 December');
  });

  it('says it is signed, and when, on the phone’s clock', () => {
    const signed = { ...week, signed: true, signedAt: '2026-11-23T08:30:00Z', canSign: false };
    expect(signatureText(signed, true, 'ru', now)).toMatch(/^подписана \d\d:30$/);
    expect(signatureText({ ...signed, signedAt: null }, true, 'en', now)).toBe('signed');
  });

  it('says a week is not signed, and where a parent signs one the gateway cannot', () => {
    expect(signatureText(week, true, 'ru', now)).toBe('не подписана');
    expect(signatureText({ ...week, provider: 'ELJUR', canSign: false }, true, 'ru', now)).toBe(
      'не подписана; подписать её можно только в самом дневнике (ЭлЖур)',
    );
    expect(signatureText({ ...week, canSign: false }, false, 'ru', now)).toBe('не подписана');
  });
});
