import { describe, expect, it } from 'vitest';
import type { ProgressPoint } from '../../web/src/progress/series.js';
import {
  chartSummary,
  dropSentence,
  liftSentence,
  mismatchSentence,
  standingSentence,
  tooFewSentence,
} from '../../web/src/progress/wording.js';

describe('liftSentence', () => {
  it('says a «5» is reached', () => {
    expect(liftSentence(5, 4.5, { kind: 'reached', average: 4.67 }, 1, 'ru')).toBe(
      'На «5» (средний от 4,5): уже выходит 5.',
    );
    expect(liftSentence(5, 4.5, { kind: 'reached', average: 4.67 }, 1, 'en')).toBe(
      'For a 5 (average 4.5 or more): it is a 5 already.',
    );
  });

  it.each([
    [1, 'ещё 1 пятёрка веса 2'],
    [3, 'ещё 3 пятёрки веса 2'],
    [5, 'ещё 5 пятёрок веса 2'],
    [21, 'ещё 21 пятёрка веса 2'],
  ])('counts %i «5» in Russian', (count, words) => {
    expect(liftSentence(4, 3.6, { kind: 'needs', count, average: 3.61 }, 2, 'ru')).toBe(
      `На «4» (средний от 3,6): ${words} — средний станет 3,61.`,
    );
  });

  it('counts in English', () => {
    expect(liftSentence(5, 4.5, { kind: 'needs', count: 1, average: 4.5 }, 1, 'en')).toBe(
      'For a 5 (average 4.5 or more): 1 more mark of 5 (weight 1) — the average becomes 4.50.',
    );
    expect(liftSentence(5, 4.5, { kind: 'needs', count: 3, average: 4.52 }, 1, 'en')).toContain('3 more marks of 5');
  });

  it('words the cap as a number to talk about, never as «не получится»', () => {
    const ru = liftSentence(5, 4.5, { kind: 'beyondCap', cap: 50 }, 1, 'ru');
    expect(ru).toBe('На «5» (средний от 4,5): нужно больше 50 пятёрок веса 1 — стоит поговорить с учителем.');
    expect(ru).not.toMatch(/не получится|невозможно/);
    expect(liftSentence(5, 4.5, { kind: 'beyondCap', cap: 50 }, 1, 'en')).toBe(
      'For a 5 (average 4.5 or more): it takes more than 50 marks of 5 (weight 1) — worth talking to the teacher.',
    );
  });
});

describe('dropSentence', () => {
  it('«одна двойка опустит до 4»', () => {
    expect(dropSentence(5, 2, { kind: 'drops', count: 1, average: 4, mark: 4 }, 1, 'ru')).toBe(
      '1 двойка веса 1 опустит средний до 4,00 — выйдет 4.',
    );
  });

  it.each([
    [2, '2 тройки веса 1 опустят'],
    [5, '5 троек веса 1 опустят'],
    [21, '21 тройка веса 1 опустит'],
  ])('agrees the verb with %i', (count, words) => {
    expect(dropSentence(5, 3, { kind: 'drops', count, average: 4.43, mark: 4 }, 1, 'ru')).toBe(
      `${words} средний до 4,43 — выйдет 4.`,
    );
  });

  it('speaks English', () => {
    expect(dropSentence(5, 2, { kind: 'drops', count: 2, average: 4.2, mark: 4 }, 3, 'en')).toBe(
      '2 marks of 2 (weight 3) would bring the average down to 4.20 — a 4.',
    );
  });

  it('says when such marks cannot pull it under', () => {
    expect(dropSentence(3, 3, { kind: 'never' }, 1, 'ru')).toBe('Оценки «3» не опустят ниже «3».');
    expect(dropSentence(3, 3, { kind: 'never' }, 1, 'en')).toBe('Marks of 3 cannot bring it below a 3.');
  });

  it('words the cap', () => {
    expect(dropSentence(5, 2, { kind: 'beyondCap', cap: 50 }, 1, 'ru')).toBe(
      'Даже 50 двоек веса 1 не опустят ниже «5».',
    );
  });

  it('has nothing to say without marks or below the threshold', () => {
    expect(dropSentence(5, 2, { kind: 'noMarks' }, 1, 'ru')).toBeNull();
    expect(dropSentence(5, 2, { kind: 'alreadyBelow', average: 4 }, 1, 'ru')).toBeNull();
  });
});

describe('standingSentence', () => {
  it('gives the average, the count and the mark', () => {
    expect(standingSentence('2 четверть', 4.29, 12, 4, 'ru')).toBe(
      'Средний за 2 четверть: 4,29 (12 оценок) — сейчас выходит 4.',
    );
    expect(standingSentence('2 четверть', 4.29, 1, 4, 'en')).toBe(
      'Average for 2 четверть: 4.29 (1 mark) — that rounds to a 4.',
    );
  });

  it('says when the period has no marks yet', () => {
    expect(standingSentence('2 четверть', null, 0, null, 'ru')).toBe(
      'За 2 четверть оценок по этому предмету пока нет: первая же «5» даст средний 5.',
    );
  });
});

describe('chart text', () => {
  const point = (average: number): ProgressPoint => ({
    gradeId: String(average),
    date: '2026-11-10',
    value: 5,
    raw: '5',
    weight: 1,
    average,
  });

  it('summarises the points for a screen reader', () => {
    expect(chartSummary('Алгебра', '2 четверть', [point(5), point(3.5), point(4.29)], 'ru')).toBe(
      '«Алгебра», 2 четверть, оценок: 3. Средний менялся от 3,50 до 5,00, сейчас 4,29.',
    );
    expect(chartSummary('Algebra', 'the school year', [point(4), point(4.5)], 'en')).toBe(
      'Algebra, the school year, marks: 2. The average ranged from 4.00 to 4.50; now 4.50.',
    );
  });

  it('says why there is no chart', () => {
    expect(tooFewSentence(0, '2 четверть', 'ru')).toBe('Для графика нужно хотя бы 2 оценки, а за 2 четверть их нет.');
    expect(tooFewSentence(1, 'учебный год', 'ru')).toBe(
      'Для графика нужно хотя бы 2 оценки, а за учебный год есть только одна.',
    );
    expect(tooFewSentence(1, 'the school year', 'en')).toBe(
      'The chart needs at least 2 marks; the school year has only one.',
    );
  });
});

describe('mismatchSentence', () => {
  it('says why the table’s figure is another, with the count after «по»', () => {
    expect(mismatchSentence(3.57, 5, 'ru')).toBe(
      'В таблице средний 3,57: в нём есть оценки, которых на этой странице ещё нет. Расчёт здесь — по 5 оценкам, которые видны.',
    );
    expect(mismatchSentence(3.57, 1, 'ru')).toContain('по 1 оценке,');
    expect(mismatchSentence(3.57, 21, 'ru')).toContain('по 21 оценке,');
    expect(mismatchSentence(3.57, 2, 'en')).toBe(
      'The table says 3.57: it includes marks this page does not have yet. This calculation uses the 2 marks shown here.',
    );
  });
});
