/**
 * «Что нужно для 5 / 4» for one subject: from the period's marks so far, how many more «5» reach a «5» and
 * a «4», and how many «2» or «3» would pull the mark down, for the weight of the next marks the parent picks
 * and the school's rounding rule.
 */
import { useId, useState } from 'preact/hooks';
import { formatNumber } from '../format.js';
import { useLanguage, useText, type Language } from '../i18n.js';
import {
  averageOf,
  fivesToReach,
  markOf,
  marksToDrop,
  thresholdOf,
  type Mark,
  type PeriodMark,
  type RoundingBoundary,
} from './calculator.js';
import { dropSentence, liftSentence, mismatchSentence, standingSentence } from './wording.js';

const TEXT = {
  ru: {
    title: 'Что нужно для 5 и 4',
    weight: 'Вес следующих оценок',
    boundary: 'Школа ставит «5» от среднего',
    boundaryOption: (five: string, four: string) => `${five} (и «4» от ${four})`,
    risks: (mark: PeriodMark) => `Что может опустить «${mark}»:`,
    note: 'Это расчёт по оценкам, которые видит приложение; оценку за период ставит учитель.',
  },
  en: {
    title: 'What it takes to get a 5 or a 4',
    weight: 'Weight of the next marks',
    boundary: 'The school gives a 5 from an average of',
    boundaryOption: (five: string, four: string) => `${five} (and a 4 from ${four})`,
    risks: (mark: PeriodMark) => `What could pull the ${mark} down:`,
    note: 'This is worked out from the marks this app sees; the period mark is the teacher’s to set.',
  },
};

const WEIGHTS = [1, 2, 3] as const;
const BOUNDARIES: readonly RoundingBoundary[] = [0.5, 0.6];

/** The calculator for one subject's marks of the period (`periodTitle` names it). */
export function CalculatorView(props: {
  marks: readonly Mark[];
  periodTitle: string;
  /** The table's average of this subject (the gateway's), to say so when the page's marks give another. */
  tableAverage: number | null;
  boundary: RoundingBoundary;
  onBoundary: (boundary: RoundingBoundary) => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const [weight, setWeight] = useState<number>(1);
  const { marks, boundary } = props;
  const average = averageOf(marks);
  const mark = average === null ? null : markOf(average, boundary);
  return (
    <div class="progress-calc">
      <h4>{text.title}</h4>
      <p>{standingSentence(props.periodTitle, average, marks.length, mark, language)}</p>
      {props.tableAverage !== null && props.tableAverage !== average ? (
        <p class="progress__note">{mismatchSentence(props.tableAverage, marks.length, language)}</p>
      ) : null}
      <div class="progress-calc__controls">
        <div>
          <label for={`${id}-weight`}>{text.weight}</label>
          <select
            id={`${id}-weight`}
            value={String(weight)}
            onChange={(event) => setWeight(Number(event.currentTarget.value))}
          >
            {WEIGHTS.map((value) => (
              <option key={value} value={String(value)}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for={`${id}-boundary`}>{text.boundary}</label>
          <select
            id={`${id}-boundary`}
            value={String(boundary)}
            onChange={(event) => props.onBoundary(Number(event.currentTarget.value) === 0.6 ? 0.6 : 0.5)}
          >
            {BOUNDARIES.map((value) => (
              <option key={value} value={String(value)}>
                {text.boundaryOption(
                  formatNumber(thresholdOf(5, value), language),
                  formatNumber(thresholdOf(4, value), language),
                )}
              </option>
            ))}
          </select>
        </div>
      </div>
      {/* Polite: a changed weight or rule re-reads the answers without moving the reader. */}
      <div aria-live="polite">
        <ul class="progress-calc__answers">
          {liftLines(marks, mark, weight, boundary, language).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {mark === null || mark === 2 ? null : <Risks marks={marks} mark={mark} weight={weight} boundary={boundary} />}
      </div>
      <p class="progress__note">{text.note}</p>
    </div>
  );
}

/** The lines for «5» and, unless a «5» is reached already, for «4». */
function liftLines(
  marks: readonly Mark[],
  mark: PeriodMark | null,
  weight: number,
  boundary: RoundingBoundary,
  language: Language,
): string[] {
  const targets: (4 | 5)[] = mark === 5 ? [5] : [5, 4];
  return targets.map((target) => {
    const threshold = thresholdOf(target, boundary);
    return liftSentence(target, threshold, fivesToReach(marks, threshold, weight), weight, language);
  });
}

/** How many «2» and «3» would take the current mark (a «3» or better) below itself. */
function Risks(props: { marks: readonly Mark[]; mark: 3 | 4 | 5; weight: number; boundary: RoundingBoundary }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { marks, mark, weight, boundary } = props;
  const threshold = thresholdOf(mark, boundary);
  const lines = ([2, 3] as const)
    .map((value) => dropSentence(mark, value, marksToDrop(marks, threshold, value, weight, boundary), weight, language))
    .filter((line) => line !== null);
  if (lines.length === 0) return null;
  return (
    <>
      <p class="progress-calc__risks">{text.risks(mark)}</p>
      <ul class="progress-calc__answers">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </>
  );
}
