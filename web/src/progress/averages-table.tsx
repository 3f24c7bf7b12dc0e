/**
 * The averages of the current period, one row per subject: the gateway's weighted average, the diary's own
 * figure, and the period mark once set, with a short note on why the first two can differ.
 */
import type { DashboardAverageFragment, Trend } from '@diary-gateway/client';
import { countOf, formatAverage } from '../format.js';
import { useLanguage, useText, type Language } from '../i18n.js';
import { providerName } from '../providers.js';
import { anyFinalGrade, averageRows, periodTitles, type AverageRow } from './averages.js';
import { GRADE_WORDS } from './wording.js';

const TEXT = {
  ru: {
    caption: (periods: string[]) =>
      periods.length === 1 ? `Средние за ${periods[0]}` : 'Средние за текущий период каждого дневника',
    subject: 'Предмет',
    average: 'Средний',
    diary: 'В дневнике',
    final: 'Итог',
    noFinals: 'Оценок за период учителя пока не выставили; когда выставят, они появятся здесь в столбце «Итог».',
    none: 'нет',
    differs: 'расходится со средним по оценкам',
    trend: { UP: 'растёт', DOWN: 'снижается', STABLE: 'без изменений' },
    empty: 'Средних за текущий период пока нет.',
    note: '«Средний» — взвешенный по весам оценок, посчитан по оценкам, которые видит приложение; «в дневнике» — как его показывает сам дневник. Они могут расходиться (знак ≠), если школа считает иначе.',
    finals: '«Итог» — оценка за период, выставленная учителем.',
  },
  en: {
    caption: (periods: string[]) =>
      periods.length === 1 ? `Averages for ${periods[0]}` : "Averages for each diary's current period",
    subject: 'Subject',
    average: 'Average',
    diary: 'In the diary',
    final: 'Final',
    noFinals: 'The teachers have not set the period marks yet; once they do, they appear here in a “Final” column.',
    none: 'none',
    differs: 'differs from the average of the marks',
    trend: { UP: 'rising', DOWN: 'falling', STABLE: 'unchanged' },
    empty: 'No averages for the current period yet.',
    note: '“Average” is weighted by the marks’ weights and computed from the marks this app sees; “in the diary” is the figure the diary itself shows. They can differ (marked ≠) when the school counts differently.',
    finals: '“Final” is the period mark the teacher has set.',
  },
};

const TREND_ARROW: Readonly<Record<Trend, string>> = { UP: '↑', DOWN: '↓', STABLE: '→' };

/** The current period's averages of one child. */
export function AveragesTable(props: { averages: readonly DashboardAverageFragment[] }) {
  const text = useText(TEXT);
  if (props.averages.length === 0) return <p class="status">{text.empty}</p>;
  const finals = anyFinalGrade(props.averages);
  return (
    <>
      <table class="progress-table">
        <caption>{text.caption(periodTitles(props.averages))}</caption>
        <thead>
          <tr>
            <th scope="col">{text.subject}</th>
            <th scope="col">{text.average}</th>
            <th scope="col">{text.diary}</th>
            {finals ? <th scope="col">{text.final}</th> : null}
          </tr>
        </thead>
        <tbody>
          {averageRows(props.averages).map((row) => (
            <AverageRowView key={`${row.average.subject.id}|${row.average.period.id}`} row={row} finals={finals} />
          ))}
        </tbody>
      </table>
      <p class="progress__note">
        {text.note}
        {` ${finals ? text.finals : text.noFinals}`}
      </p>
    </>
  );
}

function AverageRowView(props: { row: AverageRow; finals: boolean }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { average: item, nameTheDiary, nameThePeriod, differs } = props.row;
  const details = [
    countOf(item.gradeCount, GRADE_WORDS[language], language),
    nameTheDiary ? providerName(item.subject.provider, language) : null,
    nameThePeriod ? item.period.title : null,
  ].filter((part) => part !== null);
  return (
    <tr>
      <th scope="row">
        {item.subject.name}
        <span class="progress-table__details">{details.join(' · ')}</span>
      </th>
      <td class="progress-table__number">
        <Figure value={item.average} language={language} none={text.none} />
      </td>
      {/* The figure and its marks stay together; the trend may go under them on a narrow phone. */}
      <td class="progress-table__number progress-table__diary">
        <span class="progress-table__figure">
          {differs ? (
            <span class="progress-table__differs" title={text.differs}>
              <span aria-hidden="true">≠ </span>
              <span class="visually-hidden">{text.differs}: </span>
            </span>
          ) : null}
          <Figure value={item.providerAverage} language={language} none={text.none} />
        </span>{' '}
        {/* Always there, empty without a trend, so the figures of a column stay aligned. */}
        <span class="progress-table__trend">
          {item.trend ? (
            <>
              <span aria-hidden="true">{TREND_ARROW[item.trend]}</span>
              <span class="visually-hidden">, {text.trend[item.trend]}</span>
            </>
          ) : null}
        </span>
      </td>
      {props.finals ? (
        <td class="progress-table__number">
          {item.finalGrade ? <strong>{item.finalGrade.raw}</strong> : <Missing none={text.none} />}
        </td>
      ) : null}
    </tr>
  );
}

function Figure(props: { value: number | null; language: Language; none: string }) {
  return props.value === null ? <Missing none={props.none} /> : <>{formatAverage(props.value, props.language)}</>;
}

/** A dash to the eye, a word to a screen reader (which may skip a lone dash). */
function Missing(props: { none: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">{props.none}</span>
    </>
  );
}
