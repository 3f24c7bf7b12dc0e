import { describe, expect, it } from 'vitest';
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
