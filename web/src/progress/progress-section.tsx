/**
 * A child's progress: the current period's averages per subject, then, for one subject the parent picks,
 * the chart of its running average and the «Что нужно для 5 / 4» calculator.
 */
import { useId, useMemo, useState } from 'preact/hooks';
import type { DashboardRange } from '../dates.js';
import type { DashboardStudent } from '../data/types.js';
import { useLanguage, useText } from '../i18n.js';
import { providerName } from '../providers.js';
import { AveragesTable } from './averages-table.js';
import type { RoundingBoundary } from './calculator.js';
import { CalculatorView } from './calculator-view.js';
import { ProgressChart } from './progress-chart.js';
import { countedGrades, marksOf, periodOfSubject, periodWindow, subjectsOf, yearWindow } from './series.js';
import './progress.css';

const TEXT = {
  ru: { title: 'Успеваемость', subject: 'Предмет для графика и расчёта', year: 'учебный год' },
  en: { title: 'Progress', subject: 'Subject for the chart and the calculator', year: 'the school year' },
};

/** The progress section of a child's card. */
export function ProgressSection(props: { student: DashboardStudent; range: DashboardRange }) {
  const text = useText(TEXT);
  const id = useId();
  const { student, range } = props;
  const subjects = useMemo(() => subjectsOf(student.averages, student.grades), [student.averages, student.grades]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  // The rounding rule is the school's: the calculator sets it, the chart draws its thresholds.
  const [boundary, setBoundary] = useState<RoundingBoundary>(0.5);
  // After a reload the chosen subject may be gone: fall back to the first.
  const chosen = subjects.find((item) => item.subject.id === chosenId) ?? subjects[0];
  return (
    // Not a named region: every child has one, and six landmarks called «Успеваемость» would only clutter a
    // screen reader's list; the child's card is the region, this heading the way in.
    <section class="progress">
      <h3>{text.title}</h3>
      <AveragesTable averages={student.averages} />
      {chosen ? (
        <>
          <label for={`${id}-subject`}>{text.subject}</label>
          <select
            id={`${id}-subject`}
            class="progress__subject"
            value={chosen.subject.id}
            onChange={(event) => setChosenId(event.currentTarget.value)}
          >
            {subjects.map((item) => (
              <SubjectOption key={item.subject.id} {...item} />
            ))}
          </select>
          <div class="progress__subject-views">
            <ProgressChart student={student} range={range} subject={chosen.subject} boundary={boundary} />
            <SubjectCalculator
              student={student}
              range={range}
              subjectId={chosen.subject.id}
              boundary={boundary}
              onBoundary={setBoundary}
            />
          </div>
        </>
      ) : null}
    </section>
  );
}

function SubjectOption(props: ReturnType<typeof subjectsOf>[number]) {
  const language = useLanguage();
  const { subject, sameNameAsAnother } = props;
  return (
    <option value={subject.id}>
      {sameNameAsAnother ? `${subject.name} (${providerName(subject.provider, language)})` : subject.name}
    </option>
  );
}

/** The calculator fed with the subject's counted marks of its current period. */
function SubjectCalculator(props: {
  student: DashboardStudent;
  range: DashboardRange;
  subjectId: string;
  boundary: RoundingBoundary;
  onBoundary: (boundary: RoundingBoundary) => void;
}) {
  const text = useText(TEXT);
  const { student, range, subjectId } = props;
  const period = periodOfSubject(student, subjectId, range.today);
  const marks = useMemo(
    () => marksOf(countedGrades(student.grades, subjectId, period ? periodWindow(period, range) : yearWindow(range))),
    [student.grades, subjectId, period, range],
  );
  return (
    <CalculatorView
      marks={marks}
      periodTitle={period?.title ?? text.year}
      tableAverage={student.averages.find((item) => item.subject.id === subjectId)?.average ?? null}
      boundary={props.boundary}
      onBoundary={props.onBoundary}
    />
  );
}
