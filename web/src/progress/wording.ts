/**
 * The sentences of the calculator and the chart, in both languages. They are built from the calculator's
 * answers here, not in the components, so each wording (a count's word form, a verb's number, the cap)
 * is unit-tested.
 */
import { countOf, formatAverage, formatNumber, wordFor, type WordForms } from '../format.js';
import type { Language } from '../i18n.js';
import type { Drop, Lift, PeriodMark } from './calculator.js';
import type { ProgressPoint } from './series.js';

/** A mark's value as a counted Russian word: пятёрка, двойка, тройка (English says «marks of 5»). */
const MARK_WORDS: Readonly<Record<2 | 3 | 5, WordForms>> = {
  2: { one: 'двойка', few: 'двойки', many: 'двоек', other: 'двойки' },
  3: { one: 'тройка', few: 'тройки', many: 'троек', other: 'тройки' },
  5: { one: 'пятёрка', few: 'пятёрки', many: 'пятёрок', other: 'пятёрки' },
};

/** A Russian verb after a count: 1 (21, 31…) двойка «опустит», 2 or 5 двоек «опустят». */
const WILL_LOWER: WordForms = { one: 'опустит', other: 'опустят' };

/** «Оценка» as a counted word. */
export const GRADE_WORDS: Readonly<Record<Language, WordForms>> = {
  ru: { one: 'оценка', few: 'оценки', many: 'оценок', other: 'оценки' },
  en: { one: 'mark', other: 'marks' },
};

/** «Оценка» after «по»: по 1 оценке, по 5 оценкам. */
const GRADE_WORDS_GENITIVE: WordForms = { one: 'оценке', few: 'оценкам', many: 'оценкам', other: 'оценкам' };

/** `count` marks of `value` in English: «1 mark of 2», «3 marks of 5». */
const marksOfValue = (count: number, value: number): string => `${countOf(count, GRADE_WORDS.en, 'en')} of ${value}`;

/** The start of a target's line: «На «5» (средний от 4,5)». */
function targetOf(target: 4 | 5, threshold: number, language: Language): string {
  const from = formatNumber(threshold, language);
  return language === 'ru' ? `На «${target}» (средний от ${from})` : `For a ${target} (average ${from} or more)`;
}

/** What it takes to reach `target` with «5»s of `weight`: the calculator's answer as a sentence. */
export function liftSentence(target: 4 | 5, threshold: number, lift: Lift, weight: number, language: Language): string {
  const start = targetOf(target, threshold, language);
  const ru = language === 'ru';
  switch (lift.kind) {
    case 'reached':
      return ru ? `${start}: уже выходит ${target}.` : `${start}: it is a ${target} already.`;
    case 'needs': {
      const average = formatAverage(lift.average, language);
      return ru
        ? `${start}: ещё ${countOf(lift.count, MARK_WORDS[5], 'ru')} веса ${weight} — средний станет ${average}.`
        : `${start}: ${lift.count} more ${wordFor(lift.count, GRADE_WORDS.en, 'en')} of 5 (weight ${weight}) — the average becomes ${average}.`;
    }
    case 'beyondCap':
      // Never "impossible": more fives always help; past the cap the number stops being useful advice.
      return ru
        ? `${start}: нужно больше ${countOf(lift.cap, MARK_WORDS[5], 'ru')} веса ${weight} — стоит поговорить с учителем.`
        : `${start}: it takes more than ${marksOfValue(lift.cap, 5)} (weight ${weight}) — worth talking to the teacher.`;
  }
}

/**
 * What marks of `value` and `weight` would do to the period mark `current`: «1 двойка веса 1 опустит средний
 * до 4,17 — выйдет 4». `null` when there is nothing to say (no marks, or the mark is below already).
 */
