import { describe, expect, it } from 'vitest';
import { clockText, countText, dayMonth, dotted, weekdayDay } from '../../web/src/children/format.js';
import { absenceCountLabel, absenceText, accessText, attendanceKindText } from '../../web/src/children/words.js';

describe('attendanceKindText', () => {
  it.each([
    ['EXCUSED_ABSENCE', 'пропуск по уважительной причине', 'excused absence'],
    ['UNEXCUSED_ABSENCE', 'пропуск без уважительной причины', 'unexcused absence'],
    ['ABSENCE', 'пропуск', 'absence'],
    ['TARDY', 'опоздание', 'late arrival'],
  ])('%s', (kind, ru, en) => {
    expect(attendanceKindText(kind, 'ru')).toBe(ru);
    expect(attendanceKindText(kind, 'en')).toBe(en);
  });

  it('shows a kind from a newer gateway as sent', () => {
    expect(attendanceKindText('EARLY_DEPARTURE', 'ru')).toBe('EARLY_DEPARTURE');
  });
});

describe('absenceCountLabel', () => {
  it('labels each absence kind in the counts, a new one as sent', () => {
    expect(
      ['EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE', 'ABSENCE', 'NEW'].map((kind) => absenceCountLabel(kind, 'ru')),
    ).toEqual(['по уважительной причине', 'без уважительной причины', 'без отметки о причине', 'NEW']);
    expect(absenceCountLabel('ABSENCE', 'en')).toBe('not marked either way');
  });
});

describe('absenceText', () => {
  it('adds the reason when the diary gives one', () => {
    expect(absenceText({ kind: 'EXCUSED_ABSENCE', reason: 'болезнь' }, 'ru')).toBe(
      'пропуск по уважительной причине: болезнь',
    );
    expect(absenceText({ kind: 'TARDY', reason: ' ' }, 'en')).toBe('late arrival');
    expect(absenceText({ kind: 'ABSENCE', reason: null }, 'ru')).toBe('пропуск');
  });
});

describe('accessText', () => {
  it('has no badge for a parent, «только просмотр» for a trusted person', () => {
    expect(accessText('PARENT', 'ru')).toBeNull();
    expect(accessText('TRUSTED_READ_ONLY', 'ru')).toBe('только просмотр');
    expect(accessText('TRUSTED_READ_ONLY', 'en')).toBe('view only');
    expect(accessText('SOMETHING_NEW', 'en')).toBe('SOMETHING_NEW');
  });
});

describe('dates', () => {
  it('writes a school day without shifting it', () => {
    expect(dayMonth('2026-12-07', 'ru')).toBe('7 дек.');
    expect(dayMonth('2026-12-07', 'en')).toBe('7 Dec');
    expect(weekdayDay('2026-12-07', 'ru')).toBe('пн, 7 дек.');
    expect(weekdayDay('2026-12-07', 'en')).toBe('Mon 7 Dec');
    expect(dotted('2026-01-09')).toBe('09.01');
  });

  it('writes an instant as HH:MM on the same day, with the date otherwise', () => {
    const now = new Date('2026-12-07T10:00:00+03:00');
    expect(clockText(new Date('2026-12-07T00:05:00+03:00'), now, 'ru', 'Europe/Moscow')).toBe('00:05');
    expect(clockText(new Date('2026-12-06T23:55:00+03:00'), now, 'ru', 'Europe/Moscow')).toBe('6 декабря, 23:55');
    // The same instant is "today" on a phone in Vladivostok (+10:00).
    expect(clockText(new Date('2026-12-06T23:55:00+03:00'), now, 'en', 'Asia/Vladivostok')).toBe('06:55');
  });

  it('picks the plural form', () => {
    const forms = { ru: ['задание', 'задания', 'заданий'], en: ['task', 'tasks'] } as const;
    expect([1, 2, 5, 11, 22].map((count) => countText(count, 'ru', forms))).toEqual([
      '1 задание',
      '2 задания',
      '5 заданий',
      '11 заданий',
      '22 задания',
    ]);
    expect([1, 3].map((count) => countText(count, 'en', forms))).toEqual(['1 task', '3 tasks']);
  });
});
