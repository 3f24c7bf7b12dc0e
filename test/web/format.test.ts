import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clockText,
  codeText,
  countOf,
  DAY_MONTH,
  dotted,
  formatAverage,
  formatDay,
  formatDayRange,
  formatInstantDay,
  formatNumber,
  FULL_DATE,
  WEEKDAY_DAY_MONTH,
  wordFor,
  type WordForms,
} from '../../web/src/format.js';
import type { Bilingual } from '../../web/src/i18n.js';
import { GRADE_WORDS } from '../../web/src/progress/wording.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('calendar days', () => {
  it('writes a school day without shifting it', () => {
    expect(formatDay('2026-12-07', 'ru', DAY_MONTH)).toBe('7 дек.');
    expect(formatDay('2026-12-07', 'en', DAY_MONTH)).toBe('7 Dec');
    expect(formatDay('2026-12-07', 'ru', WEEKDAY_DAY_MONTH)).toBe('пн, 7 дек.');
    expect(formatDay('2026-12-07', 'en', WEEKDAY_DAY_MONTH)).toBe('Mon 7 Dec');
    expect(dotted('2026-01-09')).toBe('09.01');
  });

  it('writes a lesson day without a time zone moving it', () => {
    expect(formatDay('2026-11-09', 'ru', DAY_MONTH)).toBe('9 нояб.');
    expect(formatDay('2026-11-09', 'en', DAY_MONTH)).toBe('9 Nov');
    expect(formatDay('2027-01-01', 'en', DAY_MONTH)).toBe('1 Jan');
  });

  it('writes a calendar date in words in either language', () => {
    expect(formatDay('2026-12-08', 'ru', FULL_DATE)).toBe('8 декабря 2026 г.');
    expect(formatDay('2026-12-08', 'en', FULL_DATE)).toBe('8 December 2026');
  });

  it('does not move the day with the time zone', () => {
    vi.stubEnv('TZ', 'America/Los_Angeles');
    expect(formatDay('2026-01-01', 'en', FULL_DATE)).toBe('1 January 2026');
    vi.stubEnv('TZ', 'Pacific/Kiritimati');
    expect(formatDay('2026-12-31', 'ru', DAY_MONTH)).toBe('31 дек.');
  });

  it('shows anything unreadable as sent', () => {
    expect(formatDay('tomorrow', 'ru', FULL_DATE)).toBe('tomorrow');
    expect(formatDay('2026-12-8', 'en', DAY_MONTH)).toBe('2026-12-8');
  });

  it('writes one day once, and two days with a dash', () => {
    expect(formatDayRange('2026-12-08', '2026-12-08', 'en', FULL_DATE)).toBe('8 December 2026');
    expect(formatDayRange('2026-12-08', '2026-12-10', 'en', FULL_DATE)).toBe('8 December 2026 – 10 December 2026');
  });
});

describe('instants', () => {
  it('writes an instant as HH:MM on the same day, with the date otherwise', () => {
    const now = new Date('2026-12-07T10:00:00+03:00');
    expect(clockText(new Date('2026-12-07T00:05:00+03:00'), now, 'ru', 'Europe/Moscow')).toBe('00:05');
    expect(clockText(new Date('2026-12-06T23:55:00+03:00'), now, 'ru', 'Europe/Moscow')).toBe('6 декабря, 23:55');
    // The same instant is "today" on a phone in Vladivostok (+10:00).
    expect(clockText(new Date('2026-12-06T23:55:00+03:00'), now, 'en', 'Asia/Vladivostok')).toBe('06:55');
  });

  it('writes the phone’s day of an instant in words', () => {
    vi.stubEnv('TZ', 'Europe/Moscow');
    expect(formatInstantDay('2027-03-01T23:59:59+03:00', 'ru')).toBe('1 марта 2027 г.');
    // The same instant is already 2 March on a phone in Vladivostok.
    vi.stubEnv('TZ', 'Asia/Vladivostok');
    expect(formatInstantDay('2027-03-01T23:59:59+03:00', 'en')).toBe('2 March 2027');
  });

  it('shows an unreadable instant as sent', () => {
    expect(formatInstantDay('soon', 'ru')).toBe('soon');
  });
});

describe('numbers', () => {
  it('writes an average with two decimals and the language’s separator', () => {
    expect(formatAverage(4.5, 'ru')).toBe('4,50');
    expect(formatAverage(4.5, 'en')).toBe('4.50');
    expect(formatAverage(5, 'ru')).toBe('5,00');
  });

  it('writes a threshold with the decimals it needs', () => {
    expect(formatNumber(4.5, 'ru')).toBe('4,5');
    expect(formatNumber(4.6, 'en')).toBe('4.6');
    expect(formatNumber(2, 'ru')).toBe('2');
  });
});

describe('counted words', () => {
  it.each([
    [1, '1 оценка'],
    [2, '2 оценки'],
    [4, '4 оценки'],
    [5, '5 оценок'],
    [11, '11 оценок'],
    [12, '12 оценок'],
    [21, '21 оценка'],
    [22, '22 оценки'],
    [0, '0 оценок'],
  ])('%i in Russian', (count, expected) => {
    expect(countOf(count, GRADE_WORDS.ru, 'ru')).toBe(expected);
  });

  it('English has one and other', () => {
    expect(countOf(1, GRADE_WORDS.en, 'en')).toBe('1 mark');
    expect(countOf(2, GRADE_WORDS.en, 'en')).toBe('2 marks');
    expect(countOf(0, GRADE_WORDS.en, 'en')).toBe('0 marks');
  });

  it('falls back to `other` when a form is not given', () => {
    expect(wordFor(5, { one: 'x', other: 'y' }, 'ru')).toBe('y');
  });

  it('picks the plural form', () => {
    const forms: Bilingual<WordForms> = {
      ru: { one: 'задание', few: 'задания', many: 'заданий', other: 'задания' },
      en: { one: 'task', other: 'tasks' },
    };
    expect([1, 2, 5, 11, 22].map((count) => countOf(count, forms.ru, 'ru'))).toEqual([
      '1 задание',
      '2 задания',
      '5 заданий',
      '11 заданий',
      '22 задания',
    ]);
    expect([1, 3].map((count) => countOf(count, forms.en, 'en'))).toEqual(['1 task', '3 tasks']);
  });
});

describe('codeText', () => {
  const words = { UP: { ru: 'растёт', en: 'rising' } } as const;

  it('gives a code’s words in the language', () => {
    expect(codeText(words, 'UP', 'ru')).toBe('растёт');
    expect(codeText(words, 'UP', 'en')).toBe('rising');
  });

  it('shows a code it has no words for as sent, even one named like an object’s own property', () => {
    expect(codeText(words, 'SIDEWAYS', 'ru')).toBe('SIDEWAYS');
    expect(codeText(words, 'toString', 'en')).toBe('toString');
  });
});