export function dropSentence(
  current: PeriodMark,
  value: 2 | 3,
  drop: Drop,
  weight: number,
  language: Language,
): string | null {
  const words = MARK_WORDS[value];
  const ru = language === 'ru';
  switch (drop.kind) {
    case 'noMarks':
    case 'alreadyBelow':
      return null;
    case 'never':
      return ru
        ? `Оценки «${value}» не опустят ниже «${current}».`
        : `Marks of ${value} cannot bring it below a ${current}.`;
    case 'drops': {
      const average = formatAverage(drop.average, language);
      return ru
        ? `${countOf(drop.count, words, 'ru')} веса ${weight} ${wordFor(drop.count, WILL_LOWER, 'ru')} средний до ${average} — выйдет ${drop.mark}.`
        : `${marksOfValue(drop.count, value)} (weight ${weight}) would bring the average down to ${average} — a ${drop.mark}.`;
    }
    case 'beyondCap':
      return ru
        ? `Даже ${countOf(drop.cap, words, 'ru')} веса ${weight} не опустят ниже «${current}».`
        : `Even ${marksOfValue(drop.cap, value)} (weight ${weight}) would not bring it below a ${current}.`;
  }
}

/**
 * Where the subject stands: «Средний за 2 четверть: 4,29 (12 оценок) — сейчас выходит 4.», or that the
 * period has no marks yet.
 */
export function standingSentence(
  periodTitle: string,
  average: number | null,
  count: number,
  mark: PeriodMark | null,
  language: Language,
): string {
  const ru = language === 'ru';
  if (average === null || mark === null)
    return ru
      ? `За ${periodTitle} оценок по этому предмету пока нет: первая же «5» даст средний 5.`
      : `No marks in this subject for ${periodTitle} yet: the first 5 makes the average 5.`;
  const shown = formatAverage(average, language);
  const marks = countOf(count, GRADE_WORDS[language], language);
  return ru
    ? `Средний за ${periodTitle}: ${shown} (${marks}) — сейчас выходит ${mark}.`
    : `Average for ${periodTitle}: ${shown} (${marks}) — that rounds to a ${mark}.`;
}

/**
 * The chart's text alternative in one sentence (its accessible name): the subject, the stretch, how many
 * marks, the average's range and where it is now.
 */
export function chartSummary(
  subjectName: string,
  windowTitle: string,
  points: readonly ProgressPoint[],
  language: Language,
): string {
  const averages = points.map((point) => point.average);
  const low = formatAverage(Math.min(...averages), language);
  const high = formatAverage(Math.max(...averages), language);
  const now = formatAverage(averages.at(-1) ?? 0, language);
  return language === 'ru'
    ? `«${subjectName}», ${windowTitle}, оценок: ${points.length}. Средний менялся от ${low} до ${high}, сейчас ${now}.`
    : `${subjectName}, ${windowTitle}, marks: ${points.length}. The average ranged from ${low} to ${high}; now ${now}.`;
}

/** Why there is no chart: fewer than two counted marks in the stretch. */
export function tooFewSentence(count: number, windowTitle: string, language: Language): string {
  if (language === 'ru')
    return `Для графика нужно хотя бы 2 оценки, а за ${windowTitle} ${count === 0 ? 'их нет' : 'есть только одна'}.`;
  return `The chart needs at least 2 marks; ${windowTitle} has ${count === 0 ? 'none' : 'only one'}.`;
}

/**
 * Why the calculator's average is not the table's: the gateway counted marks this page does not hold (the
 * page asks for marks up to the phone's today, and a school further east is already in tomorrow). Said plainly, so a parent does not take one of the two figures for a mistake.
 */
export function mismatchSentence(tableAverage: number, count: number, language: Language): string {
  const shown = formatAverage(tableAverage, language);
  return language === 'ru'
    ? `В таблице средний ${shown}: в нём есть оценки, которых на этой странице ещё нет. Расчёт здесь — по ${countOf(count, GRADE_WORDS_GENITIVE, 'ru')}, которые видны.`
    : `The table says ${shown}: it includes marks this page does not have yet. This calculation uses the ${countOf(count, GRADE_WORDS.en, 'en')} shown here.`;
}
