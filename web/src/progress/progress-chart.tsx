/**
 * The progress chart of one subject: the running weighted average after each mark, and the marks as dots,
 * over the subject's current period or the school year so far. It opens on request (uPlot is loaded only
 * then) and always comes with its data as a table, so a screen reader, or a failed load, still has it.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { SubjectNameFragment } from '@diary-gateway/client';
import type { DashboardRange } from '../dates.js';
import type { DashboardStudent } from '../data/types.js';
import { DAY_MONTH, formatAverage, formatDay, formatNumber } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { thresholdOf, type RoundingBoundary } from './calculator.js';
import {
  chartTimes,
  periodOfSubject,
  periodWindow,
  runningAverages,
  yearWindow,
  type ProgressPoint,
} from './series.js';
import type { ChartInput } from './uplot-chart.js';
import { chartSummary, tooFewSentence } from './wording.js';

const TEXT = {
  ru: {
    title: 'График среднего',
    show: 'Показать график',
    hide: 'Скрыть график',
    scope: 'Показать за',
    year: 'учебный год',
    yearButton: 'Весь год',
    loading: 'Загружаем график…',
    failed: 'Не удалось загрузить график. Все точки — в таблице «Данные графика».',
    legendAverage: 'средний после оценки',
    legendMark: 'оценка',
    legendThreshold: (mark: number, from: string) => `порог «${mark}»: ${from}`,
    data: 'Данные графика',
    date: 'Дата',
    mark: 'Оценка',
    weight: 'Вес',
    average: 'Средний после',
  },
  en: {
    title: 'Average over time',
    show: 'Show the chart',
    hide: 'Hide the chart',
    scope: 'Show',
    year: 'the school year',
    yearButton: 'Whole year',
    loading: 'Loading the chart…',
    failed: 'Could not load the chart. Every point is in the “Chart data” table.',
    legendAverage: 'average after the mark',
    legendMark: 'mark',
    legendThreshold: (mark: number, from: string) => `a ${mark} from ${from}`,
    data: 'Chart data',
    date: 'Date',
    mark: 'Mark',
    weight: 'Weight',
    average: 'Average after',
  },
};

type Scope = 'period' | 'year';

/** The chart of `subject`, behind a «Показать график» button. */
export function ProgressChart(props: {
  student: DashboardStudent;
  range: DashboardRange;
  subject: SubjectNameFragment;
  boundary: RoundingBoundary;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<Scope>('period');
  const { student, range, subject } = props;
  const period = periodOfSubject(student, subject.id, range.today);
  const byPeriod = scope === 'period' && period !== null;
  const title = byPeriod ? period.title : text.year;
  const points = useMemo(
    () => runningAverages(student.grades, subject.id, byPeriod ? periodWindow(period, range) : yearWindow(range)),
    [student.grades, subject.id, byPeriod, period, range],
  );
  return (
    <div class="progress-chart">
      <h4>{text.title}</h4>
      <button
        type="button"
        class="button"
        aria-expanded={open}
        aria-controls={`${id}-chart`}
        onClick={() => setOpen(!open)}
      >
        {open ? text.hide : text.show}
      </button>
      <div id={`${id}-chart`} hidden={!open}>
        {open ? (
          <>
            <div class="progress-chart__scope" role="group" aria-label={text.scope}>
              {period ? (
                <ScopeButton pressed={byPeriod} label={period.title} onPress={() => setScope('period')} />
              ) : null}
              <ScopeButton pressed={!byPeriod} label={text.yearButton} onPress={() => setScope('year')} />
            </div>
            {points.length < 2 ? (
              <p class="status">{tooFewSentence(points.length, title, language)}</p>
            ) : (
              <Chart
                points={points}
                summary={chartSummary(subject.name, title, points, language)}
                boundary={props.boundary}
              />
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}

function ScopeButton(props: { pressed: boolean; label: string; onPress: () => void }) {
  return (
    <button
      type="button"
      class="button progress-chart__scope-button"
      aria-pressed={props.pressed}
      onClick={props.onPress}
    >
      {props.label}
    </button>
  );
}

/** The drawn chart, its legend and its data table. */
function Chart(props: { points: readonly ProgressPoint[]; summary: string; boundary: RoundingBoundary }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');
  const five = thresholdOf(5, props.boundary);
  const four = thresholdOf(4, props.boundary);

  useEffect(() => {
    let removed = false;
    let remove: (() => void) | null = null;
    const input: ChartInput = {
      times: chartTimes(props.points),
      averages: props.points.map((point) => point.average),
      values: props.points.map((point) => point.value),
      thresholds: { five, four },
      language,
    };
    import('./uplot-chart.js').then(
      ({ drawChart }) => {
        if (removed || !host.current) return;
        remove = drawChart(host.current, input);
        setState('drawn');
      },
      () => {
        if (!removed) setState('failed');
      },
    );
    return () => {
      removed = true;
      remove?.();
    };
  }, [props.points, five, four, language]);

  return (
    <>
      {state === 'loading' ? <p class="status">{text.loading}</p> : null}
      {state === 'failed' ? <p class="notice notice--warn">{text.failed}</p> : null}
      {/* The canvas says nothing to a screen reader: the box is an image named by the summary. */}
      <div ref={host} class="progress-chart__plot" role="img" aria-label={props.summary} />
      <p class="progress-chart__summary" aria-hidden="true">
        {props.summary}
      </p>
      <ul class="progress-chart__legend" aria-hidden="true">
        <li>
          <span class="progress-chart__key progress-chart__key--average" />
          {text.legendAverage}
        </li>
        <li>
          <span class="progress-chart__key progress-chart__key--mark" />
          {text.legendMark}
        </li>
        <li>
          <span class="progress-chart__key progress-chart__key--five" />
          {text.legendThreshold(5, formatNumber(five, language))}
        </li>
        <li>
          <span class="progress-chart__key progress-chart__key--four" />
          {text.legendThreshold(4, formatNumber(four, language))}
        </li>
      </ul>
      <ChartData points={props.points} open={state === 'failed'} />
    </>
  );
}

/** The chart's points as a table: the text alternative, and the fallback when the chart cannot load. */
function ChartData(props: { points: readonly ProgressPoint[]; open: boolean }) {
  const text = useText(TEXT);
  const language = useLanguage();
  return (
    <details class="progress-chart__data" open={props.open}>
      <summary>{text.data}</summary>
      <table class="progress-table">
        <thead>
          <tr>
            <th scope="col">{text.date}</th>
            <th scope="col">{text.mark}</th>
            <th scope="col">{text.weight}</th>
            <th scope="col">{text.average}</th>
          </tr>
        </thead>
        <tbody>
          {props.points.map((point) => (
            <tr key={point.gradeId}>
              <td>{formatDay(point.date, language, DAY_MONTH)}</td>
              <td class="progress-table__number">{point.raw}</td>
              <td class="progress-table__number">{formatNumber(point.weight, language)}</td>
              <td class="progress-table__number">{formatAverage(point.average, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
