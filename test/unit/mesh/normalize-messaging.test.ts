import { describe, expect, it } from 'vitest';
import {
  mondayOf,
  normalizeNotice,
  normalizeNoticeDetails,
  normalizeWeekSignatures,
  weeksOf,
} from '../../../adapters/mesh/normalize.js';
import { MAX_NOTICE_TEXT, plainTextOf, previewOf } from '../../../adapters/mesh/plain-text.js';
import { STUDENT_ID, TIME_ZONE } from './fixtures.js';
import { awareJournal, decodeAwareJournals, decodeFeed, feedItem } from './fixtures-messaging.js';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';

describe('МЭШ notice text', () => {
  it.each([
    ['<p>Первый абзац</p><p>Второй<br/>строка</p>', 'Первый абзац\n\nВторой\nстрока'],
    ['<b>Важно:</b> собрание&nbsp;в&nbsp;18:00', 'Важно: собрание в 18:00'],
    ['&laquo;Цитата&raquo; &amp; &lt;тег&gt; &#171;&#xBB; &quot;x&quot;', '«Цитата» & <тег> «» "x"'],
    ['Неизвестное &bogus; и &#0; остаются', 'Неизвестное &bogus; и &#0; остаются'],
    ['  строка  с   пробелами \r\n\r\n\r\n\r\nпосле пустых  ', 'строка с пробелами\n\nпосле пустых'],
    ['Просто текст', 'Просто текст'],
    [null, ''],
  ])('should read %j as plain text', (html, text) => {
    expect(plainTextOf(html)).toBe(text);
  });

  it('should bound a very long text and cut the preview at a word', () => {
    const text = plainTextOf('слово '.repeat(5_000));
    expect(text.length).toBeLessThanOrEqual(MAX_NOTICE_TEXT + 1);
    expect(text.endsWith('слово…')).toBe(true);
    const preview = previewOf('Первая строка\n\nвторая строка ' + 'и ещё '.repeat(60));
    expect(preview.length).toBeLessThanOrEqual(201);
    expect(preview.endsWith('…')).toBe(true);
    // Cut after a whole word of the lines joined by spaces.
    expect(`Первая строка вторая строка ${'и ещё '.repeat(60)}`.startsWith(`${preview.slice(0, -1)} `)).toBe(true);
  });

  it('should read an unclosed tag run in linear time', () => {
    const hostile = '<'.repeat(200_000);
    expect(plainTextOf(hostile).length).toBeGreaterThan(0);
  });
});

describe('МЭШ notices', () => {
  it('should keep the text for an opened notice and leave it out of a list', () => {
    const [item] = decodeFeed([feedItem({ description: 'Текст' })]);
    expect(normalizeNoticeDetails(item!, TIME_ZONE)).toMatchObject({ text: 'Текст', attachments: [] });
    const summary = normalizeNotice(item!, TIME_ZONE);
    expect(summary).not.toHaveProperty('text');
    expect(summary).not.toHaveProperty('attachments');
    expect(summary.preview).toBe('Текст');
  });

  it('should leave read state unknown when the item does not say, and read the child as the externalId', () => {
    const [item] = decodeFeed([feedItem({ is_new: null, child_id: String(STUDENT_ID) })]);
    const notice = normalizeNotice(item!, TIME_ZONE);
    expect(notice.isRead).toBeNull();
    expect(notice.studentExternalIds).toEqual([String(STUDENT_ID)]);
  });

  it('should read a naive time in the school’s own zone', () => {
    const [item] = decodeFeed([feedItem({ created_at: '2025-11-20 15:00:00.123' })]);
    expect(normalizeNotice(item!, 'Asia/Yekaterinburg').publishedAt).toBe('2025-11-20T15:00:00+05:00');
  });
});

describe('МЭШ diary weeks', () => {
  it('should find the Monday of any day', () => {
    expect(mondayOf('2025-09-15')).toBe('2025-09-15');
    expect(mondayOf('2025-09-21')).toBe('2025-09-15');
    expect(mondayOf('2025-09-01')).toBe('2025-09-01');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
  });

  it('should list the Mondays a range overlaps, up to 28 weeks', () => {
    expect(weeksOf({ from: '2025-09-07', to: '2025-09-15' })).toEqual(['2025-09-01', '2025-09-08', '2025-09-15']);
    expect(weeksOf({ from: '2025-09-10', to: '2025-09-10' })).toEqual(['2025-09-08']);
    expect(weeksOf({ from: '2025-01-06', to: '2025-07-20' })).toHaveLength(28);
    expect(() => weeksOf({ from: '2025-01-06', to: '2025-07-21' })).toThrow(BadUserInputError);
    expect(() => weeksOf({ from: '2025-13-01', to: '2025-07-21' })).toThrow(BadUserInputError);
  });

  it('should keep the earlier signing of a week signed twice, and a time over none', () => {
    const records = decodeAwareJournals([
      awareJournal({ week: '2025-09-10', created_at: null }),
      awareJournal({ week: '2025-09-08', created_at: '2025-09-14 19:30:00' }),
      awareJournal({ week: '2025-09-09', created_at: '2025-09-13 08:00:00' }),
      awareJournal({ week: '2025-09-15', student_profile_id: null, created_at: null }),
    ]);
    expect(normalizeWeekSignatures(records, String(STUDENT_ID), ['2025-09-08', '2025-09-15'], TIME_ZONE)).toEqual([
      { weekStart: '2025-09-08', signed: true, signedAt: '2025-09-13T08:00:00+03:00' },
      { weekStart: '2025-09-15', signed: true, signedAt: null },
    ]);
  });
});
